"""The REST channel: the real aiohttp server on loopback, spoken to as a Rasa web-chat widget would."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session


def said_by_citizen(engine, conversation: str) -> list[str]:
    with Session(engine.db) as session:
        return [t.text for t in engine.store.transcript(session, conversation) if t.speaker == "citizen"]


def test_health(served):
    status, body, _ = served.request("GET", "/health")
    assert status == 200 and body["status"] == "ok" and body["standards"] == 32


def test_a_conversation_over_the_rest_channel_with_a_button_payload_sent_back(served, engine, kb):
    status, messages = served.post({"sender": "widget-1", "message": "нужна справка о несудимости"})
    assert status == 200 and messages and all(m["recipient_id"] == "widget-1" for m in messages)
    buttons = [b for m in messages for b in m.get("buttons", [])]
    psc = next(b for b in buttons if b["payload"] == "/answer channel hqo")
    status, messages = served.post({"sender": "widget-1", "message": psc["payload"]})
    text = "\n".join(m.get("text", "") for m in messages)
    first_document = kb["1486-02"]["documents"]["scenarios"][1]["items"][0]["text_ru"]
    assert status == 200 and first_document in text
    assert "1414" in text and "egov.kz" in text            # the act is repealed: where to confirm today's rules


def test_an_office_comes_as_text_and_as_a_custom_message_with_coordinates(served):
    status, messages = served.post({"sender": "widget-2", "message": "где ЦОН в Актобе"})
    office = next(m["custom"]["office"] for m in messages if "custom" in m)
    assert status == 200 and "Актобе" in office["address"] and office["lat"] and office["lon"]
    assert office["precision"] in ("settlement", "district", "region")       # the sources give no door position
    assert office["address"] in "\n".join(m.get("text", "") for m in messages)   # widgets without cards see it too


def test_a_client_that_draws_office_cards_gets_them_without_the_same_text(served):
    status, messages = served.post({"sender": "widget-cards", "message": "где ЦОН в Актобе",
                                    "metadata": {"office_cards": True}})
    offices = [m["custom"]["office"] for m in messages if "custom" in m]
    text = "\n".join(m.get("text", "") for m in messages)
    assert status == 200 and len(offices) == 3 and offices[0]["address"] not in text


def test_empty_and_emoji_messages_get_a_polite_answer(served):
    for message in ("", "😀🎉"):
        status, messages = served.post({"sender": "widget-3", "message": message})
        assert status == 200 and messages and messages[0]["text"]


def test_concurrent_senders_are_all_answered(served):
    results = served.post_all([{"sender": f"parallel-{i}", "message": "прописка"} for i in range(12)])
    assert all(status == 200 and messages for status, messages in results)


def test_a_retried_message_id_gets_the_same_answer_and_is_handled_once(served, engine):
    first = {"sender": "widget-retry", "message": "нужна справка о несудимости", "message_id": "m-1"}
    status, asked = served.post(first)
    assert status == 200 and any(b["payload"] == "/answer channel hqo" for m in asked for b in m.get("buttons", []))
    second = {"sender": "widget-retry", "message": "2", "metadata": {"message_id": "m-2"}}
    status, answered = served.post(second)
    # the client did not see the answer and sends both again: the same answers, nothing redone
    assert served.post(first) == (200, asked)
    assert served.post(second) == (200, answered)
    assert said_by_citizen(engine, "rest:widget-retry") == ["нужна справка о несудимости", "2"]


def test_the_same_message_id_sent_twice_at_once_is_handled_once(served, engine):
    body = {"sender": "widget-race", "message": "прописка", "message_id": 77}
    (s1, m1), (s2, m2) = served.post_all([body, body])
    assert s1 == s2 == 200 and m1 == m2 and m1
    assert len(said_by_citizen(engine, "rest:widget-race")) == 1


def test_long_message_ids_are_compared_whole(served, engine):
    """Two ids of 200 characters that differ only at the end are two messages, not a repeat."""
    stem = "m" * 199
    first = served.post({"sender": "widget-long-id", "message": "прописка", "message_id": stem + "1"})
    second = served.post({"sender": "widget-long-id", "message": "спасибо", "message_id": stem + "2"})
    assert first != second
    assert said_by_citizen(engine, "rest:widget-long-id") == ["прописка", "спасибо"]
    assert served.post({"sender": "widget-long-id", "message": "спасибо", "message_id": stem + "2"}) == second


@pytest.mark.parametrize("message_id", [{"a": 1}, "", "x" * 300, True, "\ud800", "a\x00b"])
def test_a_bad_message_id_is_refused(served, message_id):
    status, body = served.post({"sender": "widget-bad-id", "message": "hi", "message_id": message_id})
    assert status == 400 and "message_id" in body["error"]
