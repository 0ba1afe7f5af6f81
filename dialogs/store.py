"""Conversations through SQLAlchemy: SQLite by default, PostgreSQL in production (DATABASE_URL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dialogs.messages import Outgoing, as_dict, from_dict
from dialogs.models import Conversation, Delivery, Turn, UserSettings
from dialogs.privacy import mask
from dialogs.state import State
from knowledge import db as knowledge_db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migrate(engine: Engine) -> None:
    """The dialogs tables, with their own Alembic history beside the knowledge base's."""
    knowledge_db.migrate(engine, MIGRATIONS)


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Load and save one conversation per turn, inside the caller's session."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, session: Session, conversation: str, channel: str, user: str) -> tuple[Conversation, State]:
        # locked until the turn commits: two workers on one conversation take turns, not overwrite
        # each other (PostgreSQL; SQLite serialises writers anyway)
        row = session.get(Conversation, conversation, with_for_update=True)
        if row is None:
            row = Conversation(id=conversation, channel=channel, user=user, state={}, created=now(), updated=now())
            session.add(row)
        return row, State.from_dict(row.state)

    def save(self, row: Conversation, state: State) -> None:
        row.state = state.to_dict()
        row.updated = now()

    def say(self, session: Session, conversation: str, speaker: str, text: str, **data) -> None:
        # what a citizen types may hold an ИИН or a phone number: masked before it is stored
        session.add(Turn(conversation_id=conversation, at=now(), speaker=speaker,
                         text=mask(text) if speaker == "citizen" else text, data=data))

    def answered(self, session: Session, conversation: str, event_id: str, digest: str) -> list[Outgoing] | None:
        """What was answered to this very delivery before; None for one not seen yet.

        An id seen before with different content is a channel reusing ids, not a repeat: it is
        handled as a new message (under a derived id), so nothing the citizen said is dropped."""
        row = session.get(Delivery, (conversation, _key(event_id, digest, session, conversation)))
        return None if row is None else [from_dict(m) for m in row.answer]

    def remember_answer(self, session: Session, conversation: str, event_id: str, digest: str,
                        out: list[Outgoing]) -> None:
        session.add(Delivery(conversation_id=conversation, event_id=_key(event_id, digest, session, conversation),
                             digest=digest, at=now(), answer=[as_dict(m) for m in out]))

    def language_of(self, session: Session, user: str) -> str | None:
        row = session.get(UserSettings, user)
        return row.language if row else None

    def remember_language(self, session: Session, user: str, language: str) -> None:
        row = session.get(UserSettings, user)
        if row is None:
            session.add(UserSettings(user=user, language=language))
        else:
            row.language = language

    def transcript(self, session: Session, conversation: str, last: int | None = None) -> list[Turn]:
        query = select(Turn).where(Turn.conversation_id == conversation).order_by(Turn.id.desc())
        if last:
            query = query.limit(last)
        return list(reversed(session.scalars(query).all()))


def _key(event_id: str, digest: str, session: Session, conversation: str) -> str:
    """The delivery's key: its id, or, when that id already stands for other content, id + digest."""
    event_id = event_id[:160]
    first = session.get(Delivery, (conversation, event_id))
    return event_id if first is None or first.digest == digest else f"{event_id}#{digest[:16]}"
