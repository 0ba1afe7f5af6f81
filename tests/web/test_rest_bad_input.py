"""Bad input on the REST channel: a JSON 4xx that says what is wrong, never a 500, nothing lost.

Fixed cases from the fuzzing that found 500s (lone surrogates, JSON nested 1000 deep,
wrong types, over-long fields, wrong encodings), then generated requests.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from web.rest import MAX_SENDER


def said_by_citizen(engine, conversation: str) -> list[str]:
    with Session(engine.db) as session:
        return [t.text for t in engine.store.transcript(session, conversation) if t.speaker == "citizen"]


@pytest.mark.parametrize("raw, status, says", [
    (b"", 400, "JSON"),
    (b"not json", 400, "JSON"),
    (b"\xff\xfe\x00binary", 400, "UTF-8"),
    ('{"sender": "a", "message": "привет"}'.encode("cp1251"), 400, "UTF-8"),
    (json.dumps([1, 2]).encode(), 400, "object"),
    (json.dumps("just a string").encode(), 400, "object"),
    (json.dumps({"message": "hi"}).encode(), 400, "sender"),
    (json.dumps({"sender": "", "message": "hi"}).encode(), 400, "sender"),
    (json.dumps({"sender": "   ", "message": "hi"}).encode(), 400, "sender"),
    (json.dumps({"sender": 42, "message": "hi"}).encode(), 400, "sender"),
    (json.dumps({"sender": "x" * (MAX_SENDER + 1), "message": "hi"}).encode(), 400, "sender"),
    (json.dumps({"sender": "\ud800", "message": "hi"}).encode(), 400, "surrogate"),
    (json.dumps({"sender": "a\x00", "message": "hi"}).encode(), 400, "NUL"),
    (json.dumps({"sender": "a", "message": {"text": "hi"}}).encode(), 400, "message"),
    (json.dumps({"sender": "a", "message": ["hi"]}).encode(), 400, "message"),
    (json.dumps({"sender": "a", "message": "hi", "metadata": "x"}).encode(), 400, "metadata"),
    (b'{"sender": "a", "message": "hi", "metadata": ' + b"[" * 1000 + b"]" * 1000 + b"}", 400, "nested"),
    (b"[" * 5000 + b"]" * 5000, 400, "nested"),
    (json.dumps({"sender": "a", "message": "я" * 70_000}).encode(), 413, "larger"),
])
def test_malformed_requests_get_a_json_4xx_that_says_why(served, raw, status, says):
    got, body = served.post(raw=raw)
    assert got == status and says in body["error"], body


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_methods_on_the_webhook_get_a_json_405(served, method):
    status, body, headers = served.request(method, "/webhooks/rest/webhook", {"sender": "a", "message": "hi"})
    assert status == 405 and body["error"] and "POST" in headers.get("Allow", "")


def test_an_unknown_api_path_gets_a_json_404(served):
    status, body, _ = served.request("POST", "/webhooks/nowhere/webhook", {"sender": "a", "message": "hi"})
    assert status == 404 and body["error"]


def test_a_lone_surrogate_in_the_message_is_answered_and_kept_as_a_replacement_character(served, engine):
    status, messages = served.post({"sender": "widget-surrogate", "message": "справка \ud800 о несудимости"})
    assert status == 200 and messages and messages[0]["text"]
    assert said_by_citizen(engine, "rest:widget-surrogate") == ["справка \ufffd о несудимости"]


def test_a_json_null_message_is_an_empty_one(served):
    status, messages = served.post({"sender": "widget-null", "message": None})
    assert status == 200 and messages[0]["text"]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
                           st.text(st.characters(blacklist_categories=())),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4),
                           max_leaves=12)
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=300)       # lone surrogates too
BODIES = st.fixed_dictionaries({}, optional={
    "sender": ANY_TEXT | JSON_VALUES, "message": ANY_TEXT | JSON_VALUES,
    "message_id": ANY_TEXT | st.integers() | JSON_VALUES, "metadata": JSON_VALUES})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES | JSON_VALUES)
def test_generated_requests_get_json_answers_never_a_500(served, body):
    status, answer = served.post(body)
    assert status in (200, 400, 413), (status, answer)
    if status == 200:
        assert isinstance(answer, list) and all(isinstance(m, dict) and "recipient_id" in m for m in answer)
    else:
        assert isinstance(answer, dict) and answer["error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_generated_bytes_get_json_answers_never_a_500(served, raw):
    status, answer = served.post(raw=raw)
    assert status in (200, 400), (status, answer)
    assert isinstance(answer, (list, dict))


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_body_that_is_not_what_its_encoding_says_gets_a_json_400(served, encoding):
    status, body = served.post(raw=b"this is not " + encoding.encode(), headers={"Content-Encoding": encoding})
    assert status == 400 and "could not be read" in body["error"]
