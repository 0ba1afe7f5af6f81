"""The calls' rows: read, and written back only by the step that read them (a row lock and a step count).

Twilio may deliver a webhook twice (a retry after a slow answer). A step carries its number
(`?s=N`): the step the call is at is handled; the one before it, with the same parameters, gets
the answer it got the first time; anything older hears the current menu again, and changes nothing.

A call the caller had erased (ivr.forget) keeps a tombstone row, which nothing here writes to again.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import phonenumbers
from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.exc import IntegrityError

from dialogs.sessions import Database
from ivr.models import Call, Outcome, Sms

RESUME_WITHIN = timedelta(hours=24)
FINAL = ("completed", "busy", "no-answer", "failed", "canceled")
SMS_PER_CALL = 3           # an SMS is the caller's own answer; more would be someone using us to send texts
SMS_PER_DAY = 10           # to one number (a caller id can be forged)
POSTED = "telegram_message"   # the card's key for its message in the operators' group (deleted on forget-me)


@dataclass(frozen=True, slots=True)
class Claim:
    """An SMS claimed for one step: its row's id; None when another delivery has it (or it is refused)."""
    id: int | None
    refused: bool = False


_ROW = select(Call.__table__).where(Call.__table__.c.call_sid == bindparam("call_sid"))      # built once


def now() -> datetime:
    return datetime.now(timezone.utc)


def caller_hash(key: bytes, number: str) -> str:
    """The caller, known without keeping their number: a keyed hash of it in one spelling."""
    try:
        parsed = phonenumbers.parse(number, "KZ")
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        number = number.strip()            # "anonymous", a SIP address: hashed as it came
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()[:40]


def conversation_of(call_sid: str) -> str:
    return f"voice:{call_sid}"


def forgotten(row: Call | None) -> bool:
    """The call's row is a tombstone: the caller had its records erased (ivr.forget)."""
    return row is not None and row.outcome == Outcome.FORGOTTEN


class Calls:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, call_sid: str) -> Call | None:
        """The call's row, as a Call attached to no session (to read: a step writes through `advance`)."""
        def read(c) -> Call | None:
            found = c.execute(_ROW, {"call_sid": call_sid}).first()
            return None if found is None else Call(**found._mapping)
        return await self.db.read(read)

    async def start(self, call_sid: str, caller: str, view: dict) -> tuple[Call, bool, str]:
        """The call's row, made now unless it exists (a repeated first webhook); whether it was made; and
        the caller's call of the past day that ended in the middle of an answer ("" if none)."""
        def work(s):
            row = s.get(Call, call_sid)
            if row is not None:
                return row, False, ""
            last = s.scalars(select(Call).where(Call.caller == caller, Call.started_at >= now() - RESUME_WITHIN)
                             .order_by(Call.started_at.desc()).limit(1)).first()
            row = Call(call_sid=call_sid, caller=caller, view=view, step=0, status="in-progress",
                       outcome=Outcome.IN_PROGRESS, started_at=now(), updated_at=now())
            s.add(row)
            return row, True, last.call_sid if last is not None and last.outcome == Outcome.DROPPED else ""
        try:
            return await self.db.run(work)
        except IntegrityError:
            # the same first webhook, delivered twice at once: the other delivery made the row
            return await self.get(call_sid), False, ""

    async def advance(self, call_sid: str, step: int, view: dict, request: str, twiml: str, **values) -> bool:
        """The step's result written, if the call is still at `step` (else another delivery won)."""
        calls = Call.__table__
        changes = {**values, "step": step + 1, "view": view, "last_request": request, "last_twiml": twiml,
                   "updated_at": now()}
        if "outcome" in values:
            # the status callback came first and said how it ended: that stays
            changes["outcome"] = case((calls.c.status.in_(FINAL), calls.c.outcome), else_=values["outcome"])
        # One statement, not a locked read and a write: the row is written only if the call is still at
        # this step (PostgreSQL checks that again on the newest row if another delivery wrote it meanwhile)
        written = (update(calls).where(calls.c.call_sid == call_sid, calls.c.step == step,
                                       calls.c.outcome != Outcome.FORGOTTEN).values(changes))
        return await self.db.run(lambda s: s.execute(written).rowcount == 1, alone=True)

    async def update(self, call_sid: str, **values) -> None:
        def work(s):
            row = s.get(Call, call_sid, with_for_update=True)
            if row is not None and not forgotten(row):
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_at = now()
        await self.db.run(work)

    async def ended(self, call_sid: str, status: str, duration: int | None) -> Call | None:
        """The status callback: the status and duration kept; a call that ended in the middle of an answer
        is marked, so that the caller's next call offers it by SMS. None: no row, or a forgotten call's."""
        def work(s):
            row = s.get(Call, call_sid, with_for_update=True)
            if row is None or forgotten(row):
                return None
            row.status, row.updated_at = status, now()
            if duration is not None:
                row.duration = duration
            if status in FINAL and row.outcome == Outcome.IN_PROGRESS:
                view = row.view or {}
                unfinished = view.get("screen") == "answer" and view.get("part", 0) + 1 < len(view.get("parts") or ())
                row.outcome = Outcome.DROPPED if unfinished and row.answer else Outcome.LEFT
            if status in FINAL and (row.view or {}).get("words"):
                # the caller's own words, kept to be confirmed: not once the call is over
                row.view = {**row.view, "words": "", "back": None}
                row.last_twiml = None
            return row
        return await self.db.run(work)

    async def claim_sms(self, call: Call, step: int) -> Claim:
        """An SMS for this step of the call, claimed before it is sent (a repeated delivery of the step
        finds it taken, so one press sends once); refused when the call or the number had their share
        (an SMS that failed does not count)."""
        def work(s) -> Claim:
            if forgotten(s.get(Call, call.call_sid, with_for_update=True)):
                return Claim(None, refused=True)        # erased while this step was on its way
            sent = select(func.count()).select_from(Sms).where(Sms.error.is_(None))
            if s.scalar(sent.where(Sms.call_sid == call.call_sid)) >= SMS_PER_CALL or s.scalar(
                    sent.join(Call).where(Call.caller == call.caller,
                                          Sms.created_at >= now() - timedelta(days=1))) >= SMS_PER_DAY:
                return Claim(None, refused=True)
            sms = Sms(call_sid=call.call_sid, step=step, parts=0, sent=0, created_at=now())
            s.add(sms)
            s.flush()
            return Claim(sms.id)
        try:
            return await self.db.run(work)
        except IntegrityError:
            return Claim(None)                  # this step's SMS is another delivery's, already on its way

    async def sms_sent(self, sms_id: int, parts: int, sent: int, error: str | None, outcome_of: str | None = None):
        """What became of a claimed SMS; `outcome_of`: a dropped call whose answer it delivered."""
        def work(s):
            sms = s.get(Sms, sms_id, with_for_update=True)
            if sms is None:
                return                                  # the caller had their records erased meanwhile
            sms.parts, sms.sent, sms.error = parts, sent, error
            if not error:
                for sid in filter(None, (sms.call_sid, outcome_of)):
                    row = s.get(Call, sid, with_for_update=True)
                    if row is not None and row.outcome in (Outcome.IN_PROGRESS, Outcome.DROPPED):
                        row.outcome = Outcome.SMS
        await self.db.run(work)

    async def posted(self, call_sid: str, message_id: int) -> bool:
        """The Telegram message id of the call's card, kept so that forget-me can delete it; False when the
        call was forgotten (or its row is gone) while the card was on its way."""
        def work(s) -> bool:
            row = s.get(Call, call_sid, with_for_update=True)
            if row is None or forgotten(row):
                return False
            if isinstance(row.card, dict):
                row.card = {**row.card, POSTED: message_id}
            return True
        return await self.db.run(work)

    async def oldest_waiting(self, language: str, max_wait: int) -> Call | None:
        """The caller an operator of this language's queue gets next (Twilio's queues are first in, first
        out). A row queued longer than anyone may wait is a call whose end we never heard of: not counted."""
        def work(s):
            return s.scalars(select(Call).where(Call.language == language, Call.queued_at.is_not(None),
                                                Call.queued_at >= now() - timedelta(seconds=max_wait + 60),
                                                Call.status == "in-progress")
                             .order_by(Call.queued_at).limit(1)).first()
        return await self.db.run(work)
