"""Retention of the engine's tables: what is older than the period goes, a bounded batch per transaction.

What goes (everything about a person; nothing is kept "anonymised", because nothing reads old rows
to count: the counts live in the metrics, which hold no person):
- transcript lines older than the cutoff, in every conversation (a live one keeps its recent lines);
- remembered answers to repeated deliveries older than the cutoff, in every conversation;
- conversations not updated since the cutoff (their state: the situation, the place), with whatever
  lines and deliveries they still have;
- the language choice of a person who has no conversation updated since the cutoff.

Each batch is its own short transaction of at most `BATCH` rows, so a turn never waits long for a
row the sweep holds, and the sweep never waits long for a turn. Batches walk each table in its
primary key's order from where the last one stopped (keyset), so a table is read once, not once per
batch. The delete repeats the condition: a conversation that a turn updated between the two
statements is no longer old and stays.

The channels sweep their own tables the same way (`sweep` with a `Sweep` of theirs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, delete, exists, func, inspect, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from dialogs.models import Conversation, Delivery, Turn, UserSettings

BATCH = 1000            # rows per transaction: milliseconds of locks, however large the table


@dataclass(frozen=True, slots=True)
class Sweep:
    """One table's rows that go: `where` them, walked in the order of `key` (the primary key)."""
    model: type
    key: tuple[InstrumentedAttribute, ...]
    where: ColumnElement[bool]

    @property
    def table(self) -> str:
        return self.model.__tablename__


def sweep(db: Engine, what: Sweep, *, dry_run: bool = False, batch: int = BATCH) -> int:
    """Delete `what` in batches; how many rows went (with `dry_run`, how many would go; nothing is deleted)."""
    if dry_run:
        with Session(db) as session:
            return session.scalar(select(func.count()).select_from(what.model).where(what.where)) or 0
    key = tuple_(*what.key)
    removed, after = 0, None
    while True:
        with Session(db) as session, session.begin():
            query = select(*what.key).where(what.where)
            if after is not None:
                query = query.where(key > tuple_(*after))
            keys = [tuple(row) for row in session.execute(query.order_by(*what.key).limit(batch))]
            if not keys:
                break
            gone = session.execute(delete(what.model).where(key.in_(keys), what.where),
                                   execution_options={"synchronize_session": False})
            removed += gone.rowcount or 0
            after = keys[-1]
        if len(keys) < batch:
            break
    return removed


def sweeps(cutoff: datetime) -> list[Sweep]:
    """The engine's tables, in the order they are swept (lines before the conversations they belong to)."""
    recent = exists().where(Conversation.user == UserSettings.user, Conversation.updated >= cutoff)
    return [Sweep(Turn, (Turn.id,), Turn.at < cutoff),
            Sweep(Delivery, (Delivery.conversation_id, Delivery.event_id), Delivery.at < cutoff),
            Sweep(Conversation, (Conversation.id,), Conversation.updated < cutoff),
            Sweep(UserSettings, (UserSettings.user,), ~recent)]


def present(db: Engine, found: Iterable[Sweep]) -> list[Sweep]:
    """The sweeps whose table exists (a channel that never ran has none)."""
    tables = set(inspect(db).get_table_names())
    return [s for s in found if s.table in tables]


def remove_older(db: Engine, cutoff: datetime, *, dry_run: bool = False, batch: int = BATCH) -> dict[str, int]:
    """Rows removed per table of the engine's, for everything older than `cutoff`."""
    return {s.table: sweep(db, s, dry_run=dry_run, batch=batch) for s in present(db, sweeps(cutoff))}
