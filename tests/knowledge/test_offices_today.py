"""Offices as a citizen asks for them today: today's regions, the right town, the right kind of office.

Expected values are facts stated beside them (the 2018 and 2022 reforms, where a place is) or
typed from the source files with their line; none is read back from the code under test.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from dialogs import offices as dialog_offices
from dialogs.places import from_entity
from knowledge import geo, query
from knowledge.catalog import OfficeCatalog
from nlu.entities import extract


@pytest.fixture(scope="module")
def catalog(sqlite_engine):
    with Session(sqlite_engine) as session:
        return OfficeCatalog.load(session)


@pytest.fixture(scope="module")
def standards(sqlite_engine):
    """Each standard as the dialog sees it: its id and the channels the knowledge base gives it."""
    with Session(sqlite_engine) as session:
        return {sid: SimpleNamespace(id=sid, channels=tuple(query.standard(session, sid)["channels"]))
                for sid, _ in query.standard_ids(session)}


def offices_for(catalog, standard, text: str, limit: int = 60, channel: str | None = None):
    """What the dialog lists for a citizen's words: the place the NLU finds in them, its offices."""
    entity = next(e for e in extract(text) if e["entity"] in ("settlement", "district", "region"))
    place = from_entity(entity)
    cards, _ = dialog_offices.for_place(catalog, standard, place, "kk", channel=channel)
    listed = [cards]
    while len(sum(listed, [])) < limit:
        more, has_more = dialog_offices.for_place(catalog, standard, place, "kk", start=len(sum(listed, [])),
                                                  channel=channel)
        listed.append(more)
        if not has_more:
            break
    return place, sum(listed, [])


# ------------------------------------------------------------------ 1. today's regions

# Абай oblast (2022) was made of Шығыс Қазақстан's Семей and Курчатов and the districts Абай (centre
# Қарауыл), Аягөз, Бесқарағай, Бородулиха, Жарма (Қалбатау, Шар), Көкпекті, Үржар, Мақаншы, Ақсуат.
ABAI_TOWNS = ("Семей", "Курчатов", "Қарауыл", "Аягөз", "Бесқарағай", "Бородулиха", "Қалбатау", "Шар", "Көкпекті",
              "Үржар", "Мақаншы", "Ақсуат", "Абай", "Аягоз", "Жарма", "Георгиевка")
# Өскемен, Риддер, Зырян (Алтай), Зайсан, Шемонаиха stayed in Шығыс Қазақстан
EAST_TOWNS = ("Өскемен", "Риддер", "Зырян", "Зайсан", "Шемонаих")


@pytest.mark.parametrize("text", ["Абай облысы", "Абайская область", "в Абайской области"])
def test_abai_oblast_lists_the_offices_of_semey_and_its_districts_not_of_oskemen(catalog, text):
    place, cards = offices_for(catalog, None, text)
    assert place["kind"] == "region" and cards
    assert "Семей" in cards[0].address                       # the oblast's centre first
    assert all(any(t in (c.address or "") + c.name for t in ABAI_TOWNS) for c in cards), \
        [c.address for c in cards if not any(t in (c.address or "") + c.name for t in ABAI_TOWNS)]
    assert not any(t in (c.address or "") for c in cards for t in EAST_TOWNS)


def test_a_psc_in_semey_is_found_by_the_russian_locative(catalog):
    # "в Семее": the NLU found no place in it before
    place, cards = offices_for(catalog, None, "ЦОН в Семее", limit=3)
    assert place["name"] == "Семей" and "Семей" in cards[0].address


def test_jetisu_oblast_and_taldykorgan_give_taldykorgan_offices(catalog):
    place, cards = offices_for(catalog, None, "Жетысуская область, Талдыкорган", limit=6)
    assert "Талдықорған" in cards[0].address
    # Алматы city and Қаскелең (Қарасай district) were never in Жетісу
    assert not any("Алматы қаласы" in (c.address or "") or "Қаскелең" in (c.address or "") for c in cards)
    match = catalog.in_place("Жетысуская область, Талдыкорган", kind="hqo", limit=3)
    assert match.place["name_kk"] == "Талдықорған" and "Талдықорған" in match.offices[0]["address"]


def test_ulytau_oblast_is_zhezkazgan_and_its_neighbours(catalog):
    # Ұлытау oblast (2022): Жезқазған (its centre), Сәтбаев, Қаражал, Ұлытау and Жаңаарқа districts
    place, cards = offices_for(catalog, None, "Улытауская область")
    assert "Жезқазған" in cards[0].address
    assert not any("Қарағанды қаласы" in (c.address or "") or "Теміртау" in (c.address or "") for c in cards)


def test_shymkent_is_a_city_of_its_own_and_turkistan_oblast_is_the_rest_of_south_kazakhstan(catalog):
    shymkent = catalog.in_place("Шымкент қаласы", kind="hqo", limit=40)
    assert shymkent.offices and all("Шымкент" in o["address"] for o in shymkent.offices)
    turkistan = catalog.in_place("Туркестанская область", kind="hqo", limit=40)
    assert turkistan.place["region"] == "Оңтүстік Қазақстан облысы"
    assert "Түркістан" in turkistan.offices[0]["address"]      # the oblast's centre since 2018
    assert not any("Шымкент" in o["address"] for o in turkistan.offices)


def test_the_region_list_is_todays_and_each_choice_lists_its_own_offices(catalog):
    names = dict(dialog_offices.region_choices("ru"))
    assert len(names) == 20       # 17 oblasts and Астана, Алматы, Шымкент (since 2022)
    assert {"Абайская область", "Жетысуская область", "Улытауская область", "Туркестанская область",
            "город Шымкент"} <= set(names.values())
    assert "Южно-Казахстанская область" not in names.values()
    # Алматы oblast's centre is Қонаев (2022), the Қапшағай of the sources
    cards, _ = dialog_offices.for_place(catalog, None, dialog_offices.region_centre("almaty-oblast"), "kk")
    assert "Қапшағай" in cards[0].address
    cards, _ = dialog_offices.for_place(catalog, None, dialog_offices.region_centre("abai"), "kk")
    assert "Семей" in cards[0].address
    # a button of 2012 from an earlier conversation still works: Оңтүстік Қазақстан is Түркістан oblast now
    assert dialog_offices.region_centre("south-kazakhstan")["name"] == "Түркістан облысы"


# ------------------------------------------------------------------ 2. Талдықорған, not Алматы

def test_a_funeral_payment_office_asked_for_in_taldykorgan_is_in_taldykorgan(catalog, standards):
    # 1059-11 is given by the ЗТМО (GCVP) branches; Талдықорған's: 001:1058 "Талдықорған қаласы,
    # Төлебаев көшесі, 58/64"; the Алматы oblast branch sat in Алматы city (001:1046)
    place, cards = offices_for(catalog, standards["1059-11"], "Талдыкорган", limit=3)
    assert "Талдықорған қаласы, Төлебаев көшесі, 58/64" in cards[0].address
    assert not any("Алматы қаласы" in (c.address or "") for c in cards)
    _, cards = dialog_offices.in_place(catalog, standards["1059-11"], "Талдыкорган", "kk", limit=3)
    assert "Талдықорған" in cards[0].address


def test_an_oblast_office_in_almaty_city_is_placed_in_almaty_city():
    # 001:1046: the Алматы oblast GCVP branch, "Алматы қаласы, Абылай хан көшесі, 93/95"
    point = geo.locate("Алматы облысы", None, "Алматы")
    almaty = [p for p in geo.find_places("Алматы") if p.kind == "settlement"][0]
    assert (point.lat, point.lon, point.precision) == (almaty.lat, almaty.lon, "settlement")


# ------------------------------------------------------------------ 4. districts of the cities

def test_almaty_offices_stand_at_their_city_districts(catalog):
    almaty_psc = [o for o in catalog.offices if o["region"] == "Алматы қаласы" and o["kind"] == "hqo_department"]
    assert {o["geo_precision"] for o in almaty_psc} == {"city_district"}
    assert len({(o["lat"], o["lon"]) for o in almaty_psc}) == len(almaty_psc)   # 8 districts, 8 places


def test_near_the_airport_of_almaty_the_turksib_psc_comes_first(catalog):
    # Алматы airport (43.35, 77.04) lies in Түрксіб district; its ХҚО: 000:2313 "Рихард Зорге көшесі, 9"
    cards = dialog_offices.near_point(catalog, None, 43.35, 77.04, "kk", limit=1)
    assert "Рихард Зорге" in cards[0].address


def test_on_the_left_bank_of_astana_the_esil_psc_comes_first(catalog):
    # Бәйтерек (51.128, 71.430) stands on the left bank, in Есіл district; its ХҚО: 000:2391 "Сауран көшесі 7-үй"
    cards = dialog_offices.near_point(catalog, None, 51.128, 71.430, "kk", limit=1)
    assert "Сауран" in cards[0].address


def test_a_named_city_district_lists_its_own_offices_first(catalog):
    place, cards = offices_for(catalog, None, "Медеуский район", limit=1)
    assert place["kind"] == "district" and "Марков" in cards[0].address     # 003:718 "Медеу … Марков көшесі, 44"


# ------------------------------------------------------------------ 5. the citizen's own town

@pytest.mark.parametrize("sid", ["1059-08", "1059-13"])           # МСЭ, employment department
@pytest.mark.parametrize("text", ["Жезказган", "Улытауская область"])
def test_a_citizen_of_zhezkazgan_gets_the_zhezkazgan_provider_office_first(catalog, standards, sid, text):
    _, cards = offices_for(catalog, standards[sid], text, limit=1)
    assert "Жезқазған" in cards[0].address and "ХҚО" not in cards[0].name


def test_from_the_region_list_a_provider_office_of_the_centre_comes_first(catalog, standards):
    cards, _ = dialog_offices.for_place(catalog, standards["1059-08"], dialog_offices.region_centre("ulytau"), "kk")
    assert "Жезқазған" in cards[0].address


# ------------------------------------------------------------------ 6. the channel

@pytest.mark.parametrize("sid, channel, kind", [
    ("363-01", None, "hqo"), ("363-01", "authority", "migration_police_unit"),      # 004 §1: both
    ("1741-06", None, "hqo"), ("1741-06", "authority", "defence_department"),       # 000 app. 1: ҚІД
    ("1486-02", "authority", "legal_statistics_office"),                           # 002 app. 1
    ("1059-11", None, "gcvp_branch"), ("1059-11", "hqo", None),                    # 001: ЗТМО only
    ("1486-01", "authority", None),                                                # no front office listed
    ("1059-12", "authority", "employment_department"),
])
def test_the_kind_of_office_follows_the_service_and_the_channel(catalog, standards, sid, channel, kind):
    assert dialog_offices.kind_for(catalog, standards[sid], channel) == kind


def test_the_provider_s_own_office_is_never_a_psc(catalog, standards):
    # Павлодар's defence department: 000:652–654 "140000, Павлодар қаласы, Чкалов көшесі, 20/1"
    _, cards = offices_for(catalog, standards["1741-06"], "Павлодар", limit=1, channel="authority")
    assert "Чкалов көшесі, 20/1" in cards[0].address and "ХҚО" not in cards[0].name
    place, cards = offices_for(catalog, standards["1486-01"], "Павлодар", limit=3, channel="authority")
    assert place and cards == []                                     # the dialog says there is none
    assert dialog_offices.near_point(catalog, standards["1486-01"], 52.29, 76.97, "kk", channel="authority") == []


def test_deregistration_is_taken_at_a_psc(catalog, standards):
    # 004:8053: the migration police give the service "…Халыққа қызмет көрсету орталықтарында"
    assert "hqo" in standards["363-04"].channels
    assert dialog_offices.kind_for(catalog, standards["363-04"], None) == "hqo"
