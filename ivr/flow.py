"""One webhook of a call: what the caller did in the view they were hearing, and what they hear next.

    the call's row → repeated? the answer it got → key or words → engine (or paging, SMS) → view → TwiML

Keys that mean the same everywhere: 0 an operator, * the main menu. A view's own keys are
read out with it. Silence and wrong keys are forgiven twice (the second time the caller is
moved to keys), then an operator is offered, then the call goes to one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace

from dialogs import hours
from dialogs.messages import Event, Handoff, Outgoing, Purpose, Reply
from dialogs.payloads import Command
from dialogs.privacy import mask
from ivr import prompts, twiml
from ivr.calls import caller_hash, conversation_of, forgotten, now
from ivr.forget import erased_meanwhile, forget_caller, identifies
from ivr.line import CHANNEL, Line, TooSlow
from ivr.models import Call, Outcome
from ivr.sms import can_receive
from ivr.views import Action, Item, Screen, View

log = logging.getLogger("qyzmet.ivr")
OPERATOR_AFTER = 4         # wrong keys in a row after which the caller is put through to a person
SILENT_LINE = 4            # silences in a row after which nobody is there: goodbye
FORGET = "@forget"         # the item that confirms "forget me" (the main menu's 7)


@dataclass(frozen=True, slots=True)
class Step:
    """One webhook being answered: the call as it stood, the view heard, what Twilio sent, the step's number."""
    line: Line
    row: Call
    view: View
    params: dict
    number: int

    @property
    def language(self) -> str:
        return self.view.language


@dataclass(frozen=True, slots=True)
class Next:
    """What a step decided: the next view, or TwiML of its own (the queue, a goodbye), and what to keep."""
    view: View
    twiml: str | None = None
    values: dict = field(default_factory=dict)
    card: dict | None = None          # posted to the operators once this delivery has won the step
    erased: bool = False              # the caller's forget-me: the row is a tombstone, nothing to write to it


def request_digest(params: dict) -> str:
    return hashlib.sha256(json.dumps(sorted(params.items()), ensure_ascii=False).encode()).hexdigest()[:40]


def render(line: Line, view: View, step: int, call: str) -> str:
    return twiml.menu(view, line.voice, line.step_url(step), line.sms, call)


def gone(line: Line, params: dict) -> str:
    """A webhook of a call whose records were erased (ivr.forget): said so, and goodbye, in both languages
    (the call's language went with the rest); nothing is written."""
    done = "forget-done" if identifies(params.get("From") or "") else "forget-done-this-call"
    return str(twiml.bilingual(line.voice, done, "goodbye", hang_up=True))


async def incoming(line: Line, params: dict) -> str:
    """A call answered: the language menu (each half in its language)."""
    sid = params["CallSid"]
    caller = caller_hash(line.config.caller_key, params.get("From") or "")
    row, made, dropped = await line.calls.start(sid, caller, {})
    if forgotten(row):
        return gone(line, params)
    if not made and row.last_twiml and row.step == 1:
        return row.last_twiml                      # the first webhook delivered again
    if not made and row.step > 1:
        return render(line, View.from_dict(row.view), row.step, sid)
    view, _ = await line.view_after(sid, 0, line.main("kk"), signal="start")
    # an "anonymous" or landline caller shares a hash with others, and could not get the SMS anyway
    view = replace(view, resume=dropped if can_receive(params.get("From") or "") else "")
    document = render(line, view, 1, sid)
    if not await line.calls.advance(sid, 0, view.as_dict(), request_digest(params), document) \
            and await erased_meanwhile(line, sid):      # another call from the number had them all forgotten
        return gone(line, params)
    return document


async def step(line: Line, params: dict, number: int) -> str:
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    if forgotten(row):
        return gone(line, params)                 # the confirming press delivered again, or another call's
    if row is None or row.step == 0:
        return await incoming(line, params)        # a step of a call we never answered: start it
    asked = request_digest(params)
    if number != row.step:
        if number == row.step - 1 and asked == row.last_request and row.last_twiml:
            return row.last_twiml                  # delivered again: the same answer, nothing done twice
        return render(line, View.from_dict(row.view), row.step, sid)    # an old step: the current menu again
    view = View.from_dict(row.view)
    now_ = Step(line, row, view, params, number)
    try:
        decided = await decide(now_)
    except TooSlow:
        decided = Next(replace(view.again("too-slow"), speech=False))
    document = decided.twiml or render(line, decided.view, number + 1, sid)
    if decided.erased:
        return document
    if not await line.calls.advance(sid, number, decided.view.as_dict(), asked, document, **decided.values):
        if await erased_meanwhile(line, sid):        # by another call from the number, or this step's twin
            return gone(line, params)
        again = await line.calls.get(sid)            # another delivery of this step got there first
        return (again.last_twiml if again is not None else None) or document
    if decided.card is not None:
        line.post_card(decided.card, params.get("From") or "")   # once, by the delivery that won
    return document


def _failed(view: View, why: str) -> View:
    """Silence or a wrong key: said, and the same view again, with fewer ways to go wrong each time."""
    failures = view.failures + 1
    notes, speech = [why], view.speech
    if failures == 2 and view.screen != Screen.LANGUAGE:
        notes.append("keys-now")
        speech = False
    elif failures >= 2:
        notes.append("offer-operator")
    return view.again(*notes, failures=failures, speech=speech)


async def decide(s: Step) -> Next:
    digits = (s.params.get("Digits") or "").strip()[:1]
    heard = (s.params.get("SpeechResult") or "").strip()[:500]
    view = s.view
    if view.screen in (Screen.QUEUE, Screen.TALKING):
        # back from the queue some way we did not see: the engine lets go of the hand-over too
        return await _ask(s, payload=f"/{Command.BOT}")
    if not digits and not heard:
        return await _silence(s)
    if heard and view.screen != Screen.LANGUAGE:
        return await _heard(s, heard, s.params.get("Confidence"))
    if digits == "0":
        return await _operator(s)
    if digits == "*" and view.screen != Screen.LANGUAGE:
        return await _ask(s, payload="/menu")
    match view.screen:
        case Screen.LANGUAGE:
            chosen = {"1": "/lang kk", "2": "/lang ru"}.get(digits)
            if chosen:
                return await _ask(s, payload=chosen)
        case Screen.MAIN:
            if digits == "1":
                return Next(s.line.services(view.language, view.resume))
            if digits in ("2", "3"):
                return await _ask(s, payload="/office" if digits == "2" else "/complain")
            if digits == "8" and view.resume and s.line.sms:
                return await _resume(s)
            if digits == "7":
                return Next(_forget_menu(s))
        case Screen.CHOICES:
            if digits == "9" and view.paged:
                return Next(replace(view, page=0 if view.last_page else view.page + 1, intro=(), notes=(),
                                    failures=0))
            item = dict(view.page_items()).get(digits)
            if item is not None:
                return await _chosen(s, item)
        case Screen.ANSWER:
            if digits == "1":
                return Next(replace(view, intro=(), notes=(), failures=0))
            if digits == "2":
                return await _next_part(s)
            if digits == "3" and s.line.sms and view.sms:
                return await _sms(s)
        case Screen.CONFIRM:
            back = View.from_dict(view.back) if view.back else s.line.main(view.language, view.resume)
            if digits == "1":
                return await _ask(replace(s, view=back), text=view.words)
            if digits == "2":
                return Next(back.again("say-again"))
    return await _wrong(s, _failed(view, "no-match"))


async def _silence(s: Step) -> Next:
    """Silence: asked again, then keys, then an operator offered; silence after that is a line nobody is
    on (or a caller who cannot answer): goodbye, not a queue that would let them out to the menu again."""
    failed = _failed(s.view, "no-input")
    if failed.failures < SILENT_LINE:
        return Next(failed)
    if s.view.screen == Screen.LANGUAGE:
        return Next(failed, twiml=str(twiml.bilingual(s.line.voice, "goodbye", hang_up=True)))
    return Next(failed, twiml=twiml.statement(s.line.voice, s.language, "goodbye", hang_up=True))


async def _wrong(s: Step, failed: View) -> Next:
    if failed.failures >= OPERATOR_AFTER and s.view.screen != Screen.LANGUAGE:
        return await _operator(s)
    return Next(failed)


async def _heard(s: Step, words: str, confidence: str | None) -> Next:
    """Words the caller said: confirmed back when the recogniser was unsure, else understood."""
    try:
        sure = float(confidence) if confidence not in (None, "") else 1.0
    except ValueError:
        sure = 0.0
    # what is kept and said back has ИИН and phone numbers masked: they do not matter to the question
    words = mask(words)
    if sure < s.line.config.min_confidence and s.view.screen != Screen.CONFIRM:
        back = replace(s.view, notes=(), failures=0).as_dict()
        return Next(View(Screen.CONFIRM, s.language, words=words, back=back, speech=False, resume=s.view.resume))
    return await _ask(s, text=words)


async def _chosen(s: Step, item: Item) -> Next:
    if item.payload == FORGET:
        return await _forget(s)
    match item.payload:
        case Action.RESTART:
            return Next(replace(s.view, screen=Screen.ANSWER, part=0, intro=(), notes=(), items=(), page=0,
                                failures=0))
        case Action.SMS:
            return await _sms(s)
    return await _ask(s, payload=item.payload)


def _forget_menu(s: Step) -> View:
    """What "forget me" erases, and 1 to confirm (* goes back to the main menu, 0 to an operator, as anywhere)."""
    language = s.language
    asked = "forget-ask" if identifies(s.params.get("From") or "") else "forget-ask-this-call"
    return View(Screen.CHOICES, language, intro=(prompts.text(asked, language),),
                items=(Item(prompts.text("forget-yes", language), FORGET),), speech=False, resume=s.view.resume)


async def _forget(s: Step) -> Next:
    """The caller's calls erased (this one too), said so, and goodbye: nothing of the call is kept after it."""
    every_call = identifies(s.params.get("From") or "")
    await forget_caller(s.line, s.row, every_call)
    done = "forget-done" if every_call else "forget-done-this-call"
    return Next(s.view, twiml=twiml.statement(s.line.voice, s.language, done, "goodbye", hang_up=True), erased=True)


async def _next_part(s: Step) -> Next:
    view = s.view
    if view.part + 1 < len(view.parts):
        return Next(replace(view, part=view.part + 1, intro=(), notes=(), failures=0))
    if view.more:                                     # more offices: the next page of the list
        more = await _ask(s, payload=view.more)
        if more.view.screen == Screen.ANSWER:             # the SMS has the whole list heard so far
            return replace(more, view=replace(more.view, sms="\n\n".join(filter(None, (view.sms, more.view.sms)))))
        return more
    # the keys the parts taught stay: 1 the answer again, 3 by SMS; 2 (pressed out of habit) the main menu
    items = (Item(prompts.text("again-from-start", view.language), Action.RESTART),
             Item(prompts.text("main-menu", view.language), "/menu")) + \
        ((Item(prompts.text("by-sms", view.language), Action.SMS),) if s.line.sms and view.sms else ()) + view.after
    heard = {"outcome": Outcome.ANSWERED} if s.row.outcome == Outcome.IN_PROGRESS else {}
    return Next(replace(view, screen=Screen.CHOICES, intro=(), notes=("answer-end",), items=items, page=0,
                        failures=0), values=heard)


async def _ask(s: Step, **said) -> Next:
    """The engine's answer as the next view; the queue when it hands the call to a person."""
    new, out = await s.line.view_after(s.row.call_sid, s.number, s.view, **said)
    values: dict = {}
    if new.language and new.language != s.row.language:
        values["language"] = new.language
    if new.screen == Screen.ANSWER and new.sms and _is_service_answer(out):
        values["answer"] = new.sms
    if new.screen == Screen.QUEUE:
        return await _queue(s, new, out, values)
    return Next(new, values=values)


def _is_service_answer(out: list[Outgoing]) -> bool:
    return any(isinstance(m, Reply) and m.purpose in (Purpose.ANSWER, Purpose.MORE) for m in out)


async def _operator(s: Step) -> Next:
    return await _ask(s, payload="/operator")


def _after_hours(s: Step) -> Next:
    """Outside the operators' hours the caller is told when they work and stays with the assistant (a
    queue nobody answers is a dead end that costs by the minute)."""
    language = s.language
    working = hours.describe(s.line.config.hours, language, width="wide")
    main = s.line.main(language, s.view.resume)
    return Next(replace(main, intro=(prompts.text("after-hours", language, hours=working),)))


async def _queue(s: Step, new: View, out: list[Outgoing], values: dict) -> Next:
    """The engine handed the call to a person: the queue of its language, within the operators' hours."""
    if not s.line.config.hours.open_at(now()):
        await s.line.runner.handle(Event(conversation_of(s.row.call_sid), CHANNEL, payload=f"/{Command.BOT}",
                                         id=f"{s.row.call_sid}:{s.number}:closed"))
        return _after_hours(s)
    handoff = next(m for m in out if isinstance(m, Handoff))
    chosen = s.view.screen != Screen.LANGUAGE         # 0 before a language: the card says it is not known
    language = (handoff.language or s.language) if chosen else s.language
    card = s.line.card(handoff, s.row.call_sid, s.params.get("From") or "", language if chosen else None)
    values.update(card=card, queued_at=now(), outcome=Outcome.OPERATOR, language=language if chosen else None)
    if chosen:
        document = twiml.enqueue(s.line.voice, language, s.line.config.queue(language),
                                 s.line.config.url("/ivr/wait"), s.line.config.url("/ivr/dequeued"))
    else:
        document = twiml.enqueue_bilingual(s.line.voice, s.line.config.queue(language),
                                           s.line.config.url("/ivr/wait"), s.line.config.url("/ivr/dequeued"))
    return Next(replace(new, language=language), twiml=document, values=values, card=card)


async def _sms(s: Step, text: str | None = None, outcome_of: str | None = None) -> Next:
    """The answer sent to the caller's phone, once per press however often the press is delivered."""
    view = s.view
    if text is None:
        text = "\n\n".join(dict.fromkeys(t for t in (s.row.answer, view.sms) if t))
    if not text:
        return Next(view.told("sms-nothing"))
    number = s.params.get("From") or ""
    if not can_receive(number):
        return Next(view.told("sms-no-number"))
    claim = await s.line.calls.claim_sms(s.row, s.number)
    if claim.refused:
        return Next(view.told("sms-limit"))
    if claim.id is None:
        return Next(view.told("sms-sent"))          # another delivery of this press is sending it
    sent = await s.line.texter.send(number, text)
    await s.line.calls.sms_sent(claim.id, sent.parts, sent.sent, sent.error, outcome_of)
    told = view.told("sms-failed" if sent.error else "sms-sent")
    return Next(replace(told, resume="") if outcome_of and not sent.error else told)


async def _resume(s: Step) -> Next:
    dropped = await s.line.calls.get(s.view.resume)
    return await _sms(s, text=(dropped.answer if dropped else "") or "", outcome_of=s.view.resume)
