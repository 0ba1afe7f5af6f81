"""Who writes: the citizen's row, made on first contact, and the language they chose, read once per
update for every handler after it (the locale, the flood limit, the handlers)."""

from __future__ import annotations

from aiogram import BaseMiddleware
from aiogram.types import User
from sqlalchemy import bindparam, select

from bot.db import Database
from bot.db.models import Citizen, Desk
from dialogs.models import UserSettings

# The row and the chosen language in one statement, built once: nearly every update only reads them, and
# on PostgreSQL a read on its own is one round trip where a transaction is four (BEGIN, two reads, COMMIT).
# On the table, the row made into a Citizen not attached to any session: handlers only read it
_citizens = Citizen.__table__
_CHOSEN = select(UserSettings.language).where(UserSettings.user == bindparam("settings_of")).scalar_subquery()
_KNOWN = select(_citizens, _CHOSEN.label("chosen")).where(_citizens.c.user_id == bindparam("user_id"))


class KnownCitizen(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def __call__(self, handler, event, data):
        user: User | None = data.get("event_from_user")
        chat = data.get("event_chat")
        if user is None or chat is None or chat.type != "private":
            return await handler(event, data)

        def read(c) -> tuple[Citizen, str | None] | None:
            found = c.execute(_KNOWN, {"user_id": user.id, "settings_of": f"telegram:{user.id}"}).first()
            if found is None:
                return None
            row = dict(found._mapping)
            chosen = row.pop("chosen")
            return Citizen(**row), chosen

        def make_known(s) -> tuple[Citizen, str | None]:
            row = s.get(Citizen, user.id, with_for_update=True)
            if row is None:
                row = Citizen(user_id=user.id, chat_id=chat.id, blocked=False, banned=False, desk=Desk.NONE)
                s.add(row)
            else:
                row.blocked, row.chat_id = False, chat.id         # writing again shows they unblocked the bot
            chosen = s.get(UserSettings, f"telegram:{user.id}")
            return row, chosen.language if chosen is not None else None
        known = await self.db.read(read)
        if known is None or known[0].blocked or known[0].chat_id != chat.id:
            known = await self.db.run(make_known)          # first contact, or back after blocking the bot
        data["citizen"], data["chosen_language"] = known
        return await handler(event, data)
