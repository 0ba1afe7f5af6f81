"""Redis stops: the bot goes on answering from each process's memory, `/health` says it is degraded,
and when Redis is back the shared storage is used again — `qyzmet serve` with the Telegram webhook."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import replace

import pytest

from tests.bot.conftest import sent, serve_webhook, texts
from tests.bot.test_delivery import post
from tests.conftest import _free_port, wait_for_port

SECRET = "s3cret-Token_2"


class RedisServer:
    """A redis-server of this test's own, on a fixed port so that it can be stopped and started again."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed (CI installs it: scripts/install-system-packages.sh)")
        self.port, self.folder, self.process = _free_port(), tempfile.mkdtemp(prefix="qyzmet-redis-"), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", self.folder],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, 10)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def ttl(self, key: str) -> int:
        import redis
        return redis.Redis.from_url(self.url).ttl(key)

    def keys(self, pattern: str) -> list[str]:
        import redis
        return [k.decode() for k in redis.Redis.from_url(self.url).keys(pattern)]


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def health(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + "/health", timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def test_the_bot_answers_without_redis_and_health_says_degraded(engine, make_harness, redis_server):
    h = make_harness()
    h.stop()                # its fake Bot API only: the webhook below is the bot
    config = replace(h.config, public_base_url="http://127.0.0.1:8443", webhook_secret=SECRET,
                     redis_url=redis_server.url)

    runner, base = serve_webhook(h, engine, config)
    url, tg, user = base + "/webhooks/telegram", h.tg, 640_000_001

    def say(text: str) -> str:
        update = tg.text(user, text)
        since = len(tg.calls)
        assert post(url, update, SECRET) == 200
        h.handled(update)
        return texts(tg.calls[since:], user)

    try:
        assert say("/lang ru")
        assert health(base) == (200, {"status": "ok", "standards": 32, "database": "sqlite",
                                      "parts": {"database": "up", "redis": "up"}})
        counted = next(k for k in redis_server.keys(f"*{user}*") if k.endswith(":flood"))
        assert 0 < redis_server.ttl(counted) <= 60         # the flood counts go by themselves with their window

        redis_server.stop()
        started = time.monotonic()
        assert "справк" in say("нужна справка о несудимости").lower()
        assert time.monotonic() - started < 5          # no long wait on the missing Redis per update
        status, body = health(base)
        assert (status, body["status"], body["parts"]) == (200, "degraded", {"database": "up", "redis": "down"})
        assert say("паспорт")                          # every later update answered too

        redis_server.start()                           # back: /health asks Redis itself, and the storage
        assert health(base)[1]["status"] == "ok"       # is the shared one again at the next update
        for key in redis_server.keys("*"):
            assert str(user) not in key                # a fresh Redis: nothing of the chat yet
        say("/help")
        assert any(k.endswith(":flood") for k in redis_server.keys(f"*{user}*"))
        assert len(sent(tg.calls, user)) >= 4
    finally:
        h.call(runner.cleanup())


def test_an_update_that_outlives_its_chat_lock_does_not_take_redis_for_down(redis_url):
    """The lock expired under a long update: releasing it fails, and that is not Redis failing."""
    import asyncio

    from aiogram.fsm.storage.base import StorageKey
    from aiogram.fsm.storage.redis import RedisStorage

    from bot.storage import FallbackIsolation, Redis

    async def go():
        storage = RedisStorage.from_url(redis_url)
        status = Redis(redis_url)
        isolation = FallbackIsolation(storage.create_isolation(lock_kwargs={"timeout": 0.2}), status)
        async with isolation.lock(StorageKey(bot_id=1, chat_id=2, user_id=2)):
            await asyncio.sleep(0.4)
        await storage.close()
        return status.down_since
    assert asyncio.run(go()) is None


def test_without_redis_a_chats_flood_window_starts_with_its_first_message_and_ends_after_its_length():
    import asyncio

    from aiogram.fsm.storage.base import StorageKey

    from bot.storage import MemoryCounts

    now = [1000.0]
    counts = MemoryCounts(clock=lambda: now[0])
    chat, other = StorageKey(bot_id=1, chat_id=2, user_id=2), StorageKey(bot_id=1, chat_id=3, user_id=3)

    async def count(key: StorageKey, at: float) -> int:
        now[0] = at
        return await counts.count(key, 60)

    async def go() -> list[int]:
        return [await count(chat, 1000.0), await count(chat, 1010.0), await count(other, 1030.0),
                await count(chat, 1059.9), await count(chat, 1060.0), await count(chat, 1061.0)]
    assert asyncio.run(go()) == [1, 2, 1, 3, 1, 2]
