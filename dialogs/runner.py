"""The engine for asynchronous channels: turns run in worker threads, one conversation's in order.

The engine is synchronous (SQLAlchemy sessions). SQLite has one writer at a time,
so on SQLite one worker thread runs every turn and none waits on another's lock;
PostgreSQL takes several. Turns of one conversation queue on an asyncio lock keyed
on the conversation id as the engine stores it (`engine.clean`), so two ids that
are stored alike are never handled at once.
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from dialogs.engine import Engine, clean
from dialogs.messages import Event, Outgoing


class Runner:
    def __init__(self, engine: Engine, workers: int | None = None) -> None:
        self.engine = engine
        if workers is None:
            workers = 1 if engine.db.dialect.name == "sqlite" else 4
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="turn")
        # one lock per conversation while it is in use (a weak mapping: idle ones cost no memory)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(self, event: Event) -> list[Outgoing]:
        event = clean(event)
        lock = self._locks.get(event.conversation)
        if lock is None:
            lock = self._locks[event.conversation] = asyncio.Lock()
        async with lock:
            return await asyncio.get_running_loop().run_in_executor(self.executor, self.engine.handle, event)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
