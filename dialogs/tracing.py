"""Which request a log line belongs to: a request id, and the conversation as a short keyed hash.

The id is set where a request enters (web.observe's middleware for every HTTP request,
bot.middlewares.tracing for Telegram's long polling) and read by the log records made while it
is handled (qyzmet.logs). Context variables follow the request into asyncio tasks, which copy the
context they are made in; a thread does not, so whoever hands work to a thread hands it a copy
(`contextvars.copy_context().run`, as dialogs.runner does for a turn).

The conversation is logged as a keyed hash only: enough to follow one conversation through the
log, nothing to read its id (a phone number, a Telegram chat id) back from.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

TAG_LENGTH = 12                   # hex digits of the conversation's hash: 48 bits, enough to tell them apart

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
conversation: ContextVar[str | None] = ContextVar("conversation", default=None)     # the tag, never the id

# Until the process is given the deployment's key, a key of its own: tags then match within this
# process only, and can never be recomputed from a guessed id by anyone reading the log.
_key = secrets.token_bytes(32)


def set_key(key: bytes) -> None:
    """The deployment's key (PRIVACY_KEY), so that one conversation has one tag in every replica. The tags
    are made with a key derived from it for this use only: a tag never equals a hash stored in a table."""
    global _key
    if not key:
        raise ValueError("the key for conversation tags is empty")
    _key = hmac.new(bytes(key), b"qyzmet: conversation tags in logs", hashlib.sha256).digest()


def new_id() -> str:
    return secrets.token_hex(8)


def tag(conversation_id: str) -> str:
    """The conversation's short keyed hash, as logs show it."""
    raw = conversation_id.encode("utf-8", "surrogatepass")
    return hmac.new(_key, raw, hashlib.sha256).hexdigest()[:TAG_LENGTH]


@contextmanager
def request(rid: str | None = None) -> Iterator[str]:
    """Within: the records made carry `rid` (a new id when none is given)."""
    token = request_id.set(rid or new_id())
    try:
        yield request_id.get()
    finally:
        request_id.reset(token)


@contextmanager
def in_conversation(conversation_id: str | None) -> Iterator[None]:
    """Within: the records made carry the conversation's tag."""
    token = conversation.set(tag(conversation_id) if conversation_id else None)
    try:
        yield
    finally:
        conversation.reset(token)
