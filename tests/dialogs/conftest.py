"""Talking to the real engine (tests/conftest.py: `engine`) as a citizen would."""

from __future__ import annotations

import re
import uuid

import pytest

from dialogs import plain
from dialogs.engine import Engine
from dialogs.messages import Event, OfficeCard, Reply


def flat(text: str) -> str:
    """Babel writes no-break spaces in numbers and dates; compare with plain ones."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


class Chat:
    """One citizen talking to the engine, keeping everything it said."""

    def __init__(self, engine: Engine, channel: str = "test", user: str | None = None) -> None:
        self.engine, self.channel = engine, channel
        self.conversation = f"{channel}-{uuid.uuid4().hex[:10]}"
        self.user = user
        self.log: list = []

    def send(self, text: str | None = None, **kw) -> list:
        out = self.engine.handle(Event(self.conversation, self.channel, text=text, user=self.user, **kw))
        self.log += out
        return out

    def press(self, payload: str) -> list:
        return self.send(payload=payload)

    @staticmethod
    def text(out: list) -> str:
        """What the citizen reads: the replies and the offices, as plain text."""
        return flat("\n".join(plain.text(m) for m in out if isinstance(m, Reply | OfficeCard)))

    @staticmethod
    def payloads(out: list) -> list[str]:
        """Every option and way on offered, in order."""
        return [o.payload for m in out if isinstance(m, Reply) for o in m.options + m.actions]

    @staticmethod
    def replies(out: list) -> list[Reply]:
        return [m for m in out if isinstance(m, Reply)]

    @staticmethod
    def offices(out: list) -> list[OfficeCard]:
        return [m for m in out if isinstance(m, OfficeCard)]


@pytest.fixture
def chat(engine):
    return lambda **kw: Chat(engine, **kw)
