"""The turn pipeline: one event in, the messages to send out.

    clean → understand (the NLU, before any lock) → deduplicate → lock → record → dispatch → save

A turn reads the conversation under a row lock, decides (`dialogs.router`), and
writes the state, the transcript and the answer to a repeated delivery back in the
same transaction: a restart between two messages loses nothing, and two workers
on one conversation take turns rather than overwrite each other.

The engine is given its database, its parser and its clock (`qyzmet.app` wires
them); it builds nothing and reads no environment.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import Engine as Database
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from dialogs import metrics, people, plain, router
from dialogs.router import MAX_TEXT, OPTION_NUMBER
from dialogs.sessions import PATIENCE, could_not_connect
from dialogs.answers import Mrp
from dialogs.messages import Event, Handoff, Outgoing, Purpose, Reply
from dialogs.payloads import is_command
from dialogs.store import Store
from dialogs.turn import Turn
from knowledge import query
from knowledge.catalog import OfficeCatalog
from knowledge.standard import Standard

LOCK_RETRIES = 5           # a turn that met a locked database is run again this many times
# a str holds a surrogate only when it came alone (a JSON pair decodes to its character)
_SURROGATE = re.compile("[\ud800-\udfff]")


UNREAD = object()          # `Engine.handle` without a reading made beforehand: the NLU is asked in the turn


class Busy(RuntimeError):
    """The database stayed locked by another writer: nothing of the turn was written."""


class Engine:
    def __init__(self, db: Database, parser, mrp: Mrp = Mrp(4325, 2026),
                 clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.store = Store(db)
        self.parser = parser
        self.mrp = mrp
        self.clock = clock
        with Session(self.db) as session:
            # the knowledge base does not change while the assistant runs: read it once
            self.standards = {sid: Standard.from_export(query.standard(session, sid))
                              for sid, _ in query.standard_ids(session)}
            self.offices = OfficeCatalog.load(session)
        if not self.standards:
            raise RuntimeError("the knowledge base is empty: run `qyzmet kb build` first")
        unread = sorted(sid for sid, std in self.standards.items() if std.reading is None or std.routes is None)
        if unread:
            # an answer without the reviewed reading would guess whose documents are whose
            raise RuntimeError(f"no situation reading (knowledge/situations) or complaint routes "
                               f"(knowledge/complaints) for: {', '.join(unread)}")

    def handle(self, event: Event, retries: int = LOCK_RETRIES, parse: object = UNREAD,
               bind: Database | None = None, arrived: float | None = None) -> list[Outgoing]:
        """The turn; a locked SQLite is waited for and the turn run again up to `retries` times
        (0: raise `Busy` at once, for a caller that must not block); a database that refuses connections
        is waited for up to `PATIENCE` seconds (not with 0) from `arrived` (`time.perf_counter()` when the
        event came, before it queued for a thread; by default now). `parse`: the NLU's reading of
        the event, when the channel asked for it itself (`understand`), within its own time limit.
        `bind`: the engine of the same database to run it on (dialogs.onloop's, on the event loop)."""
        bind = bind or self.db
        started = time.perf_counter()
        # in an outage, turns queued for the runner's few threads give up as soon as the first, not in waves
        deadline = (arrived or started) + PATIENCE
        event = clean(event)
        if parse is UNREAD:
            parse = self.understand(event)
        while True:
            try:
                return self._attempts(event, parse, started, bind, retries)
            except OperationalError as error:
                # A database restarting or failing over refuses connections for a moment (pg_ctl restart
                # under bench/stack_load.py: 62-78 REST deliveries answered 500 in that second). Nothing
                # was sent, so the turn waits for it, a few seconds at most; never on the event loop
                # (retries=0), where every conversation would wait with it.
                if not (retries and could_not_connect(error)) or time.perf_counter() >= deadline:
                    raise
                time.sleep(0.2)

    def _attempts(self, event: Event, parse, started: float, bind: Database, retries: int) -> list[Outgoing]:
        for attempt in range(retries + 1):
            try:
                return self._turn(event, parse, started, bind)
            except IntegrityError:
                # Another worker got there first at this very moment: it created this new conversation,
                # or it handled this same delivery. Its answer stands; otherwise the turn is run again.
                if event.id is not None:
                    with Session(bind) as session:
                        again = self.store.delivery(session, event.conversation, event.id, digest(event)).answer
                    if again is not None:
                        return again
            except OperationalError as error:
                if error.connection_invalidated and attempt < retries:
                    # A pooled connection from before a database restart: SQLAlchemy has dropped the pool's
                    # connections, and the turn runs again on a fresh one (a turn that had got as far as its
                    # commit is found by its delivery id and answered as it was, not run twice)
                    continue
                # SQLite's "database is locked" after its busy timeout (a long `kb build`): nothing was
                # written, so running the turn again is safe
                if "locked" not in str(error).lower():
                    raise
                if attempt == retries:
                    raise Busy(str(error)) from error
                time.sleep(0.05 * (attempt + 1))
        return self._turn(event, parse, started, bind)

    def forget(self, conversation: str, user: str | None = None) -> bool:
        """Erase the conversation (its state, transcript and remembered answers) and the person's
        remembered language, at their request; whether anything was kept."""
        event = clean(Event(conversation, "", user=user or conversation))
        with Session(self.db) as session, session.begin():
            return self.store.forget(session, event.conversation, event.user)

    def understand(self, event: Event) -> object | None:
        """The NLU's reading of typed or spoken text; nothing for a choice, a location or an operator."""
        if event.operator is not None or event.payload or event.location is not None or event.signal \
                or event.attachment is not None:
            return None
        text = (event.text or "").strip()[:MAX_TEXT]
        if not text or is_command(text) or OPTION_NUMBER.fullmatch(text):
            return None             # a command or an option's number: nothing to understand (nor a Rasa call)
        return self.parser.parse(text)

    def _turn(self, event: Event, parse, started: float, bind: Database) -> list[Outgoing]:
        with bind.begin() as connection:
            user = event.user or event.conversation
            delivered, held, state = self.store.open(connection, event.conversation, event.channel, user, event.id,
                                                     digest(event) if event.id is not None else "")
            if delivered is not None and delivered.answer is not None:
                return delivered.answer              # a repeated delivery: answered once, changes nothing
            if state.language is None or "language_chosen" not in held.stored:
                # only a choice is remembered; a state saved before choices were told apart has the flag
                # when its language is the one this person chose
                remembered = self.store.language_of(connection, user)
                state.language = state.language or remembered
                state.language_chosen = remembered is not None and remembered == state.language
            turn = Turn(held, state, event, self.standards, self.offices, self.store, self.mrp, parse=parse,
                        clock=self.clock)
            misunderstood = state.misunderstood
            self._record_incoming(turn)
            router.dispatch(turn)
            self._record_outgoing(turn)
            if delivered is not None:
                self.store.remember_answer(held, delivered, digest(event), turn.out)
            self.store.save(held, state)
        metrics.count_turn(turn, time.perf_counter() - started, misunderstood)     # committed: counted once
        return turn.out

    def _record_incoming(self, t: Turn) -> None:
        e = t.event
        if e.operator is not None:
            self.store.say(t.held, "operator", e.operator.text or f"[{e.operator.kind}]",
                           action=str(e.operator.kind), code=e.operator.code, operator=e.operator.operator)
        elif e.signal is not None:
            self.store.say(t.held, "system", f"[{e.signal}]")
        elif e.attachment is not None:
            self.store.say(t.held, "citizen", people.attachment_said(e), kind="attachment")
        elif e.location is not None:
            readable = all(math.isfinite(x) for x in e.location)
            self.store.say(t.held, "citizen", "[location]",
                           location=list(e.location) if readable else None)
        else:
            # the whole message, however long: only the reading stops at MAX_TEXT
            text = e.payload or e.digits or e.text or ""
            self.store.say(t.held, "citizen", text,
                           kind="payload" if e.payload else "digits" if e.digits else "text")

    def _record_outgoing(self, t: Turn) -> None:
        for message in t.out:
            if isinstance(message, Reply) and message.purpose != Purpose.OPERATOR:   # the operator's own words:
                self.store.say(t.held, "bot", plain.text(message),  # recorded as they came
                               purpose=str(message.purpose),
                               options=[o.payload for o in message.options + message.actions])
            elif isinstance(message, Handoff):
                self.store.say(t.held, "system", f"handoff: {message.reason}",
                               context=message.context)


def _clean_text(value: str | None) -> str | None:
    """NUL characters out (PostgreSQL refuses them, and no citizen meant one), lone surrogates
    ("\\ud800" from a JSON escape) as U+FFFD: they cannot be stored or encoded as UTF-8."""
    if not value:
        return value
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def clean(event: Event) -> Event:
    """The event as it is stored: a channel keys its own per-conversation lock on `clean(e).conversation`."""
    return replace(event, conversation=_clean_text(event.conversation), user=_clean_text(event.user),
                   text=_clean_text(event.text), payload=_clean_text(event.payload),
                   digits=_clean_text(event.digits), id=_clean_text(event.id))


def digest(event: Event) -> str:
    """What a delivery said, to tell a true repeat from an id reused for something else."""
    said = [event.text, event.payload, event.digits, list(event.location or ()) or None,
            [str(event.operator.kind), event.operator.text, event.operator.code] if event.operator else None,
            str(event.signal) if event.signal else None]
    if event.attachment is not None:
        said.append(str(event.attachment))      # only then: the digests remembered before stay the same
    return hashlib.sha256(json.dumps(said, ensure_ascii=False, default=str).encode()).hexdigest()[:32]
