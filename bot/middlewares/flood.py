"""A per-citizen flood limit: past N messages in T seconds they are told once to slow down, and the
rest of that window is dropped. Counted in a key of its own in Redis when configured (shared by every
process; in the same round trip as the chat's lock: bot.storage), else in the process's memory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import FloodLimit

# the chat's messages in its current window (which starts with its first message), this one included
Count = Callable[[StorageKey, int], Awaitable[int]]


class FloodControl(BaseMiddleware):
    def __init__(self, limit: FloodLimit, count: Count) -> None:
        self.limit, self.count = limit, count

    async def __call__(self, handler, event: Message | CallbackQuery, data):
        state: FSMContext | None = data.get("state")
        chat = event.chat if isinstance(event, Message) else event.message.chat if event.message else None
        if state is None or chat is None or chat.type != "private":      # operators are not limited
            return await handler(event, data)
        counted = await self.count(state.key, self.limit.seconds)
        if counted <= self.limit.messages:
            return await handler(event, data)
        if counted == self.limit.messages + 1:          # the first one over: told once
            text = _("You are sending messages too fast. Please wait a minute, then write again.")
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
            else:
                await event.answer(text)
        elif isinstance(event, CallbackQuery):
            await event.answer()                        # the button stops spinning
        return None
