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

from dialogs.messages import Handoff, Outgoing, Purpose, Reply
from dialogs.privacy import mask
from ivr import prompts, twiml
from ivr.calls import caller_hash, now
from ivr.line import Line, TooSlow
from ivr.models import Call, Outcome
from ivr.sms import can_receive
from ivr.views import Action, Item, Screen, View

log = logging.getLogger("qyzmet.ivr")
OPERATOR_AFTER = 4         # failures in a row after which the caller is put through to a person


@dataclass(frozen=True, slots=True)
class Next:
    """What a step decided: the next view, or TwiML of its own (the queue), and what to keep with the call."""
    view: View
    twiml: str | None = None
    values: dict = field(default_factory=dict)


def request_digest(params: dict) -> str:
    return hashlib.sha256(json.dumps(sorted(params.items()), ensure_ascii=False).encode()).hexdigest()[:40]


def render(line: Line, view: View, step: int) -> str:
    return twiml.menu(view, line.voice, line.step_url(step), line.sms)


async def incoming(line: Line, params: dict) -> str:
    """A call answered: the language menu (each half in its language)."""
    sid = params["CallSid"]
    caller = caller_hash(line.config.caller_key, params.get("From") or "")
    row, made = await line.calls.start(sid, caller, {})
    if not made and row.last_twiml and row.step == 1:
        return row.last_twiml                      # the first webhook delivered again
    if not made and row.step > 1:
        return render(line, View.from_dict(row.view), row.step)
    dropped = await line.calls.dropped_before(caller, sid)
    view, _ = await line.view_after(sid, 0, line.main("kk"), signal="start")
    view = replace(view, resume=dropped.call_sid if dropped is not None else "")
    document = render(line, view, 1)
    await line.calls.advance(sid, 0, view.as_dict(), request_digest(params), document)
    return document


async def step(line: Line, params: dict, number: int) -> str:
    sid = params["CallSid"]
    row = await line.calls.get(sid)
    if row is None or row.step == 0:
        return await incoming(line, params)        # a step of a call we never answered: start it
    asked = request_digest(params)
    if number != row.step:
        if number == row.step - 1 and asked == row.last_request and row.last_twiml:
            return row.last_twiml                  # delivered again: the same answer, nothing done twice
        return render(line, View.from_dict(row.view), row.step)    # an old step: the current menu again
    view = View.from_dict(row.view)
    try:
        decided = await decide(line, row, view, params, number)
    except TooSlow:
        decided = Next(view.again(prompts.text("too-slow", view.language), speech=False))
    document = decided.twiml or render(line, decided.view, number + 1)
    if not await line.calls.advance(sid, number, decided.view.as_dict(), asked, document, **decided.values):
        again = await line.calls.get(sid)            # another delivery of this step got there first
        return again.last_twiml or document
    return document


def _failed(view: View, why: str) -> View:
    """Silence or a wrong key: said, and the same view again, with fewer ways to go wrong each time."""
    lang, failures = view.language, view.failures + 1
    said = [prompts.text(why, lang)]
    speech = view.speech
    if failures == 2:
        said.append(prompts.text("keys-now", lang))
        speech = False
    elif failures >= 3:
        said.append(prompts.text("offer-operator", lang))
    return view.again(*said, failures=failures, speech=speech)


async def decide(line: Line, row: Call, view: View, params: dict, number: int) -> Next:
    digits = (params.get("Digits") or "").strip()[:1]
    words = (params.get("SpeechResult") or "").strip()[:500]
    lang, sid = view.language, row.call_sid
    if view.screen in (Screen.QUEUE, Screen.TALKING):
        return await _ask(line, row, view, number, params, payload="/operator")
    if not digits and not words:
        failed = _failed(view, "no-input")
        if failed.failures >= OPERATOR_AFTER and view.screen != Screen.LANGUAGE:
            return await _ask(line, row, view, number, params, payload="/operator")
        return Next(failed)
    if words:
        return await _heard(line, row, view, number, params, words, params.get("Confidence"))
    if digits == "0" and view.screen != Screen.LANGUAGE:
        return await _ask(line, row, view, number, params, payload="/operator")
    if digits == "*" and view.screen != Screen.LANGUAGE:
        return await _ask(line, row, view, number, params, payload="/menu")
    match view.screen:
        case Screen.LANGUAGE:
            chosen = {"1": "/lang kk", "2": "/lang ru"}.get(digits)
            if chosen:
                return await _ask(line, row, view, number, params, payload=chosen)
        case Screen.MAIN:
            if digits == "1":
                return Next(line.services(lang, view.resume))
            if digits in ("2", "3"):
                return await _ask(line, row, view, number, params, payload="/office" if digits == "2" else "/complain")
            if digits == "8" and view.resume and line.sms:
                return await _resume(line, row, view, params)
        case Screen.CHOICES:
            if digits == "9" and view.paged:
                return Next(replace(view, page=0 if view.last_page else view.page + 1, intro=(), failures=0))
            item = dict(view.page_items()).get(digits)
            if item is not None:
                return await _chosen(line, row, view, number, item, params)
        case Screen.ANSWER:
            if digits == "1":
                return Next(replace(view, intro=(), failures=0))
            if digits == "2":
                return await _next_part(line, row, view, number)
            if digits == "3" and line.sms and view.sms:
                return Next(replace(view, intro=(await _sms(line, row, view, params),), failures=0))
        case Screen.CONFIRM:
            back = View.from_dict(view.back or line.main(lang).as_dict())
            if digits == "1":
                return await _ask(line, row, back, number, params, text=view.words)
            if digits == "2":
                return Next(back.again(prompts.text("say-again", lang)))
    failed = _failed(view, "no-match")
    if failed.failures >= OPERATOR_AFTER:
        return await _ask(line, row, view, number, params, payload="/operator")
    return Next(failed)


async def _heard(line: Line, row: Call, view: View, number: int, params: dict, words: str,
                 confidence: str | None) -> Next:
    """Words the caller said: confirmed back when the recogniser was unsure, else understood."""
    try:
        sure = float(confidence) if confidence not in (None, "") else 1.0
    except ValueError:
        sure = 0.0
    # what is kept and repeated has ИИН and phone numbers masked: they do not matter to the question
    words = mask(words)
    if view.screen == Screen.LANGUAGE:
        return Next(_failed(view, "no-match"))           # the language menu is keys only: nothing to recognise yet
    if sure < line.config.min_confidence and view.screen != Screen.CONFIRM:
        back = replace(view, intro=(), failures=0).as_dict()
        return Next(View(Screen.CONFIRM, view.language, words=words, back=back, speech=False, resume=view.resume,
                         items=(Item("yes", Action.YES), Item("no", Action.NO))))
    return await _ask(line, row, view, number, params, text=words)


async def _chosen(line: Line, row: Call, view: View, number: int, item: Item, params: dict) -> Next:
    match item.payload:
        case Action.RESTART:
            return Next(replace(view, screen=Screen.ANSWER, part=0, intro=(), items=(), page=0, failures=0))
        case Action.SMS:
            return Next(replace(view, intro=(await _sms(line, row, view, params),), failures=0))
    return await _ask(line, row, view, number, params, payload=item.payload)


async def _next_part(line: Line, row: Call, view: View, number: int) -> Next:
    if view.part + 1 < len(view.parts):
        return Next(replace(view, part=view.part + 1, intro=(), failures=0))
    if view.more:                                     # more offices: the next page of the list
        return await _ask(line, row, view, number, params, payload=view.more)
    lang = view.language
    items = (Item(prompts.text("again-from-start", lang), Action.RESTART),) + \
        ((Item(prompts.text("by-sms", lang), Action.SMS),) if line.sms and view.sms else ()) + view.after
    heard = {"outcome": Outcome.ANSWERED} if row.outcome == Outcome.IN_PROGRESS else {}
    return Next(replace(view, screen=Screen.CHOICES, intro=(prompts.text("answer-end", lang),), items=items,
                        page=0, failures=0), values=heard)


async def _ask(line: Line, row: Call, view: View, number: int, params: dict, **said) -> Next:
    """The engine's answer as the next view; the queue when it hands the call to a person."""
    new, out = await line.view_after(row.call_sid, number, view, **said)
    values: dict = {}
    if new.language and new.language != row.language:
        values["language"] = new.language
    if new.screen == Screen.ANSWER and new.sms and _is_service_answer(out):
        values["answer"] = new.sms
    if new.screen == Screen.QUEUE:
        return await _queue(line, row, view, new, out, values, params.get("From") or "")
    return Next(new, values=values)


def _is_service_answer(out: list[Outgoing]) -> bool:
    return any(isinstance(m, Reply) and m.purpose in (Purpose.ANSWER, Purpose.MORE) for m in out)


async def _queue(line: Line, row: Call, view: View, new: View, out: list[Outgoing], values: dict,
                 caller: str) -> Next:
    handoff = next(m for m in out if isinstance(m, Handoff))
    language = handoff.language or view.language
    card = await line.post_card(handoff, row.call_sid, caller)
    values.update(card=card, queued_at=now(), outcome=Outcome.OPERATOR, language=language)
    document = twiml.enqueue(line.voice, language, (), line.config.queue(language),
                             line.config.url("/ivr/wait"), line.config.url("/ivr/dequeued"))
    return Next(replace(new, language=language), twiml=document, values=values)


async def _sms(line: Line, row: Call, view: View, params: dict, text: str | None = None,
               outcome_of: str | None = None) -> str:
    """The answer sent to the caller's phone; what to tell them."""
    lang = view.language
    number = params.get("From") or ""
    if text is None:
        texts = [t for t in (row.answer, view.sms) if t]
        text = "\n\n".join(dict.fromkeys(texts))
    if not text:
        return prompts.text("sms-nothing", lang)
    if not can_receive(number):
        return prompts.text("sms-no-number", lang)
    sent = await line.texter.send(number, text)
    await line.calls.sms_sent(row.call_sid, sent.parts, sent.sent, sent.error, outcome_of)
    return prompts.text("sms-failed" if sent.error else "sms-sent", lang)


async def _resume(line: Line, row: Call, view: View, params: dict) -> Next:
    dropped = await line.calls.get(view.resume)
    said = await _sms(line, row, view, params, text=dropped.answer if dropped else "", outcome_of=view.resume)
    return Next(view.again(said, failures=0))
