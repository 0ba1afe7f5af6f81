"""A caller's "forget me" (the main menu's 7, confirmed with 1): the records of their calls erased.

A caller is known only by a keyed hash of their number (ivr.calls.caller_hash), so every call with
this call's hash is theirs: its row (the menus heard, the last answer, the operators' card), its SMS
records, its conversation in the engine ("voice:<CallSid>": the transcript, the remembered answers,
the language), the caller's own words said back (private audio), and the card posted to the
operators' Telegram group (deleted; Telegram lets a bot do so for 48 hours after posting).

A call of the past day leaves a tombstone: its row with nothing of the caller (no hash, no menus, no
card, not even when it started), marked forgotten. Twilio may still send that call's webhooks — the
confirming press delivered again, the status callback, a step of another call from the number still
going on — and each then finds the tombstone: it is told goodbye, and nothing is written again (no new
row under the caller's hash, no conversation). Older calls are deleted outright.

A hidden or unreadable number ("anonymous", a SIP address) hashes alike for every such caller: then
only this call is erased, never other people's.

Caller ids can be forged. Someone who forges another person's number can erase that person's call
records, which nobody but the contact centre reads; they learn nothing by it. (They also reset the
daily SMS limit of that number, which counts the SMS records; the per-call limit still holds.)
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import phonenumbers
from sqlalchemy import delete, select, update

from ivr.calls import POSTED, conversation_of, forgotten, now
from ivr.line import Line
from ivr.models import Call, Outcome, Sms

log = logging.getLogger("qyzmet.ivr")
LIVE = timedelta(days=1)        # Twilio ends a call after 24 hours at most: an older one sends no more webhooks
_withdrawing: set[asyncio.Task] = set()      # cards being deleted in the background (a task needs a reference)


def identifies(number: str) -> bool:
    """A number that is one line's own (not hidden, not a SIP address): its calls are one caller's."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, "KZ"))
    except phonenumbers.NumberParseException:
        return False


def _tombstone() -> dict:
    """A forgotten call's row: its SID and that it was forgotten, nothing of the caller."""
    return dict(caller="", language=None, view={}, step=0, last_request=None, last_twiml=None, answer=None,
                status="forgotten", duration=None, outcome=Outcome.FORGOTTEN, card=None, queued_at=None,
                started_at=now(), updated_at=now())


async def forget_caller(line: Line, call: Call, every_call: bool) -> int:
    """Erase this call's records, and with `every_call` those of every call from the same number;
    how many calls were erased."""
    def erase(s) -> tuple[list[str], list[int]]:
        # one transaction, the rows locked: a step or status callback of these calls waits, then finds tombstones
        mine = Call.caller == call.caller if every_call else Call.call_sid == call.call_sid
        recent = Call.started_at >= now() - LIVE
        rows = s.execute(select(Call.call_sid, Call.card, recent).where(mine | (Call.call_sid == call.call_sid))
                         .with_for_update()).all()
        sids = [sid for sid, _, _ in rows]
        cards = [card[POSTED] for _, card, _ in rows if isinstance(card, dict) and isinstance(card.get(POSTED), int)]
        live = [sid for sid, _, young in rows if young or sid == call.call_sid]
        s.execute(delete(Sms).where(Sms.call_sid.in_(sids)))
        s.execute(delete(Call).where(Call.call_sid.in_(set(sids) - set(live))))
        s.execute(update(Call).where(Call.call_sid.in_(live)).values(**_tombstone()))
        return sids, cards
    sids, cards = await line.calls.db.run(erase)
    for sid in sids:          # after the tombstones: anything written for these calls from now on is erased again
        await erase_outside_row(line, sid)
    if cards:                 # in the background: the caller hears the confirmation without waiting for Telegram
        task = asyncio.get_running_loop().create_task(line.withdraw_cards(cards))
        _withdrawing.add(task)
        task.add_done_callback(_withdrawing.discard)
    log.info("a caller erased the records of their calls: %d", len(sids))
    return len(sids)


async def erase_outside_row(line: Line, sid: str) -> None:
    """What a call keeps outside its row: its conversation in the engine (in turn with the conversation's
    other events, like Telegram's /forget) and the caller's own words said back."""
    await line.runner.forget(conversation_of(sid), conversation_of(sid))
    line.voice.audio.forget(sid)


async def erased_meanwhile(line: Line, sid: str) -> bool:
    """Whether the call has been forgotten; if so, what was just written outside its row (an engine turn, the
    hang-up) while the erase ran goes too. Called after such a write: the erase makes the tombstone before it
    erases conversations, so a write either precedes that erase or is seen here."""
    if not forgotten(await line.calls.get(sid)):
        return False
    await erase_outside_row(line, sid)
    return True
