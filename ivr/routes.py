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
from datetime import timezone

from aiohttp import web
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

from dialogs.messages import Event
from dialogs.metrics import waited_for_operator
from dialogs.payloads import Command
from ivr import flow, prompts, twiml
from ivr.calls import FINAL, POSTED, conversation_of, forgotten, now
from ivr.forget import erased_meanwhile
from ivr.line import CHANNEL, Line
from ivr.models import Call
from ivr.security import Rejected, signed_form
from ivr.views import Screen, View

log = logging.getLogger("qyzmet.ivr")
LINE = web.AppKey("voice_line", Line)
VALIDATOR = web.AppKey("twilio_validator", RequestValidator)
CALL_SID = re.compile(r"^CA[0-9a-fA-F]{32}$")
XML = "text/xml"

Handler = Callable[[Line, dict, web.Request], Awaitable[str | None]]


def language_of(row: Call | None) -> str:
    return (row.language if row is not None else None) or "kk"


def webhook(handler: Handler, on_error: Callable[[Line, str], Awaitable[str | None]]):
    """Signature first; then the handler's TwiML (None: an empty 204, for callbacks that need no answer).
    `on_error`: what a failure inside answers, fitting where the webhook stands in a call."""
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
            document = await on_error(line, params["CallSid"])
        if document is None:
            return web.Response(status=204)
        return web.Response(text=document, content_type=XML, charset="utf-8")
    return handle


async def _apology(line: Line, sid: str) -> str:
    """A caller's step broke on our side: said, and a person takes the call (in its language, when it can
    still be read, with a card the agent's whisper finds); outside the operators' hours, goodbye."""
    language = None
    try:
        row = await line.calls.get(sid)
        language = row.language if row is not None else None
        if row is not None and line.config.hours.open_at(now()):
            card = {"call": sid, "channel": CHANNEL, "language": language, "reason": "error",
                    "service": (row.card or {}).get("service"), "situation": {}, "place": None, "caller": "—",
                    "queued_at": now().isoformat(timespec="seconds"), "transcript": []}
            await line.calls.update(sid, queued_at=now(), card=row.card or card)
    except Exception:                      # noqa: BLE001 — the database itself may be what failed
        log.warning("the failed call's row could not be read either")
    if not line.config.hours.open_at(now()):
        return str(twiml.bilingual(line.voice, "apology-closed", hang_up=True)) if language is None else \
            twiml.statement(line.voice, language, "apology-closed", hang_up=True)
    if language is None:
        return twiml.enqueue_bilingual(line.voice, line.config.queue("kk"), line.config.url("/ivr/wait"),
                                       line.config.url("/ivr/dequeued"), first="apology")
    return twiml.enqueue(line.voice, language, line.config.queue(language), line.config.url("/ivr/wait"),
                         line.config.url("/ivr/dequeued"), first="apology")


async def _hold_on(line: Line, sid: str) -> str:
    """The wait music failed: a pause, and Twilio asks again."""
    response = VoiceResponse()
    response.pause(length=10)
    return str(response)


async def _nothing(line: Line, sid: str) -> None:
    return None                            # a callback: logged above; Twilio needs no TwiML


async def _hang_up(line: Line, sid: str) -> str:
    """The operator's leg failed: they hear nobody is waiting, and are not put in the callers' queue."""
    return twiml.statement(line.voice, "ru", "whisper-none", hang_up=True)


async def _empty(line: Line, sid: str) -> str:
    return str(VoiceResponse())


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
    row = await line.calls.ended(params["CallSid"], said, duration)     # None: a forgotten call's, kept as is
    if row is not None and said in FINAL:
        line.voice.audio.forget(params["CallSid"])       # the caller's own words, said back, go with the call
        await line.hang_up(params["CallSid"])
        # the caller hung up right after pressing 1 to be forgotten: the hang-up's turn goes too
        await erased_meanwhile(line, params["CallSid"])
    return None


async def wait(line: Line, params: dict, request: web.Request) -> str:
    """The queue's wait music; after IVR_MAX_WAIT the caller leaves the queue (dequeued says what next)."""
    row = await line.calls.get(params["CallSid"])
    position, waited = params.get("QueuePosition") or "", params.get("QueueTime") or ""
    leave = waited.isdigit() and int(waited) >= line.config.max_wait
    return twiml.hold(line.voice, language_of(row), int(position) if position.isdigit() else None, leave)


async def dequeued(line: Line, params: dict, request: web.Request) -> str:
    """The caller left the queue: after talking to an operator, goodbye; if the queue let them down (full,
    waited too long, an error), back to the assistant with the reason said, never silence."""
    result = params.get("QueueResult") or ""
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    if forgotten(row):
        return flow.gone(line, params)        # another call from the number had this one forgotten
    language = language_of(row)
    if row is not None:
        await line.calls.update(sid, queued_at=None)
    if result == "hangup":
        return str(VoiceResponse())
    if result == "bridged" or row is None:
        return twiml.statement(line.voice, language, "goodbye", hang_up=True)
    await line.runner.handle(Event(conversation_of(sid), CHANNEL, payload=f"/{Command.BOT}",
                                   id=f"{sid}:dequeued:{row.step}"))
    view = line.main(language, View.from_dict(row.view).resume if row.view else "").again("operators-unavailable")
    await line.calls.update(sid, view=view.as_dict())
    return flow.render(line, view, row.step, sid)


async def agent(line: Line, params: dict, request: web.Request) -> str:
    """The operator's leg (their phone or softphone calls here): whom they get, whispered, then the caller."""
    language = request.query.get("language", "ru")
    language = language if language in ("kk", "ru") else "ru"
    agents = line.config.agent_numbers
    if agents and (params.get("From") or "").strip() not in agents:
        log.warning("an agent's leg from a number not on IVR_AGENT_NUMBERS was refused")
        return twiml.statement(line.voice, language, "not-an-operator", hang_up=True)
    waiting = await line.calls.oldest_waiting(language, line.config.max_wait)
    if waiting is None or not waiting.card:
        return twiml.statement(line.voice, language, "whisper-none", hang_up=True)
    return twiml.agent(line.voice, language, prompts.whisper(waiting.card, language), line.config.queue(language),
                       line.config.url("/ivr/bridged"))


async def bridged(line: Line, params: dict, request: web.Request) -> str:
    """Played to the caller as an operator takes them from the queue."""
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    if row is not None:
        if row.queued_at is not None:           # the first of this call's deliveries: the wait ends now
            queued = row.queued_at if row.queued_at.tzinfo else row.queued_at.replace(tzinfo=timezone.utc)
            waited_for_operator(CHANNEL, (now() - queued).total_seconds())
        await line.calls.update(sid, queued_at=None, view=View(Screen.TALKING, language_of(row)).as_dict())
    return twiml.statement(line.voice, language_of(row), "operator-joined")


async def audio(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    found = await request.app[LINE].voice.audio.file(name)
    if found is None:
        return web.Response(status=404, text="no such audio")
    # a hashed name is its words: it never changes; a prompt may be replaced by a studio recording;
    # a caller's own words are for that call only
    cache = {"h-": "public, max-age=31536000, immutable", "c-": "private, no-store"}.get(name[:2],
                                                                                          "public, max-age=3600")
    return web.FileResponse(found, headers={"Content-Type": "audio/wav", "Cache-Control": cache})


async def context(request: web.Request) -> web.Response:
    """The waiting caller's card as JSON, for an operator's screen: only with the operators' token."""
    token = request.app[LINE].config.operator_token
    if not token:
        return web.json_response({"error": "the screen-pop is off: set IVR_OPERATOR_TOKEN"}, status=404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return web.json_response({"error": "an operator's token (IVR_OPERATOR_TOKEN) is needed"}, status=401,
                                 headers={"WWW-Authenticate": "Bearer"})
    sid = request.match_info["sid"]
    row = await request.app[LINE].calls.get(sid) if CALL_SID.match(sid) else None
    if row is None or not isinstance(row.card, dict) or not row.card:
        return web.json_response({"error": "no card for this call"}, status=404)
    card = {k: v for k, v in row.card.items() if k != POSTED}     # the group's message id is ours, not the screen's
    return web.json_response({**card, "status": row.status, "outcome": str(row.outcome)})


def add_routes(app: web.Application, line: Line) -> None:
    app[LINE] = line
    app[VALIDATOR] = RequestValidator(line.config.auth_token)
    # a caller's step that fails ends in an operator's hands; the other webhooks must not queue anyone
    for path, handler, on_error in (("voice", voice, _apology), ("step", step, _apology),
                                    ("status", status, _nothing), ("wait", wait, _hold_on),
                                    ("dequeued", dequeued, _apology), ("agent", agent, _hang_up),
                                    ("bridged", bridged, _empty)):
        app.router.add_post(f"/ivr/{path}", webhook(handler, on_error))
    app.router.add_get("/ivr/audio/kk/{name}.wav", audio)
    app.router.add_get("/ivr/context/{sid}", context)
