"""`POST /webhooks/rest/forget`: a web sender's conversation, transcript, deliveries and language erased —
nobody else's — and every malformed request a clear 4xx in JSON, as the REST channel answers."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Delivery, Turn, UserSettings
from qyzmet.settings import Settings

FORGET = "/webhooks/rest/forget"


def web_sender() -> str:
    return "web-" + uuid.uuid4().hex           # as the web chat's page makes one


def kept(engine, sender: str) -> dict[str, int]:
    conversation = f"rest:{sender}"
    with Session(engine.db) as s:
        def count(model, column) -> int:
            return s.scalar(select(func.count()).select_from(model).where(column == conversation))
        return {"conversation": count(Conversation, Conversation.id), "turns": count(Turn, Turn.conversation_id),
                "deliveries": count(Delivery, Delivery.conversation_id),
                "language": count(UserSettings, UserSettings.user)}


def talk(served, sender: str) -> None:
    """A language chosen and a question asked, each with a message id (remembered for a retry)."""
    for i, message in enumerate(("/lang ru", "нужна справка о несудимости")):
        status, answer = served.post({"sender": sender, "message": message, "message_id": f"{sender}-{i}"})
        assert status == 200 and answer


def test_a_sender_is_forgotten_and_nobody_else(served, engine):
    me, other = web_sender(), web_sender()
    talk(served, me)
    talk(served, other)
    theirs = kept(engine, other)
    assert kept(engine, me) == {"conversation": 1, "turns": 4, "deliveries": 2, "language": 1} == theirs

    status, body, headers = served.request("POST", FORGET, {"sender": me})
    assert (status, body) == (200, {"forgotten": True}) and headers["Content-Type"].startswith("application/json")
    assert kept(engine, me) == {"conversation": 0, "turns": 0, "deliveries": 0, "language": 0}
    assert kept(engine, other) == theirs
    # asked again: nothing is kept, and it says so
    assert served.request("POST", FORGET, {"sender": me})[:2] == (200, {"forgotten": False})
    # the same id writing again starts afresh: a new transcript, no language choice remembered
    status, answer = served.post({"sender": me, "message": "привет"})
    assert status == 200 and answer
    assert kept(engine, me) == {"conversation": 1, "turns": 2, "deliveries": 0, "language": 0}


def test_an_api_clients_own_sender_id_may_be_forgotten_too(served, engine):
    sender = f"crm-client-{uuid.uuid4().hex[:8]}"
    talk(served, sender)
    assert served.request("POST", FORGET, {"sender": sender})[:2] == (200, {"forgotten": True})
    assert set(kept(engine, sender).values()) == {0}


def test_a_sender_that_is_a_phone_number_cannot_be_erased_by_whoever_knows_the_number(served, engine):
    """Kept under a keyed hash (web.senders); numbers can be tried one by one, so this route refuses them in
    any spelling, and the conversation stays."""
    number = f"+7 701 {uuid.uuid4().int % 1000:03d} 45 67"
    talk(served, number)
    with Session(engine.db) as s:
        before = s.scalar(select(func.count()).select_from(Conversation).where(Conversation.id.like("rest#%")))
    for spelled in (number, "8" + number[2:].replace(" ", "")):
        status, body, _ = served.request("POST", FORGET, {"sender": spelled})
        assert status == 403 and "phone number" in body["error"]
    with Session(engine.db) as s:
        assert s.scalar(select(func.count()).select_from(Conversation).where(Conversation.id.like("rest#%"))) \
            == before


def test_a_web_chat_id_with_many_digits_is_still_the_chats_own(served, engine):
    """The page's 128 random bits sometimes hold a long run of digits: still its id, kept and erased as such."""
    sender = "web-" + "900104300126" + uuid.uuid4().hex[:20]
    talk(served, sender)
    assert kept(engine, sender)["conversation"] == 1
    assert served.request("POST", FORGET, {"sender": sender})[:2] == (200, {"forgotten": True})
    assert set(kept(engine, sender).values()) == {0}


@pytest.mark.parametrize("raw, says", [
    (b"not json", 'expected JSON: {"sender": "'),
    (b"[1, 2]", "expected a JSON object"),
    (b"{}", '"sender" must be a non-empty string'),
    (b'{"sender": ""}', '"sender" must be a non-empty string'),
    (b'{"sender": "   "}', '"sender" must be a non-empty string'),
    (b'{"sender": 42}', '"sender" must be a non-empty string'),
    (b'{"sender": null}', '"sender" must be a non-empty string'),
    (b'{"sender": "' + b"x" * 196 + b'"}', "at most 195 characters"),
    (b'{"sender": "web-\\u0000"}', "without NUL characters"),
    (b'{"sender": "web-\\ud800"}', "lone surrogates"),
    (b'{"sender": "web-\xff\xfe"}', "the body is not UTF-8 text"),
    (b"[" * 100_000, "nested too deeply"),
    (b"", "expected JSON"),
])
def test_bad_input_is_a_clear_400_in_json(served, raw, says):
    status, body, headers = served.request("POST", FORGET, raw=raw)
    expected = 413 if len(raw) > 4096 else 400
    assert status == expected and isinstance(body, dict) and headers["Content-Type"].startswith("application/json")
    assert says in body["error"] if expected == 400 else "larger than 4096 bytes" in body["error"]


def test_a_large_body_is_refused_and_other_methods_answer_json(served):
    status, body, _ = served.request("POST", FORGET, raw=b'{"sender": "web-1", "pad": "' + b"x" * 5000 + b'"}')
    assert status == 413 and body == {"error": "the body is larger than 4096 bytes"}
    status, body, headers = served.request("GET", FORGET)
    assert status == 405 and "error" in body and "POST" in headers.get("Allow", "")
    status, _, headers = served.request("OPTIONS", FORGET)
    assert status == 204 and headers["Allow"] == "POST, OPTIONS"


def test_a_page_of_an_allowed_origin_may_ask_and_another_may_not(serve):
    portal = "https://portal.example.kz"
    served = serve(Settings(cors_origins=(portal,)))
    preflight = {"Origin": portal, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    status, _, headers = served.request("OPTIONS", FORGET, headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == portal
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, _, headers = served.request("OPTIONS", FORGET, headers={**preflight, "Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, body, headers = served.request("POST", FORGET, {"sender": web_sender()}, headers={"Origin": portal})
    assert (status, body) == (200, {"forgotten": False}) and headers["Access-Control-Allow-Origin"] == portal
