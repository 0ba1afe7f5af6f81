"""The Telegram channel's tables in the assistant's database, and a way to use them from handlers.

The tables live beside the conversations (same database, own Alembic history). SQLAlchemy's
sessions are synchronous, as the engine's are: on SQLite a query takes well under a
millisecond and runs right on the event loop, waiting only briefly for the write lock (a
`kb build` holding it sends the work to a thread instead); on PostgreSQL it always goes to a
thread, so a slow query never stalls other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from knowledge import db as knowledge_db
from knowledge.db import sqlite_wait_ms

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
INLINE_WAIT_MS = 20           # on the event loop, SQLite's write lock is waited for this long, then a thread waits
T = TypeVar("T")


def migrate(engine: Engine) -> None:
    knowledge_db.migrate(engine, MIGRATIONS)


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.inline = engine.dialect.name == "sqlite"

    def _in_session(self, work: Callable[[Session], T]) -> T:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            return work(session)

    async def run(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in one transaction, committed when it returns."""
        if self.inline:
            waiting = sqlite_wait_ms.set(INLINE_WAIT_MS)
            try:
                return self._in_session(work)
            except OperationalError as error:
                if "locked" not in str(error).lower():
                    raise               # nothing was written: the work is done again off the loop
            finally:
                sqlite_wait_ms.reset(waiting)
        return await asyncio.to_thread(self._in_session, work)
