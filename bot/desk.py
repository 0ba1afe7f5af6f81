"""The operators' desk: one forum supergroup, one topic per citizen, messages relayed both ways.

A citizen's topic is created on their first handover and reused after; if Telegram says
it is gone, it is made again. A per-citizen lock (and, between processes, aiogram's event
isolation on the citizen's updates) means two handovers at once still make one topic.
Every relayed message is stored with its copy, so an edit on either side is mirrored.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import Message
from sqlalchemy import delete, func, select

from bot import card
from bot.config import BotConfig
from bot.db import Database
from bot.db.models import Citizen, Desk as DeskState, MessagePair
from bot.deliver import NO_PREVIEW
from bot.i18n import Catalogs
from dialogs.messages import Handoff

log = logging.getLogger("qyzmet.bot.desk")
T = TypeVar("T")
GONE = ("message thread not found", "topic_deleted", "topic not found", "thread not found")
CLOSED = ("topic_closed",)


class Handover(StrEnum):
    QUEUED = "queued"              # operators are at work: the citizen waits in the queue
    AFTER_HOURS = "after_hours"    # kept for when they are back
    UNAVAILABLE = "unavailable"    # no operators' group configured, or this citizen is barred


@dataclass(frozen=True, slots=True)
class Queued:
    handover: Handover
    position: int = 0              # in the queue, 1 for the next
    opens: datetime | None = None  # when operators are back (after hours)


def now() -> datetime:
    return datetime.now(UTC)


def code_of(user_id: int) -> str:
    """A short, stable name for a citizen in the operators' group (not their name, nor their id)."""
    return "Q-" + hashlib.sha256(f"tg:{user_id}".encode()).hexdigest()[:6].upper()


class Desk:
    def __init__(self, bot: Bot, db: Database, config: BotConfig, i18n: Catalogs,
                 clock: Callable[[], datetime] = now) -> None:
        self.bot, self.db, self.config, self.i18n, self.clock = bot, db, config, i18n, clock
        self.chat = config.operators_chat_id
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _(self, text: str) -> str:
        return self.i18n.gettext(text, locale=self.config.operator_language)

    def lock(self, user_id: int) -> asyncio.Lock:
        found = self._locks.get(user_id)
        if found is None:
            found = self._locks[user_id] = asyncio.Lock()
        return found

    async def citizen(self, user_id: int) -> Citizen | None:
        return await self.db.run(lambda s: s.get(Citizen, user_id))

    async def _update(self, user_id: int, **values) -> None:
        def write(s):
            row = s.get(Citizen, user_id, with_for_update=True)
            if row is not None:
                for k, v in values.items():
                    setattr(row, k, v)
        await self.db.run(write)

    # ------------------------------------------------------------ the topic

    async def _new_topic(self, user_id: int, handoff: Handoff | None) -> int:
        name = card.topic_name(handoff, code_of(user_id)) if handoff else code_of(user_id)
        topic = await self.bot.create_forum_topic(self.chat, name)
        await self._update(user_id, topic_id=topic.message_thread_id, card_message_id=None)
        return topic.message_thread_id

    async def in_topic(self, user_id: int, send: Callable[[int], Awaitable[T]], handoff: Handoff | None = None) -> T:
        """`send(thread_id)` in the citizen's topic: made if there is none, reopened if closed, made
        again if Telegram says it is gone."""
        async with self.lock(user_id):
            row = await self.citizen(user_id)
            thread = row.topic_id if row is not None and row.topic_id else await self._new_topic(user_id, handoff)
            try:
                return await send(thread)
            except TelegramBadRequest as e:
                said = str(e).lower()
                if any(g in said for g in CLOSED):
                    await self.bot.reopen_forum_topic(self.chat, thread)
                elif any(g in said for g in GONE):
                    log.info("the topic of %s is gone: making it again", code_of(user_id))
                    thread = await self._new_topic(user_id, handoff)
                    if handoff is None:       # a relay into a new topic: the operator sees who it is first
                        await self._post(thread, self._("The earlier topic of this citizen was deleted; "
                                                        "this one continues it."))
                else:
                    raise
                return await send(thread)

    async def _post(self, thread: int, html_text: str) -> Message:
        return await self.bot.send_message(self.chat, html_text, message_thread_id=thread, parse_mode=ParseMode.HTML,
                                           link_preview_options=NO_PREVIEW)

    async def note(self, user_id: int, text: str) -> None:
        """A line for the operators in the citizen's topic (plain text, escaped); a group that cannot
        be reached loses the note, not the citizen's turn."""
        if self.chat is None:
            return
        row = await self.citizen(user_id)
        if row is None or not row.topic_id:
            return
        try:
            await self.in_topic(user_id, lambda thread: self._post(thread, "ℹ️ " + html.escape(text)))
        except (TelegramBadRequest, TelegramForbiddenError) as e:
            log.warning("could not post a note in the topic of %s: %s", code_of(user_id), e)

    # ------------------------------------------------------------ handing over

    async def escalate(self, user_id: int, handoff: Handoff) -> Queued:
        if self.chat is None:
            return Queued(Handover.UNAVAILABLE)
        row = await self.citizen(user_id)
        if row is not None and row.banned:
            return Queued(Handover.UNAVAILABLE)
        since = self.clock()
        if row is not None and row.topic_id:
            try:
                await self.bot.reopen_forum_topic(self.chat, row.topic_id)
            except TelegramBadRequest:
                pass                   # open already (TOPIC_NOT_MODIFIED), or gone: in_topic makes it again
        text = card.text(handoff, since, self.config.resolution_codes, self._)
        posted = await self.in_topic(user_id, lambda thread: self._post(thread, text), handoff)
        try:
            await self.bot.pin_chat_message(self.chat, posted.message_id, disable_notification=True)
        except TelegramBadRequest as e:          # no right to pin: the card is still the topic's first message
            log.warning("could not pin the card: %s", e)
        await self._update(user_id, card_message_id=posted.message_id, desk=DeskState.WAITING, waiting_since=since)
        if not self.config.hours.open_at(since):
            return Queued(Handover.AFTER_HOURS, opens=self.config.hours.next_opening(since))
        return Queued(Handover.QUEUED, await self.position(user_id))

    async def position(self, user_id: int) -> int:
        def count(s) -> int:
            mine = s.get(Citizen, user_id)
            if mine is None or mine.waiting_since is None:
                return 1
            return s.scalar(select(func.count()).select_from(Citizen).where(
                Citizen.desk == DeskState.WAITING, Citizen.waiting_since <= mine.waiting_since)) or 1
        return await self.db.run(count)

    async def joined(self, user_id: int) -> None:
        await self._update(user_id, desk=DeskState.TALKING, waiting_since=None)

    async def released(self, user_id: int, note: str, close: bool = False) -> None:
        """The takeover ended (closed, handed back, the citizen left): the topic says so."""
        await self._update(user_id, desk=DeskState.NONE, waiting_since=None)
        await self.note(user_id, note)
        row = await self.citizen(user_id)
        if close and row is not None and row.topic_id:
            try:
                await self.bot.close_forum_topic(self.chat, row.topic_id)
            except TelegramBadRequest as e:
                log.info("could not close the topic of %s: %s", code_of(user_id), e)

    # ------------------------------------------------------------ relaying

    async def _pair(self, citizen_id: int, citizen_message_id: int, topic_message_id: int, from_citizen: bool):
        def add(s):
            s.add(MessagePair(citizen_id=citizen_id, citizen_message_id=citizen_message_id,
                              topic_message_id=topic_message_id, from_citizen=from_citizen, at=self.clock()))
        await self.db.run(add)

    async def from_citizen(self, user_id: int, message: Message | None, text: str) -> None:
        """The citizen's message, into their topic: copied as it is (text, photo, document, voice), or, without
        one (a pressed button, a contact), `text`."""
        if self.chat is None:
            return
        row = await self.citizen(user_id)
        if row is None or row.banned:
            return
        if message is not None:
            copied = await self.in_topic(user_id, lambda thread: self.bot.copy_message(
                self.chat, message.chat.id, message.message_id, message_thread_id=thread))
            await self._pair(user_id, message.message_id, copied.message_id, True)
        else:
            await self.in_topic(user_id, lambda thread: self._post(thread, html.escape(text)))

    async def to_citizen(self, row: Citizen, message: Message) -> int | None:
        """An operator's message, copied to the citizen; None if the citizen blocked the bot."""
        try:
            copied = await self.bot.copy_message(row.chat_id, self.chat, message.message_id)
        except TelegramForbiddenError:
            await self._update(row.user_id, blocked=True)
            await self.note(row.user_id, self._("The citizen has blocked the bot: they will not get messages."))
            return None
        await self._pair(row.user_id, copied.message_id, message.message_id, False)
        return copied.message_id

    async def pair_of(self, *, citizen_id: int | None = None, citizen_message_id: int | None = None,
                      topic_message_id: int | None = None) -> MessagePair | None:
        def find(s):
            q = select(MessagePair)
            if topic_message_id is not None:
                q = q.where(MessagePair.topic_message_id == topic_message_id)
            else:
                q = q.where(MessagePair.citizen_id == citizen_id, MessagePair.citizen_message_id == citizen_message_id)
            return s.scalars(q.limit(1)).first()
        return await self.db.run(find)

    async def forget(self, user_id: int) -> None:
        """What the channel kept of a citizen's chat, at their request: which messages were relayed, their
        language, their place in the queue. Kept: whether operators barred them, and their topic (the
        operators' record, reused if they come back)."""
        def reset(s):
            s.execute(delete(MessagePair).where(MessagePair.citizen_id == user_id))
            row = s.get(Citizen, user_id, with_for_update=True)
            if row is not None:
                row.language = row.keyboard_language = row.waiting_since = None
                row.desk = DeskState.NONE
        await self.db.run(reset)

    async def by_topic(self, thread: int) -> Citizen | None:
        return await self.db.run(lambda s: s.scalars(select(Citizen).where(Citizen.topic_id == thread)).first())
