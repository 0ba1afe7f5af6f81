"""`qyzmet nlu parse`: the interface other components and outside evaluation use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def run(sqlite_engine, model_file):
    env = {**os.environ, "DATABASE_URL": str(sqlite_engine.url), "NLU_MODEL": str(model_file), "NLU_BACKEND": "builtin"}

    def run(*args: str, stdin: bytes | None = None, model: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qyzmet.cli", "nlu", *args], input=stdin, capture_output=True,
                              env={**env, "NLU_MODEL": str(model)} if model else env, timeout=120)
    return run


KEYS = {"aspects", "text", "language", "intent", "confidence", "service", "ranking", "entities"}


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


def test_eval_reports_the_heldout_split_by_style_and_the_aspects(run):
    out = run("eval", "--split", "heldout", "--json")
    report = json.loads(out.stdout)
    styles = {"stories", "phone", "latin", "switching", "confusable", "confusable_fresh", "near_domain"}
    assert set(report["styles"]) == {f"{lang}/{style}" for lang in ("kk", "ru") for style in styles}
    assert set(report["aspects"]) == {"kk", "ru"} and all(a["examples"] == 60 for a in report["aspects"].values())
    # the targets: top-1 >= 97 % per language, >= 95 % on the confusable texts
    assert set(report["targets"]) == {"top1_kk>=97%", "top1_ru>=97%", "top1_confusable_kk>=95%",
                                      "top1_confusable_ru>=95%"}
    assert out.returncode == (0 if all(report["targets"].values()) else 1)


def test_train_if_stale_keeps_a_current_model(run, model_file, tmp_path):
    # a copy of the session's model (trained on this data, these titles, this code): the original is shared by
    # the xdist workers, and a failing check would otherwise retrain it on all the data under their feet
    model = tmp_path / "builtin.pkl"
    model.write_bytes(before := model_file.read_bytes())
    out = run("train", "--if-stale", model=model)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"NLU model up to date (") and b"trained the built-in classifier" not in out.stdout
    assert model.read_bytes() == before


TINY = """version: "3.1"
nlu:
- intent: greet
  examples: |
{greet}
- intent: goodbye
  examples: |
{goodbye}
"""


def _nlu(*argv: str) -> int:
    """`qyzmet nlu …` in this process, so the data and the code it fingerprints can be monkeypatched."""
    from qyzmet.cli import main

    return main(["nlu", *argv])


def test_train_if_stale_trains_only_when_the_data_or_the_code_changed(tmp_path, monkeypatch, capsys, sqlite_engine):
    from nlu import builtin

    # A tiny copy of the training data (seconds to train) stands in for nlu/data.
    data = tmp_path / "data"
    examples = {"kk": (["сәлем", "сәлеметсіз бе", "қайырлы таң"], ["сау болыңыз", "көріскенше", "хош"]),
                "ru": (["привет", "здравствуйте", "добрый день"], ["до свидания", "пока", "всего доброго"])}
    for language, (greet, goodbye) in examples.items():
        (data / "train" / language).mkdir(parents=True)
        (data / "train" / language / "intents.yml").write_text(
            TINY.format(greet="\n".join(f"    - {t}" for t in greet), goodbye="\n".join(f"    - {t}" for t in goodbye)),
            encoding="utf-8")
    code = tmp_path / "classifier.py"
    code.write_text("# stands for the classifier's code\n", encoding="utf-8")
    model = tmp_path / "var" / "builtin.pkl"
    monkeypatch.setattr(builtin, "DATA_DIR", data)
    monkeypatch.setattr(builtin, "TRAINING_CODE", (*builtin.TRAINING_CODE, code))
    monkeypatch.setenv("NLU_MODEL", str(model))
    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))

    def train_if_stale() -> str:
        assert _nlu("train", "--if-stale") == 0
        return capsys.readouterr().out

    assert train_if_stale().startswith("trained the built-in classifier on 12 examples")   # no model yet
    saved = model.read_bytes()
    assert builtin.BuiltinModel.load(model).examples == 12
    assert builtin.saved_fingerprint(model) == builtin.BuiltinModel.load(model).fingerprint   # read from the header

    out = train_if_stale()                                                  # nothing changed
    assert out.startswith("NLU model up to date (") and "trained the built-in classifier" not in out
    assert model.read_bytes() == saved

    with (data / "train" / "ru" / "intents.yml").open("a", encoding="utf-8") as f:   # new data
        f.write("- intent: greet\n  examples: |\n    - доброе утро\n")
    assert train_if_stale().startswith("trained the built-in classifier on 13 examples")
    assert train_if_stale().startswith("NLU model up to date (")

    code.write_text("# the classifier's code, changed\n", encoding="utf-8")              # new code
    assert train_if_stale().startswith("trained the built-in classifier on 13 examples")
    assert train_if_stale().startswith("NLU model up to date (")

    model.write_bytes(b"not a model")                                                   # a broken model file
    assert train_if_stale().startswith("trained the built-in classifier")

    assert _nlu("train") == 0                                                           # no flag: always trains
    assert capsys.readouterr().out.startswith("trained the built-in classifier")



def test_the_fingerprint_covers_all_the_code_training_runs():
    """TRAINING_CODE names every project module that training imports, so editing one retrains.
    (nlu.builtin also imports what parsing needs, nlu.entities and nlu.result: not trained on.)"""
    from pathlib import Path

    from nlu import builtin

    probe = ("import sys\n"
             "import nlu.data, nlu.language, nlu.normalize\n"
             "for m in list(sys.modules.values()):\n"
             "    print(getattr(m, '__file__', None) or '')\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=builtin._PROJECT)
    loaded = {Path(line).resolve() for line in out.stdout.split()}
    project = {f for f in loaded if f.is_relative_to(builtin._PROJECT) and ".venv" not in f.parts
               and f.name != "__init__.py"}
    assert Path(builtin.__file__).resolve() in builtin.TRAINING_CODE and project, out.stderr
    assert project <= set(builtin.TRAINING_CODE), sorted(map(str, project - set(builtin.TRAINING_CODE)))
