"""aiogram's storage and event isolation on Redis, kept answering when Redis is not.

Redis holds little the bot cannot do without for a while: the flood counters and the per-chat
lock that keeps two workers from handling one chat's updates at once (the database's row locks
already keep the conversation itself consistent). So when Redis stops answering, each process
goes on with its own memory — degraded: flood limits per process, no cross-process chat lock —
says so once in the log and in /health, and tries Redis again every few seconds.

Each round trip to Redis waits for the worker's busy event loop, so an update makes as few as it
can: an update of a citizen's chat takes the chat's lock and is counted in its flood window in one
(`CountingLock`: under the paced load, each awaited round trip's p99 was 0.4 s), then the lock's release.
So every update of a private chat is counted, not only the messages and buttons the flood limit applies
to: each edit of a message counts too, and a repeated delivery (rare). The bot keeps no FSM states
(a conversation's state is the engine's), so the state aiogram reads for every update is known
without asking (`get_state`); under load those two saved round trips were a Telegram answer's
slowest part (bench/stack_load.py --paced).
"""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import timedelta
from collections.abc import AsyncGenerator, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

log = logging.getLogger("qyzmet.bot.storage")
RETRY_AFTER = 5.0          # seconds on memory before Redis is asked again
KEPT = timedelta(days=1)   # how long aiogram's data keys would stay (none are written: the flood keys last a window)
TIMEOUT = 1.0              # a Redis that hangs must not hold an update longer than this
# A chat's lock outlives a worker killed while holding it (kill -9, the OOM killer) by this much: the
# update, retried at once by the proxy on another worker, waits for it there and must still be answered
# within the proxy's 10 s read timeout for deliveries (deploy/nginx.conf; aiogram's 60 s outlasted it and
# Telegram's patience, bench/stack_load.py --kill); one update's handling takes well under a second.
LOCK_SECONDS = 7
PRUNE_AT = 10_000          # chats counted in memory before the quiet ones are dropped


@dataclass
class Redis:
    """Whether Redis answers, as the last request found it; shared by the storage and the isolation."""
    url: str
    clock: Callable[[], float] = time.monotonic
    down_since: float | None = None
    retry_at: float = 0.0

    def worth_trying(self) -> bool:
        return self.down_since is None or self.clock() >= self.retry_at

    def failed(self, error: BaseException) -> None:
        now = self.clock()
        if self.down_since is None:
            self.down_since = now
            log.warning("Redis is not answering (%s): going on in this process's memory (degraded)",
                        type(error).__name__)
        self.retry_at = now + RETRY_AFTER

    def answered(self) -> None:
        if self.down_since is not None:
            log.warning("Redis answers again after %.0f s: back on the shared storage", self.clock() - self.down_since)
        self.down_since = None


_FAILURES = (RedisError, OSError, TimeoutError)
# The flood count the chat's lock made for this update: (its key, the count), taken once by `count`
_counted: ContextVar[tuple[StorageKey, int] | None] = ContextVar("flood_counted", default=None)


def flood_key(builder: DefaultKeyBuilder, key: StorageKey) -> str:
    return f"{builder.build(key)}:flood"


class CountingLock(Lock):
    """A chat's lock whose first try also counts the update in the chat's flood window, in the same round
    trip (MULTI/EXEC); a try again, while another worker holds the lock, only tries the lock."""

    def __init__(self, redis, name: str, flood: str, window: int, **kwargs: Any) -> None:
        super().__init__(redis, name, **kwargs)
        self.flood, self.window = flood, window
        self.tried = False
        self.counted: int | None = None         # None: not counted here (`FallbackStorage.count` does it)

    async def do_acquire(self, token: str | bytes) -> bool:
        if self.tried:
            return await super().do_acquire(token)
        self.tried = True
        lasts = int(self.timeout * 1000) if self.timeout else None
        async with self.redis.pipeline(transaction=True) as pipe:
            # made with its window's TTL, then counted, as `FallbackStorage.count` does. Redis does not undo
            # a transaction's other commands when one fails: a count that failed leaves the lock as taken
            pipe.set(self.name, token, nx=True, px=lasts)
            pipe.set(self.flood, 0, ex=self.window, nx=True).incr(self.flood)
            got, _, counted = await pipe.execute(raise_on_error=False)
        if isinstance(got, Exception):
            raise got
        self.counted = counted if isinstance(counted, int) else None
        return bool(got)


class MemoryCounts:
    """Each chat's messages in its current window, in this process's memory (no Redis)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._windows: dict[StorageKey, tuple[float, int]] = {}       # chat: (its window's end, count)

    async def count(self, key: StorageKey, seconds: int) -> int:
        now = self.clock()
        ends, counted = self._windows.get(key, (0.0, 0))
        if now >= ends:
            ends, counted = now + seconds, 0
            if len(self._windows) >= PRUNE_AT:          # chats that went quiet are forgotten
                self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
        self._windows[key] = (ends, counted + 1)
        return counted + 1


class FallbackStorage(BaseStorage):
    def __init__(self, redis: RedisStorage, status: Redis) -> None:
        self.redis, self.memory, self.status = redis, MemoryStorage(), status
        self.counts = MemoryCounts()

    async def _use(self, name: str, *args):
        if self.status.worth_trying():
            try:
                result = await getattr(self.redis, name)(*args)
            except _FAILURES as error:
                self.status.failed(error)
            else:
                self.status.answered()
                return result
        return await getattr(self.memory, name)(*args)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        if state is not None:
            raise NotImplementedError("the bot keeps no FSM states: a conversation's state is the engine's")

    async def get_state(self, key: StorageKey) -> str | None:
        return None                     # never set (set_state): no round trip to Redis for it

    async def count(self, key: StorageKey, seconds: int) -> int:
        """The chat's messages in its current window, this one included: a window starts with its first
        message and lasts `seconds`. No round trip when the chat's lock counted it (`CountingLock`), else one;
        each process's own count while Redis does not answer."""
        counted = _counted.get()
        if counted is not None and counted[0] == key:
            _counted.set(None)
            return counted[1]                   # counted with the chat's lock (CountingLock)
        if self.status.worth_trying():
            name = flood_key(self.redis.key_builder, key)
            try:
                # made with its window's TTL, then counted: one round trip (MULTI/EXEC), any Redis since 2.6.12
                async with self.redis.redis.pipeline(transaction=True) as pipe:
                    _, counted = await pipe.set(name, 0, ex=seconds, nx=True).incr(name).execute()
            except _FAILURES as error:
                self.status.failed(error)
            else:
                self.status.answered()
                return counted
        return await self.counts.count(key, seconds)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._use("set_data", key, data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self._use("get_data", key)

    async def answers(self) -> bool:
        """Asked by /health: a fresh answer from Redis, not the last request's."""
        try:
            await self.redis.redis.ping()
        except _FAILURES as error:
            self.status.failed(error)
            return False
        self.status.answered()
        return True

    async def close(self) -> None:
        with contextlib.suppress(*_FAILURES):
            await self.redis.close()
        await self.memory.close()


class FallbackIsolation(BaseEventIsolation):
    """`window`: the flood limit's, in seconds; a private chat's update is then counted with its lock."""

    def __init__(self, redis: RedisEventIsolation, status: Redis, window: int | None = None) -> None:
        self.redis, self.memory, self.status, self.window = redis, SimpleEventIsolation(), status, window

    def _redis_lock(self, key: StorageKey):
        if self.window is None or key.chat_id != key.user_id:          # not a private chat: not limited
            return self.redis.lock(key)
        return CountingLock(self.redis.redis, self.redis.key_builder.build(key, "lock"),
                            flood_key(self.redis.key_builder, key), self.window, **self.redis.lock_kwargs)

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        held, before = None, _counted.set(None)        # nothing counted for this update yet
        if self.status.worth_trying():
            held = self._redis_lock(key)
            try:
                await held.__aenter__()
            except _FAILURES as error:
                self.status.failed(error)
                held = None
            else:
                self.status.answered()
                if isinstance(held, CountingLock) and held.counted is not None:
                    _counted.set((key, held.counted))
        try:
            if held is None:
                async with self.memory.lock(key):
                    yield None
                return
            yield None
        finally:
            _counted.reset(before)
            if held is not None:
                await self._release(held)

    async def _release(self, held) -> None:
        try:
            await held.__aexit__(None, None, None)
        except LockError:
            # the update took longer than the lock lives: it expired, Redis is fine
            log.warning("an update outlived its chat lock (%s s)", LOCK_SECONDS)
        except _FAILURES as error:        # Redis went away while the update was handled: the lock
            self.status.failed(error)     # expires by itself (its timeout); the update was answered

    async def close(self) -> None:
        await self.memory.close()


def redis_storage(url: str, window: int | None = None) -> tuple[FallbackStorage, FallbackIsolation]:
    """`window`: the flood limit's seconds (counted with each private chat's lock)."""
    status = Redis(url)
    storage = RedisStorage.from_url(url, connection_kwargs={"socket_timeout": TIMEOUT,
                                                            "socket_connect_timeout": TIMEOUT},
                                    key_builder=DefaultKeyBuilder(with_bot_id=True),
                                    # whatever aiogram keeps of a chat goes within a day (the flood counts
                                    # with their window): nothing stays in Redis for retention or /forget
                                    state_ttl=KEPT, data_ttl=KEPT)
    isolation = storage.create_isolation(lock_kwargs={"timeout": LOCK_SECONDS})
    return FallbackStorage(storage, status), FallbackIsolation(isolation, status, window)
