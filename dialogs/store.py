"""Conversations through SQLAlchemy: SQLite by default, PostgreSQL in production (DATABASE_URL)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, insert, or_, select, union_all, update
from sqlalchemy.orm import Session

from dialogs.messages import Outgoing, Purpose, Relay, Reply, as_dict, from_dict
from dialogs.models import Conversation, Delivery, Turn, UserSettings
from dialogs.privacy import mask
from dialogs.state import State
from knowledge import db as knowledge_db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# A turn's statements, built once and run on the tables (SQLAlchemy Core) in a connection's transaction, not through
# an ORM session: SQLAlchemy computes a statement's cache key once per statement object, and the ORM's bookkeeping is
# not needed for one row. On PostgreSQL a REST turn took 7.3 ms of a worker's CPU with statements built anew and run
# through the ORM, 3.0 ms with them built once (bench/stack_load.py --telegram 0 --voice 0); an ORM session around
# them, a conversation loaded as its object, cost ~0.4 ms more (--paced, three runs each, alternated: 2.8-3.5 ms a
# turn without it, 3.2-4.7 ms with it).
_conversations, _turns, _deliveries = Conversation.__table__, Turn.__table__, Delivery.__table__
_settings = UserSettings.__table__
_DELIVERED = select(_deliveries.c.event_id, _deliveries.c.digest, _deliveries.c.answer).where(
    _deliveries.c.conversation_id == bindparam("conversation"),
    or_(_deliveries.c.event_id == bindparam("plain"), _deliveries.c.event_id == bindparam("derived")))
# The conversation, locked until the turn commits, and the delivery's earlier answer (by its id, or the id
# derived from its content) in one statement: on PostgreSQL each statement is a round trip that the event
# loop waits for (dialogs.onloop). A repeat that waited for the lock sees the deliveries as they were when
# it started waiting (PostgreSQL re-reads only the locked row): its turn then fails on the answer's key,
# and Engine.handle answers it with the stored answer (IntegrityError), as before.
_OPEN = (select(_conversations.c.state, _deliveries.c.event_id, _deliveries.c.digest, _deliveries.c.answer)
         .outerjoin(_deliveries, and_(_deliveries.c.conversation_id == _conversations.c.id,
                                      or_(_deliveries.c.event_id == bindparam("plain"),
                                          _deliveries.c.event_id == bindparam("derived"))))
         .where(_conversations.c.id == bindparam("conversation"))
         .with_for_update(of=_conversations))
_SAVE = update(_conversations).where(_conversations.c.id == bindparam("conversation"))
_CREATE = insert(_conversations)
_SAY = insert(_turns)
_REMEMBER = insert(_deliveries)
_LANGUAGE = select(_settings.c.language).where(_settings.c.user == bindparam("user"))
_CHOOSE = update(_settings).where(_settings.c.user == bindparam("person")).values(language=bindparam("chosen"))
_CHOSEN = insert(_settings)
_LINE_COLUMNS = ("conversation_id", "at", "speaker", "text", "data")
_ANSWER_COLUMNS = ("conversation_id", "event_id", "digest", "at", "answer")


@functools.cache
def _write_at_once(lines: int, answer: bool):
    """PostgreSQL: a turn's writes to a conversation it found — its state, its transcript lines, the
    delivery's answer — in one statement, `WITH saved AS (UPDATE …), remembered AS (INSERT …) INSERT
    INTO turns …`: one round trip rather than three. Built once for each number of lines.

    The lines are `INSERT … SELECT … UNION ALL SELECT …`, not a multi-row `VALUES`: SQLAlchemy cannot
    cache a multi-row `VALUES` (it has no cache key), so that statement was compiled again at every turn:
    ~0.3 ms of a worker's CPU each time (`echo` said "no key"; timed with `compile()`)."""
    def value(table, column: str, name: str):
        return bindparam(name, type_=table.c[column].type)      # JSON and times as their columns take them
    saved = (update(_conversations).where(_conversations.c.id == bindparam("conversation"))
             .values(state=value(_conversations, "state", "state"),
                     updated=value(_conversations, "updated", "updated")).cte("saved"))
    rows = [select(*(value(_turns, c, f"line{i}_{c}").label(c) for c in _LINE_COLUMNS)) for i in range(lines)]
    said = insert(_turns).from_select(list(_LINE_COLUMNS), union_all(*rows) if lines > 1 else rows[0])
    ctes = [saved]
    if answer:
        ctes.append(insert(_deliveries).values({c: value(_deliveries, c, f"answer_{c}") for c in _ANSWER_COLUMNS})
                    .cte("remembered"))
    return said.add_cte(*ctes)


def migrate(engine: Engine) -> None:
    """The dialogs tables, with their own Alembic history beside the knowledge base's."""
    knowledge_db.migrate(engine, MIGRATIONS)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Delivered:
    key: str                                # what the delivery is remembered under
    answer: list[Outgoing] | None           # what was answered to it before; None when it is new


@dataclass(slots=True)
class Held:
    """A conversation one turn holds: locked until the turn's transaction commits (`Store.open`), and what the turn
    writes at its end (`Store.save`) — its transcript lines and the delivery's answer — in as few statements as
    the database allows."""
    connection: Connection
    id: str
    channel: str
    user: str
    stored: dict[str, Any]                  # the state as it was stored ({} for a new conversation)
    new: bool
    lines: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the transcript as read back."""
    speaker: str
    text: str
    at: datetime
    data: dict[str, Any]


class Store:
    """Load and save one conversation per turn, inside the caller's transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def open(self, connection: Connection, conversation: str, channel: str, user: str, event_id: str | None,
             digest: str) -> tuple[Delivered | None, Held, State]:
        """This delivery as seen before (None without an id: see `delivery`), and the conversation, new if it was
        not stored. It is locked until the turn commits: two workers on one conversation take turns, not
        overwrite each other (PostgreSQL; SQLite serialises writers anyway)."""
        plain = derived = None
        if event_id is not None:
            plain = _id_key(event_id)
            derived = f"{plain}#{digest[:16]}"
        rows = connection.execute(_OPEN, {"conversation": conversation, "plain": plain, "derived": derived}).all()
        delivered = None if event_id is None else _delivered(
            {r.event_id: r for r in rows if r.event_id is not None}, plain, derived, digest)
        stored = rows[0].state if rows else {}
        held = Held(connection, conversation, channel, user, stored, new=not rows)
        return delivered, held, State.from_dict(stored)

    def save(self, held: Held, state: State) -> None:
        """The conversation's state, this turn's transcript lines (`say`) and the delivery's answer
        (`remember_answer`, before this)."""
        connection, at = held.connection, now()
        lines, answer, held.lines, held.answer = held.lines, held.answer, [], None
        if held.new:
            # inserted first: the lines and the answer refer to it. Another worker that made it at the same moment
            # makes this fail on its key, and the engine runs the turn again (IntegrityError)
            connection.execute(_CREATE, {"id": held.id, "channel": held.channel, "user": held.user,
                                        "state": state.to_dict(), "created": at, "updated": at})
            held.new = False
        elif connection.dialect.name == "postgresql" and lines:
            params = {"conversation": held.id, "state": state.to_dict(), "updated": at}
            for i, line in enumerate(lines):
                params.update({f"line{i}_{c}": line[c] for c in _LINE_COLUMNS})
            if answer is not None:
                params.update({f"answer_{c}": answer[c] for c in _ANSWER_COLUMNS})
            connection.execute(_write_at_once(len(lines), answer is not None), params)
            return
        else:
            connection.execute(_SAVE, {"conversation": held.id, "state": state.to_dict(), "updated": at})
        if lines:
            connection.execute(_SAY, lines)
        if answer is not None:
            connection.execute(_REMEMBER, answer)

    def say(self, held: Held, speaker: str, text: str, **data) -> None:
        """A line of the transcript, written with the turn's others in one statement (`save`)."""
        # what a citizen types may hold an ИИН or a phone number, and an operator repeats them ("I'll call
        # you back on …"): every line but the bot's own (words of the knowledge base) is masked when stored
        held.lines.append({"conversation_id": held.id, "at": now(), "speaker": speaker,
                           "text": text if speaker == "bot" else mask(text), "data": data})

    def delivery(self, session: Session | Connection, conversation: str, event_id: str, digest: str) -> Delivered:
        """This delivery as seen before (`answer` set) or not, and the key it is remembered under.

        An id seen before with different content is a channel reusing ids, not a repeat: it is
        handled as a new message (under a derived key), so nothing the citizen said is dropped."""
        plain_key = _id_key(event_id)
        derived = f"{plain_key}#{digest[:16]}"
        rows = {row.event_id: row for row in session.execute(_DELIVERED, {
            "conversation": conversation, "plain": plain_key, "derived": derived})}
        return _delivered(rows, plain_key, derived, digest)

    def remember_answer(self, held: Held, delivered: Delivered, digest: str, out: list[Outgoing]) -> None:
        # a relayed message is the citizen's own words, an operator's reply theirs: kept masked, like the
        # transcript (a repeat of the delivery then gets the masked words; the first got them whole)
        kept = [_masked(m) for m in out]
        held.answer = {"conversation_id": held.id, "event_id": delivered.key, "digest": digest, "at": now(),
                       "answer": [as_dict(m) for m in kept]}      # written by `save`

    def language_of(self, connection: Connection, user: str) -> str | None:
        return connection.execute(_LANGUAGE, {"user": user}).scalar()

    def remember_language(self, held: Held, user: str, language: str) -> None:
        if not held.connection.execute(_CHOOSE, {"person": user, "chosen": language}).rowcount:
            held.connection.execute(_CHOSEN, {"user": user, "language": language})

    def forget(self, session: Session, conversation: str, user: str) -> bool:
        """Everything kept of a conversation and of its person's choices; whether there was anything."""
        gone = 0
        for model, column in ((Delivery, Delivery.conversation_id), (Turn, Turn.conversation_id),
                              (Conversation, Conversation.id)):
            gone += session.execute(delete(model).where(column == conversation)).rowcount or 0
        gone += session.execute(delete(UserSettings).where(UserSettings.user == user)).rowcount or 0
        return gone > 0

    def transcript(self, held: Held | Session | Connection, conversation: str, last: int | None = None) -> list[Line]:
        """The conversation's lines, oldest first (the `last` ones); in a turn (`held`), with its own lines not yet
        written."""
        db = held.connection if isinstance(held, Held) else held
        query = select(_turns.c.speaker, _turns.c.text, _turns.c.at, _turns.c.data).where(
            _turns.c.conversation_id == conversation).order_by(_turns.c.id.desc())
        if last:
            query = query.limit(last)
        lines = [Line(r.speaker, r.text, r.at, r.data) for r in reversed(db.execute(query).all())]
        if isinstance(held, Held) and held.id == conversation:
            lines += [Line(x["speaker"], x["text"], x["at"], x["data"]) for x in held.lines]
        return lines[-last:] if last else lines


def _delivered(rows: dict, plain_key: str, derived: str, digest: str) -> Delivered:
    """`rows`: the deliveries found under either key, by key (event_id, digest, answer)."""
    first = rows.get(plain_key)
    key = plain_key if first is None or first.digest == digest else derived
    found = rows.get(key)
    return Delivered(key, None if found is None else [from_dict(m) for m in found.answer])


def _masked(message: Outgoing) -> Outgoing:
    """The message as a delivery remembers it: a person's words (not the bot's) with personal data masked."""
    if isinstance(message, Relay):
        return replace(message, text=mask(message.text))
    if isinstance(message, Reply) and message.purpose == Purpose.OPERATOR:
        return replace(message, blocks=tuple(replace(b, lines=tuple(map(mask, b.lines))) for b in message.blocks))
    return message


ID_KEEP = 160          # ids up to this long are stored as they are; longer ones as a hash of the whole id


def _id_key(event_id: str) -> str:
    """The id as stored: whole when short, else its SHA-256, so that two long ids sharing a prefix never meet."""
    if len(event_id) <= ID_KEEP:
        return event_id
    return "sha256:" + hashlib.sha256(event_id.encode("utf-8", "surrogatepass")).hexdigest()
