"""Sessions of the engine's database for a channel's own tables, from async handlers.

SQLAlchemy's sessions are synchronous, as the engine's are. A channel's own query takes well
under a millisecond: it is attempted right on the event loop, with its waits cut short, and
done in a thread only when it would have to wait (dialogs.onloop: a lock, a slow or lost
database), so a slow query never stalls other conversations.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dialogs.onloop import Missed, OnLoop

T = TypeVar("T")


class Database:
    def __init__(self, engine: Engine, onloop: OnLoop | None = None) -> None:
        """`onloop`: the runner's, so that the loop's work shares one connection."""
        self.engine = engine
        self.onloop = onloop or OnLoop(engine)

    @staticmethod
    def _in_session(bind: Engine, work: Callable[[Session], T]) -> T:
        with Session(bind, expire_on_commit=False) as session, session.begin():
            return work(session)

    async def run(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in one transaction, committed when it returns."""
        try:
            return self.onloop.attempt(lambda bind: self._in_session(bind, work))
        except Missed:
            pass            # nothing was written: the work is done again off the loop
        return await asyncio.to_thread(self._in_session, self.engine, work)
