"""Database work right on the event loop when it is quick, in a thread when it is not.

A turn's database work takes a few milliseconds, and handing it to a thread costs more than
that: the thread, the GIL passed back and forth on every round trip, the loop woken again
(bench/stack_load.py on PostgreSQL: 10.4 ms of a worker's CPU per turn in threads, 7.0 ms
on the loop; 131 against 206 turns/s). But work on the loop must never wait long, or every
conversation of the process waits with it. So it is *attempted* on the loop with its waits cut short, and what cannot be
done quickly is done again in a thread with the patience it needs:

- SQLite: the write lock is waited for `SQLITE_WAIT_MS` (a `kb build` may hold it for long).
- PostgreSQL: on a pool of its own whose connections cut a row lock's wait at `LOCK_WAIT_MS`
  (another worker in the same conversation) and a statement at `STATEMENT_MS` (a database
  under strain). That pool is connected from a thread, never on the loop (a connection takes
  milliseconds, and a server that does not answer would hold the loop until a timeout); a
  lost connection empties it, and work goes to threads until a thread has connected it again.

Work missed this way never committed (a transaction cut short is rolled back), so doing it again
in a thread is safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from knowledge.db import sqlite_wait_ms

SQLITE_WAIT_MS = 20         # SQLite: an attempt on the loop waits this long for the write lock
LOCK_WAIT_MS = 50           # PostgreSQL: ... this long for a row another transaction holds
STATEMENT_MS = 250          # PostgreSQL: ... and this long for any one statement

log = logging.getLogger("qyzmet.onloop")
T = TypeVar("T")


class Missed(Exception):
    """The work could not be done quickly on the loop; nothing of it was committed."""


class OnLoop:
    """Where `attempt` runs work on the loop: `bind`, the engine it runs on there."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.bind = engine if self.sqlite else _time_boxed(engine)
        self._connecting: threading.Thread | None = None

    def attempt(self, work: Callable[[Engine], T]) -> T:
        """`work(bind)` now, on the loop; `Missed` when it would have had to wait."""
        if not self.sqlite and not self._connected():
            raise Missed("no connection of the loop's own yet")
        waiting = sqlite_wait_ms.set(SQLITE_WAIT_MS)
        try:
            return work(self.bind)
        except PoolTimeout as error:
            raise Missed(str(error)) from error
        except OperationalError as error:
            if self.sqlite:
                if "locked" not in str(error).lower():
                    raise
            elif not _cut_short(error):
                # the connection is gone (a restarted server): reconnecting here could hold the loop
                self.bind.dispose()
                self._connect_in_thread()
            raise Missed(str(error)) from error
        finally:
            sqlite_wait_ms.reset(waiting)

    def _connected(self) -> bool:
        if self.bind.pool.checkedin():
            return True
        self._connect_in_thread()
        return False

    def _connect_in_thread(self) -> None:
        if self._connecting is None or not self._connecting.is_alive():
            self._connecting = threading.Thread(target=self._connect, name="onloop-connect", daemon=True)
            self._connecting.start()

    def _connect(self) -> None:
        try:
            with self.bind.connect():
                pass                    # checked in again: the next attempt on the loop finds it
        except Exception as error:      # noqa: BLE001 — the server is down: work goes to threads meanwhile
            log.debug("no connection for work on the loop: %s", type(error).__name__)

    def close(self) -> None:
        if not self.sqlite:
            self.bind.dispose()


def _time_boxed(engine: Engine) -> Engine:
    # One connection: the loop does one thing at a time. A checkout never waits (the pool is the loop's).
    options = f"-c lock_timeout={LOCK_WAIT_MS} -c statement_timeout={STATEMENT_MS}"
    return create_engine(engine.url, hide_parameters=True, pool_size=1, max_overflow=0, pool_timeout=0.01,
                         connect_args={"options": options, "connect_timeout": 2})


def _cut_short(error: OperationalError) -> bool:
    """A wait cut at its limit (lock_not_available, query_canceled): the connection is fine."""
    return getattr(error.orig, "sqlstate", None) in ("55P03", "57014") and not error.connection_invalidated
