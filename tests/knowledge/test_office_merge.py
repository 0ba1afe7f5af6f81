"""All ХҚО copies of the five files merge into the 2012 network of 284 offices.

Counts come from the research notes (seeds-000-001 §4.3: 16 filials + 244
departments + 24 sub-branches; seeds-002-004 §4b); the appendix ranges are the
captions' line numbers in the sources (the appendix locator lives elsewhere).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from knowledge.parse.merge import merge_offices, place_of, slug
from knowledge.parse.offices import parse_office_appendix
from knowledge.parse.source import read_document
from knowledge.records import Appendix
from knowledge.regions import REGIONS

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
FILES = {"000": "000_ac9f1d7715201a7e.txt", "001": "001_19c8f849c39af460.txt",
         "002": "002_0797489497fa0c26.txt", "003": "003_9b10e58c96042a57.txt",
         "004": "004_b23ec84862af2d94.txt"}

# (file, caption line, last line) of every ХҚО list: 10 + 8 + 2 + 1 copies of the
# full list, and the 25-row 004 summary four times.
HQO_COPIES = [
    ("000", 679, 2407), ("000", 3198, 4930), ("000", 5742, 7479), ("000", 8204, 9953),
    ("000", 10626, 12369), ("000", 13225, 14971), ("000", 16182, 17928), ("000", 18716, 20461),
    ("000", 21190, 22933), ("000", 23622, 25349),
    ("001", 2491, 4195), ("001", 6502, 8214), ("001", 10228, 11936), ("001", 14123, 15838),
    ("001", 17944, 19436), ("001", 21684, 23169), ("001", 23578, 25448), ("001", 36302, 38608),
    ("002", 399, 2094), ("002", 2741, 4434), ("003", 413, 737),
    ("004", 290, 494), ("004", 2835, 3037), ("004", 5559, 5765), ("004", 8256, 8455),
]
HQO_PER_REGION = [21, 16, 33, 11, 22, 16, 17, 30, 22, 13, 11, 15, 15, 21, 8, 13]


@lru_cache(maxsize=None)
def doc(f: str):
    return read_document(SOURCES / FILES[f])


@lru_cache(maxsize=None)
def hqo():
    rows = []
    for f, start, end in HQO_COPIES:
        d = doc(f)
        rows += parse_office_appendix(d, Appendix(f"{f}:{start}", 2, "", "hqo_list", start, end, d.name))
    return rows, merge_offices(rows)


def office_with(name: str):
    hits = [o for o in hqo()[1] if o.name == name]
    assert len(hits) == 1, (name, len(hits))
    return hits[0]


def office_at(file: str, line: int):
    hits = [o for o in hqo()[1] if any(s.file == FILES[file] and s.start <= line <= s.end for s in o.sources)]
    assert len(hits) == 1
    return hits[0]


def test_all_copies_merge_into_284_offices_in_16_regions():
    offices = hqo()[1]
    c = Counter(o.region for o in offices)
    assert len(offices) == 284
    assert [c[r.kk] for r in REGIONS] == HQO_PER_REGION
    assert Counter(o.kind for o in offices) == {"hqo_filial": 16, "hqo_department": 244, "hqo_sub_branch": 24}


def test_every_office_appears_once_in_each_full_copy():
    # 21 full copies: an office with fewer would mean a copy's row went elsewhere
    for o in hqo()[1]:
        per_copy = Counter(s.file for s in o.sources)
        assert per_copy[FILES["000"]] == 10 and per_copy[FILES["001"]] == 8, o.id
        assert per_copy[FILES["002"]] == 2 and per_copy[FILES["003"]] == 1, o.id
        assert len(o.standards) >= 21


def test_004_summary_rows_join_the_matching_offices():
    # 004:345 "№ 2 ХҚО" is in Семей, 408-орам, 21 = 000 "Семей қалалық № 1 бөлімі" at 408-квартал, 21
    semey = office_at("004", 345)
    assert semey.name == "Семей қалалық № 1 бөлімі"
    # 004:424 Әуезов district centre, not the Алматы city filial at the same address
    auezov = office_at("004", 424)
    assert auezov.kind == "hqo_department" and "Әуезов" in auezov.name
    assert office_at("004", 306).kind == "hqo_filial" and office_at("004", 306).region == "Ақмола облысы"
    assert sum(1 for o in hqo()[1] if any(s.file == FILES["004"] for s in o.sources)) == 25


def test_russian_and_kazakh_spellings_are_one_office():
    qashyr = office_at("000", 9598)                      # "Качиры аудандық бөлімі" in the S4 copy
    assert qashyr.name == "Қашыр аудандық бөлімі"
    assert {"Качиры аудандық бөлімі"} <= {v["value"] for v in qashyr.variants if v["field"] == "name"}


def test_lost_filial_rows_merge_into_their_filial():
    taraz = office_at("000", 1371)                       # address glued onto the Үржар row
    assert taraz.kind == "hqo_filial" and taraz.region == "Жамбыл облысы"
    assert taraz.name == "«Жамбыл облысы бойынша ХҚО» РМК филиалы"


def test_003_caption_error_does_not_rename_the_filial():
    filial = office_at("003", 462)                       # 003 calls it «Алматы қаласы бойынша ХҚО»
    assert filial.region == "Алматы облысы" and filial.name == "«Алматы облысы бойынша ХҚО» РМК филиалы"


def test_district_and_settlement():
    akkol = office_with("Ақкөл аудандық бөлімі")
    assert (akkol.district, akkol.settlement) == ("Ақкөл ауданы", "Ақкөл")
    arshaly = office_with("Аршалы аудандық бөлімі")
    assert (arshaly.district, arshaly.settlement) == ("Аршалы ауданы", "Аршалы")
    assert office_with("Ақсу аудандық бөлімі").settlement == "Жансүгіров"   # "Жансүгіров кенті, …"
    assert all(o.settlement for o in hqo()[1])


def test_place_of_reads_abbreviations():
    # 003:191 "Ақкөл қ." and 003:192 "Аршалы к." (кенті in the settlement slot, көшесі after it)
    assert place_of("Ақмола облысы, Ақкөл ауданы, Ақкөл қ., Нұрмағамбетов к., 94.", "", "Ақмола облысы") == \
        ("Ақкөл ауданы", "Ақкөл")
    assert place_of("Ақмола облысы, Аршалы ауданы, Аршалы к., Тәшенов к., 47.", "", "Ақмола облысы") == \
        ("Аршалы ауданы", "Аршалы")
    assert place_of("Сауран көшесі 7-үй", "Есіл ауданы бойынша бөлім", "Астана қаласы") == \
        ("Есіл ауданы", "Астана")


def test_distinct_offices_with_similar_names_stay_apart():
    # Astana: "Есіл ауданы бойынша бөлім" and "Есіл ауданы бойынша бөлімше" are two offices
    names = {o.name for o in hqo()[1] if o.region == "Астана қаласы"}
    assert {"Есіл ауданы бойынша бөлім", "Есіл ауданы бойынша бөлімше"} <= names
    assert len({o.name for o in hqo()[1] if o.region == "Шығыс Қазақстан облысы" and "Семей" in o.name}) == 2


def test_ids_are_stable_ascii_and_unique():
    ids = [o.id for o in hqo()[1]]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"hqo_[a-z_]+/[a-z-]+/[a-z0-9-]+", i) for i in ids)
    assert office_with("Ақкөл аудандық бөлімі").id == "hqo_department/akmola/aqkol-audandyq-bolimi"
    assert slug("№1 бөлімше") == "no-1-bolimshe"


def test_merged_phones_prefer_full_numbers_over_004_local_ones():
    akmola = office_at("004", 306)
    assert akmola.phones and all(p.startswith("+7 (7162)") for p in akmola.phones)


def test_other_lists_merge_their_copies():
    def merged(kind, ranges):
        rows = []
        for f, start, end in ranges:
            d = doc(f)
            rows += parse_office_appendix(d, Appendix(f"{f}:{start}", 1, "", kind, start, end, d.name))
        return merge_offices(rows)

    legal = merged("legal_statistics_offices", [("002", 2568, 2740), ("002", 4700, 4872), ("002", 5198, 5380)])
    assert len(legal) == 16 and all(len(o.sources) == 3 for o in legal)
    gcvp = merged("gcvp_branches", [("001", 799, 2490), ("001", 8661, 10227), ("001", 30603, 33240)])
    assert Counter(o.kind for o in gcvp) == {"gcvp_branch": 211, "committee_department": 16}


def test_settlement_type_word_is_not_taken_for_a_district_name():
    from knowledge.parse.merge import place_of

    district, settlement = place_of("Көкшетау қаласы, Красный Яр ауылы, Ленин көшесі, 65-үй",
                                    "Красный Яр ауылы аудандық бөлімі", "Ақмола облысы")
    assert district is None and settlement == "Көкшетау"
    assert place_of("Аршалы кенті, М. Мәметова көшесі, 19-үй", "Аршалы аудандық бөлімі", "Ақмола облысы")[0] == "Аршалы ауданы"
