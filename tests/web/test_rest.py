"""The REST channel: the real aiohttp server on loopback, spoken to as a Rasa web-chat widget would."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from aiohttp import web

from sqlalchemy.orm import Session

from qyzmet.app import make_web_app
from qyzmet.settings import Settings

URL = "/webhooks/rest/webhook"


@pytest.fixture
def served(engine):
    """(base URL, call(coro) runner) for a server listening on a free loopback port."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(make_web_app(engine, Settings()))
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", loop.run_until_complete
    loop.run_until_complete(runner.cleanup())
    loop.close()


async def _post(base, body, raw: bytes | None = None, headers=None):
    async with aiohttp.ClientSession() as http:
        data = raw if raw is not None else json.dumps(body).encode()
        async with http.post(base + URL, data=data, headers=headers or {"Content-Type": "application/json"}) as r:
            return r.status, await r.json(content_type=None)


async def _get(base, path):
    async with aiohttp.ClientSession() as http:
        async with http.get(base + path) as r:
            return r.status, await r.json()


def test_health(served):
    base, run = served
    status, body = run(_get(base, "/health"))
    assert status == 200 and body["status"] == "ok" and body["standards"] == 32


def test_a_conversation_over_the_rest_channel_with_a_button_payload_sent_back(served, engine):
    base, run = served
    status, messages = run(_post(base, {"sender": "widget-1", "message": "нужна справка о несудимости"}))
    assert status == 200 and messages and all(m["recipient_id"] == "widget-1" for m in messages)
    buttons = [b for m in messages for b in m.get("buttons", [])]
    psc = next(b for b in buttons if b["payload"] == "/answer channel hqo")
    status, messages = run(_post(base, {"sender": "widget-1", "message": psc["payload"]}))
    text = "\n".join(m.get("text", "") for m in messages)
    first_document = engine.standards["1486-02"]["documents"]["scenarios"][1]["items"][0]["text_ru"]
    assert status == 200 and first_document in text


def test_an_office_comes_as_a_custom_message_with_coordinates(served):
    base, run = served
    status, messages = run(_post(base, {"sender": "widget-2", "message": "где ЦОН в Актобе"}))
    office = next(m["custom"]["office"] for m in messages if "custom" in m)
    assert status == 200 and "Актобе" in office["address"] and office["lat"] and office["lon"]


@pytest.mark.parametrize("raw, status", [
    (b"not json", 400),
    (b"\xff\xfe\x00binary", 400),
    (json.dumps([1, 2]).encode(), 400),
    (json.dumps({"message": "hi"}).encode(), 400),
    (json.dumps({"sender": "", "message": "hi"}).encode(), 400),
    (json.dumps({"sender": "x" * 500, "message": "hi"}).encode(), 400),
    (json.dumps({"sender": "a", "message": {"text": "hi"}}).encode(), 400),
    (json.dumps({"sender": "a", "message": "я" * 70_000}).encode(), 413),
])
def test_bad_requests_get_a_clear_error(served, raw, status):
    base, run = served
    got, body = run(_post(base, None, raw=raw))
    assert got == status and body["error"]


def test_empty_and_emoji_messages_get_a_polite_answer(served):
    base, run = served
    for message in ("", "😀🎉"):
        status, messages = run(_post(base, {"sender": "widget-3", "message": message}))
        assert status == 200 and messages and messages[0]["text"]


def test_concurrent_senders_are_all_answered(served):
    base, run = served

    async def many():
        return await asyncio.gather(*[_post(base, {"sender": f"parallel-{i}", "message": "прописка"})
                                      for i in range(12)])
    results = run(many())
    assert all(status == 200 and messages for status, messages in results)


def test_a_retried_message_id_gets_the_same_answer_and_is_handled_once(served, engine):
    base, run = served
    first = {"sender": "widget-retry", "message": "нужна справка о несудимости", "message_id": "m-1"}
    status, asked = run(_post(base, first))
    assert status == 200 and any(b["payload"] == "/answer channel hqo" for m in asked for b in m.get("buttons", []))
    status, answered = run(_post(base, {"sender": "widget-retry", "message": "2", "metadata": {"message_id": "m-2"}}))
    # the client did not see the answer and sends both again: the same answers, nothing redone
    assert run(_post(base, first)) == (200, asked)
    assert run(_post(base, {"sender": "widget-retry", "message": "2", "metadata": {"message_id": "m-2"}})) \
        == (200, answered)
    with Session(engine.db) as session:
        said = [t.text for t in engine.store.transcript(session, "rest:widget-retry") if t.speaker == "citizen"]
    assert said == ["нужна справка о несудимости", "2"]


def test_the_same_message_id_sent_twice_at_once_is_handled_once(served, engine):
    base, run = served

    async def twice():
        body = {"sender": "widget-race", "message": "прописка", "message_id": 77}
        return await asyncio.gather(_post(base, body), _post(base, body))
    (s1, m1), (s2, m2) = run(twice())
    assert s1 == s2 == 200 and m1 == m2 and m1
    with Session(engine.db) as session:
        said = [t for t in engine.store.transcript(session, "rest:widget-race") if t.speaker == "citizen"]
    assert len(said) == 1


@pytest.mark.parametrize("message_id", [{"a": 1}, "", "x" * 300, True])
def test_a_bad_message_id_is_refused(served, message_id):
    base, run = served
    status, body = run(_post(base, {"sender": "widget-bad-id", "message": "hi", "message_id": message_id}))
    assert status == 400 and "message_id" in body["error"]
