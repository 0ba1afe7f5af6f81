"""Scripted conversations, Kazakh and Russian: what was asked is answered first, the situation is
taken from the citizen's words, follow-ups stay on the service, complaints go straight to their
routes, the reply follows the citizen's language.

Facts asserted here are typed from the source files (knowledge/sources), with file and line; the
per-situation documents and terms of every standard are checked by test_answers_against_source.py.
"""

from __future__ import annotations

import re

import pytest

from dialogs.messages import BlockKind, Hint, Purpose, Reply
from locales import translations

ENGLISH_WORD = re.compile(r"\b(?!egov\b|kz\b|www\b|gov\b|http\b|https\b|call\b|mail\b|migration\b)[A-Za-z]{3,}\b")
P004 = "004_b23ec84862af2d94.txt"


def assert_in_language(text: str, language: str):
    """Every UI string came through the catalog: no English left in a Kazakh or Russian answer."""
    assert not ENGLISH_WORD.findall(text), ENGLISH_WORD.findall(text)


def kinds(out) -> list[BlockKind]:
    return [b.kind for m in out if isinstance(m, Reply) for b in m.blocks]


def block_text(out, kind: BlockKind) -> str:
    return "\n".join(line for m in out if isinstance(m, Reply) for b in m.blocks if b.kind == kind for line in b.lines)


def questions(c, out) -> list[str]:
    return [p for p in c.payloads(out) if p.startswith("/answer ")]


@pytest.mark.parametrize("language, question", [("ru", "сколько стоит паспорт?"),
                                                ("kk", "төлқұжат қанша тұрады?")])
def test_the_cost_of_a_passport_is_answered_first_without_asking_the_situation(chat, language, question):
    c = chat()
    c.press(f"/lang {language}")
    out = c.send(question)
    assert not questions(c, out)                               # the fee does not depend on the situation
    assert kinds(out)[:2] == [BlockKind.TITLE, BlockKind.COST]
    cost = block_text(out, BlockKind.COST)
    # 004:107: the passport 400 %, the identity card 20 % of the index; MRP 2026 = 4 325 tenge (settings)
    assert "400%" in cost and "17 300" in cost.replace("\u00a0", " ").replace("\u202f", " ")
    assert "20%" in cost and "865" in cost
    # 004:111: the exemptions, each category on its own line (Heroes of the Soviet Union first)
    assert ("Кеңес Одағының Батырлары" if language == "kk" else "Герои Советского Союза") in cost
    assert_in_language(c.text(out), language)


def test_cost_and_deadline_asked_together_are_answered_together(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("сколько стоит и сколько ждать справку о несудимости")
    assert not questions(c, out)
    assert kinds(out)[1:3] == [BlockKind.DEADLINES, BlockKind.COST]
    terms = block_text(out, BlockKind.DEADLINES)
    # 002:2279–2295 (1486-02 §7): 7 working days at the committee's office, 3 at a ЦОН and on the portal
    assert re.search(r"7 рабочих дн", terms) and re.search(r"ЦОН[^\n]*: 3 рабочих дн", terms)
    assert translations("ru").gettext("Free of charge.") in block_text(out, BlockKind.COST)   # 002:2311


def test_a_situation_named_in_the_question_is_not_asked(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("у меня истёк срок удостоверения личности, что нужно для замены")
    assert not questions(c, out)
    docs = block_text(out, BlockKind.DOCUMENTS)
    # 004:171 (363-01 §11): replacing an identity card -> the old identity card, not the birth certificate (163)
    assert "удостоверение личности" in docs.lower() and "свидетельство о рождении" not in docs.lower()


def test_a_lost_military_id_gets_its_own_terms_not_the_first_issue_one(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("я сержант запаса, потерял военный билет")
    assert not questions(c, out)
    terms = block_text(c.log, BlockKind.DEADLINES)
    # 000:15287 (1741-07 §7): lost -> 15 working days, 20 in exceptional cases; never an unconditional 30
    lines = terms.splitlines()
    assert any(re.search(r"(^|: )15 рабочих дней$", x) for x in lines)
    assert any("20 рабочих дней — " in x for x in lines)
    assert not any(re.search(r"(^|: )30 рабочих дней$", x) for x in lines)


def test_words_that_fit_several_situations_offer_only_those(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("нужны документы на пособие, у меня инвалидность")
    # 001:4447 (1059-02 §11): the disability list; it is not asked which of the three benefits
    offered = questions(c, out)
    assert not offered or len(offered) < 3


@pytest.mark.parametrize("language, follow_up, kind", [
    ("ru", "а сколько стоит?", BlockKind.COST),
    ("kk", "ал қанша тұрады?", BlockKind.COST),
    ("ru", "а сколько ждать?", BlockKind.DEADLINES),
    ("kk", "қанша күн күтеміз?", BlockKind.DEADLINES),
])
def test_a_follow_up_applies_to_the_current_service(chat, language, follow_up, kind):
    c = chat()
    c.press(f"/lang {language}")
    c.press("/service 363-02")                               # the temporary identity card
    out = c.send(follow_up)
    assert kinds(out)[:2] == [BlockKind.TITLE, kind]
    title = block_text(out, BlockKind.TITLE)
    assert c.engine.standards["363-02"].name(language) in title


def test_a_follow_up_naming_a_place_lists_that_places_offices(chat):
    c = chat()
    c.press("/lang ru")
    c.press("/service 1486-02")
    out = c.send("а где в Шымкенте?")
    cards = c.offices(out)
    assert cards and all("Шымкент" in f"{o.address} {o.located_at}" for o in cards)


def test_a_follow_up_through_a_psc_gives_the_psc_list(chat):
    c = chat()
    c.press("/lang ru")
    c.send("нужна справка о несудимости")
    out = c.press("/answer channel authority")
    out = c.send("а через ЦОН?")
    docs = block_text(out, BlockKind.DOCUMENTS)
    # 002:2381 (1486-02 §11, ЦОН): the identity card itself; the application (2361) is the authority's list
    assert "Удостоверение личности" in docs and "Заявление" not in docs


def test_a_complaint_naming_a_service_goes_to_its_routes(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("мне отказали в пенсии, куда жаловаться")
    assert [m.purpose for m in c.replies(out)] == [Purpose.COMPLAINT]
    routes = block_text(out, BlockKind.COMPLAINT_ROUTES)
    # 001 (1059-01 §21): the trust phones of the Ministry, with the Astana code carried to each number
    assert "8 (7172) 74-37-23" in routes and "8 (7172) 74-33-65" in routes


def test_a_complaint_about_a_psc_employee_gets_the_psc_route(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("сотрудница ЦОНа мне нахамила")
    assert [m.purpose for m in c.replies(out)] == [Purpose.COMPLAINT]
    routes = block_text(out, BlockKind.COMPLAINT_ROUTES)
    assert "ЦОН" in routes and "8 (7172)" in routes
    assert block_text(out, BlockKind.COURT)


def test_the_reply_follows_the_language_of_the_message_and_offers_the_switch(chat):
    c = chat()
    c.send("справка о несудимости")                           # Russian: the conversation is in Russian
    out = c.send("соттылық туралы анықтама қанша күнде дайын болады?")
    assert {m.language for m in c.replies(out)} == {"kk"}
    assert "/lang ru" in c.payloads(out)                     # the way back is offered


def test_a_chosen_language_is_kept_whatever_the_citizen_writes(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("соттылық туралы анықтама қанша тұрады?")
    assert {m.language for m in c.replies(out)} == {"ru"}


def test_naming_the_service_again_while_its_question_waits_asks_it_again_plainly(chat):
    c = chat()
    c.press("/lang ru")
    c.send("нужен паспорт")
    out = c.send("паспорт")
    assert Hint.CHOOSE_AGAIN in c.replies(out)[0].hints                # each channel says how to choose
    assert len(questions(c, out)) == 7                       # 004:163–179: seven cases


@pytest.mark.parametrize("role, sid", [("1", "1741-01"), ("2", "1741-02"), ("3", "1741-03")])
def test_kk_military_registration_asks_who_then_the_situation(chat, role, sid):
    c = chat()
    c.press("/lang kk")
    out = c.send("әскери есепке тұру керек")
    assert c.payloads(out)[:3] == ["/answer family 1741-01", "/answer family 1741-02", "/answer family 1741-03"]
    assert c.text(out).split("\n")[0] == translations("kk").gettext("Who are you?")
    out = c.send(role)
    # 000:253/269/289/305 (and the same in S2, S3): four situations
    assert len([p for p in questions(c, out) if p.startswith("/answer situation")]) == 4
    out = c.send("2")
    assert block_text(out, BlockKind.DOCUMENTS)
    assert c.engine.standards[sid].name("kk") in block_text(out, BlockKind.TITLE)


def test_ru_a_reserve_officer_who_says_so_is_not_asked_who_he_is(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("я офицер запаса, как встать на воинский учет")
    assert not [p for p in c.payloads(out) if p.startswith("/answer family")]
    assert c.engine.standards["1741-01"].name("ru") in c.text(out)


def test_ru_household_certificate_documents_differ_by_channel(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("справка о наличии личного подсобного хозяйства")
    assert "/answer channel authority" in c.payloads(out) and "/answer channel hqo" in c.payloads(out)
    docs = block_text(c.press("/answer channel hqo"), BlockKind.DOCUMENTS)
    # 003:99 (2318-01 §11): at a ЦОН, the application on the form of appendix 3
    assert "3" in docs and "аявлени" in docs


def test_kk_address_registration_same_day(chat, engine):
    c = chat()
    answer = c.text(c.send("тұрғылықты жері бойынша тіркелу, прописка жасау керек"))
    # 004:5364 (363-03 §7): the same day; 004:5376: 10 % of the index
    assert translations("kk").gettext("the same day").lower() in answer.lower()
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
    assert len(regions) == 20            # today's 17 regions and 3 cities of republican significance (since 2022)
    out = c.press("/region north-kazakhstan")
    towns = {o.title: o.payload for o in out[-1].options}      # 15 offices: the district or town first
    out = c.press(towns["Петропавловск"])
    assert c.offices(out) and "Петропавловск" in c.offices(out)[0].address


def test_a_region_with_many_offices_asks_the_district_then_lists_its_offices(chat):
    """Қарағанды облысы has more ХҚО than a page; Balkhash's is at "Балқаш қаласы, Бөкейхан көшесі, 20«А» үй"
    (seeds/002_0797489497fa0c26.txt:1351; seeds/000 line 1647 writes "20а"), and the districts are listed in the Kazakh alphabet's order."""
    c = chat(user="u-kk-district")
    c.press("/lang kk")
    out = c.press("/region karaganda")
    assert not c.offices(out)
    titles = [o.title for o in out[-1].options]
    assert {"Балқаш", "Теміртау", "Қарағанды", "Осакаров ауданы"} <= set(titles)
    assert len(titles) == len(set(titles))        # one entry per district, however the source spells it
    assert titles.index("Қарағанды") < titles.index("Нұра ауданы")     # Қ comes before Л, not after Я
    assert "/region karaganda all" in [a.payload for a in out[-1].actions]
    out = c.press(out[-1].options[titles.index("Балқаш")].payload)
    assert [o.address for o in c.offices(out)] == ["Балқаш қаласы, Бөкейхан көшесі, 20«А» үй"]
    out = c.press("/region karaganda all")
    assert len(c.offices(out)) == 3


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


@pytest.mark.parametrize("language, follow_up", [("ru", "а если я его потерял?"), ("kk", "ал жоғалтып алсам ше?")])
def test_a_case_the_source_does_not_cover_is_said_so_then_its_cases_are_offered(chat, language, follow_up):
    c = chat()
    c.press(f"/lang {language}")
    c.send("сколько стоит паспорт?" if language == "ru" else "төлқұжат қанша тұрады?")
    out = c.send(follow_up)
    # 004:163–179: a document for each case, none for a passport or card lost inside Kazakhstan (only abroad, 179)
    first = c.replies(out)[0]
    assert first.purpose == Purpose.INFO and ("не говорит" in c.text([first]) or "айтпайды" in c.text([first]))
    assert len([p for p in c.payloads(out) if p.startswith("/answer situation")]) == 7


def test_the_situation_said_before_a_did_you_mean_is_still_read(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("Я призывник, сменил фамилию. Какие документы нужны, чтобы переоформить приписное свидетельство "
                 "на новую фамилию?")
    if "/service 1741-08" in c.payloads(out):               # asked which service: the words are kept
        out = c.press("/service 1741-08")
    assert not [p for p in c.payloads(out) if p.startswith("/answer situation")]
    # the name-change case of the form's note (000: 1741-08 appendix 4, "тегін … өзгерткен")
    assert "фамили" in block_text(out, BlockKind.TITLE).lower()


def test_a_service_named_with_a_complaint_goes_to_its_routes_not_its_documents(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("хочу обжаловать отказ в назначении базовой пенсии")
    assert [m.purpose for m in c.replies(out)] == [Purpose.COMPLAINT]
    assert "8 (7172) 74-37-23" in c.text(out)                  # 001:744, the Ministry's trust phones


# One standard of each family of the sources: the identity documents (004), defence (000), social
# protection (001), the prosecutor's office (002), the akim's certificate (003).
FAMILY_STANDARDS = ["363-02", "1741-09", "1059-06", "1486-03", "2318-01"]
ASKED = {"ru": ("{name}: сколько стоит?", "а сколько ждать?", "куда жаловаться, если откажут?"),
         "kk": ("{name} қанша тұрады?", "ал неше күнде дайын болады?", "бас тартса, қайда шағымданамын?")}


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("sid", FAMILY_STANDARDS)
def test_every_family_answers_an_aspect_a_follow_up_and_a_complaint(chat, engine, sid, language):
    c = chat()
    c.press(f"/lang {language}")
    cost, wait, complain = ASKED[language]
    out = c.send(cost.format(name=engine.standards[sid].name(language)))
    if f"/service {sid}" in c.payloads(out):                # "did you mean": the right one is offered
        out = c.press(f"/service {sid}")
    assert kinds(out)[:2] == [BlockKind.TITLE, BlockKind.COST], c.text(out)[:200]
    assert engine.standards[sid].name(language) in block_text(out, BlockKind.TITLE)
    out = c.send(wait)
    assert kinds(out)[:2] == [BlockKind.TITLE, BlockKind.DEADLINES], c.text(out)[:200]
    out = c.send(complain)
    assert [m.purpose for m in c.replies(out)][:1] == [Purpose.COMPLAINT], c.text(out)[:200]
    assert block_text(out, BlockKind.COURT)


def test_a_follow_up_naming_another_service_is_not_answered_for_the_current_one(chat, engine):
    c = chat()
    c.press("/lang ru")
    c.send("сколько стоит паспорт?")
    out = c.send("а военный билет сколько стоит?")
    assert engine.standards["363-01"].name("ru") not in block_text(out, BlockKind.TITLE)
    out = c.send("мне отказали в пенсии, куда жаловаться?")
    assert [m.purpose for m in c.replies(out)] == [Purpose.COMPLAINT]
    assert "8 (7172) 74-37-23" in c.text(out)                  # 001:744: the pension's routes, not the passport's


def test_a_way_of_applying_the_service_does_not_offer_is_said_so(chat):
    c = chat()
    c.press("/lang ru")
    c.press("/service 1059-08")                              # МСЭ: at its own department only (001, 1059-08 §1)
    out = c.send("а через ЦОН?")
    assert translations("ru").gettext("This service is not given that way.") in c.text(out)
    assert "ЦОН" not in block_text(out, BlockKind.FACTS)


def test_a_question_at_the_place_step_is_answered_not_taken_for_a_place(chat):
    c = chat()
    c.press("/lang ru")
    c.send("паспорт сколько стоит")
    c.send("а где?")
    out = c.send("а сколько дней делают?")
    assert BlockKind.DEADLINES in kinds(out)


def test_a_complaints_office_kind_does_not_stick_to_the_next_office_question(chat):
    c = chat()
    c.press("/lang ru")
    c.press("/service 363-01")
    c.press("/complain result")
    c.press("/office internal_affairs_department")
    c.send("а сколько стоит?")                               # the place question left
    cards = c.offices(c.send("где ближайший ЦОН в Караганде?"))
    assert cards and all("ЦОН" in o.name for o in cards)


def test_the_words_before_who_are_you_still_name_the_situation(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("потерял военный билет, какие документы нужны?")
    if "/answer family 1741-07" in c.payloads(out):
        out = c.press("/answer family 1741-07")
    assert not [p for p in c.payloads(out) if p.startswith("/answer situation")]
    assert BlockKind.DOCUMENTS in kinds(out)


def test_an_answer_without_the_situation_offers_the_way_to_its_documents(chat):
    c = chat()
    c.press("/lang ru")
    out = c.send("сколько стоит паспорт?")
    assert "/service 363-01" in c.payloads(out)
    out = c.press("/service 363-01")
    assert len([p for p in c.payloads(out) if p.startswith("/answer situation")]) == 7     # 004:163–179
