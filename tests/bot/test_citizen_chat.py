"""A citizen in Telegram, end to end: aiogram's real session against the fake Bot API server."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.render import LIMIT
from dialogs.models import Turn
from tests.bot.conftest import sent, texts

USERS = itertools.count(610_000_001)
SOURCE = "knowledge/sources/002_0797489497fa0c26.txt"        # 1486-02, the criminal-record certificate


def button(calls, title_part: str) -> str:
    """The callback data of the button whose title has `title_part`, from the last message that has it."""
    for call in reversed(sent(calls)):
        for b in call.buttons:
            if title_part.lower() in b.get("text", "").lower() and "callback_data" in b:
                return b["callback_data"]
    raise AssertionError(f"no button with {title_part!r} in {[b.get('text') for c in sent(calls) for b in c.buttons]}")


@pytest.mark.parametrize("language, choose, ask, via_psc, expected, not_expected, followups", [
    # applying at a ХҚО: SOURCE line 2381 "жеке куәлікті"; the application (2361 "…анықтама беру туралы
    # өтінішті") is for the authority only; 2295 "3 жұмыс күні"; 2311 "тегін"
    ("kk", "Қазақша", "Жұмысқа тұру үшін соттылығым жоқ екені туралы анықтама керек, қандай құжаттар керек?",
     "ХҚО", ["жеке куәлік"], ["беру туралы өтініш"],
     [("Қанша күнде дайын болады?", "3 жұмыс күні"), ("Ақысы қанша?", "тегін")]),
    ("ru", "Русский", "Нужна справка о несудимости для работы, какие документы нужны?",
     "ЦОН", ["удостоверение личности"], ["заявление о выдаче справки"],
     [("Сколько дней делают?", "3 рабочих дня"), ("Сколько стоит?", "бесплатно")]),
])
def test_start_language_question_clarifying_question_answer(harness, language, choose, ask, via_psc, expected,
                                                            not_expected, followups):
    user = next(USERS)
    tg = harness.tg
    first = harness.say(tg.text(user, "/start", language=None))
    assert "Тілді таңдаңыз / Выберите язык" in texts(first)
    chosen = harness.say(tg.press(user, button(first, choose)))
    greeting = texts(chosen)
    assert ("Qyzmet" in greeting) and (("Сәлеметсіз" in greeting) if language == "kk" else ("Здравствуйте" in greeting))
    # the reply keyboard with the location button comes once the language is known, in that language
    keyboards = [c for c in sent(chosen) if (c.get("reply_markup") or {}).get("keyboard")]
    assert len(keyboards) == 1
    location_button = keyboards[0]["reply_markup"]["keyboard"][0][0]
    assert location_button["request_location"] is True
    assert ("ХҚО" if language == "kk" else "ЦОН") in location_button["text"]

    asked = harness.say(tg.text(user, ask))
    question = texts(asked)
    assert "?" in question                     # where will you apply? (the documents differ)
    answer_calls = harness.say(tg.press(user, button(asked, via_psc)))
    answer = texts(answer_calls)
    for fact in expected:
        assert fact.lower() in answer.lower(), fact
    for wrong in not_expected:
        assert wrong.lower() not in answer.lower(), wrong
    for call in sent(answer_calls):
        assert call["parse_mode"] == "HTML"
        assert len(re.sub(r"<[^>]+>", "", call.text)) <= LIMIT
        for b in call.buttons:
            assert len(b.get("callback_data", "").encode()) <= 64
    for question, fact in followups:
        assert fact.lower() in texts(harness.say(tg.text(user, question))).lower(), question


def test_source_lines_the_expectations_were_typed_from():
    lines = open(SOURCE, encoding="utf-8").read().splitlines()
    assert "3 жұмыс күні" in lines[2295 - 1]
    assert "тегін" in lines[2311 - 1]
    assert "анықтама беру туралы өтінішті" in lines[2361 - 1]
    assert "жеке куәлікті" in lines[2381 - 1]


def test_deep_link_opens_the_service_after_the_language(harness):
    user = next(USERS)
    tg = harness.tg
    first = harness.say(tg.text(user, "/start 1486-02", language=None))
    assert "Тілді таңдаңыз / Выберите язык" in texts(first)
    after = harness.say(tg.press(user, button(first, "Русский")))
    said = texts(after)
    assert "Справка о несудимости" in said            # that service's question, not the greeting
    assert "Здравствуйте! Я Qyzmet" not in said
    # an unknown link is an ordinary start
    other = next(USERS)
    plain = harness.say(tg.text(other, "/start 9999-99", language="ru"))
    assert "Тілді таңдаңыз / Выберите язык" in texts(plain)


def test_location_lists_offices_as_text_with_map_links_not_as_venues(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    calls = harness.say(tg.location(user, 43.25, 76.91))          # central Almaty
    assert not [c for c in calls if c.method == "sendVenue"]     # no office here has its own position
    cards = [c for c in sent(calls) if "Алматы" in c.text and "Телефон" in c.text]
    assert len(cards) >= 2
    for card in cards:
        urls = [b["url"] for b in card.buttons if "url" in b]
        assert [u.split("/")[2] for u in urls] == ["2gis.kz", "yandex.kz", "www.google.com"]
        assert "точное расположение офиса неизвестно" in card.text   # a town's centre is not the office
    # the list's ways on (more offices…) are under the last office, not above the list
    assert any("o|office|more" == b.get("callback_data") for b in cards[-1].buttons)
    # the location button's label, sent as text by a client that cannot share a location: the office list
    again = harness.say(tg.text(user, "📍 Ближайший ЦОН"))
    assert "Где вы находитесь" in texts(again) or "Ближайшие" in texts(again)


@pytest.mark.parametrize("content", [
    {"voice": {"file_id": "v", "file_unique_id": "v1", "duration": 3}},
    {"photo": [{"file_id": "p", "file_unique_id": "p1", "width": 10, "height": 10}]},
    {"sticker": {"file_id": "s", "file_unique_id": "s1", "type": "regular", "width": 5, "height": 5,
                 "is_animated": False, "is_video": False}},
    {"document": {"file_id": "d", "file_unique_id": "d1", "file_name": "scan.pdf"}},
    {"contact": {"phone_number": "+77011234567", "first_name": "Асқар"}},
    {"poll": {"id": "1", "question": "?", "options": [{"text": "a", "voter_count": 0, "persistent_id": "a1"}],
              "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
              "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}},
    {"text": "справка о несудимости", "forward_origin": {"type": "hidden_user", "date": 1, "sender_user_name": "X"}},
    {"video_note": {"file_id": "n", "file_unique_id": "n1", "length": 1, "duration": 1}},
])
def test_everything_else_gets_a_polite_answer(harness, content):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    calls = harness.say(tg.content(user, **content))
    said = texts(calls, user)
    assert "1414" in said
    assert "Напишите" in said or "напишите" in said
    if "contact" in content:
        assert "не сохраняю контакты" in said
        with Session(harness.engine.db) as s:
            stored = " ".join(s.scalars(select(Turn.text).where(Turn.conversation_id == f"telegram:{user}")))
        assert "7011234567" not in stored and "Асқар" not in stored and "[contact]" in stored


def test_an_edit_is_answered_politely(harness):
    user = next(USERS)
    tg = harness.tg
    first = tg.text(user, "паспорт")
    harness.say(first)
    calls = harness.say(tg.edit(user, first["message"]["message_id"], "справка о несудимости"))
    assert "новым сообщением" in texts(calls, user)


def test_commands_in_both_languages(harness):
    registered = harness.tg.of("setMyCommands")
    by_language = {c.get("language_code"): {x["command"]: x["description"] for x in c["commands"]}
                   for c in registered}
    assert set(by_language) >= {None, "kk", "ru"}
    for language in by_language.values():
        assert set(language) == {"start", "lang", "help", "operator", "forget"}
    assert by_language["ru"]["forget"] == "Стереть наш разговор"
    assert by_language["kk"]["forget"] == "Әңгімемізді өшіру"
    assert by_language[None] == by_language["kk"]


def test_help_and_lang(harness):
    user = next(USERS)
    tg = harness.tg
    helped = harness.say(tg.text(user, "/help", language="ru"))
    assert "/forget" in texts(helped) and "1414" in texts(helped)
    chooser = harness.say(tg.text(user, "/lang"))
    assert {b["callback_data"] for c in sent(chooser) for b in c.buttons} == {"o|lang|kk", "o|lang|ru"}
    switched = harness.say(tg.press(user, "o|lang|kk"))
    assert "Сәлеметсіз бе" in texts(switched)
    # the bot's own words follow the stored choice, whatever the Telegram client's language
    helped_kk = harness.say(tg.text(user, "/help", language="ru"))
    assert "Мен мемлекеттік қызметтер туралы" in texts(helped_kk)


def test_forget_erases_the_conversation_and_says_what_stays(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"), tg.text(user, "мой ИИН 880101300123, нужна справка о несудимости"))
    with Session(harness.engine.db) as s:
        assert s.scalars(select(Turn).where(Turn.conversation_id == f"telegram:{user}")).first() is not None
    calls = harness.say(tg.text(user, "/forget"))
    said = texts(calls, user)
    assert "стёр наш разговор" in said and "Что остаётся" in said
    with Session(harness.engine.db) as s:
        assert s.scalars(select(Turn).where(Turn.conversation_id == f"telegram:{user}")).first() is None
    # and the assistant starts over: the language is asked again
    again = harness.say(tg.text(user, "/start"))
    assert "Тілді таңдаңыз / Выберите язык" in texts(again)


def test_a_stale_or_forged_button_is_answered(harness):
    user = next(USERS)
    calls = harness.say(harness.tg.press(user, "legacy:button:42"))
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers and answers[0].get("show_alert") is True
    assert "устарела" in answers[0]["text"] or "ескірген" in answers[0]["text"]


@pytest.mark.parametrize("said", ["\ud800 справка", "справка " * 1500, "\x00\x01\x02", "   "])
def test_odd_text_is_answered_not_dropped(harness, said):
    user = next(USERS)
    calls = harness.say(harness.tg.text(user, said))
    assert sent(calls, user)                       # a reply of some kind: nothing hangs or breaks
    for call in sent(calls, user):
        assert len(re.sub(r"<[^>]+>", "", call.text)) <= LIMIT
