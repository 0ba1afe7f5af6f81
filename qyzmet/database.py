"""`qyzmet db upgrade`: every table the assistant keeps, brought to its newest Alembic revision.

Four histories share the one database, each with its own version table, so that rebuilding the
knowledge base never touches a conversation and a channel's tables come and go with the channel:

    knowledge  (alembic_version)           acts, standards, offices, translations
    dialogs    (alembic_version_dialogs)   conversations, transcripts, deliveries, preferences
    telegram   (alembic_version_telegram)  the Telegram channel's citizens, operators' topics, relays
    voice      (alembic_version_voice)     the 1414 line's calls and text messages

The migration job of the production stack runs this once per deploy, before the workers start
(docker-compose.yml `migrate`); workers still upgrade what they use on start, which is then a check.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

from bot.db import MIGRATIONS as TELEGRAM_MIGRATIONS
from dialogs.store import MIGRATIONS as DIALOGS_MIGRATIONS
from ivr.models import MIGRATIONS as VOICE_MIGRATIONS
from knowledge import db as knowledge_db

log = logging.getLogger("qyzmet.db")
BUILD_LOCK = knowledge_db.MIGRATION_LOCK + 1     # held while the knowledge base is built (PostgreSQL)


@dataclass(frozen=True, slots=True)
class History:
    name: str
    migrations: Path
    version_table: str


HISTORIES = (
    History("knowledge", knowledge_db.MIGRATIONS, "alembic_version"),
    History("dialogs", DIALOGS_MIGRATIONS, "alembic_version_dialogs"),
    History("telegram", TELEGRAM_MIGRATIONS, "alembic_version_telegram"),
    History("voice", VOICE_MIGRATIONS, "alembic_version_voice"),
)


class Knowledge(StrEnum):
    """When an upgrade (re)builds the knowledge base from the bundled sources."""
    IF_STALE = "if-stale"          # missing, or built from other inputs than these (a deploy of new sources)
    IF_MISSING = "if-missing"      # only when there is none (a worker starting: never a rebuild under load)
    NEVER = "never"


def head(history: History) -> str | None:
    config = Config()
    config.set_main_option("script_location", str(history.migrations))
    return ScriptDirectory.from_config(config).get_current_head()


def current(db: Engine) -> dict[str, str | None]:
    """Each history's revision in this database (None: not created yet)."""
    found = {}
    with db.connect() as connection:
        for history in HISTORIES:
            context = MigrationContext.configure(connection, opts={"version_table": history.version_table})
            found[history.name] = context.get_current_revision()
    return found


@contextlib.contextmanager
def _exclusive(db: Engine) -> Iterator[None]:
    """One upgrade at a time on PostgreSQL (two replicas, or the job and a worker): the later one waits,
    then finds everything done. SQLite takes its write lock per transaction anyway."""
    if db.dialect.name != "postgresql":
        yield
        return
    with db.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": BUILD_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": BUILD_LOCK})
            connection.commit()


def upgrade(db: Engine, knowledge: Knowledge = Knowledge.IF_STALE) -> list[str]:
    """Every history to its head, the knowledge base built as `knowledge` says; what was done, in lines."""
    from knowledge.build import build, build_info, fingerprint

    done = []
    with _exclusive(db):
        before = current(db)
        knowledge_db.migrate(db)
        if knowledge != Knowledge.NEVER:
            missing = not _has_standards(db)
            stale = knowledge == Knowledge.IF_STALE and build_info(db).get("fingerprint") != fingerprint()
            if missing or stale:
                started = time.perf_counter()
                parsed = build(db)
                done.append(f"knowledge base built: {sum(len(d.standards) for d in parsed.decrees)} standards, "
                            f"{len(parsed.offices)} offices in {time.perf_counter() - started:.1f} s")
        for history in HISTORIES[1:]:
            knowledge_db.migrate(db, history.migrations)
        after = current(db)
    for name, revision in after.items():
        was = before[name]
        done.append(f"{name}: {revision}" + (" (unchanged)" if was == revision else f" (was {was or 'empty'})"))
    return done


def _has_standards(db: Engine) -> bool:
    if not inspect(db).has_table("standards"):
        return False
    with db.connect() as connection:
        return connection.execute(text("SELECT 1 FROM standards LIMIT 1")).first() is not None


# ------------------------------------------------------------------ the command line

def add_parser(subparsers) -> None:
    db = subparsers.add_parser("db", help="the database: upgrade every table to the newest revision")
    commands = db.add_subparsers(dest="db_command", required=True)
    up = commands.add_parser("upgrade", help="every Alembic history to its head; the knowledge base built "
                                             "when missing or built from other sources (the migration job)")
    up.add_argument("--knowledge", choices=[k.value for k in Knowledge], default=Knowledge.IF_STALE.value,
                    help="when to (re)build the knowledge base (default: if-stale)")
    commands.add_parser("current", help="each history's revision in the database, and the newest one")
    db.set_defaults(handler=run)


def run(args) -> int:
    from qyzmet import logs

    logs.setup(args.settings.log_format, args.settings.log_level)
    logging.getLogger("alembic").setLevel(logging.WARNING)     # "Context impl …" per history: noise here
    db = knowledge_db.make_engine(knowledge_db.database_url(args.settings.database_url))
    try:
        if args.db_command == "upgrade":
            for line in upgrade(db, Knowledge(args.knowledge)):
                log.info("%s", line)
            return 0
        revisions = current(db)
        behind = 0
        for history in HISTORIES:
            newest = head(history)
            behind += revisions[history.name] != newest
            state = "up to date" if revisions[history.name] == newest else f"behind: newest is {newest}"
            print(f"{history.name}: {revisions[history.name] or 'empty'} ({state})")
        return 1 if behind else 0
    finally:
        db.dispose()
