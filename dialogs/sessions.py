"""Sessions of the engine's database for a channel's own tables, from async handlers.

SQLAlchemy's sessions are synchronous, as the engine's are. A channel's own query takes well
under a millisecond: it is attempted right on the event loop, with its waits cut short, and
done in a thread only when it would have to wait (dialogs.onloop: a lock, a slow or lost
database), so a slow query never stalls other conversations.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dialogs.onloop import Missed, OnLoop

T = TypeVar("T")
PATIENCE = 3.0          # seconds a channel's work in a thread waits for an unreachable database (a restart)


class Database:
    def __init__(self, engine: Engine, onloop: OnLoop | None = None) -> None:
        """`onloop`: the runner's, so that the loop's work shares one connection."""
        self.engine = engine
        self.onloop = onloop or OnLoop(engine)

    async def run(self, work: Callable[[Session], T] | Callable[[Connection], T], alone: bool = False) -> T:
        """`work(session)` in one transaction, committed when it returns. `alone`: the work is a single
        statement (a read, or a write that stands by itself) on the tables (SQLAlchemy Core): `work(connection)`,
        run without a transaction around it: on PostgreSQL that saves the BEGIN and the COMMIT, two of its three
        round trips."""
        deadline = time.monotonic() + PATIENCE
        done = functools.partial(_alone if alone else _in_transaction, work=work)
        try:
            return self.onloop.attempt(done, autocommit=alone)
        except Missed:
            pass            # nothing was written: the work is done again off the loop
        return await asyncio.to_thread(_patiently, done, self.engine, False, deadline)

    async def read(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)` that only reads, in a single statement: like `run(work, alone=True)`, and done once
        more on a fresh connection when the pooled one turns out lost (a restarted database), since
        reading twice is harmless; a write's lost connection leaves unknown whether it was written."""
        deadline = time.monotonic() + PATIENCE
        done = functools.partial(_alone, work=work)
        try:
            return self.onloop.attempt(done)
        except Missed:
            pass
        return await asyncio.to_thread(_patiently, done, self.engine, True, deadline)


def _patiently(done: Callable[[Engine], T], bind: Engine, read: bool, deadline: float) -> T:
    """`done(bind)` in a thread, again while the database cannot be reached, until `deadline` (`PATIENCE`
    seconds after the work was asked for: time queued for a thread counts, so that in an outage the work
    queued behind others fails as soon, not in waves): a connection that could not be made sent nothing,
    and a read may be done twice. A write whose connection was lost is not done again: it may have been
    written."""
    while True:
        try:
            return done(bind)
        except OperationalError as error:
            if not (could_not_connect(error) or read and error.connection_invalidated) \
                    or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


# psycopg's own words for a connection it could not make (psycopg/connection.py, generators.py)
_CONNECTING = ("connection failed", "connection is bad", "connection timeout expired")


def could_not_connect(error: OperationalError) -> bool:
    """The error came while connecting (a database restarting, failing over, refusing): nothing was sent."""
    # not "no statement": an error at the COMMIT (a serialisation failure, a lost connection) has none either
    return str(error.orig).startswith(_CONNECTING)



def _in_transaction(bind: Engine, work: Callable[[Session], T]) -> T:
    with Session(bind, expire_on_commit=False) as session, session.begin():
        return work(session)


def _alone(bind: Engine, work: Callable[[Connection], T]) -> T:
    # a connection, not an ORM session around it: a session cost such a statement about as much again as the
    # statement itself (scratch: 180 µs against 120 on PostgreSQL, one row by its key)
    if bind.dialect.name != "postgresql":
        with bind.begin() as connection:        # SQLite: its BEGIN costs no round trip
            return work(connection)
    with bind.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        return work(connection)
