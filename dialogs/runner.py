"""The engine for asynchronous channels: one conversation's turns in order, none blocking for long.

The engine is synchronous (SQLAlchemy sessions). Where a turn never waits on the network
— embedded SQLite, which has one writer anyway, and the in-process classifier — it runs
right on the event loop: a turn takes a few milliseconds, and handing it to a thread
costs more than the turn (bench/rest_load.py: about 250 against 400 turns/s). Such a turn
waits for SQLite's write lock only briefly: when another writer holds it (a `kb build`),
the turn is handed to a thread that waits, and the loop goes on serving. Where a turn may
wait on the network — PostgreSQL, the Rasa server — turns always run in worker threads.

Turns of one conversation queue on an asyncio lock keyed on the conversation id as the
engine stores it (`engine.clean`), so two ids that are stored alike are never handled at once.

A thread is handed the turn inside a copy of the caller's context (`run_in_executor` alone copies
none): the request id the channel set (dialogs.tracing) stays on the engine's and the NLU's log lines.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import weakref
from concurrent.futures import ThreadPoolExecutor

from dialogs import tracing
from dialogs.engine import UNREAD, Busy, Engine, clean
from dialogs.messages import Event, Outgoing
from knowledge.db import sqlite_wait_ms

INLINE_WAIT_MS = 20         # an inline turn's wait for SQLite's write lock before it goes to a thread


def waits_on_network(engine: Engine) -> bool:
    return engine.db.dialect.name != "sqlite" or not getattr(engine.parser, "in_process", False)


class Runner:
    def __init__(self, engine: Engine, workers: int | None = None) -> None:
        """`workers`: 0 runs turns on the event loop; default 0 where no turn waits on the network, else 4."""
        self.engine = engine
        if workers is None:
            workers = 4 if waits_on_network(engine) else 0
        self.inline = workers == 0
        # inline, a thread still takes the turns that must wait for another writer
        self.executor = ThreadPoolExecutor(max_workers=workers or 1, thread_name_prefix="turn")
        # one lock per conversation while it is in use (a weak mapping: idle ones cost no memory)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, conversation: str) -> asyncio.Lock:
        lock = self._locks.get(conversation)
        if lock is None:
            lock = self._locks[conversation] = asyncio.Lock()
        return lock

    async def handle(self, event: Event, parse: object = UNREAD) -> list[Outgoing]:
        """`parse`: the NLU's reading when the channel made it already (the voice line time-boxes it)."""
        event = clean(event)
        with tracing.in_conversation(event.conversation):
            return await self._handle(event, parse)

    async def _handle(self, event: Event, parse: object) -> list[Outgoing]:
        async with self._lock(event.conversation):
            if self.inline:
                waiting = sqlite_wait_ms.set(INLINE_WAIT_MS)
                try:
                    return self.engine.handle(event, retries=0, parse=parse)
                except Busy:
                    pass            # another writer holds the database: wait for it off the loop
                finally:
                    sqlite_wait_ms.reset(waiting)
            return await asyncio.get_running_loop().run_in_executor(
                self.executor, contextvars.copy_context().run, functools.partial(self.engine.handle, event,
                                                                                 parse=parse))

    async def forget(self, conversation: str, user: str) -> bool:
        """`Engine.forget`, in turn with the conversation's other events (never in the middle of one)."""
        async with self._lock(clean(Event(conversation, "")).conversation):
            return await asyncio.get_running_loop().run_in_executor(self.executor, contextvars.copy_context().run,
                                                                    self.engine.forget, conversation, user)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
