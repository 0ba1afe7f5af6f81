"""The Telegram channel's own latency: per update, from `getUpdates` handing it to the bot to the end
of its handling (every answer sent), through aiogram's real session against the fake Bot API
server of the tests on loopback — Telegram's own network excluded.

    python bench/telegram_updates.py [--citizens 50] [--turns 12] [--pause 5]

Builds a knowledge base in a fresh SQLite file (embedded defaults: built-in NLU, one
process, long polling), starts the tests' fake Bot API server in a process of its own (its
work is Telegram's), warms up (aiogram builds each type's validator on first use), then has
that many citizens write the scripted Kazakh and Russian conversations (bench/scripts.py)
at once, each sending its next message a pause after the last was answered (random,
`--pause` seconds on average: 50 chats at 5 s are about 5 updates a second, which is
typing faster than people do). `--pause 0` has every citizen write back at once: the
saturated throughput, where the latency is mostly waiting behind other chats.
Prints percentiles for text updates; exits 1 when p99 is over 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scripts import SCRIPTS, conversation, free_port  # noqa: E402
from dialogs import hours  # noqa: E402
from bot.app import make_bot, make_dispatcher  # noqa: E402
from bot.config import BotConfig, FloodLimit  # noqa: E402
from dialogs.engine import Engine  # noqa: E402
from dialogs.runner import Runner  # noqa: E402
from dialogs.store import migrate  # noqa: E402
from knowledge.build import build  # noqa: E402
from knowledge.db import make_engine  # noqa: E402
from nlu.backend import get_parser  # noqa: E402
from qyzmet.app import warm_up  # noqa: E402
from tests.bot.fake_telegram import OPERATORS, TOKEN_FOR_PROCESS, FakeTelegram  # noqa: E402

MAX_P99_MS = 50.0
TOKEN = TOKEN_FOR_PROCESS


async def run(args) -> tuple[list[float], list[float], dict]:
    folder = Path(tempfile.mkdtemp(prefix="qyzmet-bench-tg-"))
    db = make_engine(f"sqlite:///{folder / 'kb.sqlite3'}")
    build(db)
    migrate(db)
    engine = Engine(db, get_parser("builtin"))
    warm_up(engine)                               # as `qyzmet bot` starts
    # the fake Bot API server in a process of its own: its work is Telegram's, not ours
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tests.bot.fake_telegram", str(port)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    updates = FakeTelegram(TOKEN)                 # only to write updates as Telegram does
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(base + "/_calls"):
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        config = BotConfig(TOKEN, operators_chat_id=OPERATORS, hours=hours.parse("mon-sun 00:00-24:00"),
                           api_base=base, flood=FloodLimit(10_000, 60))
        runner = Runner(engine)
        bot = make_bot(config)
        dp = make_dispatcher(config, bot, runner)
        finished: dict[int, asyncio.Event] = {}
        pushed: dict[int, float] = {}
        handling: list[float] = []
        end_to_end: list[float] = []
        measuring = False

        async def measure(handler, update, data):          # outermost: the whole handling of one update
            began = time.monotonic()
            try:
                return await handler(update, data)
            finally:
                if measuring and update.message is not None and update.message.text:
                    now = time.monotonic()
                    handling.append((now - began) * 1000)
                    end_to_end.append((now - pushed[update.update_id]) * 1000)
                done = finished.get(update.update_id)
                if done is not None:
                    done.set()
        dp.update.outer_middleware.register(measure)
        polling = asyncio.ensure_future(dp.start_polling(bot, polling_timeout=10, handle_signals=False,
                                                         allowed_updates=dp.resolve_used_update_types()))

        async def citizen(n: int, turns: int, pause: float) -> None:
            user = 800_000_000 + n
            pace = random.Random(n)
            await asyncio.sleep(pace.uniform(0, pause))          # the chats do not all begin at once
            for text in conversation(n, turns, back_from_operator=True):
                update = updates.text(user, text, language=None)
                finished[update["update_id"]] = asyncio.Event()
                pushed[update["update_id"]] = time.monotonic()
                async with http.post(base + "/_push", json=[update]):
                    pass
                await asyncio.wait_for(finished[update["update_id"]].wait(), 30)
                if pause:
                    await asyncio.sleep(pace.expovariate(1 / pause))

        # a warm-up: what a process does once (aiogram builds each type's validator on first use)
        await asyncio.gather(*(citizen(10_000 + n, len(SCRIPTS[n]), 0) for n in range(len(SCRIPTS))))
        measuring = True
        started = time.monotonic()
        await asyncio.gather(*(citizen(n, args.turns, args.pause) for n in range(args.citizens)))
        wall = time.monotonic() - started
        await dp.stop_polling()
        await polling
        runner.close()
        async with http.get(base + "/_calls") as r:
            calls = await r.json()
    server.terminate()
    server.wait(10)
    print(f"{len(handling)} text updates from {args.citizens} citizens in {wall:.1f} s "
          f"({len(handling) / wall:.0f} updates/s); {calls.get('sendMessage', 0)} messages sent in all")
    return handling, end_to_end, calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between a citizen's messages, on average")
    args = parser.parse_args()
    handling, end_to_end, _ = asyncio.run(run(args))

    def report(name: str, took: list[float]) -> float:
        took = sorted(took)

        def pct(p: float) -> float:
            return took[min(len(took) - 1, int(p / 100 * len(took)))]
        print(f"{name}: p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, max {took[-1]:.1f} ms, "
              f"mean {statistics.mean(took):.1f} ms")
        return pct(99)
    p99 = report("per text update, received → every answer sent", handling)
    report("… and from the citizen's send, with the fake server's getUpdates hop", end_to_end)
    print(f"target: p99 ≤ {MAX_P99_MS:.0f} ms per update")
    return 0 if p99 <= MAX_P99_MS else 1


if __name__ == "__main__":
    sys.exit(main())
