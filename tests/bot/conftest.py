"""The bot end to end: aiogram's real session and dispatcher, long polling against a fake Bot API
server on loopback (tests/bot/fake_telegram.py), the real engine on the session's SQLite database.

Both servers and the polling run on an event loop in a background thread; a test pushes
updates and waits for what the bot calls, or for an update to be handled to the end.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import replace

import pytest
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogs import hours
from bot.app import make_bot, make_dispatcher
from bot.config import BotConfig, FloodLimit
from bot.db.models import HandledUpdate
from dialogs.runner import Runner
from tests.bot.fake_telegram import BOT_ID, OPERATORS, FakeTelegram
from tests.conftest import _free_port, wait_for_port

# made up, and put together here so that it cannot be mistaken for a real token: "<bot id>:<secret>"
TOKEN = f"{BOT_ID}:" + "fake-test-token-" * 2


class Harness:
    def __init__(self, engine, redis_url: str = "", workers: int = 0, **config) -> None:
        self.engine = engine
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="bot-test")
        self.thread.start()
        self.tg = FakeTelegram(TOKEN)
        self.base = self.call(self._serve())
        settings = {"operators_chat_id": OPERATORS, "hours": hours.parse("mon-sun 00:00-24:00"),
                    "flood": FloodLimit(50, 60), **config}
        self.config = BotConfig(TOKEN, api_base=self.base, redis_url=redis_url, **settings)
        self.workers = workers
        self.polling = None
        self.start()

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _serve(self) -> str:
        self.site_runner = web.AppRunner(self.tg.app())
        await self.site_runner.setup()
        site = web.TCPSite(self.site_runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"

    def start(self, engine=None) -> None:
        """The bot as a process starts it: a new session, dispatcher and runner (a restart)."""
        async def go():
            self.runner = Runner(engine or self.engine, workers=self.workers)
            self.bot = make_bot(self.config)
            self.dp = make_dispatcher(self.config, self.bot, self.runner)
            self.polling = asyncio.ensure_future(self.dp.start_polling(
                self.bot, polling_timeout=1, handle_signals=False, close_bot_session=True,
                allowed_updates=self.dp.resolve_used_update_types()))
        self.call(go())

    def stop(self) -> None:
        async def halt():
            if self.polling is not None and not self.polling.done():
                await self.dp.stop_polling()
                await asyncio.wait_for(self.polling, 10)
            await self.dp.storage.close()
            self.runner.close()
        self.call(halt())

    def close(self) -> None:
        try:
            self.stop()
            self.call(self.site_runner.cleanup())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    # ------------------------------------------------------------ driving it

    def push(self, *updates: dict) -> list[dict]:
        self.loop.call_soon_threadsafe(self.tg.push, *updates)
        return list(updates)

    def wait(self, predicate, timeout: float = 15, what: str = ""):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what or predicate}")

    def handled(self, *updates: dict, timeout: float = 15) -> None:
        """Wait until each update was handled to its end (the bot marks it)."""
        ids = {u["update_id"] for u in updates}

        def done():
            with Session(self.engine.db) as s:
                return ids <= set(s.scalars(select(HandledUpdate.update_id).where(
                    HandledUpdate.bot_id == BOT_ID, HandledUpdate.update_id.in_(ids))))
        self.wait(done, timeout, f"updates {sorted(ids)} to be handled")

    def say(self, *updates: dict) -> list:
        """Push updates and wait until handled; the calls they caused."""
        since = len(self.tg.calls)
        self.push(*updates)
        self.handled(*updates)
        return self.tg.calls[since:]


def serve_webhook(h: Harness, engine, config: BotConfig):
    """`qyzmet serve` with the Telegram webhook, on the harness's loop (its fake Bot API); (runner, base URL)."""
    from qyzmet.app import make_web_app
    from qyzmet.settings import Settings

    async def serve():
        runner = web.AppRunner(make_web_app(engine, Settings(telegram=config)))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    return h.call(serve())


def sent(calls, chat=None) -> list:
    return [c for c in calls if c.method in ("sendMessage", "sendVenue", "copyMessage") and c.status == 200
            and (chat is None or c.chat == chat)]


def texts(calls, chat=None) -> str:
    return "\n".join(c.text for c in sent(calls, chat))


@pytest.fixture(scope="module")
def harness(engine):
    h = Harness(engine)
    yield h
    h.close()


@pytest.fixture(scope="module")
def make_harness(engine):
    made: list[Harness] = []

    def make(**kw) -> Harness:
        made.append(Harness(kw.pop("engine", engine), **kw))
        return made[-1]
    yield make
    for h in made:
        h.close()


@pytest.fixture(scope="session")
def redis_url():
    """A throw-away redis-server on a free loopback port (Debian's package), or a skip that says why."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it: scripts/install-system-packages.sh)")
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="qyzmet-redis-")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", folder], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_for_port(port, 10)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)
    shutil.rmtree(folder, ignore_errors=True)
