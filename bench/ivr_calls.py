"""The voice line under load: concurrent calls, each webhook signed as Twilio signs it, against one
`qyzmet serve` process.

    python bench/ivr_calls.py [--calls 50] [--rounds 3] [--pause 2.0]

Builds a knowledge base in a fresh SQLite file, renders the Kazakh prompts into a fresh folder,
starts `qyzmet serve` with the voice line on (embedded defaults: SQLite, built-in NLU) and a fake
Twilio REST API on loopback for the SMS, and plays that many callers at once (their calls
arriving within `--ramp` seconds, as calls do; `--ramp 0` starts them all in one instant). Half call in
Kazakh on keys (pages through the services and picks one), half in Russian by voice (asks for the
criminal-record certificate); each then answers the situation question, hears three parts of
the answer, gets it by SMS, asks for the nearest office (a region and district on the keys, or a
town said), goes to the operators' queue and hangs up there (the status callback), pausing like a
listener (up to `--pause` s) between webhooks. `--database-url` runs it on PostgreSQL.
The Kazakh audio each TwiML names is fetched as Twilio would. Prints the webhooks' latency
percentiles (answer to the last byte), per step and overall; exits 1 when one failed or
p99 > 300 ms at 50 calls (Twilio gives a webhook 15 s; we want the caller not to notice).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rest_load import wait_healthy  # noqa: E402
from bench.scripts import free_port  # noqa: E402
from tests.ivr.fake_twilio import FakeTwilio  # noqa: E402

MAX_P99_MS = 300.0
PUBLIC = "https://voice.bench.example"
TOKEN = "bench-auth-token-" * 2                # made up: the fake cloud and the server share it
ACCOUNT = "AC" + "b" * 32
ACTION = re.compile(r'action="([^"]+)"')
PLAY = re.compile(r"<Play>([^<]+)</Play>")


class Caller:
    def __init__(self, http: aiohttp.ClientSession, base: str, n: int, timings: dict, failures: list,
                 pause: float) -> None:
        self.http, self.base, self.timings, self.failures, self.pause = http, base, timings, failures, pause
        self.sid = "CA" + uuid.uuid4().hex
        self.number = f"+7701{n:07d}"
        self.kazakh = n % 2 == 0
        self.validator = RequestValidator(TOKEN)
        self.action = f"{PUBLIC}/ivr/voice"

    async def hook(self, kind: str, url: str, **params) -> str:
        params = {"CallSid": self.sid, "From": self.number, "To": "+77172000000", "AccountSid": ACCOUNT, **params}
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        started = time.perf_counter()
        async with self.http.post(self.base + url[len(PUBLIC):], data=params, headers=headers) as r:
            text = await r.text()
        self.timings[kind].append((time.perf_counter() - started) * 1000)
        if r.status not in (200, 204):
            self.failures.append(f"{kind}: {r.status} {text[:120]}")
            return ""
        found = ACTION.search(text)
        if found:
            self.action = found.group(1).replace("&amp;", "&")
        # Twilio fetches what it is to play (in the background here: its time is not the webhook's)
        for url in PLAY.findall(text):
            asyncio.ensure_future(self.fetch(url))
        return text

    async def fetch(self, url: str) -> None:
        started = time.perf_counter()
        async with self.http.get(self.base + url[len(PUBLIC):]) as r:
            await r.read()
        self.timings["audio (fetched by Twilio)"].append((time.perf_counter() - started) * 1000)
        if r.status != 200:
            self.failures.append(f"audio: {r.status} {url}")

    async def listen(self) -> None:
        await asyncio.sleep(random.uniform(0, self.pause))

    async def call(self, ramp: float = 0.0) -> None:
        await asyncio.sleep(random.uniform(0, ramp))      # calls arrive one after another, not all in one instant
        await self.hook("incoming call", self.action, CallStatus="ringing")
        await self.listen()
        await self.hook("language", self.action, Digits="1" if self.kazakh else "2")
        await self.listen()
        if self.kazakh:
            await self.hook("services list", self.action, Digits="1")
            await self.listen()
            await self.hook("next page", self.action, Digits="9")        # page 2
            await self.listen()
            await self.hook("next page", self.action, Digits="9")        # page 3
            await self.listen()
            await self.hook("service chosen", self.action, Digits="1")
        else:
            await self.hook("speech", self.action, SpeechResult="справка о несудимости", Confidence="0.91")
        await self.listen()
        await self.hook("situation chosen", self.action, Digits="2")
        for _ in range(3):
            await self.listen()
            await self.hook("next part", self.action, Digits="2")
        await self.listen()
        await self.hook("sms", self.action, Digits="3")
        await self.listen()
        await self.hook("main menu", self.action, Digits="*")
        await self.listen()
        await self.hook("nearest office", self.action, Digits="2")
        await self.listen()
        if self.kazakh:                                   # the region, then the district, on the keypad
            await self.hook("region / district", self.action, Digits="1")
            await self.listen()
            await self.hook("region / district", self.action, Digits="1")
        else:
            await self.hook("town said", self.action, SpeechResult="Караганда", Confidence="0.88")
        await self.listen()
        await self.hook("operator", self.action, Digits="0")
        await self.hook("queue wait music", f"{PUBLIC}/ivr/wait", QueuePosition="3", QueueTime="20")
        await self.hook("queue left", f"{PUBLIC}/ivr/dequeued", QueueResult="hangup")
        await self.hook("status callback", f"{PUBLIC}/ivr/status", CallStatus="completed", CallDuration="60")


async def run(args, base: str) -> tuple[dict, list, float]:
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        # warm up: one call of each kind, not counted
        warm = defaultdict(list)
        await asyncio.gather(*(Caller(http, base, n, warm, failures, 0).call() for n in range(2)))
        started = time.perf_counter()
        for round_ in range(args.rounds):
            await asyncio.gather(*(Caller(http, base, 1000 * (round_ + 1) + n, timings, failures, args.pause)
                                   .call(args.ramp) for n in range(args.calls)))
        elapsed = time.perf_counter() - started
        await asyncio.sleep(0.5)
    return timings, failures, elapsed


async def serve_fake_twilio(port: int) -> web.AppRunner:
    runner = web.AppRunner(FakeTwilio(ACCOUNT).app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pause", type=float, default=2.0, help="the longest a caller listens between keys (s)")
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="the calls of a round start within this many seconds (0: all in the same instant)")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        twilio_port, port = free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/load.sqlite3", "NLU_BACKEND": "builtin",
               "PYTHONPATH": str(ROOT), "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": PUBLIC,
               "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_SMS_FROM": "+77010000000",
               "TWILIO_API_BASE": f"http://127.0.0.1:{twilio_port}", "IVR_AUDIO_DIR": f"{tmp}/voice",
               "OPERATOR_HOURS": "mon-sun 00:00-24:00"}
        for name in ("BOT_TOKEN", "IVR_KK_SPEECH_LANGUAGE"):
            env.pop(name, None)
        subprocess.run([sys.executable, "-m", "qyzmet", "kb", "build"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "qyzmet", "voice", "prompts"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "qyzmet", "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/server.log", "w"))

        async def go():
            fake = await serve_fake_twilio(twilio_port)
            try:
                await wait_healthy(base, server)
                return await run(args, base)
            finally:
                await fake.cleanup()
        try:
            timings, failures, elapsed = asyncio.run(go())
        finally:
            server.terminate()
            server.wait(10)
    webhooks = [t for kind, values in timings.items() if not kind.startswith("audio") for t in values]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.calls} calls at once × {args.rounds} rounds, one server process ({database}, built-in NLU), "
          f"starting within {args.ramp} s, a listener's pause of up to {args.pause} s: {len(webhooks)} webhooks in {elapsed:.1f} s "
          f"({len(webhooks) / elapsed:.0f}/s); {len(failures)} failed")
    print(f"{'webhook':<28}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for kind, values in list(timings.items()) + [("all webhooks", webhooks)]:
        print(f"{kind:<28}{len(values):>6}{pct(values, 50):>10.1f}{pct(values, 99):>10.1f}{max(values):>10.1f}")
    for failure in failures[:5]:
        print("  failed:", failure)
    ok = not failures and (args.calls != 50 or pct(webhooks, 99) <= MAX_P99_MS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
