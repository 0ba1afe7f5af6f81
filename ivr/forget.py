"""A caller's "forget me" (the main menu's 7, confirmed with 1): the records of their calls erased.

A caller is known only by a keyed hash of their number (ivr.calls.caller_hash), so every call with
this call's hash is theirs: its row (the menus heard, the last answer, the operators' card), its SMS
records, its conversation in the engine ("voice:<CallSid>": the transcript, the remembered answers,
the language), and the caller's own words said back (private audio). The call being made goes too:
its status callback then finds no row and keeps nothing.

A hidden or unreadable number ("anonymous", a SIP address) hashes alike for every such caller: then
only this call is erased, never other people's.

Caller ids can be forged. Someone who forges another person's number can erase that person's call
records, which nobody but the contact centre reads; they learn nothing by it. (They also reset the
daily SMS limit of that number, which counts the SMS records; the per-call limit still holds.)
"""

from __future__ import annotations

import logging

import phonenumbers
from sqlalchemy import delete, select

from ivr.calls import conversation_of
from ivr.line import Line
from ivr.models import Call, Sms

log = logging.getLogger("qyzmet.ivr")


def identifies(number: str) -> bool:
    """A number that is one line's own (not hidden, not a SIP address): its calls are one caller's."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, "KZ"))
    except phonenumbers.NumberParseException:
        return False


async def forget_caller(line: Line, call: Call, every_call: bool) -> int:
    """Erase this call's records, and with `every_call` those of every call from the same number;
    how many calls were erased."""
    def calls(s) -> list[str]:
        if not every_call:
            return [call.call_sid]
        return list(s.scalars(select(Call.call_sid).where(Call.caller == call.caller))) or [call.call_sid]
    sids = await line.calls.db.run(calls)
    for sid in sids:
        # in turn with the conversation's other events, like Telegram's /forget
        await line.runner.forget(conversation_of(sid), conversation_of(sid))
        line.voice.audio.forget(sid)

    def erase(s) -> int:
        s.execute(delete(Sms).where(Sms.call_sid.in_(sids)))
        return s.execute(delete(Call).where(Call.call_sid.in_(sids))).rowcount or 0
    erased = await line.calls.db.run(erase)
    log.info("a caller erased the records of their calls: %d", erased)
    return erased
