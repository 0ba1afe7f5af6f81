"""The engine's Prometheus metrics, counted once per turn taken, and its one log line per turn.

A turn is counted after its transaction commits: a turn run again (a locked database, a race
with another worker) counts once, and a repeated delivery, answered from memory, not at all.

Labels come from small closed sets only — never a conversation id, a text or a phone number:
    channel    Event.channel, which each channel sets from a constant of its own ("rest", …)
    language   kk | ru | none (not known yet)
    purpose    dialogs.messages.Purpose;  reason  dialogs.messages.HandoffReason
    error      the SQLAlchemy error class (DATABASE_ERROR_CLASSES) or "other"

Every process keeps its own counts and serves them at its own /metrics (web.observe); Prometheus
scrapes each replica (not the proxy in front of them) and sums them (`sum by (…)`): a worker
that restarts starts from 0, which `rate()`/`increase()` read as a reset, not as a fall.
"""

from __future__ import annotations

import logging
import re

from prometheus_client import Counter, Histogram
from sqlalchemy import Engine as Database
from sqlalchemy import event

from dialogs.messages import Handoff, HandoffReason, Notice, NoticeKind, Purpose, Reply
from nlu.metrics import count_reading

log = logging.getLogger("dialogs.engine")

LANGUAGES = ("kk", "ru")
_CHANNEL = re.compile(r"[a-z][a-z0-9_]{0,15}")        # a channel's constant; anything else is "other"
MINUTE, HOUR = 60.0, 3600.0
# from a few seconds to an hour: how long a citizen waited for a person
WAIT_BUCKETS = (5.0, 15.0, 30.0, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE,
                HOUR)
DATABASE_ERROR_CLASSES = frozenset(("OperationalError", "IntegrityError", "InterfaceError", "ProgrammingError",
                                    "DataError", "InternalError", "NotSupportedError", "DatabaseError",
                                    "DBAPIError", "PendingRollbackError", "TimeoutError"))

MESSAGES = Counter("qyzmet_messages", "Citizens' messages the engine answered (text, a chosen option, keys, a "
                   "location, an attachment; not operators' actions nor a channel's signals), by channel and "
                   "the conversation's language after the turn (none: not known yet)", ["channel", "language"])
REPLIES = Counter("qyzmet_replies", "The assistant's replies by purpose (dialogs.messages.Purpose). Fallbacks "
                  "are purpose=\"not_understood\" (nothing understood; ask again) and purpose=\"clarify\" (not "
                  "sure: did you mean…)", ["purpose"])
MISUNDERSTANDINGS = Counter("qyzmet_misunderstandings", "Turns the engine counted as not understood (the "
                            "conversation's count of misunderstandings in a row rose: a not_understood reply, "
                            "or at the second in a row the offer of an operator)", ["channel"])
HANDOFFS = Counter("qyzmet_handoffs", "Conversations handed to an operator, by channel and reason (asked; "
                   "not_understood: after misunderstandings; complaint)", ["channel", "reason"])
OPERATOR_WAIT = Histogram("qyzmet_operator_wait_seconds", "From a handoff until an operator first answers, "
                          "as each channel knows it (the operator's first message, or the moment an operator "
                          "takes the conversation)", ["channel"], buckets=WAIT_BUCKETS)
DATABASE_ERRORS = Counter("qyzmet_database_errors", "Errors the database raised (SQLAlchemy's handle_error), "
                          "by error class; IntegrityError includes the races between workers that the "
                          "engine settles by itself", ["error"])

LOOP_MISSES = Counter("qyzmet_loop_misses", "Database work tried on the event loop and done in a thread instead "
                      "(dialogs.onloop), by why: not_connected, waited (a row lock or a slow statement cut "
                      "short), slow (the database was slow a moment ago), lost (the connection), locked "
                      "(SQLite), pool, other", ["reason"])

for _purpose in Purpose:                 # every series from the start, at 0
    REPLIES.labels(str(_purpose))
for _error in (*sorted(DATABASE_ERROR_CLASSES), "other"):
    DATABASE_ERRORS.labels(_error)
for _reason in ("not_connected", "waited", "slow", "lost", "locked", "pool", "other"):
    LOOP_MISSES.labels(_reason)


def channel_label(channel: str | None) -> str:
    return channel if channel and _CHANNEL.fullmatch(channel) else "other"


def count_turn(turn, seconds: float, misunderstood_before: int) -> None:
    """After a turn was committed: what it did, counted, and one line (no text) at INFO."""
    e, s = turn.event, turn.state
    channel = channel_label(e.channel)
    language = s.language if s.language in LANGUAGES else "none"
    if e.operator is None and e.signal is None:
        MESSAGES.labels(channel, language).inc()
    if turn.parse is not None:
        count_reading(turn.parse)
    if s.misunderstood > misunderstood_before:
        MISUNDERSTANDINGS.labels(channel).inc()
    purposes = []
    for message in turn.out:
        if isinstance(message, Reply):
            REPLIES.labels(str(message.purpose)).inc()
            purposes.append(str(message.purpose))
        elif isinstance(message, Handoff):
            HANDOFFS.labels(channel, str(HandoffReason(message.reason))).inc()
            purposes.append("handoff")
        elif isinstance(message, Notice) and message.event == NoticeKind.OPERATOR_JOINED:
            since = (s.handoff or {}).get("since")
            if isinstance(since, int | float):
                waited_for_operator(channel, turn.clock() - since)
    if log.isEnabledFor(logging.INFO):
        # whole milliseconds: every record is masked (qyzmet.logs), and a decimal point costs the phone
        # number search a third more
        log.info("turn: channel=%s language=%s intent=%s replies=%s %d ms", channel, language,
                 getattr(turn.parse, "intent", "-"), ",".join(purposes) or "-", round(seconds * 1000))


def waited_for_operator(channel: str, seconds: float) -> None:
    """An operator's first answer after a handoff, `seconds` after it (a channel that knows it calls this)."""
    OPERATOR_WAIT.labels(channel_label(channel)).observe(max(seconds, 0.0))


def watch(db: Database) -> None:
    """Count the database's errors (once per database, however often it is called)."""
    if not event.contains(db, "handle_error", _database_error):
        event.listen(db, "handle_error", _database_error)


def _database_error(context) -> None:
    error = context.sqlalchemy_exception or context.original_exception
    name = type(error).__name__
    DATABASE_ERRORS.labels(name if name in DATABASE_ERROR_CLASSES else "other").inc()
