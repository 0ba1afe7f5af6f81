"""Offices for Russian readers: names and hours translated, addresses rendered by rules, Kazakh kept."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy.orm import Session

from knowledge import office_translation, query
from knowledge.export import export_all
from knowledge.translation import TRANSLATIONS

KAZAKH_ADDRESS_WORDS = re.compile(
    r"\b(көшесі|даңғылы|қаласы|ауылы|ауданы|облысы|кенті|шағын|алаңы|үй|ғимараты)\b", re.I)


@pytest.fixture(scope="module")
def offices(sqlite_engine):
    with Session(sqlite_engine) as session:
        return export_all(session)["offices"]


@pytest.fixture(scope="module")
def ru():
    return office_translation.rules("ru")


def test_every_office_has_a_russian_name_and_address(offices):
    assert len(offices) > 1400
    assert office_translation.check(offices, "ru") == []
    for o in offices:
        if o["name"].strip():
            assert o["name_ru"] and not re.search("[әғқңөұүһі]", o["name_ru"], re.I), o["name"]
        if o["address"]:
            assert o["address_ru"] and not KAZAKH_ADDRESS_WORDS.search(o["address_ru"]), (o["address"], o["address_ru"])
        if o["hours"]:
            assert o["hours_ru"]


@pytest.mark.parametrize("kk, expected", [
    ("Өскемен қаласы, Киевская көшесі, 1", "г. Усть-Каменогорск, ул. Киевская, 1"),
    ("Петропавл қаласы, Абай көшесі, 20-үй", "г. Петропавловск, ул. Абая, д. 20"),
    ("Орал қаласы, Достық даңғылы, 5", "г. Уральск, пр. Достык, 5"),
    ("Ақмола облысы, Целиноград ауданы, Ақмол ауылы, Гагарин көшесі, 15-үй",
     "Акмолинская область, Целиноградский район, с. Акмол, ул. Гагарина, д. 15"),
    ("Алматы қаласы, Шаңырақ-2 шағын ауданы, Жанқожа батыр көшесі, 24-үй",
     "г. Алматы, мкр. Шанырак-2, ул. Жанкожа батыра, д. 24"),
    ("Шымкент қаласы, Мәделі қожа көшесі, нөмірсіз үй", "г. Шымкент, ул. Мадели кожа, б/н"),
    ("Тараз қаласы, А. Асқаров көшесі, 277", "г. Тараз, ул. А. Аскарова, 277"),       # "А." is an initial
    ("Маңғыстау облысы, Жаңаөзен к., Сәтбаев к., 1.", "Мангистауская область, г. Жанаозен, ул. Сатбаева, 1"),
    ("Шортанды ауданы, Шортанды кенті, Безымянный тұйық көшесі, 1-үй",
     "Шортандинский район, пос. Шортанды, туп. Безымянный, д. 1"),
    ("Ақтау қаласы 15-шағынаудан 67 б ғимарат", "г. Актау мкр. 15 здание 67 б"),
])
def test_addresses_are_rendered_for_russian_readers(ru, kk, expected):
    text, unrendered = office_translation.render_address(ru, kk)
    assert (text, unrendered) == (expected, [])


@pytest.mark.parametrize("kk, expected", [
    # streets named after people take the genitive, in Russian letters
    ("Қарағанды қаласы, Мұқанов көшесі, 5-үй", "г. Караганда, ул. Муканова, д. 5"),                  # 001:3375
    ("Тараз қаласы, Абай даңғылы, 232", "г. Тараз, пр. Абая, 232"),                                 # 000:1393
    ("Балпық би ауылы, Қабанбай батыр көшесі, 10", "с. Балпык би, ул. Кабанбай батыра, 10"),       # 001:1137
    ("Аршалы ауданы, Аршалы кенті, М. Мәметова көшесі, 19-үй",
     "Аршалынский район, пос. Аршалы, ул. М. Маметовой, д. 19"),                                    # 000:727
    ("Көкшетау қаласы, Біржан сал көшесі, 42-үй", "г. Кокшетау, ул. Биржан сала, д. 42"),            # 000:708
    # a street not named after a person stays as it is, in Russian letters
    ("Астана қаласы, Бейбітшілік көшесі, 19", "г. Астана, ул. Бейбитшилик, 19"),                     # 004:514
])
def test_russian_addresses_have_no_kazakh_letters_and_people_s_names_in_the_genitive(ru, kk, expected):
    text, unrendered = office_translation.render_address(ru, kk)
    assert (text, unrendered) == (expected, [])
    assert not office_translation.KAZAKH_LETTERS.search(text)


def test_the_kazakh_address_stays_the_source_s(offices):
    office = next(o for o in offices if o["address"] == "Қарағанды қаласы, Мұқанов көшесі, 5-үй")
    assert office["address_ru"] == "г. Караганда, ул. Муканова, д. 5"
    assert not any(office_translation.KAZAKH_LETTERS.search(o["address_ru"] or "") for o in offices)


def test_what_no_rule_reads_is_reported_not_hidden(ru):
    text, unrendered = office_translation.render_address(ru, "Абай көшесі, аулаға кіреберіс")
    assert text.startswith("ул. Абая") and unrendered == ["аулаға кіреберіс"]


def test_offices_found_near_a_point_carry_their_russian_texts(sqlite_engine):
    with Session(sqlite_engine) as session:
        found = query.offices_near(session, 49.95, 82.61, kind="hqo", limit=3)     # Усть-Каменогорск
        place = query.offices_in_place(session, "Петропавловск", kind="hqo", limit=3)
    assert found and all(o.office["address_ru"] and o.office["name_ru"] for o in found)
    assert "Усть-Каменогорск" in found[0].office["address_ru"]
    assert place.offices and "Петропавловск" in place.offices[0]["address_ru"]
    assert place.offices[0]["region_ru"] == "Северо-Казахстанская область"


def test_a_missing_name_translation_is_reported(offices, tmp_path):
    shutil.copytree(TRANSLATIONS / "ru", tmp_path / "ru")
    path = tmp_path / "ru" / "offices.yml"
    target = offices[0]
    text = path.read_text(encoding="utf-8")
    from knowledge.translation import fingerprint
    path.write_text(text.replace(f"  {fingerprint(target['name'])}:", "  000000000000:", 1), encoding="utf-8")
    problems = office_translation.check(offices, "ru", tmp_path)
    assert (target["id"], "name", "missing") in {(p.office, p.key, p.kind) for p in problems}


def test_a_language_without_office_rules_is_reported_whole(offices, tmp_path):
    (tmp_path / "en").mkdir()
    problems = office_translation.check(offices, "en", tmp_path)
    assert [(p.office, p.key) for p in problems] == [("*", "offices.yml")]
