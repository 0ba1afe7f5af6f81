"""The same engine on a real PostgreSQL server: state and transcript survive a new engine."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from dialogs.engine import Engine
from dialogs.messages import Event
from knowledge.build import write
from knowledge.db import make_engine

pytestmark = pytest.mark.postgres


def test_a_conversation_on_postgresql_continues_after_a_restart(postgres_url, parsed, nlu_parser):
    db = make_engine(postgres_url)
    write(db, parsed)
    first = Engine(db, parser=nlu_parser)
    first.handle(Event("pg-1", "test", text="нужна справка о несудимости"))
    second = Engine(make_engine(postgres_url), parser=nlu_parser)
    out = second.handle(Event("pg-1", "test", text="2"))
    assert second.standards["1486-02"]["documents"]["scenarios"][1]["items"][0]["text_ru"] in out[0].text
    with Session(second.db) as session:
        assert [t.speaker for t in second.store.transcript(session, "pg-1")] == ["citizen", "bot", "citizen", "bot"]
