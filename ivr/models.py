"""The voice line's own tables (SQLAlchemy 2 typed models), beside the conversations.

The conversation itself — its state and transcript — is the engine's, keyed "voice:<CallSid>".
Here is what only a call has: where the caller is in the spoken menus, the last answer given
to a webhook (a repeated delivery gets it again), the call's status and duration as Twilio
reported them, and each SMS sent. A caller is known only by a keyed hash of their number.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from sqlalchemy import JSON, DateTime, Engine, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from knowledge import db as knowledge_db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
Moment = Annotated[datetime, mapped_column(DateTime(timezone=True))]
Sid = Annotated[str, mapped_column(String(64))]


class VoiceBase(DeclarativeBase):
    pass


class Outcome(StrEnum):
    """How a call ended, as far as the caller is concerned."""
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"          # heard an answer to the end
    SMS = "sms"                    # got it by SMS
    OPERATOR = "operator"          # went to the operators' queue
    DROPPED = "dropped"            # hung up in the middle of an answer: offered by SMS on the next call
    LEFT = "left"                  # hung up anywhere else
    FORGOTTEN = "forgotten"        # erased at the caller's request: the row is a tombstone (ivr.forget)


class Call(VoiceBase):
    __tablename__ = "ivr_calls"

    call_sid: Mapped[Sid] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(64))              # keyed hash of the number, never the number
    language: Mapped[str | None] = mapped_column(String(8))
    view: Mapped[dict] = mapped_column(JSON, default=dict)      # what the caller is hearing (ivr.views.View)
    step: Mapped[int] = mapped_column(Integer, default=0)       # webhooks answered so far
    last_request: Mapped[str | None] = mapped_column(String(64))  # digest of the last webhook's parameters
    last_twiml: Mapped[str | None] = mapped_column(Text)          # and what it was answered
    answer: Mapped[str | None] = mapped_column(Text)              # the last answer in full, for SMS
    status: Mapped[str] = mapped_column(String(16), default="in-progress")
    duration: Mapped[int | None]                                  # seconds, from the status callback
    outcome: Mapped[Outcome] = mapped_column(String(16), default=Outcome.IN_PROGRESS)
    card: Mapped[dict | None] = mapped_column(JSON)               # the operators' context card (masked)
    queued_at: Mapped[Moment | None]
    started_at: Mapped[Moment]
    updated_at: Mapped[Moment]

    __table_args__ = (Index("ix_ivr_calls_caller", "caller", "started_at"),
                      Index("ix_ivr_calls_queue", "language", "queued_at"))


class Sms(VoiceBase):
    """One SMS the caller asked for: sent, or why not."""
    __tablename__ = "ivr_sms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_sid: Mapped[Sid] = mapped_column(ForeignKey("ivr_calls.call_sid", ondelete="CASCADE"))
    step: Mapped[int]                                           # the call's step that asked for it
    parts: Mapped[int]                                          # messages it took (1,600 characters each)
    sent: Mapped[int]                                           # of which the API accepted
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[Moment]

    __table_args__ = (UniqueConstraint("call_sid", "step"),)


def migrate(engine: Engine) -> None:
    knowledge_db.migrate(engine, MIGRATIONS)
