"""Each update handled once: one delivered again (a webhook Telegram thinks unanswered, polling
restarted before its offset was confirmed) is skipped when its handling had finished.

An update whose handling broke off is handled again; the engine then gives the answer
it already gave to that delivery id (the update's id) without running the turn twice.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime, timedelta

from aiogram import BaseMiddleware
from aiogram.types import Update
from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.db import Database
from bot.db.models import HandledUpdate


# Statements built once, run on the table: this runs for every update (SQLAlchemy computes a statement's
# cache key once per statement object, and an ORM load is not needed for a yes or no)
_handled = HandledUpdate.__table__
_SEEN = select(exists().where(_handled.c.bot_id == bindparam("bot_id"),
                              _handled.c.update_id == bindparam("update_id")))


@functools.cache
def insert_ignoring(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING, in the database's own dialect."""
    made = postgresql.insert(_handled) if dialect == "postgresql" else sqlite.insert(_handled)
    return made.on_conflict_do_nothing(index_elements=["bot_id", "update_id"])


KEEP = timedelta(days=2)       # far longer than Telegram retries a webhook; far shorter than its ids' week
PRUNE_EVERY = 500              # updates, on average, between two clean-ups


class HandleOnce(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.mark_handled = insert_ignoring(db.engine.dialect.name)

    async def __call__(self, handler, event: Update, data):
        key = {"bot_id": data["bot"].id, "update_id": event.update_id}
        if await self.db.read(lambda s: s.scalar(_SEEN, key)):
            return None
        result = await handler(event, data)

        def mark(s) -> None:
            now = datetime.now(UTC)
            # handled at the same moment by another process: marked already, nothing to add
            s.execute(self.mark_handled, {**key, "at": now})
            if prune:
                s.execute(delete(_handled).where(_handled.c.at < now - KEEP))
        prune = random.randrange(PRUNE_EVERY) == 0
        await self.db.run(mark, alone=not prune)
        return result
