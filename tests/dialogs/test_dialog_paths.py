"""Clarification, fallback, operators, languages, restarts and bad input."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogs import plain
from dialogs.engine import Engine
from dialogs.messages import Event, Handoff, Notice, NoticeKind, OperatorAction, Relay, Reply
from dialogs.models import Turn
from knowledge.db import make_engine
from locales import translations



def transcript(engine, conversation):
    with Session(engine.db) as session:
        return engine.store.transcript(session, conversation)


def test_a_vague_question_gets_did_you_mean_buttons_and_a_way_out(chat, kb):
    c = chat()
    out = c.send("справка")
    services = [p for p in c.payloads(out) if p.startswith("/service ")]
    assert 2 <= len(services) <= 3 and "/none" in c.payloads(out)
    chosen = services[0].split()[1]
    out = c.press(services[0])
    assert kb[chosen]["short_name_ru"] in c.text(out)


def test_two_misunderstandings_in_a_row_offer_an_operator_and_yes_hands_over(chat):
    c = chat(user="u-misunderstood")
    c.press("/lang ru")
    first = c.send("абырвалг фыва олдж")
    assert "/operator" in c.payloads(first) and not any(isinstance(m, Handoff) for m in first)
    second = c.send("ккккк ппппп")
    assert c.payloads(second)[:2] == ["/operator", "/none"]
    out = c.send("да")
    handoff = next(m for m in out if isinstance(m, Handoff))
    assert handoff.reason == "not_understood" and handoff.context["language"] == "ru"
    assert any(t["text"] == "абырвалг фыва олдж" for t in handoff.context["last_turns"])


def test_asking_for_a_person_hands_over_with_the_context_and_the_operator_holds_the_chat(chat, engine):
    c = chat()
    c.send("справка о несудимости")
    c.send("2")
    out = c.send("тірі адаммен сөйлескім келеді")
    handoff = next(m for m in out if isinstance(m, Handoff))
    assert handoff.reason == "asked"
    assert handoff.context["service"]["id"] == "1486-02" and handoff.context["situation"] == {"channel": "hqo"}
    # while the operator holds it, the bot is silent and relays
    out = c.send("алло, вы здесь?")
    assert out == [Relay(c.conversation, "алло, вы здесь?")]
    out = c.send(operator=OperatorAction("say", text="Здравствуйте, я оператор Айгуль.", operator="op-7"))
    assert c.text(out) == "Здравствуйте, я оператор Айгуль."
    out = c.send(operator=OperatorAction("close", code="answered", operator="op-7"))
    assert Notice(c.conversation, NoticeKind.CLOSED, "answered") in out and any(isinstance(m, Reply) for m in out)
    out = c.send("где ЦОН в Караганде")                       # the bot answers again
    assert c.offices(out)
    speakers = [t.speaker for t in transcript(engine, c.conversation)]
    assert "operator" in speakers and "system" in speakers


def test_switching_language_mid_dialog_continues_the_same_service(chat):
    c = chat()
    out = c.send("соттылығы жоқ деген анықтама керек")
    assert "/answer channel hqo" in c.payloads(out)
    out = c.press("/lang ru")
    assert "/answer channel hqo" in c.payloads(out)                   # the same question, now in Russian
    assert translations("ru").gettext("Where will you apply? The documents differ.") in c.text(out)
    answer = c.text(c.press("/answer channel hqo"))
    assert translations("ru").gettext("Documents:") in answer


def test_a_restart_mid_dialog_loses_nothing(chat, db_url, nlu_parser, kb):
    c = chat()
    c.send("нужна справка о несудимости")
    restarted = Engine(make_engine(db_url), parser=nlu_parser)        # a new process on the same database
    out = restarted.handle(Event(c.conversation, "test", text="2"))
    assert kb["1486-02"]["documents"]["scenarios"][1]["items"][0]["text_ru"] in c.text(out)


def test_the_chosen_language_is_remembered_for_the_person(chat):
    first = chat(user="u-remember")
    first.press("/lang ru")
    later = chat(user="u-remember")
    out = later.send("сәлем")                      # Kazakh greeting, but the person chose Russian
    assert translations("ru").gettext("Nearest PSC") in [o.title for m in later.replies(out) for o in m.actions]


def test_bad_input_gets_a_polite_answer_and_everything_reaches_the_transcript(chat, engine):
    c = chat(user="u-bad")
    c.press("/lang ru")
    inputs = ["", "   ", "а" * 10_000, "\x00\x01\ufffd\ufffd binary \x7f", "😀😀🎉", "'; DROP TABLE turns; --",
              "SELECT * FROM conversations WHERE 1=1"]
    for text in inputs:
        out = c.send(text)
        replies = [m for m in out if isinstance(m, Reply)]
        assert replies and all(plain.text(r).strip() for r in replies), repr(text[:20])
    said = [t for t in transcript(engine, c.conversation) if t.speaker == "citizen"]
    assert len(said) == 1 + len(inputs)                   # the /lang press and every message
    assert said[3].text == "а" * 10_000                    # kept whole, though only the start is read
    with Session(engine.db) as session:
        assert session.query(Turn).count() > 0             # the SQL-looking text was only text


def test_personal_numbers_are_masked_in_the_transcript(chat, engine):
    c = chat()
    c.send("мой ИИН 880101300123, телефон +7 701 123 45 67, помогите с пропиской")
    stored = [t.text for t in transcript(engine, c.conversation) if t.speaker == "citizen"][0]
    assert "880101300123" not in stored and "701 123 45 67" not in stored
    assert "[IIN …23]" in stored and "[phone …67]" in stored


def test_a_repeated_delivery_is_answered_again_without_being_handled_twice(chat, engine):
    c = chat()
    first = c.send("нужна справка о несудимости", id="update-1")
    answer = c.send("2", id="update-2")
    # the channel re-sends both (a webhook that timed out): the same answers, the state untouched
    assert c.send("нужна справка о несудимости", id="update-1") == first
    assert c.send("2", id="update-2") == answer
    said = [t.text for t in transcript(engine, c.conversation) if t.speaker == "citizen"]
    assert said == ["нужна справка о несудимости", "2"]
    assert c.engine.handle(Event(c.conversation, "test", payload="/more", id="update-3"))   # and goes on
