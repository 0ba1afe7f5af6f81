"""Where the knowledge base lives: SQLite by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import json
from contextvars import ContextVar
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = PROJECT_ROOT / "var" / "qyzmet.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x71797A6D6574   # PostgreSQL advisory lock taken while a schema is upgraded ("qyzmet")


def database_url(configured: str = "") -> str:
    """The SQLAlchemy URL for a configured DATABASE_URL (qyzmet.settings), or the SQLite file under
    var/ when none is configured."""
    url = (configured or "").strip()
    if not url:
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    # "postgresql://" (what docker and most tools print) means the psycopg 3 driver here.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


CONNECT_SECONDS = 5            # PostgreSQL: a connection not made by then is given up (see `_connecting`)


def _connecting(url: str) -> dict:
    """PostgreSQL: a server that accepts the connection and then says nothing (hung, a failover's address
    that is not there yet, a pooler without a backend) would hold the thread that connects for ever: libpq
    waits without limit by default. A `connect_timeout` in the URL is kept."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return {}
    return {"connect_timeout": CONNECT_SECONDS}


def as_json(value) -> str:
    """A JSON column's text: UTF-8, not \\u escapes. SQLAlchemy's default escapes every Cyrillic letter into six
    bytes, and a conversation's state (an answer's remaining parts) grew to 6 KB on average: each turn paid
    for it in the worker (writing and reading it) and in PostgreSQL (checking the JSON, compressing it);
    PostgreSQL spent 0.81 ms a turn with escapes, 0.63 ms without (150 scripted conversations, in-process).
    A lone surrogate cannot be written as UTF-8, so a value holding one is escaped as before."""
    written = json.dumps(value, ensure_ascii=False)
    try:
        written.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return written


SQLITE_BUSY_MS = 30_000        # a turn waits this long for another writer (a `kb build`) before failing
# How long the next transaction begun in this context waits for SQLite's write lock: a caller that
# must not block (a turn on an event loop) waits briefly and hands the turn to a thread if it is taken.
sqlite_wait_ms: ContextVar[int] = ContextVar("sqlite_wait_ms", default=SQLITE_BUSY_MS)


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (a SQLAlchemy URL, see `database_url`); the SQLite file under var/ by default."""
    url = url or database_url()
    # hide_parameters: an error's text never carries the values of a statement (a citizen's words, ids)
    engine = create_engine(url, hide_parameters=True, connect_args=_connecting(url), json_serializer=as_json)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_connection(dbapi_connection, _record):
            # Transactions are begun below, not by the driver: pysqlite's own deferred BEGIN lets two
            # writers both read and then fail at once with "database is locked" when one upgrades.
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys=ON")            # enforced only when asked
            # WAL: readers never wait for the writer (a `kb build` does not stall the server's reads),
            # and a commit costs one append rather than a journal rewrite
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            # take the write lock at the start, where waiting (busy_timeout) is allowed; the wait is set
            # only when it changes (an extra statement on every begin cost a turn half a millisecond)
            pooled = connection.connection
            wait = int(sqlite_wait_ms.get())
            if pooled.info.get("busy_timeout") != wait:
                pooled.dbapi_connection.execute(f"PRAGMA busy_timeout={wait}")
                pooled.info["busy_timeout"] = wait
            connection.exec_driver_sql("BEGIN IMMEDIATE")       # a lock error arrives as SQLAlchemy's own
    return engine


def migrate(engine: Engine, migrations: Path = MIGRATIONS) -> None:
    """Bring a schema to its newest Alembic revision (the knowledge base's unless told another history)."""
    config = Config()
    config.set_main_option("script_location", str(migrations))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several workers (or a worker and the migration job) starting at once would each see the old
            # revision and run the same DDL; one at a time, the later ones find the schema at its head.
            # Released at the commit (PostgreSQL's DDL is transactional). SQLite: BEGIN IMMEDIATE does it.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
