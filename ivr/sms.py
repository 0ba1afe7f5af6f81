"""The answer by SMS, through Twilio's REST API (its async client, so no call waits on another's SMS).

A long answer goes as several messages of at most 1,600 characters (what the API takes in one),
cut between lines. Whether it went, and how many parts, is told to the caller and recorded; the
number and the text are never logged (twilio's client logs requests at INFO: its logger here is
our own, kept at WARNING).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import phonenumbers
from twilio.base.exceptions import TwilioException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from ivr.config import VoiceConfig

log = logging.getLogger("qyzmet.ivr.sms")
_quiet = logging.getLogger("qyzmet.ivr.twilio_http")
_quiet.setLevel(logging.WARNING)          # its INFO lines carry the number and the text
LIMIT = 1600
TIMEOUT = 8.0                             # of each request: the caller is waiting on the line


@dataclass(frozen=True, slots=True)
class Sent:
    parts: int
    sent: int
    error: str | None = None


def can_receive(number: str) -> bool:
    """A mobile number an SMS can reach (not a landline, not "anonymous")."""
    try:
        parsed = phonenumbers.parse(number, "KZ")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def split(text: str, limit: int = LIMIT) -> list[str]:
    """The text in pieces of at most `limit` characters, cut at line ends (or spaces) where it can be."""
    lines = []
    for line in text.splitlines():
        while len(line) > limit:                 # a line longer than a message: cut at a space
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    pieces, current = [], ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


class Texter:
    def __init__(self, config: VoiceConfig) -> None:
        self.config = config
        self._client: Client | None = None

    def _make(self) -> Client:
        # made on the event loop that uses it (its aiohttp session belongs to that loop)
        client = Client(self.config.account_sid, self.config.auth_token,
                        http_client=AsyncTwilioHttpClient(timeout=TIMEOUT, logger=_quiet))
        if self.config.api_base:
            client.api.base_url = self.config.api_base
        return client

    async def send(self, to: str, text: str) -> Sent:
        pieces = split(text)
        if self._client is None:
            self._client = self._make()
        sender = ({"messaging_service_sid": self.config.sms_from} if self.config.sms_from.startswith("MG")
                  else {"from_": self.config.sms_from})
        sent = 0
        for piece in pieces:
            try:
                await self._client.messages.create_async(to=to, body=piece, **sender)
            except (TwilioException, OSError, TimeoutError) as error:
                reason = f"{type(error).__name__}: {getattr(error, 'status', '')} {getattr(error, 'code', '')}"
                log.error("SMS part %d of %d not sent: %s", sent + 1, len(pieces), reason.strip())
                return Sent(len(pieces), sent, reason.strip()[:200])
            sent += 1
        return Sent(len(pieces), sent)

    async def close(self) -> None:
        if self._client is not None:
            session = getattr(self._client.http_client, "session", None)
            if session is not None:
                await session.close()
