"""The built-in classifier and Rasa's DIET side by side on the same held-out split.

    python bench/nlu_compare.py                 # both backends (Rasa needs scripts/rasa.sh env)
    python bench/nlu_compare.py --builtin-only

For each backend: accuracy on nlu/data/test (top-1 per language, intent accuracy,
out-of-scope recall), training time, load time and parse latency (p50/p99 over the whole
split, several rounds, in-process for built-in and over loopback HTTP for Rasa).
Rasa is trained fresh into a temporary folder so its training time is measured, not
taken from the cache.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu import rasa_server  # noqa: E402
from nlu.builtin import BuiltinModel, data_fingerprint  # noqa: E402
from nlu.data import DATA_DIR, load  # noqa: E402
from nlu.evaluate import evaluate  # noqa: E402
from nlu.rasa_client import RasaParser  # noqa: E402
from nlu.services import knowledge_titles  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def latency(parse, texts: list[str], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for t in texts:
            started = time.perf_counter()
            parse(t)
            times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.50), percentile(times, 0.99)


def summary(report) -> dict:
    d = report.as_dict()["languages"]
    return {lang: (s["top1"], s["intent_accuracy"], s["oos_recall"]) for lang, s in d.items()}


def bench_builtin(titles, train, test, rounds) -> dict:
    started = time.perf_counter()
    model = BuiltinModel.train(train, titles, data_fingerprint(DATA_DIR, titles))
    train_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "builtin.pkl"
        model.save(path)
        started = time.perf_counter()
        model = BuiltinModel.load(path)
        load_s = time.perf_counter() - started
        # a cold process: interpreter, imports, model, first answer
        code = ("import time; t=time.perf_counter(); from pathlib import Path; from nlu.builtin import BuiltinModel; "
                f"m=BuiltinModel.load(Path({str(path)!r})); m.parse('справка'); print(time.perf_counter()-t)")
        cold_s = float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                      check=True).stdout)
    texts = [e.text for e in test]
    report = evaluate(model, test)
    p50, p99 = latency(model.parse, texts, rounds)
    return {"train_s": train_s, "load_s": load_s, "cold_start_s": cold_s, "p50_ms": p50, "p99_ms": p99,
            "accuracy": summary(report)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_rasa(helper: BuiltinModel, test, rounds) -> dict:
    rasa = Path(rasa_server.script("venv")) / "bin" / "rasa"
    if not rasa.exists():
        raise SystemExit(f"no Rasa environment at {rasa.parent.parent}: run `scripts/rasa.sh env` first")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([str(rasa), "train", "nlu", "--config", str(ROOT / "nlu/config.yml"),
                        "--nlu", str(ROOT / "nlu/data/train"), "--domain", str(ROOT / "nlu/domain.yml"),
                        "--out", tmp, "--fixed-model-name", "bench"], cwd=tmp, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        train_s = time.perf_counter() - started

        port = _free_port()
        command = [str(rasa), "run", "--enable-api", "-m", f"{tmp}/bench.tar.gz", "-i", "127.0.0.1", "-p", str(port)]
        started = time.perf_counter()
        with rasa_server.running(command, port, Path(tmp) / "server.log", cwd=Path(tmp)) as url:
            load_s = time.perf_counter() - started
            parser = RasaParser(url, helper)
            texts = [e.text for e in test]
            report = evaluate(parser, test)
            p50, p99 = latency(parser.parse, texts, rounds)
            raw = latency(parser._post, texts, rounds)
    return {"train_s": train_s, "load_s": load_s, "cold_start_s": load_s, "p50_ms": p50, "p99_ms": p99,
            "raw_http_p50_ms": raw[0], "raw_http_p99_ms": raw[1], "accuracy": summary(report)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--builtin-only", action="store_true")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the test split for latency")
    args = ap.parse_args()
    titles = knowledge_titles()
    train, test = load("train"), load("test")
    print(f"train {len(train)} examples, test {len(test)} examples, {os.cpu_count()} cores")
    results = {"builtin": bench_builtin(titles, train, test, args.rounds)}
    if not args.builtin_only:
        helper = BuiltinModel.train(train, titles)
        results["rasa DIET"] = bench_rasa(helper, test, args.rounds)
    print(f"\n{'backend':<11}{'train s':>9}{'load s':>9}{'cold s':>9}{'p50 ms':>9}{'p99 ms':>9}   top-1 / intent / oos recall")
    for name, r in results.items():
        acc = "  ".join(f"{lang} {t:.1%}/{i:.1%}/{o:.1%}" for lang, (t, i, o) in sorted(r["accuracy"].items()))
        print(f"{name:<11}{r['train_s']:>9.1f}{r['load_s']:>9.2f}{r['cold_start_s']:>9.2f}"
              f"{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}   {acc}")
    if "rasa DIET" in results:
        r = results["rasa DIET"]
        print(f"(Rasa latency is our full parse over HTTP; /model/parse alone: p50 {r['raw_http_p50_ms']:.2f} ms, "
              f"p99 {r['raw_http_p99_ms']:.2f} ms. Rasa load = server start until /status answers.)")


if __name__ == "__main__":
    main()
