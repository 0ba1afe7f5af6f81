"""Benchmark: parse all five sources and write the knowledge base (target: under 10 s on 2 cores).

Run: .venv/bin/python bench/kb_build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from knowledge.build import parse_sources, write
from knowledge.db import make_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'kb.sqlite3'}")
            t0 = time.perf_counter()
            parsed = parse_sources()
            t1 = time.perf_counter()
            write(engine, parsed)
            t2 = time.perf_counter()
            engine.dispose()
        n = sum(len(d.standards) for d in parsed.decrees)
        print(f"run {run}: parse {t1 - t0:.2f} s, write {t2 - t1:.2f} s, total {t2 - t0:.2f} s "
              f"({n} standards, {len(parsed.offices)} offices)")


if __name__ == "__main__":
    main()
