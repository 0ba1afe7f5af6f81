"""The process's logging, set up once by every entry point: one record, one line, nothing personal.

    LOG_FORMAT=text   (default) readable lines:
                      2026-05-04T09:12:03.418Z INFO dialogs.engine [req=5f0c… conv=9a1e…] turn: …
    LOG_FORMAT=json   one JSON object per line: time (ISO-8601, UTC), level, logger, message,
                      request_id, conversation, and exception (the traceback as one string)
    LOG_LEVEL         DEBUG | INFO (default) | WARNING | ERROR

Two things hold in both formats, for every logger (ours, aiohttp's, aiogram's, SQLAlchemy's), because
a filter on the one handler sees every record before any formatter does:

- personal data is masked (dialogs.privacy.mask) in the message, its arguments and the exception's text;
- every control character (CR, LF, ESC, NUL, DEL, the C1 controls such as NEL, U+2028/U+2029, the bidi
  overrides, lone surrogates) is written as an escape (\\n, \\x1b, \\u2028), so a citizen's words cannot
  end a line early and forge a record after it, nor recolour or reorder a terminal's view of one.

The conversation appears only as a short keyed hash (dialogs.tracing.tag), the request as its id.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime, timezone
from enum import StrEnum
from typing import TextIO

from dialogs import tracing

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Loggers kept at WARNING whatever LOG_LEVEL says: SQLAlchemy's INFO is every statement with its
# parameters (citizens' words, ids), and would double the log's volume besides; aiogram's INFO is a line
# per update ("Update id=… is handled"), which the engine's own turn line already says.
QUIET = ("sqlalchemy", "aiogram.event")
# A field longer than this is cut before it is masked: a record is a line, and a line of megabytes helps
# no one; and a log record must cost microseconds to milliseconds whatever a client sent.
MAX_FIELD = 4000
# what may be the start of a number or an address cut in two at the cut: dropped with the rest, unmasked
_CUT_TAIL = re.compile(r"(?:\S*@\S*|[\d\s().+\-/\\_|–—:]*)\Z")

# C0 and C1 controls, DEL, the line and paragraph separators, the bidi marks and overrides, lone surrogates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def escape(text: str) -> str:
    """The text with every control character written as an escape: always one line, shown as it was."""
    return _CONTROL.sub(_escaped, text)


def _escaped(found: re.Match) -> str:
    char = found.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _cut(text: str) -> tuple[str, str]:
    """(what is kept, what is said of the rest)."""
    if len(text) <= MAX_FIELD:
        return text, ""
    head, tail = text[:MAX_FIELD - 200], text[MAX_FIELD - 200:MAX_FIELD]
    kept = head + _CUT_TAIL.sub("", tail, count=1)
    return kept, f"… [{len(text) - len(kept)} more characters]"


class Private(logging.Filter):
    """Masks and escapes a record's message and exception once, and stamps it with the request and the
    conversation it belongs to. On the handler, not a logger: a logger's filters miss the records that
    reach it from the loggers below it."""

    def __init__(self) -> None:
        super().__init__()
        from dialogs.privacy import mask          # here: phonenumbers loads only in a process that logs

        self.mask = mask
        self.traceback = logging.Formatter()

    def clean(self, text: str) -> str:
        kept, rest = _cut(text)
        return escape(self.mask(kept)) + rest

    def clean_traceback(self, text: str) -> str:
        """A long traceback keeps its start and its end: the exception's type and message are in its last
        lines, and they are what the reader needs most."""
        if len(text) <= MAX_FIELD:
            return self.clean(text)
        head, _ = _cut(text[:MAX_FIELD // 2])
        tail = text[-(MAX_FIELD // 2):]
        tail = tail[tail.find("\n") + 1:]          # from a whole line: no number or address cut in two
        skipped = len(text) - len(head) - len(tail)
        return escape(self.mask(head)) + f" … [{skipped} characters] … " + escape(self.mask(tail))

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "qyzmet_clean", False):
            return True
        if _malformed_http(record):
            # aiohttp logs a request it could not parse as an ERROR with a traceback holding the raw bytes
            # (undecodable, so unmaskable) and the client's address: anyone could write such lines at will.
            # Said in one line, at DEBUG, as aiohttp itself does for the commonest kind.
            if not logging.getLogger().isEnabledFor(logging.DEBUG):
                return False
            record.msg, record.args = f"a malformed HTTP request was refused: {record.exc_info[1].__class__.__name__}", None
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        try:
            message = record.getMessage()
        except Exception:          # noqa: BLE001 — arguments that do not fit the format: the format is said
            message = f"{record.msg} (arguments that do not fit it)"
        record.msg, record.args = self.clean(str(message)), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.traceback.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean_traceback(record.exc_text)
        record.exc_info = None         # the text above is the exception from now on, as cleaned
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        record.request_id = tracing.request_id.get()
        record.conversation = tracing.conversation.get()
        record.qyzmet_clean = True
        return True


def _malformed_http(record: logging.LogRecord) -> bool:
    if record.name != "aiohttp.server" or not record.exc_info:
        return False
    from aiohttp.http_exceptions import HttpProcessingError
    return isinstance(record.exc_info[1], HttpProcessingError)


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class TextFormat(logging.Formatter):
    """time LEVEL logger [req=… conv=…] message | exception — one line."""

    def format(self, record: logging.LogRecord) -> str:
        context = " ".join(f"{name}={value}" for name, value in (("req", getattr(record, "request_id", None)),
                                                                  ("conv", getattr(record, "conversation", None)))
                           if value)
        line = f"{_time(record)} {record.levelname} {record.name} " + (f"[{context}] " if context else "") \
            + record.getMessage()
        for extra in (record.exc_text, record.stack_info):
            if extra:
                line += " | " + extra
        return escape(line)          # the filter escaped the message; a logger's name is escaped here


class JsonFormat(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        data = {"time": _time(record), "level": record.levelname, "logger": record.name,
                "message": record.getMessage(), "request_id": getattr(record, "request_id", None),
                "conversation": getattr(record, "conversation", None)}
        if record.exc_text:
            data["exception"] = record.exc_text
        if record.stack_info:
            data["stack"] = record.stack_info
        # the filter left no control character in the text; json escapes what is left (quotes, backslashes)
        return escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def handler(format: LogFormat = LogFormat.TEXT, stream: TextIO | None = None) -> logging.Handler:
    """A handler writing `format` to `stream` (stderr), every record masked and escaped first."""
    made = logging.StreamHandler(stream if stream is not None else sys.stderr)
    made.setFormatter(JsonFormat() if LogFormat(format) == LogFormat.JSON else TextFormat())
    made.addFilter(Private())
    return made


def setup(format: LogFormat = LogFormat.TEXT, level: str | int = "INFO", stream: TextIO | None = None,
          key: bytes | None = None) -> logging.Handler:
    """The root logger writing `format` to `stream` (stderr) at `level`, in place of whatever handlers it
    had; `key`: the deployment's key for conversation tags (dialogs.tracing.set_key). Returns the handler."""
    if key:
        tracing.set_key(key)
    made = handler(format, stream)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(made)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)      # warnings (aiogram's "slow response") as records, cleaned alike
    return made
