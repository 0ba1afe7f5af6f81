"""The answer by SMS, through Twilio's REST API (its async client, so no call waits on another's SMS).

A long answer goes as several messages of at most 1,600 characters (what the API takes in one),
cut between lines. Whether it went, and how many parts, is told to the caller and recorded; the
number and the text are never logged (twilio's client logs requests at INFO: its logger here is
our own, kept at WARNING).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import phonenumbers
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from ivr.config import VoiceConfig

log = logging.getLogger("qyzmet.ivr.sms")
_quiet = logging.getLogger("qyzmet.ivr.twilio_http")
_quiet.setLevel(logging.WARNING)          # its INFO lines carry the number and the text
LIMIT = 1600
DEADLINE = 6.0          # for all the parts at once: the caller waits on the line, and Twilio gives a webhook 15 s


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


def numbered(pieces: list[str]) -> list[str]:
    """"(1/3) …": several messages may arrive in any order; the reader puts them back."""
    if len(pieces) < 2:
        return pieces
    return [f"({i}/{len(pieces)}) {p}" for i, p in enumerate(pieces, 1)]


class Texter:
    def __init__(self, config: VoiceConfig) -> None:
        self.config = config
        self._client: Client | None = None

    def start(self) -> None:
        """The client and its aiohttp session, made on the event loop that uses them (at the app's start)."""
        client = Client(self.config.account_sid, self.config.auth_token,
                        http_client=AsyncTwilioHttpClient(timeout=DEADLINE, logger=_quiet))
        if self.config.api_base:
            client.api.base_url = self.config.api_base
        self._client = client

    async def _one(self, to: str, body: str) -> None:
        sender = ({"messaging_service_sid": self.config.sms_from} if self.config.sms_from.startswith("MG")
                  else {"from_": self.config.sms_from})
        await self._client.messages.create_async(to=to, body=body, **sender)

    async def send(self, to: str, text: str) -> Sent:
        """The text in as many messages as it takes, sent at once, all within DEADLINE."""
        pieces = numbered(split(text, LIMIT - 10))
        if self._client is None:
            self.start()
        tasks = [asyncio.ensure_future(self._one(to, p)) for p in pieces]
        _, pending = await asyncio.wait(tasks, timeout=DEADLINE)
        for task in pending:
            task.cancel()                        # not accepted in time: counted as not sent
        failed = [TimeoutError() if t in pending else t.exception() for t in tasks
                  if t in pending or t.exception() is not None]
        if failed:
            first = failed[0]
            reason = f"{type(first).__name__}: {getattr(first, 'status', '')} {getattr(first, 'code', '')}".strip()
            log.error("SMS: %d of %d parts not sent: %s", len(failed), len(pieces), reason)
            return Sent(len(pieces), len(pieces) - len(failed), reason[:200])
        return Sent(len(pieces), len(pieces))

    async def close(self) -> None:
        if self._client is not None:
            session = getattr(self._client.http_client, "session", None)
            if session is not None:
                await session.close()
