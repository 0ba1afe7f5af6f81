"""The REST channel while PostgreSQL cannot be reached (a restart or a failover that lasts): a clear 503 that
says when to try again, and the same delivery sent again afterwards is answered once."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from dialogs import engine as dialogs_engine
from qyzmet.app import make_web_app
from qyzmet.settings import Settings
from tests.conftest import Refusing, Served, named_connections, open_engine
from web.senders import conversation_for

pytestmark = pytest.mark.postgres
NAME = "rest-database-down"


def test_a_database_down_longer_than_a_turn_waits_is_a_503_and_the_repeat_is_answered_once(
        pg_dialogs_url, nlu_parser, monkeypatch):
    monkeypatch.setattr(dialogs_engine, "PATIENCE", 0.5)        # the wait before giving up, shortened for the test
    engine = open_engine(named_connections(pg_dialogs_url, NAME), nlu_parser)
    settings = Settings(privacy_key=b"rest-database-down-key-0123456789")
    served = Served(make_web_app(engine, settings))
    body = {"sender": "down-1", "message": "нужна справка о несудимости", "message_id": "down-m1"}
    try:
        assert served.post({"sender": "down-1", "message": "/lang ru", "message_id": "down-m0"})[0] == 200
        with Refusing(pg_dialogs_url, NAME):
            status, answer, headers = served.request("POST", "/webhooks/rest/webhook", body)
        assert status == 503, (status, answer)
        assert "again in a few seconds" in answer["error"]
        assert int(headers["Retry-After"]) > 0
        status, again = served.post(body)                    # the database is back: the client sends it again
        status_repeat, repeat = served.post(body)            # and, unsure, once more
    finally:
        served.close()
        engine.db.dispose()
    assert status == status_repeat == 200
    assert "справк" in again[0]["text"].lower()
    assert repeat == again
    with Session(engine.db) as session:
        said = [t.text for t in engine.store.transcript(session, conversation_for("down-1", settings.privacy_key))
                if t.speaker == "citizen"]
    assert said == ["/lang ru", "нужна справка о несудимости"]
