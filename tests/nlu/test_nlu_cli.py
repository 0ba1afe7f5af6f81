"""`qyzmet nlu parse`: the interface other components and outside evaluation use."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def run(sqlite_engine, model_file):
    env = {**os.environ, "DATABASE_URL": str(sqlite_engine.url), "NLU_MODEL": str(model_file), "NLU_BACKEND": "builtin"}

    def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qyzmet.cli", "nlu", *args], input=stdin,
                              capture_output=True, env=env, timeout=120)
    return run


KEYS = {"text", "language", "intent", "confidence", "service", "ranking", "entities"}


def test_parse_prints_one_json_object(run, titles):
    out = run("parse", "справка о несудимости в Караганде")
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert set(obj) == KEYS
    assert obj["intent"] == "service" and obj["language"] == "ru"
    assert obj["service"] == {"id": "1486-02", "title_kk": titles["1486-02"]}
    assert 1 <= len(obj["ranking"]) <= 5 and obj["ranking"][0]["id"] == "1486-02"
    assert all(set(r) == {"id", "title_kk", "confidence"} and r["title_kk"] == titles[r["id"]] for r in obj["ranking"])
    assert obj["entities"][0]["entity"] == "settlement" and obj["entities"][0]["value"] == "Қарағанды"


def test_jsonl_keeps_order_and_survives_every_kind_of_bad_line(run):
    lines = [
        "сәлеметсіз бе".encode(),
        b"",
        b"   ",
        ("справка " * 12_500).encode(),         # 100 KB
        b"\x00\x01\x02\x03",
        b"\xff\xfe\xfa not utf-8",               # undecodable
        "🙂🙂🙂".encode(),
        "'; DROP TABLE standards; --".encode(),
        "где ближайший ЦОН".encode(),
    ]
    out = run("parse", "--jsonl", stdin=b"\n".join(lines) + b"\n")
    assert out.returncode == 0, out.stderr
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(objs) == len(lines)
    assert objs[0]["intent"] == "greet"
    assert [o["intent"] for o in objs[1:3]] == ["out_of_scope", "out_of_scope"]
    assert objs[3]["intent"] == "service"
    assert objs[4]["intent"] == "out_of_scope"
    assert objs[5]["text"] is None and "line 6 is not valid UTF-8" in objs[5]["error"]
    assert objs[6]["intent"] == "out_of_scope"
    assert objs[7]["intent"] == "out_of_scope"
    assert objs[8]["intent"] == "find_office"


def test_jsonl_handles_thousands_of_lines_in_one_process(run, test_examples):
    texts = [e.text for e in test_examples] * 4
    out = run("parse", "--jsonl", stdin="\n".join(texts).encode() + b"\n")
    assert out.returncode == 0, out.stderr
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [o["text"] for o in objs] == texts


def test_parse_without_text_says_how_to_use_it(run):
    out = run("parse")
    assert out.returncode == 2 and b"--jsonl" in out.stderr


def test_eval_reports_and_passes_its_targets(run):
    out = run("eval", "--json")
    assert out.returncode == 0, out.stdout.decode()[-2000:]
    report = json.loads(out.stdout)
    assert set(report["languages"]) == {"kk", "ru"}
    assert all(report["targets"].values())
    assert {"expected", "predicted", "count"} <= set(report["confused_pairs"][0])
