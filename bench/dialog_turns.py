"""Speed of one turn on embedded defaults: NLU, flow step, knowledge queries, state and transcript write.

    python bench/dialog_turns.py [--conversations 600]

Runs scripted conversations (Kazakh and Russian: a question, the answers to its
questions, "show more", offices for a city or a shared location, a complaint, each
event with a delivery id as the channels send them) against a fresh SQLite
file with the built-in NLU, and prints per-turn latency percentiles. Target: p99 ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scripts import SCRIPTS  # noqa: E402
from dialogs.engine import Engine  # noqa: E402
from qyzmet.app import warm_up  # noqa: E402
from dialogs.messages import Event  # noqa: E402
from dialogs.store import migrate  # noqa: E402
from knowledge.build import build  # noqa: E402
from knowledge.db import make_engine  # noqa: E402
from nlu.backend import get_parser  # noqa: E402

def _event(conversation: str, text: str, delivery: str) -> Event:
    """"/…" is a button, "@lat,lon" a shared location, anything else typed text."""
    if text.startswith("/"):
        return Event(conversation, "bench", payload=text, id=delivery)
    if text.startswith("@"):
        lat, lon = (float(x) for x in text[1:].split(","))
        return Event(conversation, "bench", location=(lat, lon), id=delivery)
    return Event(conversation, "bench", text=text, id=delivery)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(f"sqlite:///{tmp}/bench.sqlite3")
        build(db)
        started = time.perf_counter()
        migrate(db)
        engine = Engine(db, get_parser("builtin"))
        print(f"engine ready in {time.perf_counter() - started:.2f} s (NLU model, knowledge cache, migrations)")
        for warm in SCRIPTS[0]:
            engine.handle(Event("warm-up", "bench", text=warm))
        warm_up(engine)                  # as `qyzmet serve` does before its first citizen
        timings = []
        for n in range(args.conversations):
            for i, text in enumerate(SCRIPTS[n % len(SCRIPTS)]):
                event = _event(f"bench-{n}", text, f"{n}-{i}")
                t0 = time.perf_counter()
                engine.handle(event)
                timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()

    def pct(p):
        return timings[min(len(timings) - 1, int(p / 100 * len(timings)))]
    print(f"{len(timings)} turns in {args.conversations} conversations: p50 {pct(50):.2f} ms, p90 {pct(90):.2f} ms, "
          f"p99 {pct(99):.2f} ms, max {timings[-1]:.2f} ms, mean {statistics.mean(timings):.2f} ms")
    return 0 if pct(99) <= 15 else 1


if __name__ == "__main__":
    sys.exit(main())
