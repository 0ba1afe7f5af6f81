"""Who writes: the citizen's row, made on first contact, and the language they chose, read once per
update for every handler after it (the locale, the flood limit, the handlers)."""

from __future__ import annotations

from aiogram import BaseMiddleware
from aiogram.types import User

from bot.db import Database
from bot.db.models import Citizen, Desk
from dialogs.models import UserSettings


class KnownCitizen(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def __call__(self, handler, event, data):
        user: User | None = data.get("event_from_user")
        chat = data.get("event_chat")
        if user is None or chat is None or chat.type != "private":
            return await handler(event, data)

        def known(s) -> tuple[Citizen, str | None]:
            row = s.get(Citizen, user.id)
            if row is None:
                row = Citizen(user_id=user.id, chat_id=chat.id, blocked=False, banned=False, desk=Desk.NONE)
                s.add(row)
            elif row.blocked or row.chat_id != chat.id:
                row.blocked, row.chat_id = False, chat.id         # writing again shows they unblocked the bot
            chosen = s.get(UserSettings, f"telegram:{user.id}")
            return row, chosen.language if chosen is not None else None
        data["citizen"], data["chosen_language"] = await self.db.run(known)
        return await handler(event, data)
