"""Wiring: the database, the parser and the engine from the settings, and the HTTP application.

Nothing else builds these: `dialogs.Engine` is handed what it needs, and each
channel adds its routes to the one aiohttp application.
"""

from __future__ import annotations

import gc
import logging
import time

from aiohttp import web
from sqlalchemy import Engine as Database
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from dialogs import metrics as dialog_metrics
from dialogs.answers import Mrp
from dialogs.engine import Engine
from dialogs.runner import Runner
from dialogs.sessions import could_not_connect
from knowledge.db import database_url, make_engine
from qyzmet import health
from qyzmet.database import Knowledge, upgrade
from qyzmet.settings import Settings
from web import cors, observe
from web import routes as web_routes

log = logging.getLogger("qyzmet.app")
SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", Engine)
API_PATHS = ("/webhooks/", "/health")
RETRY_AFTER = 5             # seconds a client is asked to wait when the database cannot be reached


def open_database(settings: Settings) -> Database:
    """The database with a knowledge base in it (built now if there is none) and every table at its newest revision."""
    db = make_engine(database_url(settings.database_url))
    if not inspect(db).has_table("standards"):
        log.warning("no knowledge base in the database yet: building it (`qyzmet db upgrade`)")
    # one worker at a time on PostgreSQL; a worker never rebuilds a knowledge base that is there
    # (the migration job does, `qyzmet db upgrade`), so replicas starting together do not
    upgrade(db, Knowledge.IF_MISSING)
    return db


def make_parser(settings: Settings):
    from nlu.backend import get_parser
    return get_parser(settings.nlu_backend, rasa_url=settings.rasa_url, rasa_timeout=settings.rasa_timeout,
                      model=settings.nlu_model, database=settings.database_url)


def make_engine_from(settings: Settings) -> Engine:
    db = open_database(settings)
    dialog_metrics.watch(db)            # qyzmet_database_errors (make_web_app watches it too: idempotent)
    engine = Engine(db, make_parser(settings), Mrp(settings.mrp, settings.mrp_year), time.time)
    warm_up(engine)
    return engine


def warm_up(engine: Engine) -> None:
    """Load what loads on first use (the NLU model; phonenumbers' metadata, which masking reads), so that
    the first citizen does not wait for it (400 ms with the built-in classifier, 170 ms for the masking)."""
    from dialogs.privacy import mask
    mask("+7 701 000 00 00")
    try:
        engine.parser.parse("сәлем")
    except Exception:           # noqa: BLE001 — a Rasa server not up yet: its first request pays instead
        log.warning("the NLU could not be warmed up; the first message will load it")
    # The model, the knowledge base and phonenumbers' metadata live as long as the process: kept out of the
    # collector's full passes, which otherwise walk them all and stall one turn in a few thousand by
    # ~170 ms (bench/dialog_turns.py: max 176 ms without, 11 ms with).
    gc.collect()
    gc.freeze()


@web.middleware
async def json_errors(request: web.Request, handler):
    """An API client gets JSON for every error, never an HTML or plain-text page."""
    if not request.path.startswith(API_PATHS):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return web.json_response({"error": exc.reason}, status=exc.status, headers={
            k: v for k, v in exc.headers.items() if k.lower() == "allow"})
    except (OperationalError, PoolTimeout) as error:
        if not unreachable(error):
            log.exception("unexpected error on %s", request.path)
            return _internal_error()
        # a restart or failover longer than a turn waits for (dialogs.sessions.PATIENCE), or every
        # connection busy: a moment's outage, said as one, with when to try again
        log.warning("the database cannot be reached on %s: %s", request.path,
                    type(getattr(error, "orig", None) or error).__name__)
        # not "not handled": a connection lost during the COMMIT leaves that unknown; a repeat of the same
        # delivery (its message_id) is answered as it was, never handled twice
        return web.json_response({"error": "the assistant's database cannot be reached for a moment; please send "
                                           "the message again in a few seconds"},
                                 status=503, headers={"Retry-After": str(RETRY_AFTER)})
    except Exception:
        log.exception("unexpected error on %s", request.path)
        return _internal_error()


def _internal_error() -> web.Response:
    return web.json_response({"error": "internal error; the message was not handled, please send it again"},
                             status=500)


def unreachable(error: OperationalError | PoolTimeout) -> bool:
    """The database could not be reached (refused, restarting, the connection lost) or had no connection free."""
    return isinstance(error, PoolTimeout) or error.connection_invalidated or could_not_connect(error)


def call_cards(app: web.Application, settings: Settings):
    """Where the voice line posts a waiting caller's card, and deletes it on forget-me: the operators' Telegram
    group, when there is one."""
    telegram = settings.telegram
    if telegram is None or telegram.operators_chat_id is None:
        return {}
    from bot.calls import CallCards
    cards = CallCards(telegram)

    async def _close(_app: web.Application) -> None:
        await cards.close()
    app.on_cleanup.append(_close)
    return {"notify": cards.post, "withdraw": cards.withdraw}


def make_web_app(engine: Engine, settings: Settings, runner: Runner | None = None) -> web.Application:
    # observe outermost: the request id is set for everything below, and the latency is all of it
    app = web.Application(client_max_size=web_routes.rest.MAX_BODY,
                          middlewares=[observe.observe, cors.middleware(settings.cors_origins, ("/webhooks/",)),
                                       json_errors])
    app[SETTINGS], app[ENGINE] = settings, engine
    runner = runner or Runner(engine)
    dialog_metrics.watch(engine.db)
    observe.add_routes(app)                                    # GET /metrics
    app.router.add_get("/health", health.handler(ENGINE))
    if settings.nlu_backend == "rasa":
        app.setdefault(health.PROBES, {})["rasa"] = health.rasa(settings.rasa_url)
    web_routes.add_routes(app, runner, settings.privacy_key)
    if settings.telegram is not None and settings.telegram.webhook:
        from bot.app import add_webhook
        from bot.storage import FallbackStorage
        dp = add_webhook(app, settings.telegram, runner)       # Telegram posts to /webhooks/telegram
        if isinstance(dp.storage, FallbackStorage):                # Redis configured
            app.setdefault(health.PROBES, {})["redis"] = dp.storage.answers
    if settings.voice is not None:
        from ivr.app import add_voice
        add_voice(app, settings.voice, runner, **call_cards(app, settings))   # Twilio posts to /ivr/…

    async def _close(_app: web.Application) -> None:
        runner.close()
    app.on_cleanup.append(_close)
    app.on_startup.append(_settle)          # last: after the channels' own start-up
    return app


async def _settle(_app: web.Application) -> None:
    """What was made to serve (the channels' routers and clients, their models and compiled validators) lives
    as long as the process, like what `warm_up` froze: out of the collector's full passes too. Left in them,
    those ~180,000 objects made a full pass stall the worker for 130-240 ms (every request it held waited);
    frozen, a full pass during bench/stack_load.py --paced took 9-12 ms."""
    gc.collect()
    gc.freeze()
