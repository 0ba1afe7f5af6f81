"""Complaints from each standard's own paragraphs, and the offices of a place, several at a time."""

from __future__ import annotations

import pytest

from dialogs.messages import Handoff
from dialogs.messages import Hint
from knowledge.show import amount_text
from knowledge.translation import text_in
from locales import translations

STANDARDS = ["1059-01", "1059-05", "1059-12", "1486-02", "1486-03", "1741-06", "2318-01", "363-01"]
TERMS = ["You will be told the result within {term} of the complaint's registration.",
         "The complaint is considered within the time limits of the Law of 12 January 2007 “On the procedure for "
         "considering applications of individuals and legal entities”; the answer is sent to you in writing.",
         "The complaint is considered within the time limits set by law; the answer is sent to you in writing.",
         "For a written complaint you get a slip with the date of the answer and the contact of the official who "
         "can tell you how it is going."]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("sid", STANDARDS)
def test_a_complaint_about_the_result_says_to_whom_when_the_answer_comes_the_court_and_the_source(
        chat, engine, sid, language, kb):
    c = chat()
    c.press(f"/lang {language}")
    c.press(f"/service {sid}")
    out = c.press("/complain")
    assert c.payloads(out)[:2] == ["/complain result", "/complain service"]
    text = c.text(c.press("/complain result"))
    standard = kb[sid]
    complaint = standard["complaint"]
    for route in [r for r in complaint["routes"] if r["about"] == "result"]:
        assert text_in(route, "text", language) in text
    _ = translations(language).gettext
    stated = [_(t).split("{")[0] for t in TERMS]
    assert any(s in text for s in stated), "no response term"
    assert text_in(complaint["court"], "text", language) in text
    assert standard["source"]["act_number"] in text and "⚠️" in text     # repealed
    assert Hint.HELPLINE in c.replies(c.log)[-1].hints                  # the contact centre, in each channel's words


def test_the_household_certificate_complaint_is_answered_in_three_working_days(chat, engine):
    c = chat()
    c.press("/lang ru")
    c.press("/service 2318-01")
    text = c.text(c.press("/complain result"))
    assert amount_text(translations("ru").ngettext, 3, "working_day") in text      # "3 рабочих дня"


def test_kk_a_rude_psc_employee_gets_the_routes_about_service_and_an_operator_on_request(chat, engine, kb):
    c = chat()
    c.press("/lang kk")
    out = c.send("ХҚО қызметкері дөрекі сөйледі, шағым жазғым келеді")
    assert "/operator" in c.payloads(out)                    # which service? or a person
    c.send("соттылық туралы анықтама")
    text = c.text(c.press("/complain service"))
    routes = [r for r in kb["1486-02"]["complaint"]["routes"] if r["about"] == "service"]
    assert routes and all(r["text"] in text for r in routes)
    out = c.press("/operator complaint")
    handoff = next(m for m in out if isinstance(m, Handoff))
    assert handoff.reason == "complaint" and handoff.context["service"]["id"] == "1486-02"


def test_a_city_with_many_offices_lists_three_and_more_pages_through_the_rest(chat):
    c = chat()
    out = c.send("где ЦОН в Алматы")
    first = c.offices(out)
    assert len(first) == 3 and all("Алматы" in (o.address or "") or o.located_at == "Алматы" for o in first)
    assert "/office more" in c.payloads(out)
    assert "\n1. " in c.text(out) and "\n3. " in c.text(out)
    out = c.press("/office more")
    second = c.offices(out)
    assert len(second) == 3 and "\n4. " in c.text(out)
    assert not {o.office_id for o in first} & {o.office_id for o in second}
    assert all(o.distance_km is None for o in first + second)          # a named city: no distance claimed


def test_a_location_inside_a_city_does_not_pass_the_town_centre_off_as_the_office(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send(location=(43.2567, 76.9286))                          # Алматы
    cards = c.offices(out)
    assert cards and all(o.distance_km is not None and o.located_at == "Алматы" for o in cards)
    assert "Алматы" in c.text(out) and "км" in c.text(out)


def test_a_town_with_one_office_lists_it_first_then_the_next_nearest(chat):
    c = chat()
    out = c.send("Өскемендегі ХҚО қайда")
    cards = c.offices(out)
    assert "Өскемен" in cards[0].address
    assert len(cards) == 3


def test_situation_buttons_show_what_tells_the_options_apart(chat):
    c = chat()
    c.press("/lang ru")
    out = c.press("/service 1059-04")
    labels = [o.label or o.title for m in c.replies(out) for o in m.options]
    assert labels[2] == "На случай потери работы"
    assert "Для назначения социальной выплаты на случай потери работы" in c.text(out)   # the message: in full
    out = c.press("/service 1741-06")
    labels = [o.label or o.title for m in c.replies(out) for o in m.options]
    assert "Если военный билет похищен" in labels


@pytest.mark.parametrize("payload", ["/answer case 9.9.9", "/answer scenario 99", "/answer channel moon",
                                     "/answer case x", "/answer family 0000-00"])
def test_a_typed_in_answer_that_is_not_an_option_is_not_trusted(chat, payload):
    c = chat()
    c.press("/lang ru")
    c.press("/service 363-01")
    out = c.send(payload)
    assert c.text(out) and "📄" not in c.text(out)


def test_kazakh_answers_and_buttons_use_the_everyday_name(chat, engine, kb):
    c = chat()
    c.press("/lang kk")
    out = c.send("соттылық туралы анықтама керек")
    assert kb["1486-02"]["short_name_kk"] in c.text(out)
    answer = c.text(c.send("2"))
    assert answer.startswith("📄 " + kb["1486-02"]["short_name_kk"])
