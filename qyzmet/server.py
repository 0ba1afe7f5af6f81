"""`qyzmet serve`: the HTTP face of the assistant (aiohttp).

GET  /health                  -> {"status": "ok", …}
POST /webhooks/rest/webhook   -> Rasa's REST channel: {"sender", "message"} in, a list of
                                 {"recipient_id", "text", "buttons": [{"title", "payload"}]} out,
                                 so Rasa web-chat widgets and scripted clients can talk to us; a
                                 button's payload sent back as "message" selects it. An optional
                                 "message_id" (top level or in "metadata") makes a retry safe: the
                                 same id gets the same answer and is not handled twice.

The engine is synchronous (SQLAlchemy sessions); each turn runs in a worker thread,
and turns of one sender run one at a time, in order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref

from aiohttp import web

from dialogs.engine import Engine
from dialogs.messages import Event, Handoff, OfficeCard, Reply
from dialogs.privacy import mask

log = logging.getLogger("qyzmet.server")
MAX_BODY = 64 * 1024
MAX_SENDER = 195            # "rest:" + sender is the conversation id, 200 characters at most
ENGINE = web.AppKey("engine", Engine)
LOCKS = web.AppKey("locks", weakref.WeakValueDictionary)
MAX_MESSAGE_ID = 200


def rest_messages(sender: str, out: list) -> list[dict]:
    """The engine's messages as Rasa's REST channel writes them."""
    messages = []
    for m in out:
        if isinstance(m, Reply):
            item = {"recipient_id": sender, "text": m.text}
            if m.buttons:
                item["buttons"] = [{"title": b.title, "payload": b.payload} for b in m.buttons]
            messages.append(item)
        elif isinstance(m, OfficeCard):
            messages.append({"recipient_id": sender, "custom": {"office": {
                "name": m.name, "address": m.address, "phones": list(m.phones), "hours": m.hours,
                "lat": m.lat, "lon": m.lon, "distance_km": m.distance_km}}})
        elif isinstance(m, Handoff):
            messages.append({"recipient_id": sender, "custom": {"handoff": {"reason": m.reason}}})
        # a Relay is for the operator's console, not for the citizen
    return messages


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def health(request: web.Request) -> web.Response:
    engine = request.app[ENGINE]
    return web.json_response({"status": "ok", "standards": len(engine.standards),
                              "database": engine.db.dialect.name})


async def rest_webhook(request: web.Request) -> web.Response:
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _error(413, f"the body is larger than {MAX_BODY} bytes")
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _error(400, "the body is not UTF-8 text")
    except json.JSONDecodeError:
        return _error(400, 'expected JSON: {"sender": "…", "message": "…"}')
    if not isinstance(body, dict):
        return _error(400, 'expected a JSON object: {"sender": "…", "message": "…"}')
    sender, message = body.get("sender"), body.get("message", "")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER:
        return _error(400, f'"sender" must be a non-empty string of at most {MAX_SENDER} characters')
    if message is None:
        message = ""
    if not isinstance(message, str):
        return _error(400, '"message" must be a string')
    metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    message_id = body.get("message_id", metadata.get("message_id"))
    if message_id is not None and (not isinstance(message_id, str | int) or isinstance(message_id, bool)
                                   or not str(message_id).strip() or len(str(message_id)) > MAX_MESSAGE_ID):
        return _error(400, f'"message_id" must be a string or number of at most {MAX_MESSAGE_ID} characters')
    app = request.app
    event = Event(conversation=f"rest:{sender}", channel="rest", text=message, user=f"rest:{sender}",
                  id=None if message_id is None else str(message_id))
    # one lock per sender while it is in use (a weak mapping: idle senders cost no memory)
    lock = app[LOCKS].get(sender)
    if lock is None:
        lock = app[LOCKS][sender] = asyncio.Lock()
    async with lock:
        out = await asyncio.get_running_loop().run_in_executor(None, app[ENGINE].handle, event)
    log.info("rest %s: %s -> %d messages", mask(sender), mask(message)[:80], len(out))
    return web.json_response(rest_messages(sender, out))


def make_app(engine: Engine) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[ENGINE] = engine
    app[LOCKS] = weakref.WeakValueDictionary()
    app.router.add_get("/health", health)
    app.router.add_post("/webhooks/rest/webhook", rest_webhook)
    return app


def add_parser(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="the HTTP server: /health and the Rasa-compatible REST channel")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.set_defaults(handler=run)


def run(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = Engine()
    web.run_app(make_app(engine), host=args.host, port=args.port, print=lambda s: log.info(s))
    return 0
