"""Sessions of the engine's database for a channel's own tables, from async handlers.

SQLAlchemy's sessions are synchronous, as the engine's are: on SQLite a query takes well
under a millisecond and runs right on the event loop, waiting only briefly for the write
lock (a `kb build` holding it sends the work to a thread instead); on PostgreSQL it always
goes to a thread, so a slow query never stalls other conversations.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from knowledge.db import sqlite_wait_ms

INLINE_WAIT_MS = 20           # on the event loop, SQLite's write lock is waited for this long, then a thread waits
T = TypeVar("T")


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
