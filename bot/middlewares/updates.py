"""Each update handled once: one delivered again (a webhook Telegram thinks unanswered, polling
restarted before its offset was confirmed) is skipped when its handling had finished.

An update whose handling broke off is handled again; the engine then gives the answer
it already gave to that delivery id (the update's id) without running the turn twice.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from aiogram import BaseMiddleware
from aiogram.types import Update
from sqlalchemy import delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.db import Database
from bot.db.models import HandledUpdate


def insert_ignoring(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING, in the database's own dialect."""
    made = postgresql.insert(HandledUpdate) if dialect == "postgresql" else sqlite.insert(HandledUpdate)
    return made.on_conflict_do_nothing(index_elements=["bot_id", "update_id"])


KEEP = timedelta(days=2)       # far longer than Telegram retries a webhook; far shorter than its ids' week
PRUNE_EVERY = 500              # updates, on average, between two clean-ups


class HandleOnce(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def __call__(self, handler, event: Update, data):
        bot_id = data["bot"].id
        # plain statements, not ORM loads: this runs for every update
        seen = exists().where(HandledUpdate.bot_id == bot_id, HandledUpdate.update_id == event.update_id)
        if await self.db.run(lambda s: s.scalar(select(seen))):
            return None
        result = await handler(event, data)

        def mark(s) -> None:
            now = datetime.now(UTC)
            # handled at the same moment by another process: marked already, nothing to add
            s.execute(insert_ignoring(s.bind.dialect.name).values(bot_id=bot_id, update_id=event.update_id, at=now))
            if random.randrange(PRUNE_EVERY) == 0:
                s.execute(delete(HandledUpdate).where(HandledUpdate.at < now - KEEP))
        await self.db.run(mark)
        return result
