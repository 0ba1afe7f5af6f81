"""Scripted conversations, Kazakh and Russian, one or more per family of standards.

Each answer must carry the facts of its standard as the knowledge base holds them:
the chosen situation's documents, the deadline, the cost, the repealed-act notice."""

from __future__ import annotations

import re

import pytest

from dialogs.messages import Hint
from knowledge.show import amount_text
from knowledge.translation import text_in
from locales import translations


ENGLISH_WORD = re.compile(r"\b(?!egov\b|kz\b|www\b|gov\b|http\b|https\b|call\b)[A-Za-z]{3,}\b")


def std(kb, sid):
    return kb[sid]


def doc_texts(kb, sid, scenario, language):
    return [text_in(i, "text", language) for i in std(kb, sid)["documents"]["scenarios"][scenario]["items"]]


def listed(answer: str, document: str) -> bool:
    """The document is one of the answer's bullet lines (possibly with a mark like "(if applicable)")."""
    return any(line == f"• {document}" or line.startswith(f"• {document} (") for line in answer.splitlines())


def assert_in_language(text: str, language: str):
    """Every UI string came through the catalog: no English left in a Kazakh or Russian answer."""
    assert not ENGLISH_WORD.findall(text), ENGLISH_WORD.findall(text)


def test_ru_criminal_record_certificate_at_a_psc(chat, engine, kb):
    c = chat()
    out = c.send("нужна справка о несудимости")
    question = c.text(out)
    assert "Справка о несудимости" in question and "/answer channel hqo" in c.payloads(out)
    out = c.send("2")                                   # "At a public service centre", by its number
    answer = c.text(out)
    for document in doc_texts(kb, "1486-02", 1, "ru"):
        assert listed(answer, document)
    assert not listed(answer, doc_texts(kb, "1486-02", 0, "ru")[0])     # the authority's list is not this one      # the authority's list is not this one
    ngettext = translations("ru").ngettext
    assert amount_text(ngettext, 3, "working_day") in answer          # "3 рабочих дня"
    assert translations("ru").gettext("Free of charge.") in answer
    assert "1486" in answer and "505" in answer and "egov.kz" in answer   # the act, what repealed it, where to check
    assert Hint.HELPLINE in c.replies(out)[0].hints                        # …and the contact centre, in a channel's words
    assert "/more" in c.payloads(out)
    more = c.text(c.press("/more"))
    assert text_in(std(kb, "1486-02")["refusal_grounds"][0], "text", "ru") in more
    assert_in_language(answer + more + question, "ru")


def test_kk_basic_pension(chat, engine, kb):
    c = chat()
    answer = c.text(c.send("базалық зейнетақы тағайындау үшін қандай құжаттар керек"))
    for document in doc_texts(kb, "1059-01", 0, "kk"):
        assert listed(answer, document)
    assert translations("kk").gettext("Free of charge.") in answer
    assert amount_text(translations("kk").ngettext, 10, "working_day") in answer
    assert_in_language(answer, "kk")


@pytest.mark.parametrize("option, scenario", [(1, 0), (2, 1), (3, 2)])
def test_ru_social_benefit_by_kind(chat, engine, option, scenario, kb):
    c = chat()
    out = c.send("социальное пособие по инвалидности, потере кормильца или по возрасту")     # all three named
    assert c.payloads(out)[:3] == ["/answer scenario 0", "/answer scenario 1", "/answer scenario 2"]
    answer = c.text(c.send(str(option)))
    mine = doc_texts(kb, "1059-02", scenario, "ru")
    assert all(listed(answer, d) for d in mine)
    others = {d for s in range(3) if s != scenario for d in doc_texts(kb, "1059-02", s, "ru")} - set(mine)
    assert not any(listed(answer, d) for d in others)


def test_ru_a_question_that_names_the_situation_is_answered_without_asking_it(chat, engine, kb):
    c = chat()
    out = c.send("как оформить государственное социальное пособие по инвалидности")
    answer = c.text(out)
    assert not [p for p in c.payloads(out) if p.startswith("/answer")]
    assert all(listed(answer, d) for d in doc_texts(kb, "1059-02", 0, "ru"))
    assert "Ваша ситуация: Для назначения государственного социального пособия по инвалидности" in answer


def test_ru_a_situation_can_be_answered_in_words(chat, engine, kb):
    c = chat()
    c.send("социальное пособие по инвалидности, потере кормильца или по возрасту")
    answer = c.text(c.send("по возрасту"))
    assert all(listed(answer, d) for d in doc_texts(kb, "1059-02", 2, "ru"))
    c = chat()
    c.send("нужна справка о несудимости")
    answer = c.text(c.send("через ЦОН"))
    assert all(listed(answer, d) for d in doc_texts(kb, "1486-02", 1, "ru"))


def test_ru_naming_the_service_again_while_its_question_waits_asks_it_again_plainly(chat):
    c = chat()
    c.send("нужен паспорт")
    out = c.send("паспорт")
    assert Hint.CHOOSE_AGAIN in c.replies(out)[0].hints                # each channel says how to choose
    assert len([p for p in c.payloads(out) if p.startswith("/answer case")]) == 7


def test_kk_social_insurance_payment_by_risk(chat, engine, kb):
    c = chat()
    out = c.send("Мемлекеттік әлеуметтік сақтандыру қорынан әлеуметтік төлем тағайындау")
    assert len([p for p in c.payloads(out) if p.startswith("/answer scenario")]) == 5
    answer = c.text(c.send("3"))                                   # loss of work
    assert all(listed(answer, d) for d in doc_texts(kb, "1059-04", 2, "kk"))


def test_ru_passport_asks_which_case_then_lists_only_that_document_and_the_fee_in_tenge(chat, engine, kb):
    c = chat()
    out = c.send("сколько стоит получить паспорт")
    cases = [p for p in c.payloads(out) if p.startswith("/answer case ")]
    assert len(cases) == 7                                   # at 16, before 16, replacing, citizenship, lost abroad…
    assert "При замене паспорта" in c.text(out)
    answer = c.text(c.send("3"))                             # replacing a passport
    items = std(kb, "363-01")["documents"]["scenarios"][0]["items"]
    passport, birth_certificate = items[4], items[3]
    assert listed(answer, text_in(passport, "text", "ru"))
    assert not listed(answer, text_in(birth_certificate, "text", "ru"))
    assert translations("ru").gettext("(one of these)") not in answer
    assert "400%" in answer and "17 300" in answer and "4 325" in answer and "2026" in answer
    assert "20%" in answer and "865" in answer                      # the identity card: 20 % of 4 325


def test_kk_identity_card_at_sixteen_needs_the_birth_certificate(chat, engine, kb):
    c = chat()
    c.press("/lang kk")
    answer = c.text(c.send("16 жасқа толдым, жеке куәлік алу үшін не керек"))     # the case is in the question
    assert "16 жасқа толған соң жеке куәлік алу кезінде" in answer
    items = std(kb, "363-01")["documents"]["scenarios"][0]["items"]
    assert listed(answer, items[3]["text"]) and not listed(answer, items[4]["text"])
    assert_in_language(answer, "kk")


@pytest.mark.parametrize("role, sid", [("1", "1741-01"), ("2", "1741-02"), ("3", "1741-03")])
def test_kk_military_registration_asks_who_then_the_situation(chat, engine, role, sid, kb):
    c = chat()
    out = c.send("әскери есепке тұру керек")
    assert [p for p in c.payloads(out)] == ["/answer family 1741-01", "/answer family 1741-02",
                                           "/answer family 1741-03"]
    asked = c.text(out).split("\n")[0]                       # who are you? — no member's name before it is known
    assert asked == translations("kk").gettext("Who are you?")
    out = c.send(role)
    assert [p for p in c.payloads(out) if p.startswith("/answer scenario")]
    answer = c.text(c.send("2"))                                   # after leaving service
    assert all(listed(answer, d) for d in doc_texts(kb, sid, 1, "kk"))


def test_ru_a_reserve_officer_who_says_so_is_not_asked_who_he_is(chat, engine, kb):
    c = chat()
    out = c.send("я офицер запаса, как встать на воинский учет")
    assert not [p for p in c.payloads(out) if p.startswith("/answer family")]
    assert kb["1741-01"]["short_name_ru"] in c.text(out)


def test_ru_lost_military_id_of_a_soldier(chat, engine, kb):
    c = chat()
    c.send("потерял военный билет")
    c.press("/answer family 1741-07")
    scenarios = std(kb, "1741-07")["documents"]["scenarios"]
    lost = next(i for i, s in enumerate(scenarios) if "утере" in (s.get("label_ru") or ""))
    answer = c.text(c.press(f"/answer scenario {lost}"))
    assert all(listed(answer, d) for d in doc_texts(kb, "1741-07", lost, "ru"))
    supplementary = scenarios[-1]
    assert supplementary["items"] and listed(answer, text_in(supplementary["items"][0], "text", "ru"))


def test_ru_household_certificate_documents_differ_by_channel(chat, engine, kb):
    c = chat()
    out = c.send("справка о наличии личного подсобного хозяйства")
    assert "/answer channel authority" in c.payloads(out) and "/answer channel hqo" in c.payloads(out)
    answer = c.text(c.press("/answer channel hqo"))
    assert all(listed(answer, d) for d in doc_texts(kb, "2318-01", 1, "ru"))


def test_kk_address_registration_same_day(chat, engine):
    c = chat()
    answer = c.text(c.send("тұрғылықты жері бойынша тіркелу, прописка жасау керек"))
    assert translations("kk").gettext("the same day") in answer
    assert "10%" in answer


@pytest.mark.parametrize("question, city", [
    ("где ближайший ЦОН в Петропавловске", "Петропавловск"),
    ("Өскемендегі ХҚО қайда", "Өскемен"),
])
def test_the_office_for_a_named_city(chat, question, city):
    c = chat()
    out = c.send(question)
    cards = c.offices(out)
    assert cards and city in cards[0].address and cards[0].lat is not None
    assert cards[0].distance_km is None                       # no location shared: no distance claimed


def test_a_shared_location_gives_the_nearest_office_with_distance(chat):
    c = chat()
    c.send("нужна справка о несудимости")
    out = c.send(location=(51.1605, 71.4704))                 # Астана
    card = c.offices(out)[0]
    assert "Астана" in card.address and card.distance_km is not None and card.distance_km < 30


def test_an_unknown_place_gets_the_region_list_never_a_dead_end(chat):
    c = chat(user="u-ru-place")
    c.press("/lang ru")
    out = c.press("/office")
    out = c.send("Блаблаград")
    regions = [p for p in c.payloads(out) if p.startswith("/region ")]
    assert len(regions) == 16
    out = c.press("/region north-kazakhstan")
    assert c.offices(out) and "Петропавловск" in c.offices(out)[0].address


@pytest.mark.parametrize("question, kind_word", [
    ("мүгедектікті белгілеу үшін МӘС-ке қалай жүгінемін", "сараптама"),
    ("нужно направление от центра занятости", "занятости"),
])
def test_a_service_not_taken_by_psc_points_to_its_own_provider(chat, question, kind_word):
    c = chat()
    c.send(question)
    out = c.press("/office")
    out = c.send("Павлодар")
    card = c.offices(out)[0]
    assert kind_word in card.name.lower() and "ЦОН" not in card.name and "ХҚО" not in card.name
