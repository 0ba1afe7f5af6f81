"""`qyzmet db upgrade`: every table has an Alembic history, and the migration job brings an empty
database, or one a revision behind, to the newest schema — on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.db.models import BotBase
from dialogs.models import DialogBase
from ivr.models import VoiceBase
from knowledge.db import database_url, make_engine
from knowledge.models import Base as KnowledgeBase
from qyzmet.cli import main
from qyzmet.database import HISTORIES, current, head

METADATA = {"knowledge": KnowledgeBase.metadata, "dialogs": DialogBase.metadata, "telegram": BotBase.metadata,
            "voice": VoiceBase.metadata}
VERSION_TABLES = {h.version_table for h in HISTORIES}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """A database with nothing in it, on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return request.getfixturevalue("new_postgres_database")("up")


def upgrade(monkeypatch, url: str, *extra: str) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    return main(["db", "upgrade", *extra])


def to_revision(url: str, history_name: str, revision: str) -> None:
    history = next(h for h in HISTORIES if h.name == history_name)
    config = Config()
    config.set_main_option("script_location", str(history.migrations))
    db = make_engine(database_url(url))
    with db.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    db.dispose()


def test_every_table_belongs_to_a_history_and_matches_its_models(monkeypatch, empty_url):
    assert upgrade(monkeypatch, empty_url, "--knowledge", "never") == 0
    db = make_engine(database_url(empty_url))
    try:
        assert current(db) == {h.name: head(h) for h in HISTORIES}
        modelled = set().union(*(m.tables for m in METADATA.values()))
        # nothing in the database that no model (and so no migration test) answers for
        assert set(inspect(db).get_table_names()) - VERSION_TABLES == modelled
        with db.connect() as connection:
            for name, metadata in METADATA.items():
                # another history's tables are not this one's business
                def ours(name, kind, _parents, tables=metadata.tables):
                    return kind != "table" or name in tables
                differences = compare_metadata(MigrationContext.configure(connection, opts={"include_name": ours}),
                                               metadata)
                assert differences == [], f"the {name} models differ from their migrations: {differences}"
    finally:
        db.dispose()


def test_a_database_one_revision_behind_is_upgraded_and_keeps_its_rows(monkeypatch, empty_url):
    """The dialogs history before the deliveries table (d001), the knowledge base before build_info (0002),
    and the channels' histories not created yet: a conversation kept at d001 survives the upgrade."""
    to_revision(empty_url, "knowledge", "0002")
    to_revision(empty_url, "dialogs", "d001")
    db = make_engine(database_url(empty_url))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with db.begin() as connection:
        connection.execute(text("INSERT INTO conversations (id, channel, \"user\", state, created, updated) "
                                "VALUES ('rest:old', 'rest', 'rest:old', '{}', :now, :now)"), {"now": now})
        connection.execute(text("INSERT INTO turns (conversation_id, at, speaker, text, data) "
                                "VALUES ('rest:old', :now, 'citizen', 'справка о несудимости', '{}')"), {"now": now})
    assert current(db) == {"knowledge": "0002", "dialogs": "d001", "telegram": None, "voice": None}
    try:
        assert upgrade(monkeypatch, empty_url, "--knowledge", "never") == 0
        assert current(db) == {h.name: head(h) for h in HISTORIES}
        with db.connect() as connection:
            kept = connection.execute(text("SELECT t.text FROM turns t JOIN conversations c "
                                           "ON c.id = t.conversation_id WHERE c.id = 'rest:old'")).scalars().all()
            assert kept == ["справка о несудимости"]
            assert connection.execute(text("SELECT count(*) FROM deliveries")).scalar() == 0
        assert {"deliveries", "build_info", "ivr_calls", "tg_citizens"} <= set(inspect(db).get_table_names())
    finally:
        db.dispose()


def test_current_says_which_history_is_behind(monkeypatch, empty_url, capsys):
    to_revision(empty_url, "dialogs", "d001")
    monkeypatch.setenv("DATABASE_URL", empty_url)
    assert main(["db", "current"]) == 1
    out = capsys.readouterr().out
    assert "dialogs: d001 (behind: newest is d002)" in out and "voice: empty (behind: newest is v001)" in out


@pytest.mark.postgres
def test_two_migration_jobs_at_once_on_an_empty_postgresql_build_one_knowledge_base(new_postgres_database):
    """Two replicas' jobs (or a job and a worker) starting together: both succeed, one of them builds."""
    url = new_postgres_database("twice")
    env = {**os.environ, "DATABASE_URL": url}
    jobs = [subprocess.Popen([sys.executable, "-m", "qyzmet", "db", "upgrade"], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outcomes = [job.communicate(timeout=120) for job in jobs]
    assert [job.returncode for job in jobs] == [0, 0], outcomes
    said = "".join(err for _out, err in outcomes)
    assert said.count("knowledge base built: 32 standards, 1432 offices") == 1, said
    db = make_engine(database_url(url))
    with db.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM standards")).scalar() == 32
        assert connection.execute(text("SELECT count(*) FROM offices")).scalar() == 1432
    assert current(db) == {h.name: head(h) for h in HISTORIES}
    db.dispose()
