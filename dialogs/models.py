"""Conversation state and transcripts (SQLAlchemy 2 typed models), beside the knowledge base.

Tables of their own, with their own Alembic history (`dialogs/migrations`, version
table `alembic_version_dialogs`), so rebuilding the knowledge base never touches a
conversation in progress.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class DialogBase(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Conversation(DialogBase):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    user: Mapped[str] = mapped_column(String(200), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)   # see dialogs.state.State
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Turn(DialogBase):
    """One line of the transcript: what the citizen, the bot or an operator said (personal data masked)."""
    __tablename__ = "turns"
    __table_args__ = (Index("ix_turns_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    speaker: Mapped[str] = mapped_column(String(16))      # citizen | bot | operator | system
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)   # payload, intent, handoff context…


class UserSettings(DialogBase):
    """What the assistant remembers of a person across conversations: the language they chose."""
    __tablename__ = "user_settings"

    user: Mapped[str] = mapped_column(String(200), primary_key=True)
    language: Mapped[str] = mapped_column(String(16))


class Delivery(DialogBase):
    """An event already handled, by the channel's own id, with what was answered.

    Telegram re-sends an update its webhook did not acknowledge, a web client retries
    after a timeout: the repeat gets the same answer and changes nothing."""
    __tablename__ = "deliveries"

    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))        # of what the delivery said (dialogs.engine._digest)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answer: Mapped[list[Any]] = mapped_column(JSON, default=list)    # dialogs.messages.as_dict of each
