"""GET /metrics: real conversations through the real server (REST on loopback, Telegram by long polling
against the fake Bot API), the exposition read with prometheus-client's own parser, and each count
expected to move by exactly what the conversation did.

The counters live in the test process (as in a worker): every test reads them before and after
and compares the difference, so tests may run in any order.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dialogs.messages import Event, OperatorAction, OperatorKind
from qyzmet.app import make_web_app
from qyzmet.settings import Settings
from tests.conftest import Served, _free_port, open_engine

SENDERS = itertools.count(1)


def scrape(served) -> dict[tuple, float]:
    """Every sample of /metrics as {(name, (label, value)…): value}."""
    status, text, headers = served.request("GET", "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    return samples(text)


def samples(text: str) -> dict[tuple, float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, *sorted(s.labels.items()))] = s.value
    return found


def moved(before: dict, after: dict) -> dict[tuple, float]:
    """The samples whose value changed, by how much (only ours: the process' own move by themselves)."""
    return {k: after[k] - before.get(k, 0.0) for k in after
            if k[0].startswith("qyzmet_") and after[k] != before.get(k, 0.0)}


def key(name: str, **labels) -> tuple:
    return (name, *sorted(labels.items()))


def say(served, sender: str, text: str) -> list:
    status, answer = served.post({"sender": sender, "message": text})
    assert status == 200, answer
    return answer


def test_a_rest_conversation_moves_each_count_by_what_it_did(served):
    sender = f"metrics-{next(SENDERS)}"
    before = scrape(served)
    say(served, sender, "/lang ru")                         # a choice: a greeting, nothing read by the NLU
    asked = say(served, sender, "Нужна справка о несудимости")   # read by the NLU
    say(served, sender, "/no-such-command")                 # not understood…
    offered = say(served, sender, "/no-such-command")       # …twice in a row: an operator is offered
    say(served, sender, "/operator")                        # handed over, asked for
    runner = served_runner(served)
    served.run(runner.handle(Event(f"rest:{sender}", "rest",
                                   operator=OperatorAction(OperatorKind.SAY, "Здравствуйте, я оператор",
                                                           operator="op1"))))
    status, _, _ = served.request("GET", "/chat")
    assert status == 200
    after = scrape(served)
    change = moved(before, after)

    assert any("?" in m.get("text", "") for m in asked)       # a question about the service, not a fallback
    assert any("оператор" in m.get("text", "").lower() for m in offered)
    assert change[key("qyzmet_messages_total", channel="rest", language="ru")] == 5
    assert change[key("qyzmet_nlu_intents_total", intent="service")] == 1
    assert change[key("qyzmet_nlu_confidence_count")] == 1
    assert change[key("qyzmet_replies_total", purpose="greeting")] == 1
    assert change[key("qyzmet_replies_total", purpose="not_understood")] == 1
    assert change[key("qyzmet_replies_total", purpose="offer_operator")] == 1
    assert change[key("qyzmet_replies_total", purpose="operator")] == 1
    assert change[key("qyzmet_misunderstandings_total", channel="rest")] == 2
    assert change[key("qyzmet_handoffs_total", channel="rest", reason="asked")] == 1
    assert change[key("qyzmet_operator_wait_seconds_count", channel="rest")] == 1
    assert 0 <= change.get(key("qyzmet_operator_wait_seconds_sum", channel="rest"), 0.0) < 30
    assert change[key("qyzmet_webhook_seconds_count", route="rest")] == 5
    assert change[key("qyzmet_webhook_seconds_count", route="chat")] == 1
    # nothing else was counted: no other handoff, no Rasa, no database error
    assert not [k for k in change if k[0] in ("qyzmet_handoffs_total", "qyzmet_nlu_rasa_fallbacks_total",
                                              "qyzmet_database_errors_total") and k != key(
        "qyzmet_handoffs_total", channel="rest", reason="asked")]


def served_runner(served):
    from web.routes import RUNNER

    return served.runner.app[RUNNER]


def test_a_repeated_delivery_is_not_counted_again(served):
    sender = f"metrics-{next(SENDERS)}"
    body = {"sender": sender, "message": "Сколько стоит паспорт?", "message_id": "m-1"}
    before = scrape(served)
    first = served.post(body)
    again = served.post(body)
    assert first == again
    change = moved(before, scrape(served))
    assert sum(v for k, v in change.items() if k[0] == "qyzmet_messages_total") == 1
    assert sum(v for k, v in change.items() if k[0] == "qyzmet_nlu_intents_total") == 1
    assert change[key("qyzmet_webhook_seconds_count", route="rest")] == 2       # both were answered


def test_labels_hold_no_conversation_id_text_or_number(served):
    sender = "+77015550199"
    say(served, sender, "мой номер +7 701 555 01 99, хочу пособие")
    status, text, _ = served.request("GET", "/metrics")
    assert status == 200
    for raw in ("7015550199", "555 01 99", "пособие", "rest:"):
        assert raw not in text
    for family in text_string_to_metric_families(text):
        if family.name.startswith("qyzmet_"):
            for s in family.samples:
                assert all(len(v) <= 24 and v.replace("_", "").replace(".", "").replace("+", "").isalnum()
                           for v in s.labels.values()), s


def test_rasa_refusing_is_counted_and_the_builtin_answers(db_url, nlu_parser):
    from nlu.backend import FallbackParser
    from nlu.rasa_client import RasaParser

    refusing = f"http://127.0.0.1:{_free_port()}"
    parser = FallbackParser(RasaParser(refusing, nlu_parser.model, timeout=0.5), nlu_parser)
    served = Served(make_web_app(open_engine(db_url, parser), Settings()))
    try:
        sender = f"metrics-{next(SENDERS)}"
        before = scrape(served)
        say(served, sender, "Нужна справка о несудимости")       # Rasa asked, refused
        say(served, sender, "Сколько стоит паспорт?")            # Rasa not asked again so soon
        change = moved(before, scrape(served))
    finally:
        served.close()
    assert change[key("qyzmet_nlu_rasa_fallbacks_total", why="unavailable")] == 1
    assert change[key("qyzmet_nlu_rasa_fallbacks_total", why="paused")] == 1
    assert sum(v for k, v in change.items() if k[0] == "qyzmet_nlu_intents_total") == 2


def test_a_database_error_is_counted_by_its_class(db_url, nlu_parser, tmp_path):
    copy = tmp_path / "broken.sqlite3"
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    engine = open_engine(f"sqlite:///{copy}", nlu_parser)
    served = Served(make_web_app(engine, Settings()))
    try:
        before = scrape(served)
        with sqlite3.connect(copy) as broken:              # the conversations' table gone under the server
            broken.execute("DROP TABLE conversations")
        status, answer = served.post({"sender": "metrics-broken", "message": "/lang ru"})
        change = moved(before, scrape(served))
    finally:
        served.close()
        engine.db.dispose()
    assert status == 500 and "send it again" in answer["error"]
    assert change[key("qyzmet_database_errors_total", error="OperationalError")] == 1
    assert not [k for k in change if k[0] == "qyzmet_messages_total"]


def test_telegram_polling_counts_the_handoff_and_the_operators_wait(engine):
    from tests.bot.conftest import Harness, sent
    from tests.bot.fake_telegram import OPERATORS
    from web.observe import serve_metrics

    port = _free_port()
    server = serve_metrics("127.0.0.1", port)          # as `qyzmet bot` serves it on METRICS_PORT
    harness = Harness(engine)
    try:
        def read() -> dict:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
                return samples(r.read().decode())
        before = read()
        tg, user = harness.tg, 720_000_001
        harness.say(tg.text(user, "/lang ru"), tg.text(user, "Нужна справка о несудимости"))
        calls = harness.say(tg.text(user, "/operator"))
        thread = [c for c in sent(calls, OPERATORS) if "Гражданин ждёт оператора" in c.text][0]["message_thread_id"]
        time.sleep(0.2)
        harness.say(tg.operator(thread, "Здравствуйте! Чем помочь?"))
        change = moved(before, read())
    finally:
        harness.close()
        server.shutdown()
    assert change[key("qyzmet_messages_total", channel="telegram", language="ru")] == 3
    assert change[key("qyzmet_handoffs_total", channel="telegram", reason="asked")] == 1
    assert change[key("qyzmet_operator_wait_seconds_count", channel="telegram")] == 1
    assert 0.2 <= change[key("qyzmet_operator_wait_seconds_sum", channel="telegram")] < 30
    assert not [k for k in change if k[0] == "qyzmet_webhook_seconds_count"]     # polling: no webhook


def test_metrics_and_a_request_id_on_every_response(served):
    status, _, headers = served.request("GET", "/metrics", headers={"X-Request-Id": "scrape-1"})
    assert status == 200 and headers["X-Request-Id"] == "scrape-1"
    status, _, headers = served.request("GET", "/no-such-page", headers={"X-Request-Id": "lost-1"})
    assert status == 404 and headers["X-Request-Id"] == "lost-1"


# the voice line's own fixtures (its fake Twilio and Telegram, the Kazakh prompts rendered once)
from tests.ivr.conftest import line  # noqa: E402,F401 — a fixture, used by name


def test_the_voice_queue_counts_the_handoff_and_the_wait_until_an_operator_takes_the_call(line):
    from tests.ivr.conftest import Call, Twiml

    def read() -> dict:
        r = line.get("/metrics")
        assert r.status_code == 200
        return samples(r.text)
    before = read()
    call = Call(line, number="+77017770011")
    # two webhooks as Twilio makes them (the helpers would also fetch the audio played, more requests)
    menu = Twiml(line.post("/ivr/voice", call.params(CallStatus="ringing")).text, line)
    queued = Twiml(line.post(menu.action, call.params(Digits="0")).text, line)   # 0: a person, in either language
    assert queued.root.find("Enqueue") is not None
    time.sleep(0.3)
    queue = {"QueueSid": "QU" + "0" * 32, "DequeingCallSid": "CA" + "b" * 32}
    call.webhook("/ivr/bridged", **queue)             # an operator takes the call…
    call.webhook("/ivr/bridged", **queue)             # …and Twilio delivers that twice: one wait
    change = moved(before, read())
    assert change[key("qyzmet_handoffs_total", channel="voice", reason="asked")] == 1
    assert change[key("qyzmet_operator_wait_seconds_count", channel="voice")] == 1
    assert 0.3 <= change[key("qyzmet_operator_wait_seconds_sum", channel="voice")] < 30
    assert change[key("qyzmet_webhook_seconds_count", route="ivr")] == 4
    text = line.get("/metrics").text
    assert "7017770011" not in text and call.sid not in text
