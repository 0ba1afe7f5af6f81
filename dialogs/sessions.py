"""Sessions of the engine's database for a channel's own tables, from async handlers.

SQLAlchemy's sessions are synchronous, as the engine's are. A channel's own query takes well
under a millisecond: it is attempted right on the event loop, with its waits cut short, and
done in a thread only when it would have to wait (dialogs.onloop: a lock, a slow or lost
database), so a slow query never stalls other conversations.
"""

from __future__ import annotations

import asyncio
import functools
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

    async def run(self, work: Callable[[Session], T], alone: bool = False) -> T:
        """`work(session)` in one transaction, committed when it returns. `alone`: the work is a single
        statement (a read, or a write that stands by itself), run without a transaction around it: on
        PostgreSQL that saves the BEGIN and the COMMIT, two of its three round trips."""
        done = functools.partial(_alone if alone else _in_transaction, work=work)
        try:
            return self.onloop.attempt(done, autocommit=alone)
        except Missed:
            pass            # nothing was written: the work is done again off the loop
        return await asyncio.to_thread(done, self.engine)


def _in_transaction(bind: Engine, work: Callable[[Session], T]) -> T:
    with Session(bind, expire_on_commit=False) as session, session.begin():
        return work(session)


def _alone(bind: Engine, work: Callable[[Session], T]) -> T:
    if bind.dialect.name != "postgresql":
        return _in_transaction(bind, work)      # SQLite: its BEGIN costs no round trip
    with bind.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        with Session(connection, expire_on_commit=False) as session:
            result = work(session)
            session.commit()            # anything the ORM holds is written (the statement committed itself)
            return result
