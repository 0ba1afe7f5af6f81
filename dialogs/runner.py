"""The engine for asynchronous channels: one conversation's turns in order, none blocking for long.

The engine is synchronous (SQLAlchemy sessions). With the in-process classifier a turn takes a
few milliseconds, and it is attempted right on the event loop (dialogs.onloop): handing it to a
thread costs more than the turn. What cannot be done quickly there (a lock held by another
writer or worker, a slow database, no connection yet) is done in a worker thread instead.
With the Rasa server every turn waits on the network for its reading, and turns always run in
worker threads.

Turns of one conversation queue on an asyncio lock keyed on the conversation id as the
engine stores it (`engine.clean`), so two ids that are stored alike are never handled at once.

A thread is handed the turn inside a copy of the caller's context (`run_in_executor` alone copies
none): the request id the channel set (dialogs.tracing) stays on the engine's and the NLU's log lines.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

from dialogs import tracing
from dialogs.engine import UNREAD, Busy, Engine, clean
from dialogs.messages import Event, Outgoing
from dialogs.onloop import Missed, OnLoop

THREADS = 4                 # turns that must wait (a lock, the Rasa server) wait in these at once


class Runner:
    def __init__(self, engine: Engine, workers: int | None = None) -> None:
        """`workers`: threads for the turns; 0 attempts each on the event loop first (the default with the
        in-process classifier, whose turns never wait on the network)."""
        self.engine = engine
        if workers is None:
            workers = 0 if getattr(engine.parser, "in_process", False) else THREADS
        self.inline = workers == 0
        self.onloop = OnLoop(engine.db)
        # inline, threads still take the turns that must wait
        self.executor = ThreadPoolExecutor(max_workers=workers or THREADS, thread_name_prefix="turn")
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
        arrived = time.perf_counter()
        async with self._lock(event.conversation):
            if self.inline:
                if parse is UNREAD:
                    parse = self.engine.understand(event)       # once, whether the turn stays here or not
                try:
                    return self.onloop.attempt(lambda bind: self.engine.handle(event, retries=0, parse=parse,
                                                                                bind=bind))
                except (Busy, Missed):
                    pass            # it must wait (a lock, a slow or lost database): off the loop
            return await asyncio.get_running_loop().run_in_executor(
                self.executor, contextvars.copy_context().run, functools.partial(self.engine.handle, event,
                                                                                 parse=parse, arrived=arrived))

    async def forget(self, conversation: str, user: str) -> bool:
        """`Engine.forget`, in turn with the conversation's other events (never in the middle of one)."""
        async with self._lock(clean(Event(conversation, "")).conversation):
            return await asyncio.get_running_loop().run_in_executor(self.executor, contextvars.copy_context().run,
                                                                    self.engine.forget, conversation, user)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.onloop.close()
