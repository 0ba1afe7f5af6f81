"""`qyzmet kb …` as a person runs it: a real process, a fresh SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('cli') / 'kb.sqlite3'}")

    def _run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qyzmet", *args], capture_output=True, text=True, env=env,
                              timeout=120)
    built = _run("kb", "build")
    assert built.returncode == 0, built.stderr
    assert "32 standards" in built.stdout
    return _run


def test_build_if_stale_after_a_plain_build_is_up_to_date(run):
    out = run("kb", "build", "--if-stale")   # first: right after the fixture's plain `kb build`
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("knowledge base up to date (") and "built:" not in out.stdout


def test_export_has_the_contract_fields(run):
    out = run("kb", "export", "--json")
    data = json.loads(out.stdout)
    s = next(x for x in data["standards"] if x["id"] == "1486-02")
    for field in ("id", "title_kk", "ministry", "channels", "form", "durations", "fee", "result", "documents",
                  "refusal_grounds", "complaint", "mentions_1414", "source"):
        assert field in s
    assert s["title_kk"] == "Соттылықтың болуы не болмауы туралы анықтама беру"
    assert s["source"] | {} and s["source"]["status"] == "repealed" and s["source"]["repealed_by"]["number"] == "505"
    office = data["offices"][0]
    for field in ("id", "kind", "name", "region", "district", "settlement", "address", "phones", "emails", "lat",
                  "lon", "geo_precision", "standards"):
        assert field in office


def test_show_is_readable_kazakh_with_repeal_notice(run):
    out = run("kb", "show", "363-01")
    assert out.returncode == 0
    assert "паспорттар" in out.stdout and "КҮШІН ЖОЙҒАН" in out.stdout and "1414" in out.stdout
    assert "400%" in out.stdout
    missing = run("kb", "show", "no-such-id")
    assert missing.returncode == 1 and "1741-01" in missing.stderr


def test_offices_near_and_by_place(run):
    near = json.loads(run("kb", "offices", "--near", "49.95,82.61", "--kind", "hqo", "--limit", "3", "--json").stdout)
    assert len(near) == 3 and near[0]["region"] == "Шығыс Қазақстан облысы"       # Өскемен
    assert near[0]["distance_km"] <= near[1]["distance_km"]
    for name in ("Өскемен", "Усть-Каменогорск"):
        place = json.loads(run("kb", "offices", "--place", name, "--json").stdout)
        assert place["place"]["region"] == "Шығыс Қазақстан облысы" and place["offices"]
    unknown = json.loads(run("kb", "offices", "--place", "Атлантида", "--json").stdout)
    assert unknown["place"] is None and len(unknown["regions"]) == 16
    bad = run("kb", "offices", "--near", "not,a-point", "--json")
    assert bad.returncode == 2 and "LAT,LON" in bad.stderr


def test_check_lists_flags_and_passes(run):
    out = run("kb", "check")
    assert out.returncode == 0, out.stdout[-2000:]
    assert "copy_paste_durations" in out.stdout and "0 missing required fields" in out.stdout


def _kb(*argv: str) -> int:
    """`qyzmet kb …` in this process, so the inputs can be monkeypatched."""
    from qyzmet.cli import main

    return main(["kb", *argv])


def test_build_if_stale_rebuilds_only_when_an_input_changed(tmp_path, monkeypatch, capsys):
    from sqlalchemy import text

    from knowledge import build as kb_build
    from knowledge.db import make_engine
    from knowledge.parse import source

    # A copy of one small bundled source is the whole input: quick to build, safe to alter.
    sources = tmp_path / "sources"
    sources.mkdir()
    original = next(source.SOURCES_DIR.glob("003_*.txt"))
    copy = sources / original.name
    copy.write_bytes(original.read_bytes())
    monkeypatch.setattr(source, "SOURCES_DIR", sources)
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    assert copy in kb_build.inputs() and original not in kb_build.inputs()

    def build_if_stale() -> str:
        assert _kb("build", "--if-stale") == 0
        return capsys.readouterr().out

    def act_titles() -> list[str]:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT title FROM acts")))

    out = build_if_stale()                                   # a fresh database: built
    assert out.startswith("built: 1 acts")
    assert kb_build.build_info(engine)["fingerprint"] == kb_build.fingerprint()
    with engine.begin() as connection:                       # a mark a rebuild would wipe out
        connection.execute(text("UPDATE acts SET title = 'left as it was'"))

    out = build_if_stale()                                   # nothing changed: not rebuilt
    assert out.startswith("knowledge base up to date (") and "built:" not in out
    assert act_titles() == ["left as it was"]

    copy.touch()                                             # a new mtime, the same bytes: still up to date
    assert build_if_stale().startswith("knowledge base up to date (")

    copy.write_bytes(original.read_bytes() + "\n".encode())  # the source changed: rebuilt
    out = build_if_stale()
    assert out.startswith("built: 1 acts")
    assert act_titles() != ["left as it was"]
    assert build_if_stale().startswith("knowledge base up to date (")

    # A build from other sources records no fingerprint, so the next --if-stale rebuilds.
    kb_build.build(engine, [copy])
    assert kb_build.build_info(engine) == {}
    assert build_if_stale().startswith("built: 1 acts")

    # Without --if-stale: always rebuilt.
    assert _kb("build") == 0 and capsys.readouterr().out.startswith("built: 1 acts")
