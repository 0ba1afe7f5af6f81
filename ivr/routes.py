"""The voice line's HTTP face under /ivr/: Twilio's webhooks, the Kazakh audio, the operators' screen-pop.

Every webhook is checked for Twilio's signature first (403 and no TwiML otherwise); what it
answers is TwiML. A step that fails inside is not a dead line: the caller hears an apology and
is put through to an operator.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Awaitable, Callable

from aiohttp import web
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

from dialogs.messages import Event
from dialogs.payloads import Command
from ivr import flow, prompts, twiml
from ivr.calls import FINAL, conversation_of
from ivr.line import CHANNEL, Line
from ivr.security import Rejected, signed_form
from ivr.views import Screen, View
from locales import N_, translations

log = logging.getLogger("qyzmet.ivr")
LINE = web.AppKey("voice_line", Line)
VALIDATOR = web.AppKey("twilio_validator", RequestValidator)
CALL_SID = re.compile(r"^CA[0-9a-fA-F]{32}$")
XML = "text/xml"
LANGUAGE_NAMES = {"kk": {"kk": "қазақша", "ru": "орысша"}, "ru": {"kk": "по-казахски", "ru": "по-русски"}}
REASONS = {"asked": N_("asked for an operator"), "not_understood": N_("the assistant did not understand"),
           "complaint": N_("a complaint")}

Handler = Callable[[Line, dict, web.Request], Awaitable[str | None]]


def webhook(handler: Handler):
    """Signature first; then the handler's TwiML (None: an empty 204, for callbacks that need no answer)."""
    async def handle(request: web.Request) -> web.Response:
        line = request.app[LINE]
        try:
            params = await signed_form(request, request.app[VALIDATOR], line.config.public_base_url)
        except Rejected as bad:
            log.warning("voice webhook %s refused: %s", request.path, bad.reason)
            return web.Response(status=bad.status, text=bad.reason)
        if not CALL_SID.match(params.get("CallSid", "")):
            return web.Response(status=400, text="CallSid is missing or is not a call's SID")
        try:
            document = await handler(line, params, request)
        except Exception:
            log.exception("voice webhook %s failed", request.path)
            document = _apology(line)
        if document is None:
            return web.Response(status=204)
        return web.Response(text=document, content_type=XML, charset="utf-8")
    return handle


def _apology(line: Line) -> str:
    """Something broke on our side: said in both languages, and a person takes the call."""
    response = VoiceResponse()
    for language in ("kk", "ru"):
        line.voice.say(response, prompts.text("apology", language), language)
    response.enqueue(line.config.queue_kk, wait_url=line.config.url("/ivr/wait"), wait_url_method="POST")
    return str(response)


async def voice(line: Line, params: dict, request: web.Request) -> str:
    return await flow.incoming(line, params)


async def step(line: Line, params: dict, request: web.Request) -> str:
    try:
        number = int(request.query.get("s", ""))
    except ValueError:
        number = -1                         # not a step of ours: the current menu again
    return await flow.step(line, params, number)


async def status(line: Line, params: dict, request: web.Request) -> None:
    """Twilio's status callback: completed, busy, no-answer, failed, canceled, and the duration."""
    raw = params.get("CallDuration") or ""
    duration = int(raw) if raw.isdigit() else None
    said = (params.get("CallStatus") or "").strip()[:16] or "unknown"
    row = await line.calls.ended(params["CallSid"], said, duration)
    if row is not None and said in FINAL:
        await line.hang_up(params["CallSid"])
    return None


async def wait(line: Line, params: dict, request: web.Request) -> str:
    row = await line.calls.get(params["CallSid"])
    language = (row.language if row is not None else None) or "kk"
    raw = params.get("QueuePosition") or ""
    return twiml.hold(line.voice, language, int(raw) if raw.isdigit() else None)


async def dequeued(line: Line, params: dict, request: web.Request) -> str:
    """The caller left the queue: after talking to an operator, goodbye; if the queue failed them, back to
    the assistant with the reason said (never silence)."""
    result = params.get("QueueResult") or ""
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    language = (row.language if row is not None else None) or "kk"
    if result == "hangup":
        return str(VoiceResponse())
    if result == "bridged" or row is None:
        return twiml.statement(line.voice, language, prompts.text("goodbye", language), hang_up=True)
    await line.runner.handle(Event(conversation_of(sid), CHANNEL, payload=f"/{Command.BOT}",
                                   id=f"{sid}:dequeued:{row.step}"))
    view = line.main(language, View.from_dict(row.view).resume if row.view else "")
    view = view.again(prompts.text("operators-unavailable", language))
    await line.calls.update(sid, view=view.as_dict(), queued_at=None)
    return flow.render(line, view, row.step)


async def agent(line: Line, params: dict, request: web.Request) -> str:
    """The operator's leg (their phone or softphone calls here): whom they get, whispered, then the caller."""
    language = request.query.get("language", "ru")
    language = language if language in ("kk", "ru") else "ru"
    waiting = await line.calls.oldest_waiting(language)
    if waiting is None or not waiting.card:
        return twiml.statement(line.voice, language, prompts.text("whisper-none", language), hang_up=True)
    return twiml.agent(line.voice, language, whisper(waiting.card, language), line.config.queue(language),
                       line.config.url("/ivr/bridged"))


def whisper(card: dict, language: str) -> str:
    _ = translations(language).gettext
    service = (card.get("service") or {}).get("title") or "—"
    return prompts.text("whisper", language, language=LANGUAGE_NAMES[language].get(card.get("language"), "—"),
                        service=service, reason=_(REASONS.get(card.get("reason"), "asked for an operator")))


async def bridged(line: Line, params: dict, request: web.Request) -> str:
    """Played to the caller as an operator takes them from the queue."""
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    language = (row.language if row is not None else None) or "kk"
    if row is not None:
        await line.calls.update(sid, queued_at=None, view=View(Screen.TALKING, language).as_dict())
    return twiml.statement(line.voice, language, prompts.text("operator-joined", language))


async def audio(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    found = await request.app[LINE].voice.audio.file(name)
    if found is None:
        return web.Response(status=404, text="no such audio")
    hashed = name.startswith("h-")
    # a hashed name is its words: it never changes; a prompt may be replaced by a studio recording
    cache = "public, max-age=31536000, immutable" if hashed else "public, max-age=3600"
    return web.FileResponse(found, headers={"Content-Type": "audio/wav", "Cache-Control": cache})


async def context(request: web.Request) -> web.Response:
    """The waiting caller's card as JSON, for an operator's screen: only with the operators' token."""
    token = request.app[LINE].config.operator_token
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return web.json_response({"error": "an operator's token (IVR_OPERATOR_TOKEN) is needed"}, status=401,
                                 headers={"WWW-Authenticate": "Bearer"})
    sid = request.match_info["sid"]
    row = await request.app[LINE].calls.get(sid) if CALL_SID.match(sid) else None
    if row is None or not row.card:
        return web.json_response({"error": "no card for this call"}, status=404)
    return web.json_response({**row.card, "status": row.status, "outcome": str(row.outcome)})


def add_routes(app: web.Application, line: Line) -> None:
    app[LINE] = line
    app[VALIDATOR] = RequestValidator(line.config.auth_token)
    for path, handler in (("voice", voice), ("step", step), ("status", status), ("wait", wait),
                          ("dequeued", dequeued), ("agent", agent), ("bridged", bridged)):
        app.router.add_post(f"/ivr/{path}", webhook(handler))
    app.router.add_get("/ivr/audio/kk/{name}.wav", audio)
    app.router.add_get("/ivr/context/{sid}", context)
