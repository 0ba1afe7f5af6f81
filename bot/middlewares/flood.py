"""A per-citizen flood limit: past N messages in T seconds they are told once to slow down, and the
rest of that window is dropped. Counted in aiogram's storage (Redis when configured, shared
by every process)."""

from __future__ import annotations

import time

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import FloodLimit


class FloodControl(BaseMiddleware):
    def __init__(self, limit: FloodLimit, clock=time.time) -> None:
        self.limit, self.clock = limit, clock

    async def __call__(self, handler, event: Message | CallbackQuery, data):
        state: FSMContext | None = data.get("state")
        chat = event.chat if isinstance(event, Message) else event.message.chat if event.message else None
        if state is None or chat is None or chat.type != "private":      # operators are not limited
            return await handler(event, data)
        now = self.clock()
        kept = await state.get_data()
        flood = kept.get("flood") or {}
        start, count, warned = flood.get("start", 0.0), flood.get("count", 0), flood.get("warned", False)
        if now - start >= self.limit.seconds:
            start, count, warned = now, 0, False
        count += 1
        over = count > self.limit.messages
        # set, not update_data (which reads the data again): the chat's lock is held, nothing changed it since
        await state.set_data({**kept, "flood": {"start": start, "count": count, "warned": warned or over}})
        if not over:
            return await handler(event, data)
        if not warned:
            text = _("You are sending messages too fast. Please wait a minute, then write again.")
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
            else:
                await event.answer(text)
        elif isinstance(event, CallbackQuery):
            await event.answer()
        return None
