"""The REST channel under load: concurrent conversations against one `qyzmet serve` process.

    python bench/rest_load.py [--conversations 50] [--turns 20] [--rebuild]

Builds a knowledge base in a fresh SQLite file, starts `qyzmet serve` on a free
loopback port (embedded defaults: SQLite, built-in NLU, one process), and replays
scripted Kazakh and Russian conversations (bench/scripts.py) as that many widgets
at once, each sending its next message as soon as the last was answered. With
`--rebuild`, `qyzmet kb build` runs against the same database in the middle of
the run. Prints throughput and latency percentiles; exits 1 when a request failed
or the targets are missed: ≥ 150 turns/s and p99 ≤ 250 ms for 50 conversations.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scripts import conversation, free_port  # noqa: E402

MIN_THROUGHPUT = 150.0
MAX_P99_MS = 250.0


async def wait_healthy(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}")
            try:
                async with http.get(base + "/health") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not answer /health in time")


async def talk(http: aiohttp.ClientSession, base: str, n: int, turns: int, timings: list[float],
               failures: list[str], until: asyncio.Event | None = None) -> None:
    """One widget's conversation; with `until`, it goes on (new conversations) until that is set."""
    said = conversation(n, turns)
    i = 0
    while i < len(said) or until is not None and not until.is_set():
        text, i = said[i % len(said)], i + 1
        body = {"sender": f"load-{n}-{i // len(said)}", "message": text, "message_id": f"{n}-{i}"}
        started = time.perf_counter()
        try:
            async with http.post(base + "/webhooks/rest/webhook", json=body) as r:
                answer = await r.json(content_type=None)
                if r.status != 200 or not isinstance(answer, list):
                    failures.append(f"{r.status}: {str(answer)[:200]}")
        except aiohttp.ClientError as e:
            failures.append(repr(e))
        timings.append((time.perf_counter() - started) * 1000)


async def run(args, base: str, env: dict) -> tuple[list[float], list[str], float]:
    timings: list[float] = []
    failures: list[str] = []
    connector = aiohttp.TCPConnector(limit=args.conversations + 10)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as http:
        # warm-up: one conversation, not measured
        await talk(http, base, 10_000, 5, [], failures)
        rebuilt = asyncio.Event() if args.rebuild else None
        started = time.perf_counter()
        tasks = [asyncio.create_task(talk(http, base, n, args.turns, timings, failures, rebuilt))
                 for n in range(args.conversations)]
        if rebuilt is not None:
            # the whole build (parse, then the write transaction) runs under the load
            rebuild = await asyncio.create_subprocess_exec(sys.executable, "-m", "qyzmet", "kb", "build", env=env,
                                                           stdout=asyncio.subprocess.DEVNULL)
            code = await rebuild.wait()
            rebuilt.set()
            print(f"kb build during the run: exit {code}, {time.perf_counter() - started:.1f} s")
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return timings, failures, elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="run `qyzmet kb build` during the load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3", "NLU_BACKEND": "builtin",
               "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "qyzmet", "kb", "build"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "qyzmet", "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/server.log", "w"))
        try:
            asyncio.run(wait_healthy(base, server))
            timings, failures, elapsed = asyncio.run(run(args, base, env))
        finally:
            server.terminate()
            server.wait(10)
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(p / 100 * len(timings)))]
    throughput = len(timings) / elapsed
    print(f"{len(timings)} turns, {args.conversations} conversations at once, one server process (SQLite, "
          f"built-in NLU): {throughput:.0f} turns/s; p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, "
          f"p99 {pct(99):.1f} ms, max {timings[-1]:.1f} ms; {len(failures)} failed")
    for failure in failures[:5]:
        print("  failed:", failure)
    ok = not failures and (args.conversations != 50 or throughput >= MIN_THROUGHPUT and pct(99) <= MAX_P99_MS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
