"""The knowledge base written to a real database and read back: SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from knowledge import models, query
from knowledge.build import build, write
from knowledge.db import make_engine, session_factory
from knowledge.export import export_all
from knowledge.parse.source import SOURCES_DIR, SourceError


def _source_fields(value):
    """The export without the translations attached beside the Kazakh texts (title_ru, text_ru…)."""
    if isinstance(value, dict):
        return {k: _source_fields(v) for k, v in value.items() if not k.endswith("_ru")}
    if isinstance(value, list):
        return [_source_fields(v) for v in value]
    return value


def _roundtrip(engine, parsed) -> None:
    with session_factory(engine)() as session:
        data = _source_fields(export_all(session))
    assert len(data["standards"]) == 32
    by_id = {s["id"]: s for s in data["standards"]}
    for decree in parsed.decrees:
        for p in decree.standards:
            r, got = p.record, by_id[p.record["id"]]
            assert got["title_kk"] == r["title_kk"]
            assert got["durations"] == r["durations"]
            assert got["documents"]["scenarios"] == r["documents"]["scenarios"]
            assert got["fee"] == r["fee"]
            assert [g["text"] for g in got["refusal_grounds"]] == [g["text"] for g in r["refusal_grounds"]]
            assert got["source"]["status"] == "repealed" and got["source"]["repealed_by"]["number"]
    assert len(data["offices"]) == len(parsed.offices)
    assert {o["id"] for o in data["offices"]} == {o.id for o in parsed.offices}
    hqo = [o for o in data["offices"] if o["kind"].startswith("hqo")]
    assert all(o["lat"] is not None for o in hqo)


def test_roundtrip_sqlite(sqlite_engine, parsed):
    _roundtrip(sqlite_engine, parsed)


@pytest.mark.postgres
def test_roundtrip_postgresql(postgres_engine, parsed):
    _roundtrip(postgres_engine, parsed)
    with session_factory(postgres_engine)() as session:
        near = query.offices_near(session, 43.25, 76.91, kind="hqo", limit=3)   # central Almaty
    assert near and near[0].office["region"] == "Алматы қаласы"


def test_build_is_idempotent(tmp_path, parsed):
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    write(engine, parsed)
    write(engine, parsed)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(models.Standard)) == 32
        assert session.scalar(select(func.count()).select_from(models.Office)) == len(parsed.offices)


def test_malformed_document_leaves_database_as_it_was(tmp_path, sqlite_engine):
    path = tmp_path / "kb.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    sources = sorted(SOURCES_DIR.glob("*.txt"))
    build(engine, sources[2:3])                      # a good database with 002 only
    with session_factory(engine)() as session:
        before = session.scalar(select(func.count()).select_from(models.Standard))
    broken = tmp_path / "003_broken.txt"
    text = sources[3].read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(text[:120]) + "\n", encoding="utf-8")   # cut inside §14
    with pytest.raises(SourceError, match=r"003_broken\.txt:\d+"):
        build(engine, [sources[2], broken])
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(models.Standard)) == before == 4


def test_a_postgresql_that_accepts_the_connection_and_never_answers_is_given_up_in_seconds(monkeypatch):
    """A hung server, a failover's address or a pooler without a backend: the connection is accepted and
    nothing more is said. libpq would wait for ever, holding the thread (a worker has four for turns);
    connecting gives up after `CONNECT_SECONDS`, with an error the engine reads as "could not connect"."""
    import socket
    import threading
    import time

    from sqlalchemy.exc import OperationalError

    from dialogs.sessions import could_not_connect
    from knowledge import db as knowledge_db

    monkeypatch.setattr(knowledge_db, "CONNECT_SECONDS", 2)     # libpq's least
    silent = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True).start()
    engine = make_engine(f"postgresql+psycopg://qyzmet@127.0.0.1:{silent.getsockname()[1]}/qyzmet")
    outcome: list[BaseException | None] = []

    def connect() -> None:
        started = time.monotonic()
        try:
            engine.connect()
        except BaseException as error:        # noqa: BLE001 — looked at below
            outcome.append(error)
        outcome.append(time.monotonic() - started)

    trying = threading.Thread(target=connect, daemon=True)
    trying.start()
    trying.join(15)
    for connection in accepted:
        connection.close()                  # a connect still waiting ends now (without the limit: never)
    silent.close()
    trying.join(5)
    assert outcome and isinstance(outcome[0], OperationalError), outcome
    assert could_not_connect(outcome[0])
    assert outcome[1] < 10, outcome


def test_json_columns_keep_kazakh_letters_as_utf8_and_a_lone_surrogate_still_round_trips(postgres_url):
    """A conversation's state and a remembered answer are mostly Kazakh or Russian text. Written with \\u escapes
    (SQLAlchemy's default) each letter took six bytes, and every turn wrote and read them: the database and
    both engines (the threads' and the event loop's own) keep the letters as UTF-8. A value holding a lone
    surrogate, which UTF-8 cannot carry, is still kept, escaped."""
    from sqlalchemy import JSON, Column, Integer, MetaData, Table, Text, insert

    from dialogs.onloop import OnLoop

    engine = make_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    table = Table("json_spelling", MetaData(), Column("id", Integer, primary_key=True), Column("value", JSON))
    table.metadata.create_all(engine)
    said = {"documents": ["Жеке куәлік", "Құжат үшін баж"], "step": None}
    odd = {"text": "half a pair: \ud83d"}
    try:
        for n, bind in enumerate((engine, OnLoop(engine).bind)):
            with bind.begin() as connection:
                connection.execute(insert(table), [{"id": 2 * n, "value": said}, {"id": 2 * n + 1, "value": odd}])
                rows = dict(connection.execute(select(table.c.id, table.c.value)).all())
                assert rows[2 * n] == said and rows[2 * n + 1] == odd
                stored = connection.execute(select(func.octet_length(func.cast(table.c.value, Text)))
                                            .where(table.c.id == 2 * n)).scalar_one()
                # 22 letters at 2 bytes and the rest ASCII: 84 bytes; escaped, 172
                assert stored < 100, stored
    finally:
        table.metadata.drop_all(engine)
        engine.dispose()
