"""Complaints from each standard's own paragraphs, and the offices of a place, several at a time."""

from __future__ import annotations

import pytest

from dialogs.messages import BlockKind, Handoff, Hint
from knowledge.show import amount_text
from locales import translations

# One fact per standard a citizen must find in the complaint answer, typed from the source
# (file:line), about the decision ("result").
RESULT_ROUTES = [
    ("1059-01", "8 (7172) 74-37-23"),      # 001:744 the Ministry's trust phones
    ("1059-05", "8 (7172) 74-37-23"),      # 001 (1059-05 §21) the same trust phones
    ("1486-02", "31-81-88"),               # 002:2519 the Committee's reception, (87172) 31-81-88
    ("1741-06", "94-99-95"),               # 000 (1741-06 §21): the РМК «ХҚО», Республика 43 А, 8 (7172) 94-99-95
    ("2318-01", "3"),                      # 003:175 the answer within 3 working days
]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("sid, fact", RESULT_ROUTES)
def test_a_complaint_about_the_result_says_to_whom_when_the_answer_comes_the_court_and_the_source(
        chat, engine, sid, fact, language):
    c = chat()
    c.press(f"/lang {language}")
    c.press(f"/service {sid}")
    out = c.press("/complain")
    assert c.payloads(out)[:2] == ["/complain result", "/complain service"]
    out = c.press("/complain result")
    text = c.text(out)
    assert fact in text
    kinds = [b.kind for m in c.replies(out) for b in m.blocks]
    assert kinds == [BlockKind.COMPLAINT_ROUTES, BlockKind.RESPONSE_TERMS, BlockKind.COURT, BlockKind.SOURCE]
    routes = [b for m in c.replies(out) for b in m.blocks if b.kind == BlockKind.COMPLAINT_ROUTES][0]
    # every route is read from the standard's complaint paragraphs (§20–27)
    paragraphs = {engine.standards[sid].paragraph_at(lines[0]) for lines in routes.sources}
    assert paragraphs and all(p is not None and p >= 19 for p in paragraphs), paragraphs
    assert engine.standards[sid].source.act_number in text and "⚠️" in text     # repealed
    assert Hint.HELPLINE in c.replies(c.log)[-1].hints                  # the contact centre, in each channel's words


def test_the_household_certificate_complaint_is_answered_in_three_working_days(chat, engine):
    c = chat()
    c.press("/lang ru")
    c.press("/service 2318-01")
    text = c.text(c.press("/complain result"))
    # 003:175: "тіркелгеннен кейін 3 (үш) жұмыс күні ішінде"
    assert amount_text(translations("ru").ngettext, 3, "working_day") in text      # "3 рабочих дня"


def test_kk_a_rude_psc_employee_gets_the_psc_route_and_an_operator_on_request(chat, engine):
    c = chat()
    c.press("/lang kk")
    out = c.send("ХҚО қызметкері дөрекі сөйледі, шағым жазғым келеді")
    text = c.text(out)
    # the ЦОН head (every standard's conduct route), and the РМК «Орталық»: Республика 43, 8 (7172) 94-99-95
    # (000: 1741-xx §22)
    assert "ХҚО" in text and "8 (7172) 94-99-95" in text
    assert "/operator complaint" in c.payloads(out)
    c.send("соттылық туралы анықтама")
    text = c.text(c.press("/complain service"))
    assert "ХҚО" in text or "Орталық" in text
    out = c.press("/operator complaint")
    handoff = next(m for m in out if isinstance(m, Handoff))
    assert handoff.reason == "complaint" and handoff.context["service"]["id"] == "1486-02"


# Almaty's city districts (kk and ru): an office placed at its district's centre names the district
ALMATY_DISTRICTS = ("Алмалы", "Әуезов", "Бостандық", "Жетісу", "Медеу", "Түрксіб", "Алатау", "Наурызбай",
                    "Алмалин", "Ауэзов", "Бостандык", "Жетысу", "Медеу", "Турксиб", "Алатау", "Наурызбай")


def in_almaty(o) -> bool:
    where = f"{o.address or ''} {o.located_at or ''}"
    return "Алматы" in where or any(d in (o.located_at or "") for d in ALMATY_DISTRICTS)


def test_a_city_with_many_offices_lists_three_and_more_pages_through_the_rest(chat):
    c = chat()
    out = c.send("где ЦОН в Алматы")
    first = c.offices(out)
    assert len(first) == 3 and all(in_almaty(o) for o in first)
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
    assert cards and all(o.distance_km is not None and in_almaty(o) for o in cards)
    assert "Алматы" in c.text(out) and "км" in c.text(out)


def test_a_town_with_one_office_lists_it_first_then_the_next_nearest(chat):
    c = chat()
    out = c.send("Өскемендегі ХҚО қайда")
    cards = c.offices(out)
    assert "Өскемен" in cards[0].address
    assert len(cards) == 3


def test_situation_buttons_are_short_and_tell_the_options_apart(chat):
    c = chat()
    c.press("/lang ru")
    for sid, least in (("1059-04", 5), ("1741-06", 7)):       # 001:12168–12236 five risks; 000:12729–12901 11.1–11.5
        out = c.press(f"/service {sid}")
        labels = [o.label or o.title for m in c.replies(out) for o in m.options]
        assert len(labels) >= least and len(set(labels)) == len(labels)
        assert all(len(label) <= 60 for label in labels)

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


def test_a_complaint_route_to_an_office_list_finds_the_nearest_of_that_kind(chat):
    c = chat()
    c.press("/lang ru")
    c.press("/service 363-01")
    out = c.press("/complain result")
    # 004:237: the head of the regional internal affairs department, "addresses in appendix 2"
    assert "/office internal_affairs_department" in c.payloads(out)
    c.press("/office internal_affairs_department")
    cards = c.offices(c.send("Павлодар"))
    assert cards and all("ЦОН" not in o.name for o in cards)
    assert "Павлодар" in f"{cards[0].address} {cards[0].located_at}"


@pytest.mark.parametrize("channel, psc", [("authority", False), ("hqo", True)])
def test_the_office_follows_the_way_of_applying_chosen(chat, channel, psc):
    c = chat()
    c.press("/lang ru")
    c.press("/service 1486-02")
    c.press(f"/answer channel {channel}")
    c.press("/office")
    cards = c.offices(c.send("Караганда"))
    # 002 (1486-02 §1): the committee's territorial offices (appendix 1) or the ЦОНы (appendix 2)
    assert cards and all(("ЦОН" in o.name) == psc for o in cards)
