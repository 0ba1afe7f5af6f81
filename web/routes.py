"""The web channel's HTTP face: the Rasa-compatible REST webhook and the embeddable web chat."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from aiohttp import web

from dialogs.privacy import mask
from dialogs.runner import Runner
from web import forget, rest, senders
from web.replies import body_of, error, preflight

log = logging.getLogger("qyzmet.web")
RUNNER = web.AppKey("runner", Runner)
STATIC = Path(__file__).resolve().parent / "static"
WEBHOOK = "/webhooks/rest/webhook"


async def rest_webhook(request: web.Request) -> web.Response:
    raw = await body_of(request, rest.MAX_BODY)
    if isinstance(raw, web.Response):
        return raw
    try:
        parsed = rest.parse_request(raw)
    except rest.BadRequest as bad:
        return error(400, str(bad))
    # a sender that is a phone number is kept under a keyed hash of it, and answered under the id it came with
    conversation = senders.conversation_for(parsed.sender, request.app[senders.KEY])
    out = await request.app[RUNNER].handle(parsed.event(conversation))
    if log.isEnabledFor(logging.DEBUG):     # per message: not worth its cost (or its text) at INFO
        log.debug("rest %s: %s -> %d messages", mask(parsed.sender)[:40], mask(parsed.message)[:80], len(out))
    return web.Response(body=rest.body(rest.render(parsed.sender, out, parsed.office_cards)),
                        content_type="application/json")


async def rest_status(request: web.Request) -> web.Response:
    """GET on the channel's root, as Rasa answers it: a widget's health probe."""
    return web.json_response({"status": "ok"})


async def chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.html")


def add_routes(app: web.Application, runner: Runner, privacy_key: bytes = b"") -> None:
    """The REST channel and the web chat. `privacy_key` hashes senders that are phone numbers (qyzmet.keys);
    without one (an application built in a test) a key of this application's own, good while it runs."""
    app[RUNNER] = runner
    app[senders.KEY] = privacy_key or secrets.token_hex(32).encode()
    app.router.add_post(WEBHOOK, rest_webhook)
    app.router.add_route("OPTIONS", WEBHOOK, preflight)
    app.router.add_get("/webhooks/rest/", rest_status)
    forget.add_routes(app, runner)                  # a web sender's "forget me": POST /webhooks/rest/forget
    app.router.add_get("/chat", chat_page)
    app.router.add_static("/chat/static/", STATIC, follow_symlinks=False)
