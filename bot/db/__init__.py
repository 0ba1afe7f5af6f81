"""The Telegram channel's tables in the assistant's database (same database, own Alembic history).

Handlers use them through `Database` (dialogs.sessions): short synchronous sessions, tried on the
event loop and done in a thread when they would have to wait (dialogs.onloop).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from dialogs.sessions import Database
from knowledge import db as knowledge_db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
__all__ = ["Database", "migrate"]


def migrate(engine: Engine) -> None:
    knowledge_db.migrate(engine, MIGRATIONS)
