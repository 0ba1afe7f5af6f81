"""The Telegram channel's own tables (SQLAlchemy 2 typed models), beside the conversations.

The conversation itself — its state and transcript — is the engine's (`dialogs.models`).
Here is only what Telegram needs: who a chat belongs to, the operators' topic of each
citizen, which relayed message is the copy of which (for edits), and which updates
were handled (for repeated deliveries).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

TelegramId = Annotated[int, mapped_column(BigInteger)]          # Telegram's ids pass 2**31
Moment = Annotated[datetime, mapped_column(DateTime(timezone=True))]


class BotBase(DeclarativeBase):
    pass


class Desk(StrEnum):
    """Where the citizen stands with the operators."""
    NONE = "none"            # with the assistant
    WAITING = "waiting"      # handed over, no operator has answered yet (in the queue)
    TALKING = "talking"      # an operator has answered


class Citizen(BotBase):
    __tablename__ = "tg_citizens"

    user_id: Mapped[TelegramId] = mapped_column(primary_key=True)
    chat_id: Mapped[TelegramId]
    language: Mapped[str | None] = mapped_column(String(8))      # of the last reply, until a choice is stored
    blocked: Mapped[bool] = mapped_column(default=False)         # they blocked the bot (Telegram said 403)
    banned: Mapped[bool] = mapped_column(default=False)          # an operator stopped relaying them (/ban)
    topic_id: Mapped[TelegramId | None]                          # their topic in the operators' group
    card_message_id: Mapped[TelegramId | None]                   # the pinned context card in it
    desk: Mapped[Desk] = mapped_column(String(16), default=Desk.NONE)
    waiting_since: Mapped[Moment | None]
    keyboard_language: Mapped[str | None] = mapped_column(String(8))   # the reply keyboard's, as last sent

    __table_args__ = (Index("ix_tg_citizens_topic", "topic_id"), Index("ix_tg_citizens_desk", "desk"))


class MessagePair(BotBase):
    """A relayed message and its copy: the citizen's message and the topic's, whichever came first."""
    __tablename__ = "tg_message_pairs"
    __table_args__ = (UniqueConstraint("citizen_id", "citizen_message_id"), Index("ix_tg_pairs_topic",
                                                                                  "topic_message_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    citizen_id: Mapped[TelegramId]
    citizen_message_id: Mapped[TelegramId]
    topic_message_id: Mapped[TelegramId]
    from_citizen: Mapped[bool]
    at: Mapped[Moment]


class HandledUpdate(BotBase):
    """An update whose handling finished: a repeated delivery of it is skipped. Kept a few days only:
    Telegram may begin its ids anew after a week without updates, and another bot on the same
    database has ids of its own."""
    __tablename__ = "tg_updates"
    __table_args__ = (Index("ix_tg_updates_at", "at"),)

    bot_id: Mapped[TelegramId] = mapped_column(primary_key=True, autoincrement=False)
    update_id: Mapped[TelegramId] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[Moment]
