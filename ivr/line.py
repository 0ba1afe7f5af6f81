"""What every step of a call is handed: the engine, the calls' rows, the voice, SMS and the operators.

Also the few things a step asks of them that are more than one call: a turn of the engine with
the NLU's time limit, the answer's rest fetched at once (a caller pages through parts, not
"show more"), the main menu, and the operators' context card.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

import phonenumbers

from dialogs.engine import clean
from dialogs.messages import Event, Handoff, Outgoing, Signal
from dialogs.payloads import Command, unpack
from dialogs.runner import Runner
from ivr import prompts, views
from ivr.calls import Calls, conversation_of, now
from ivr.config import VoiceConfig
from ivr.sms import Texter
from ivr.twiml import Voice
from ivr.views import Ask, Item, Screen, View

log = logging.getLogger("qyzmet.ivr")
CHANNEL = "voice"
Notify = Callable[[dict, str], Awaitable[int | None]]  # (the card, the number to call back or ""): its message id
Withdraw = Callable[[int], Awaitable[bool]]            # a posted card deleted (forget-me), by its message id
MORE_ROUNDS = 5           # "show more" asked of the engine at most this often for one answer (it has two parts)


class TooSlow(Exception):
    """The NLU did not answer within the voice line's limit: the caller is offered keys."""


def _command(payload: str) -> Command | None:
    chosen = unpack(payload)
    return chosen.command if chosen is not None else None


def callback_number(number: str) -> str:
    """The caller's number to call back (E.164), or "" when there is none to call: hidden ("anonymous"),
    a SIP address, a number that cannot be one."""
    try:
        parsed = phonenumbers.parse(number, "KZ")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return "" if number in TWILIO_STAND_INS else number


# What Twilio puts in `From` when the caller's number is withheld or unknown: numbers that spell
# "anonymous", "unknown", "restricted", "blocked" on a keypad. Some are possible numbers elsewhere
# (+86…: China); a call-back link to them would ring a stranger.
TWILIO_STAND_INS = frozenset({"+266696687", "+86282452253", "+8656696", "+7378742833", "+2562533"})


def masked_number(number: str) -> str:
    """The caller's number as the kept card shows it: the country and the last two digits."""
    try:
        parsed = phonenumbers.parse(number, "KZ")
        digits = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "—"
    return f"+{parsed.country_code} … {digits[-2:]}"


@dataclass(frozen=True, slots=True)
class Line:
    config: VoiceConfig
    runner: Runner
    calls: Calls
    voice: Voice
    texter: Texter | None = None
    notify: Notify | None = None            # posts a card to the operators' Telegram group
    withdraw: Withdraw | None = None        # and deletes it

    @property
    def sms(self) -> bool:
        return self.texter is not None

    def step_url(self, step: int) -> str:
        return self.config.url(f"/ivr/step?s={step}")

    def main(self, language: str, resume: str = "") -> View:
        return View(Screen.MAIN, language, resume=resume)

    def services(self, language: str, resume: str = "") -> View:
        standards = self.runner.engine.standards
        items = tuple(Item(std.name(language), f"/{Command.SERVICE} {sid}") for sid, std in standards.items())
        return View(Screen.CHOICES, language, intro=(prompts.text("services-heading", language),), items=items,
                    resume=resume)

    async def understand(self, event: Event) -> object:
        engine = self.runner.engine
        if self.runner.inline:
            return engine.understand(clean(event))        # in process: a few milliseconds
        loop = asyncio.get_running_loop()
        try:
            # in a copy of this context: the NLU's log lines keep the request's id (dialogs.tracing)
            return await asyncio.wait_for(loop.run_in_executor(None, contextvars.copy_context().run,
                                                               engine.understand, clean(event)),
                                          self.config.nlu_timeout)
        except TimeoutError:
            raise TooSlow from None

    async def turn(self, call_sid: str, step: int, **said) -> list[Outgoing]:
        """One event of the call through the engine; text through the NLU within its time limit."""
        event = Event(conversation_of(call_sid), CHANNEL, id=f"{call_sid}:{step}", **said)
        if event.text:
            return await self.runner.handle(event, parse=await self.understand(event))
        return await self.runner.handle(event)

    def and_more(self, language: str):
        def said(count: int) -> str:
            return prompts.text("and-more", language, count=count)
        return said

    async def view_after(self, call_sid: str, step: int, current: View, **said) -> tuple[View, list[Outgoing]]:
        """The engine's answer to what the caller did, as the next view; an answer arrives whole."""
        out = await self.turn(call_sid, step, **said)
        language = current.language
        main = self.main(language, current.resume)
        view = replace(views.from_engine(out, language, self.and_more(language), main), resume=current.resume)
        language = view.language
        if view.ask == Ask.PLACE and self.voice.speech_language(language) is None:
            # a town cannot be said (Kazakh on keys): the regions at once
            regions = await self.runner.handle(Event(conversation_of(call_sid), CHANNEL,
                                                     payload=f"/{Command.REGION}", id=f"{call_sid}:{step}:regions"))
            out += regions
            view = replace(views.from_engine(regions, language, self.and_more(language), main), resume=current.resume)
        elif view.ask == Ask.SERVICE:
            view = replace(view, items=self.services(language).items)
        rounds = 0
        while view.screen == Screen.ANSWER and _command(view.more) == Command.MORE and rounds < MORE_ROUNDS:
            rounds += 1
            rest = await self.runner.handle(Event(conversation_of(call_sid), CHANNEL, payload=view.more,
                                                  id=f"{call_sid}:{step}:more{rounds}"))
            more = views.from_engine(rest, language, self.and_more(language), main)
            if more.screen != Screen.ANSWER:
                break
            out += rest
            view = replace(view, parts=view.parts + more.parts, after=more.after, more=more.more,
                           sms="\n\n".join(filter(None, (view.sms, more.sms))))
        return view, out

    def card(self, handoff: Handoff, call_sid: str, number: str, language: str | None) -> dict:
        """The operators' context card, kept with the call (the screen-pop and the whisper read it): the
        caller's number masked, as everything that is kept or logged has it (post_card adds it whole)."""
        c = handoff.context or {}
        return {"call": call_sid, "channel": CHANNEL, "language": language, "reason": str(handoff.reason),
                "service": c.get("service"), "situation": c.get("situation") or {}, "place": c.get("place"),
                "caller": masked_number(number), "queued_at": now().isoformat(timespec="seconds"),
                "transcript": c.get("last_turns") or []}

    def post_card(self, card: dict, number: str) -> None:
        """The card to the operators' Telegram group, in the background (the caller is not kept waiting).

        Only this post has the caller's whole number, for a call back if the call drops: it is taken from
        the webhook in hand, as Twilio sent it, and goes nowhere else — not into the kept card, the
        transcript, /ivr/context, a log line or an error (the number is never stored: only its hash)."""
        if self.notify is not None:
            task = asyncio.get_running_loop().create_task(self._post(card, callback_number(number)))
            task.add_done_callback(_log_failure)

    async def _post(self, card: dict, callback: str) -> None:
        posted = await self.notify(card, callback)
        if posted is not None and not await self.calls.posted(card["call"], posted):
            await self.withdraw_cards([posted])       # the caller had the call forgotten while the card was on its way

    async def withdraw_cards(self, posted: list[int]) -> None:
        for message in posted if self.withdraw is not None else ():
            await self.withdraw(message)

    async def hang_up(self, call_sid: str) -> None:
        await self.runner.handle(Event(conversation_of(call_sid), CHANNEL, signal=Signal.HANG_UP,
                                       id=f"{call_sid}:hangup"))


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the call's card could not be posted to the operators: %s", type(task.exception()).__name__)
