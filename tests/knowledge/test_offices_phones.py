"""Phones a citizen can dial: the office's own numbers, with the area code of its town.

Area codes are facts of Kazakhstan's numbering plan: Алматы 727, Астана 7172, Көкшетау 7162,
Қостанай 7142, Қызылорда 7242. The numbers are typed from the source lines cited.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def offices(parsed):
    return {o.id: o for o in parsed.offices}


def one(offices, region: str, name: str):
    found = [o for o in offices.values() if o.region == region and o.name == name]
    assert len(found) == 1, [o.id for o in found]
    return found[0]


def codes(office) -> set[str]:
    return {f.code for f in office.flags}


def test_the_almaty_almaly_psc_shows_its_own_number_not_an_astana_one(offices):
    almaly = one(offices, "Алматы қаласы", "Алмалы аудандық бөлімі")
    # 000:2289 (and every copy of 000, 001, 002): 8 (727) 378-09-09; 003:713 also prints 8(7172) 50-91-95,
    # which is Астана's Есіл sub-branch's number (002:2082)
    assert almaly.phones == ["+7 (727) 378-09-09"]
    assert "phone_of_another_office" in codes(almaly)
    assert not [o.id for o in offices.values() if o.region == "Алматы қаласы" and any("(7172)" in p for p in o.phones)]


@pytest.mark.parametrize("region, name, expected", [
    # 004:516 "71-61-98, 71-61-99" (no code); Астана is 7172
    ("Астана қаласы", "Астана қаласының Ішкі істер департаменті", "+7 (7172) 71-61-98"),
    # 004:559 "25-78-05, 29-96-79"; Көкшетау is 7162
    ("Ақмола облысы", "Көкшетау қаласының ішкі iстер басқармасы", "+7 (7162) 25-78-05"),
])
def test_local_numbers_of_004_get_their_town_s_area_code(offices, region, name, expected):
    office = next(o for o in offices.values() if o.region == region and o.name.replace("i", "і") == name.replace("i", "і"))
    assert expected in office.phones
    assert "area_code_added" in codes(office) and "local_phone_only" not in codes(office)


def test_a_code_of_another_city_is_flagged_and_shown_as_printed(offices):
    # 001:2444: the Қостанай committee department prints 8 (7242) 50-04-17; 7242 is Қызылорда's code
    kostanay = next(o for o in offices.values() if o.kind == "committee_department" and o.region == "Қостанай облысы")
    assert "+7 (7242) 50-04-17" in kostanay.phones
    flag = next(f for f in kostanay.flags if f.code == "foreign_area_code")
    assert "7242" in flag.message and flag.span is not None


@pytest.mark.parametrize("region, code", [("Алматы қаласы", "+7 (727"), ("Астана қаласы", "+7 (7172) ")])
def test_every_psc_of_almaty_and_astana_has_a_full_number_of_its_own_city(offices, region, code):
    psc = [o for o in offices.values() if o.region == region and o.kind.startswith("hqo") and o.phones]
    assert psc and all(p.startswith(code) for o in psc for p in o.phones), [(o.name, o.phones) for o in psc]
