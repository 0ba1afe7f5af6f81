"""The engine for asynchronous channels: one conversation's turns in order, none blocking for long.

The engine is synchronous (SQLAlchemy sessions). Where a turn never waits on the network
— embedded SQLite, which has one writer anyway, and the in-process classifier — it runs
right on the event loop: a turn takes a few milliseconds, and handing it to a thread
costs more than the turn (measured with bench/rest_load.py: about 250 against 400 turns/s).
Where it may wait — PostgreSQL, the Rasa server — turns run in worker threads.

Turns of one conversation queue on an asyncio lock keyed on the conversation id as the
engine stores it (`engine.clean`), so two ids that are stored alike are never handled at once.
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from dialogs.engine import Engine, clean
from dialogs.messages import Event, Outgoing


def waits_on_network(engine: Engine) -> bool:
    return engine.db.dialect.name != "sqlite" or not getattr(engine.parser, "in_process", False)


class Runner:
    def __init__(self, engine: Engine, workers: int | None = None) -> None:
        """`workers`: 0 runs turns on the event loop; default 0 where no turn waits on the network, else 4."""
        self.engine = engine
        if workers is None:
            workers = 4 if waits_on_network(engine) else 0
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="turn") if workers else None
        # one lock per conversation while it is in use (a weak mapping: idle ones cost no memory)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(self, event: Event) -> list[Outgoing]:
        event = clean(event)
        lock = self._locks.get(event.conversation)
        if lock is None:
            lock = self._locks[event.conversation] = asyncio.Lock()
        async with lock:
            if self.executor is None:
                return self.engine.handle(event)
            return await asyncio.get_running_loop().run_in_executor(self.executor, self.engine.handle, event)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
