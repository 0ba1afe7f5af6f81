"""Database work right on the event loop when it is quick, in a thread when it is not.

A turn's database work takes a few milliseconds, and handing it to a thread costs more than
that: the thread, the GIL passed back and forth on every round trip, the loop woken again
(bench/stack_load.py on PostgreSQL: 10.4 ms of a worker's CPU per turn in threads, 7.0 ms
on the loop; 131 against 206 turns/s). But work on the loop must never wait long, or every
conversation of the process waits with it. So it is *attempted* on the loop with its waits cut
short, and what cannot be done quickly is done again in a thread with the patience it needs:

- SQLite: the write lock is waited for `SQLITE_WAIT_MS` (a `kb build` may hold it for long).
- PostgreSQL: on a pool of its own whose connections cut a row lock's wait at `LOCK_WAIT_MS`
  (another worker in the same conversation) and a statement at `STATEMENT_MS` (a database
  under strain), and give up on a server that stops acknowledging (`tcp_user_timeout`,
  keepalives: a connection a firewall dropped silently would otherwise hold the loop for
  minutes). That pool is connected from a thread, never on the loop (a server that does not
  answer would hold the loop until a timeout); a lost connection empties it, and work goes to
  threads until a thread has connected it again, tried at most every `RECONNECT_AFTER` seconds.
- Each statement is time-boxed, not the work: a database slow but under the limits would hold
  the loop for every turn in turn. Work on the loop that took `SLOW_MS` or more, or a statement
  cut short, sends the work of the next `THREADS_FOR` seconds to threads.

Work is done again only when it certainly did not commit: a wait cut short, or a connection lost
before the COMMIT was sent. A connection lost during the COMMIT, or during a statement that commits
by itself (`autocommit`), leaves that unknown: the error is raised, not the work done twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from dialogs import metrics
from knowledge.db import as_json, sqlite_wait_ms

SQLITE_WAIT_MS = 20         # SQLite: an attempt on the loop waits this long for the write lock
LOCK_WAIT_MS = 50           # PostgreSQL: ... this long for a row another transaction holds
STATEMENT_MS = 250          # PostgreSQL: ... and this long for any one statement
UNACKNOWLEDGED_MS = 1000    # PostgreSQL: a server that acknowledges nothing this long is gone
RECONNECT_AFTER = (1.0, 5.0)  # seconds before the loop's connection is tried again: first, at most
SLOW_MS = 100               # work on the loop that took this long (a database under strain) ...
THREADS_FOR = 5.0           # ... sends the work of the next seconds to threads, sparing the loop

log = logging.getLogger("qyzmet.onloop")
T = TypeVar("T")


class Missed(Exception):
    """The work could not be done quickly on the loop; nothing of it was committed."""


class OnLoop:
    """Where `attempt` runs work on the loop: `bind`, the engine it runs on there."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.bind = engine if self.sqlite else _time_boxed(engine)
        self.clock = clock
        self._connecting: threading.Thread | None = None
        self._failed = 0                # connections that failed in a row
        self._retry_at = 0.0
        self._committing = False
        self._threads_until = 0.0
        if not self.sqlite:
            event.listen(self.bind, "commit", self._commit_sent)

    def _commit_sent(self, _connection) -> None:
        self._committing = True

    def attempt(self, work: Callable[[Engine], T], autocommit: bool = False) -> T:
        """`work(bind)` now, on the loop; `Missed` when it would have had to wait and did not commit.
        `autocommit`: each of the work's statements commits as it runs."""
        if not self.sqlite and not self._connected():
            metrics.LOOP_MISSES.labels("not_connected").inc()
            raise Missed("no connection of the loop's own yet")
        started = self.clock()
        if started < self._threads_until:
            metrics.LOOP_MISSES.labels("slow").inc()
            raise Missed("the database was slow a moment ago")
        waiting = sqlite_wait_ms.set(SQLITE_WAIT_MS)
        self._committing = False
        try:
            done = work(self.bind)
            if self.clock() - started >= SLOW_MS / 1000:
                self._threads_until = self.clock() + THREADS_FOR
            return done
        except PoolTimeout as error:
            metrics.LOOP_MISSES.labels("pool").inc()
            raise Missed(str(error)) from error
        except OperationalError as error:
            if self.sqlite:
                if "locked" not in str(error).lower():
                    raise
                metrics.LOOP_MISSES.labels("locked").inc()
                raise Missed(str(error)) from error
            if _cut_short(error):
                if error.orig.sqlstate == STATEMENT_CUT:       # strain; a row lock is one conversation's
                    self._threads_until = self.clock() + THREADS_FOR
                metrics.LOOP_MISSES.labels("waited").inc()
                raise Missed(str(error)) from error
            if error.connection_invalidated:
                # the connection is gone (a restarted server): reconnecting here could hold the loop
                self.bind.dispose()
                self._connect_in_thread()
                if autocommit or self._committing:
                    raise               # it may have committed: the caller hears so, nothing is done twice
                metrics.LOOP_MISSES.labels("lost").inc()
                raise Missed(str(error)) from error
            if self._committing:
                raise
            metrics.LOOP_MISSES.labels("other").inc()
            raise Missed(str(error)) from error     # rolled back (a deadlock, a serialisation failure)
        finally:
            sqlite_wait_ms.reset(waiting)

    def _connected(self) -> bool:
        if self.bind.pool.checkedin():
            return True
        self._connect_in_thread()
        return False

    def _connect_in_thread(self) -> None:
        if self._connecting is not None and self._connecting.is_alive() or self.clock() < self._retry_at:
            return
        self._connecting = threading.Thread(target=self._connect, name="onloop-connect", daemon=True)
        self._connecting.start()

    def _connect(self) -> None:
        try:
            with self.bind.connect():
                pass                    # checked in again: the next attempt on the loop finds it
        except Exception as error:      # noqa: BLE001 — the server is down: work goes to threads meanwhile
            if not self._failed:
                log.warning("no connection of its own for database work on the event loop (%s): that work "
                            "goes to threads until one is made", type(error).__name__)
            self._failed += 1
            first, most = RECONNECT_AFTER
            self._retry_at = self.clock() + min(most, first * self._failed)
        else:
            self._failed, self._retry_at = 0, 0.0

    def close(self) -> None:
        if not self.sqlite:
            self.bind.dispose()


def _time_boxed(engine: Engine) -> Engine:
    # One connection: the loop does one thing at a time; a checkout waits at most 10 ms (the pool is the
    # loop's own, and the connecting thread holds its connection only while making it). The URL's own
    # server options (a search_path, a pooler's endpoint) are kept: connect_args would replace them.
    own = engine.url.query.get("options")
    options = " ".join(filter(None, (own if isinstance(own, str) else " ".join(own or ()),
                                     f"-c lock_timeout={LOCK_WAIT_MS} -c statement_timeout={STATEMENT_MS}")))
    return create_engine(engine.url, hide_parameters=True, pool_size=1, max_overflow=0, pool_timeout=0.01,
                         json_serializer=as_json,
                         connect_args={"options": options, "connect_timeout": 2,
                                       "tcp_user_timeout": UNACKNOWLEDGED_MS, "keepalives": 1,
                                       "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2})


LOCK_CUT, STATEMENT_CUT = "55P03", "57014"      # PostgreSQL's lock_not_available, query_canceled


def _cut_short(error: OperationalError) -> bool:
    """A wait cut at its limit: the connection is fine."""
    return getattr(error.orig, "sqlstate", None) in (LOCK_CUT, STATEMENT_CUT) and not error.connection_invalidated
