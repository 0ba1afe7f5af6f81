"""A real engine: the knowledge base and the conversations on a fresh SQLite file, the built-in NLU."""

from __future__ import annotations

import re
import uuid

import pytest

from dialogs.engine import Engine
from dialogs.messages import Event, OfficeCard, Reply
from knowledge.build import write
from knowledge.db import make_engine


@pytest.fixture(scope="session")
def nlu_parser():
    from nlu.backend import get_parser
    return get_parser("builtin")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory, parsed):
    path = tmp_path_factory.mktemp("dialogs") / "qyzmet.sqlite3"
    url = f"sqlite:///{path}"
    write(make_engine(url), parsed)
    return url


@pytest.fixture(scope="session")
def engine(db_url, nlu_parser):
    return Engine(make_engine(db_url), parser=nlu_parser)


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
        return flat("\n".join(m.text for m in out if isinstance(m, Reply)))

    @staticmethod
    def payloads(out: list) -> list[str]:
        return [b.payload for m in out if isinstance(m, Reply) for b in m.buttons]

    @staticmethod
    def offices(out: list) -> list[OfficeCard]:
        return [m for m in out if isinstance(m, OfficeCard)]


@pytest.fixture
def chat(engine):
    return lambda **kw: Chat(engine, **kw)
