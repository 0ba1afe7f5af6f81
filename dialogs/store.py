"""Conversations through SQLAlchemy: SQLite by default, PostgreSQL in production (DATABASE_URL)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, and_, bindparam, delete, inspect, insert, or_, select, union_all, update
from sqlalchemy.orm import Session

from dialogs.messages import Outgoing, Purpose, Relay, Reply, as_dict, from_dict
from dialogs.models import Conversation, Delivery, Turn, UserSettings
from dialogs.privacy import mask
from dialogs.state import State
from knowledge import db as knowledge_db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LINES = "qyzmet.transcript_lines"          # session.info: this turn's transcript lines, not yet written

# A turn's statements, built once and run on the tables (SQLAlchemy Core), not through the ORM's unit of
# work: SQLAlchemy computes a statement's cache key once per statement object, and the ORM's bookkeeping
# is not needed for one row. On PostgreSQL a REST turn took 7.3 ms of a worker's CPU with statements
# built anew and run through the ORM, 3.0 ms so (bench/stack_load.py --telegram 0 --voice 0).
_conversations, _turns, _deliveries = Conversation.__table__, Turn.__table__, Delivery.__table__
_DELIVERED = select(_deliveries.c.event_id, _deliveries.c.digest, _deliveries.c.answer).where(
    _deliveries.c.conversation_id == bindparam("conversation"),
    or_(_deliveries.c.event_id == bindparam("plain"), _deliveries.c.event_id == bindparam("derived")))
# The conversation, locked until the turn commits, and the delivery's earlier answer (by its id, or the id
# derived from its content) in one statement: on PostgreSQL each statement is a round trip that the event
# loop waits for (dialogs.onloop). A repeat that waited for the lock sees the deliveries as they were when
# it started waiting (PostgreSQL re-reads only the locked row): its turn then fails on the answer's key,
# and Engine.handle answers it with the stored answer (IntegrityError), as before.
_OPEN = (select(Conversation, _deliveries.c.event_id, _deliveries.c.digest, _deliveries.c.answer)
         .outerjoin(_deliveries, and_(_deliveries.c.conversation_id == Conversation.id,
                                      or_(_deliveries.c.event_id == bindparam("plain"),
                                          _deliveries.c.event_id == bindparam("derived"))))
         .where(Conversation.id == bindparam("conversation"))
         .with_for_update(of=Conversation))
_SAVE = update(_conversations).where(_conversations.c.id == bindparam("conversation"))
_SAY = insert(_turns)
_REMEMBER = insert(_deliveries)
_ANSWER = "qyzmet.delivery_answer"           # session.info: the delivery's answer, not yet written
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


class Store:
    """Load and save one conversation per turn, inside the caller's session."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def open(self, session: Session, conversation: str, channel: str, user: str, event_id: str | None,
             digest: str) -> tuple[Delivered | None, Conversation, State]:
        """This delivery as seen before (None without an id: see `delivery`), and the conversation, made
        if new. It is locked until the turn commits: two workers on one conversation take turns, not
        overwrite each other (PostgreSQL; SQLite serialises writers anyway)."""
        plain = derived = None
        if event_id is not None:
            plain = _id_key(event_id)
            derived = f"{plain}#{digest[:16]}"
        rows = session.execute(_OPEN, {"conversation": conversation, "plain": plain, "derived": derived}).all()
        delivered = None if event_id is None else _delivered(
            {r.event_id: r for r in rows if r.event_id is not None}, plain, derived, digest)
        if rows:
            row = rows[0][0]
        else:
            row = Conversation(id=conversation, channel=channel, user=user, state={}, created=now(), updated=now())
            session.add(row)
        return delivered, row, State.from_dict(row.state)

    def save(self, session: Session, row: Conversation, state: State) -> None:
        """The conversation's state, this turn's transcript lines (`say`) and the delivery's answer
        (`remember_answer`, before this)."""
        if inspect(row).pending:
            row.state, row.updated = state.to_dict(), now()         # a new conversation: inserted at the flush
        elif session.bind.dialect.name == "postgresql" and session.info.get(_LINES):
            session.flush()
            lines, answer = session.info.pop(_LINES), session.info.pop(_ANSWER, None)
            params = {"conversation": row.id, "state": state.to_dict(), "updated": now()}
            for i, line in enumerate(lines):
                params.update({f"line{i}_{c}": line[c] for c in _LINE_COLUMNS})
            if answer is not None:
                params.update({f"answer_{c}": answer[c] for c in _ANSWER_COLUMNS})
            session.execute(_write_at_once(len(lines), answer is not None), params)
            return
        else:
            session.execute(_SAVE, {"conversation": row.id, "state": state.to_dict(), "updated": now()})
        self._write_lines(session)
        answer = session.info.pop(_ANSWER, None)
        if answer is not None:
            session.execute(_REMEMBER, answer)

    def say(self, session: Session, conversation: str, speaker: str, text: str, **data) -> None:
        """A line of the transcript, written with the turn's others in one statement (`save`)."""
        # what a citizen types may hold an ИИН or a phone number, and an operator repeats them ("I'll call
        # you back on …"): every line but the bot's own (words of the knowledge base) is masked when stored
        session.info.setdefault(_LINES, []).append(
            {"conversation_id": conversation, "at": now(), "speaker": speaker,
             "text": text if speaker == "bot" else mask(text), "data": data})

    @staticmethod
    def _write_lines(session: Session) -> None:
        # the conversation row first (a new one is what the lines refer to); one INSERT for the
        # lines rather than an ORM object each, which cost a turn about a third of its time
        session.flush()
        lines = session.info.pop(_LINES, None)
        if lines:
            session.execute(_SAY, lines)

    def delivery(self, session: Session, conversation: str, event_id: str, digest: str) -> Delivered:
        """This delivery as seen before (`answer` set) or not, and the key it is remembered under.

        An id seen before with different content is a channel reusing ids, not a repeat: it is
        handled as a new message (under a derived key), so nothing the citizen said is dropped."""
        plain_key = _id_key(event_id)
        derived = f"{plain_key}#{digest[:16]}"
        rows = {row.event_id: row for row in session.execute(_DELIVERED, {
            "conversation": conversation, "plain": plain_key, "derived": derived})}
        return _delivered(rows, plain_key, derived, digest)

    def remember_answer(self, session: Session, conversation: str, delivered: Delivered, digest: str,
                        out: list[Outgoing]) -> None:
        # a relayed message is the citizen's own words, an operator's reply theirs: kept masked, like the
        # transcript (a repeat of the delivery then gets the masked words; the first got them whole)
        kept = [_masked(m) for m in out]
        session.info[_ANSWER] = {"conversation_id": conversation, "event_id": delivered.key, "digest": digest,
                                 "at": now(), "answer": [as_dict(m) for m in kept]}      # written by `save`

    def language_of(self, session: Session, user: str) -> str | None:
        row = session.get(UserSettings, user)
        return row.language if row else None

    def remember_language(self, session: Session, user: str, language: str) -> None:
        row = session.get(UserSettings, user)
        if row is None:
            session.add(UserSettings(user=user, language=language))
        else:
            row.language = language

    def forget(self, session: Session, conversation: str, user: str) -> bool:
        """Everything kept of a conversation and of its person's choices; whether there was anything."""
        gone = 0
        for model, column in ((Delivery, Delivery.conversation_id), (Turn, Turn.conversation_id),
                              (Conversation, Conversation.id)):
            gone += session.execute(delete(model).where(column == conversation)).rowcount or 0
        gone += session.execute(delete(UserSettings).where(UserSettings.user == user)).rowcount or 0
        return gone > 0

    def transcript(self, session: Session, conversation: str, last: int | None = None) -> list[Turn]:
        self._write_lines(session)          # this turn's own lines too
        query = select(Turn).where(Turn.conversation_id == conversation).order_by(Turn.id.desc())
        if last:
            query = query.limit(last)
        return list(reversed(session.scalars(query).all()))


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
