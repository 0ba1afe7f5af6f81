"""A REST sender as the conversation id it is stored under: as it came, unless it is personal data.

Clients of the REST channel name the sender as they like, and some use the citizen's phone number
("+7 701 123 45 67", "87011234567", as messenger bridges do). Stored as it came, the number would
stand in conversations.id and .user, and so in every turn, delivery and stored preference, and in
every log line that names the conversation. Such a sender is stored as a keyed hash instead
(HMAC-SHA256 with PRIVACY_KEY, qyzmet/keys.py) of the number in one spelling (E.164): "+77011234567"
and "8 701 123 45 67" are one conversation, and nobody without the key can tell whose. A sender that
holds other personal data (an e-mail, an ИИН, a name: whatever dialogs.privacy.mask finds) is hashed
as it came. The reply still goes to the sender id the request came with.

The hashed ids begin with "rest#", which no id of a sender as it came does ("rest:" and the sender),
so the two kinds never meet.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import phonenumbers
from aiohttp import web

from dialogs.privacy import mask

RAW = "rest:"
HASHED = "rest#"
KEY = web.AppKey("privacy_key", bytes)       # the key the application's REST routes hash senders with
WEB_CHAT = re.compile(r"web-[0-9a-f]{32}")            # the web chat's own ids (web/static/chat.js)
_PHONE_ONLY = re.compile(r"[\d\s+()\-–./\\_|]+")     # what a phone number is written with
_SEPARATORS = re.compile(r"[./\\_|]")                # read as spaces: "8/709/123/45/75"


def _number(sender: str) -> str | None:
    """The sender in E.164, if all it is is a phone number (any spelling, the Kazakh plan by default)."""
    if not _PHONE_ONLY.fullmatch(sender) or sum(c.isdigit() for c in sender) < 10:
        return None
    try:
        parsed = phonenumbers.parse(_SEPARATORS.sub(" ", sender), "KZ")
    except phonenumbers.NumberParseException:
        return None
    # possible rather than valid: a number of a range the metadata does not know yet is still someone's
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def keyed(key: bytes, value: str) -> str:
    # under a key derived for REST senders alone: the voice line hashes the same number to something else
    # (ivr.config), so the two channels' tables cannot be joined on the hash
    derived = hmac.new(key, b"qyzmet: REST senders", hashlib.sha256).digest()
    return hmac.new(derived, value.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


def is_personal(conversation: str) -> bool:
    """Whether a conversation id stands for a sender that is personal data (kept as its hash)."""
    return conversation.startswith(HASHED)


def conversation_for(sender: str, key: bytes) -> str:
    """The conversation id a REST sender's messages are kept under (see the module's docstring)."""
    if not key:
        raise ValueError("a sender cannot be hashed without a key")
    if WEB_CHAT.fullmatch(sender):
        return RAW + sender          # random bits the page made: no one's data, whatever digits they hold
    number = _number(sender)
    if number is not None:
        return HASHED + keyed(key, number)
    if mask(sender) != sender:
        return HASHED + keyed(key, sender)
    return RAW + sender
