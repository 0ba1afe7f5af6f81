"""The voice line on the other set-ups it runs on: PostgreSQL (turns in threads), Kazakh speech switched
on, and an NLU that does not answer in time."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ivr.models import Call as CallRow, Outcome, Sms
from tests.ivr.conftest import OPERATORS, Call, Line
from tests.ivr.test_calls import to_the_answer


@pytest.fixture(scope="module")
def pg_line(new_engine, pg_dialogs_url, audio_dir):
    engine = new_engine(pg_dialogs_url)
    line = Line(engine, audio_dir)                 # the voice tables are made by the app's start (Alembic)
    yield line
    line.close()
    engine.db.dispose()


@pytest.mark.postgres
def test_a_call_on_postgresql_from_an_empty_voice_schema(pg_line):
    line, engine = pg_line, pg_line.engine
    call = Call(line, number="+77013334455")
    to_the_answer(call)
    assert "три рабочих дня" in " ".join([call.last.words()] + [call.press("2").words() for _ in range(4)])
    assert "СМС отправлено" in call.press("3").words()
    assert call.webhook("/ivr/status", CallStatus="completed", CallDuration="77").status_code == 204
    with Session(engine.db) as s:
        row = s.get(CallRow, call.sid)
        assert (row.status, row.duration, row.language, row.outcome) == ("completed", 77, "ru", Outcome.SMS)
        assert s.scalars(select(Sms.sent).where(Sms.call_sid == call.sid)).all()[0] >= 1


def test_kazakh_speech_when_it_is_configured(engine, audio_dir):
    line = Line(engine, audio_dir, kk_speech_language="kk-KZ", kk_speech_model="googlev2_long")
    try:
        call = Call(line)
        greeting = call.start()
        assert greeting.gather.get("input") == "dtmf"     # before a language, no recogniser knows what to hear
        main = call.press("1")
        g = main.gather
        assert (g.get("input"), g.get("language"), g.get("speechModel")) == ("dtmf speech", "kk-KZ", "googlev2_long")
        assert "бірнеше сөзбен айтыңыз" in main.words()
        heard = call.say("соттылығым жоқ екені туралы анықтама керек")
        assert "Соттылығы жоқ екені туралы анықтама" in heard.words()
    finally:
        line.close()


class SlowParser:
    """An NLU server that answers too late (a Rasa under load)."""
    in_process = False

    def __init__(self, parser, seconds: float) -> None:
        self.parser, self.seconds = parser, seconds

    def parse(self, text: str):
        time.sleep(self.seconds)
        return self.parser.parse(text)


def test_an_nlu_that_does_not_answer_in_time_moves_the_caller_to_keys(new_engine, db_url, audio_dir):
    engine = new_engine(db_url)
    engine.parser = SlowParser(engine.parser, 1.5)
    line = Line(engine, audio_dir, nlu_timeout=0.3)
    try:
        call = Call(line)
        call.start()
        call.press("2")
        started = time.monotonic()
        slow = call.say("справка о несудимости")
        assert time.monotonic() - started < 1.2            # not kept waiting for the NLU
        assert slow.words().startswith("Извините, не удалось вовремя разобрать сказанное")
        assert slow.gather.get("input") == "dtmf" and "Список услуг — нажмите один" in slow.words()
        assert "Выберите услугу" in call.press("1").words()  # and the keys work
    finally:
        line.close()


@pytest.mark.postgres
def test_the_first_webhook_delivered_twice_at_once_on_postgresql(pg_line):
    import concurrent.futures

    line = pg_line
    for _ in range(5):
        call = Call(line)
        params = call.params(CallStatus="ringing")
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: line.post("/ivr/voice", params), range(2)))
        assert [a.status_code for a in answers] == [200, 200]
        assert all("Для русского языка нажмите два" in a.text and "<Enqueue" not in a.text for a in answers)


def test_a_callers_own_words_said_back_are_private_and_go_with_the_call(engine, audio_dir):
    line = Line(engine, audio_dir, kk_speech_language="kk-KZ")
    try:
        call = Call(line)
        call.start()
        call.press("1")
        unsure = call.say("менің атым Айгүл, соттылығым жоқ екені туралы анықтама", confidence=0.2)
        own = [p.text for p in unsure.root.iter("Play") if "/c-" in p.text]
        assert len(own) == 1 and "соттылығым жоқ" in unsure.words()
        assert "Айгүл" not in unsure.words() and "атым аты жасырылған" in unsure.words()    # a name: masked
        r = line.get(own[0])
        assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-store"
        call.webhook("/ivr/status", CallStatus="completed", CallDuration="20")
        assert line.get(own[0]).status_code == 404                  # gone with the call
        with Session(engine.db) as s:
            row = s.get(CallRow, call.sid)
            assert "соттылығым" not in str(row.view) and row.last_twiml is None
    finally:
        line.close()
