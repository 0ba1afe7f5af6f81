"""Office tables of the real sources: rows, regions, contacts and the corrupted rows.

Line numbers and expected values come from the source files and the research
notes (/work/shared/notes/seeds-000-001.md §4, §7.5; seeds-002-004.md §4, §7).
Appendix ranges are built by hand here because the appendix locator is separate.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from knowledge.parse.offices import OFFICE_KINDS, APPENDIX_OFFICE_KINDS, parse_office_appendix, parse_phones, split_emails
from knowledge.parse.source import read_document
from knowledge.records import Appendix
from knowledge.regions import REGIONS

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
FILES = {"000": "000_ac9f1d7715201a7e.txt", "001": "001_19c8f849c39af460.txt",
         "002": "002_0797489497fa0c26.txt", "003": "003_9b10e58c96042a57.txt",
         "004": "004_b23ec84862af2d94.txt"}

# ХҚО rows per region in list order (notes seeds-000-001 §4.3, seeds-002-004 §4b).
HQO_PER_REGION = [21, 16, 33, 11, 22, 16, 17, 30, 22, 13, 11, 15, 15, 21, 8, 13]


@lru_cache(maxsize=None)
def doc(f: str):
    return read_document(SOURCES / FILES[f])


@lru_cache(maxsize=None)
def rows(f: str, start: int, end: int, kind: str):
    d = doc(f)
    return tuple(parse_office_appendix(d, Appendix(f"{f}:{start}", 1, "", kind, start, end, d.name)))


def at(rs, line: int):
    """The row whose span covers a source line."""
    hits = [r for r in rs if r.span.start <= line <= r.span.end]
    assert len(hits) == 1, f"{len(hits)} rows cover line {line}"
    return hits[0]


def per_region(rs) -> list[int]:
    c = Counter(r.region for r in rs)
    return [c.get(r.kk, 0) for r in REGIONS]


def codes(r) -> set[str]:
    return {f.code for f in r.flags}


def test_kind_map_covers_every_office_kind():
    emitted = {k for kinds in APPENDIX_OFFICE_KINDS.values() for k in kinds}
    assert emitted == set(OFFICE_KINDS) and len(OFFICE_KINDS) == 14


# --- ХҚО lists -----------------------------------------------------------------------

@pytest.mark.parametrize("f,start,end", [
    ("000", 8204, 9953), ("000", 679, 2407), ("000", 23622, 25349), ("000", 3198, 4930),
    ("001", 2491, 4195), ("001", 36302, 38608), ("002", 399, 2094), ("003", 413, 737),
])
def test_hqo_copy_has_284_rows_with_the_notes_region_counts(f, start, end):
    rs = rows(f, start, end, "hqo_list")
    # 001 S1 is listed in the notes as СҚО 16 / ОҚО 20, but its rows 3887–3964 are
    # 1 filial + 14 СҚО departments, 3968–4073 1 filial + 20 ОҚО ones: 15 / 21.
    assert per_region(rs) == HQO_PER_REGION
    assert Counter(r.kind for r in rs)["hqo_filial"] == 16


def test_clean_000_copy_has_unnumbered_sub_branches():
    rs = rows("000", 8204, 9953, "hqo_list")
    subs = [r for r in rs if r.kind == "hqo_sub_branch"]
    assert len(subs) == 24 and all(r.number is None for r in subs)
    assert Counter(r.kind for r in rs)["hqo_department"] == 244


def test_clean_table_rows_and_phone_continuations():
    rs = rows("000", 679, 2407, "hqo_list")
    filial = at(rs, 700)                                   # 000:699–704
    assert (filial.kind, filial.region, filial.number) == ("hqo_filial", "Ақмола облысы", "1")
    assert filial.phones == ["+7 (7162) 40-10-76", "+7 (7162) 40-10-63"]
    arshaly = at(rs, 726)                                  # 000:725–732, three phone lines
    assert arshaly.name == "Аршалы аудандық бөлімі"
    assert arshaly.address.startswith("Аршалы ауданы, Аршалы кенті")
    assert arshaly.phones == ["+7 (71644) 2-10-77", "+7 (71644) 2-28-28", "+7 (71644) 2-10-77"]


def test_unnumbered_sub_branch_row_is_kept():
    r = at(rows("000", 679, 2407, "hqo_list"), 963)        # 000:960–965 `\t` then `\tҚапал бөлімшесі`
    assert (r.number, r.kind, r.region) == (None, "hqo_sub_branch", "Алматы облысы")
    assert r.address == "Қапал ауылы, Алпысбаев көшесі, 3"
    assert r.phones == ["+7 (72841) 2-17-60"]


@pytest.mark.parametrize("line,region,address", [
    (1371, "Жамбыл облысы", "Тараз қаласы, Абай даңғылы 232-үй"),
    (1452, "Батыс Қазақстан облысы", "БҚО, Орал қаласы, Жамбыл көшесі, 81/2-үй"),
    (1562, "Қарағанды облысы", "Чкалов көшесі, 7"),
    (1709, "Қостанай облысы", "Қостанай облысы, Қостанай қаласы, Таран көшесі, 114-үй"),
])
def test_lost_filial_rows_are_flagged_not_glued_to_the_previous_row(line, region, address):
    rs = rows("000", 679, 2407, "hqo_list")
    lost = at(rs, line)
    assert lost.kind == "hqo_filial" and lost.name == "" and lost.region == region
    assert lost.address == address and "corrupt_row" in codes(lost)
    before = at(rs, line - 1)
    assert address not in before.address and before.span.end < line


def test_lost_filial_phones_stay_with_the_lost_row():
    rs = rows("000", 679, 2407, "hqo_list")
    assert at(rs, 1368).phones == ["+7 (72230) 2-19-85"]     # Үржар keeps only its own
    assert at(rs, 1371).phones == ["+7 (7262) 56-90-01", "+7 (7262) 46-00-28"]


def test_glued_number_cell_row_is_parsed_and_flagged():
    r = at(rows("000", 5742, 7479, "hqo_list"), 6006)      # 000:6006 ` \t3.` – caption lost
    assert r.number == "3." and r.kind == "hqo_filial" and r.region == "Алматы облысы"
    assert "glued_row" in codes(r)


def test_address_split_across_blank_line_is_rejoined():
    r = at(rows("001", 36302, 38608, "hqo_list"), 36326)     # 001:36325–36332
    assert r.address == "Көкшетау қаласы, Біржан сал көшесі, 42-үй"
    assert r.phones == ["+7 (7162) 25-00-67", "+7 (7162) 25-06-21"]


def test_no_tab_continuation_and_number_without_paren():
    rs = rows("001", 2491, 4195, "hqo_list")
    assert at(rs, 2935).address == "Нұра ауылы, Школьная көшесі, 10-үй"   # 001:2936–2937
    r = at(rs, 2955)                                                      # 001:2954 `\t32`
    assert r.number == "32" and r.name == "Ұйғыр аудандық бөлімі"


def test_003_tsv_list_skips_dash_row_and_keeps_caption_region():
    rs = rows("003", 413, 737, "hqo_list")
    assert all(r.span.start != 417 for r in rs)                           # `--\t--\t--\t--`
    filial = at(rs, 462)     # named «Алматы қаласы бойынша ХҚО» under the Алматы облысы caption
    assert filial.region == "Алматы облысы" and "region_mismatch" in codes(filial)
    assert at(rs, 464).kind == "hqo_sub_branch"                           # `\tҚапал бөлімшесі`


def test_004_short_list_forward_fills_hours_and_keeps_local_phones():
    rs = rows("004", 290, 494, "hqo_list")
    assert len(rs) == 25 and per_region(rs)[4] == 2                        # Өскемен and Семей
    first, second = at(rs, 306), at(rs, 317)
    assert first.hours.startswith("Жұмыс күндері: дүйсенбі - сенбі")      # 004:310–314
    assert "Демалыс күндері" in first.hours and second.hours == first.hours
    assert first.phones == ["40-10-76"] and "local_phone_only" in codes(first)
    assert first.extra["head_phones"] == ["40-10-76"]
    assert at(rs, 394).address == "Павлодар қаласы, Павлов көшесі, 48-үй"  # 004:395/397


# --- other lists ---------------------------------------------------------------------

def test_defence_list_carries_area_code_to_second_number():
    rs = rows("000", 21085, 21189, "defence_departments")     # header lost at 21088–21089
    assert len(rs) == 16 and per_region(rs) == [1] * 16
    astana = at(rs, 21098)
    assert astana.phones == ["+7 (7172) 72-18-54", "+7 (7172) 38-27-09"]  # 000:21100


def test_gcvp_list_glued_emails_and_forward_filled_hours():
    rs = rows("001", 8661, 10227, "gcvp_branches")
    assert len(rs) == 211
    assert per_region(rs) == [19, 13, 21, 8, 20, 11, 13, 18, 19, 9, 7, 13, 14, 14, 8, 4]
    rs = rows("001", 799, 2490, "gcvp_branches")               # S1 copy, lines as in the notes
    first = at(rs, 819)
    assert first.emails == ["akmola@gcvp.kz"] and first.address == "Көкшетау қаласы, М. Горький көшесі, 73"
    assert first.phones == ["+7 (7162) 25-26-49"]            # `8-71622 5-26-49`
    assert first.hours and "9-00 бастап 18-00 дейін" in first.hours
    assert at(rs, 825).hours == first.hours                   # 001:828 empty merged cell
    saran = [r for r in rs if "karaganda5@gcvp.kz" in r.emails]   # `34karaganda5@gcvp.kz`
    assert saran and saran[0].address.endswith("Шахтерская көшесі, 34")


def test_gcvp_copy_with_committee_tail():
    rs = rows("001", 799, 2490, "gcvp_branches")
    assert Counter(r.kind for r in rs) == {"gcvp_branch": 211, "committee_department": 16}
    assert at(rs, 2402).region == "Ақмола облысы"


def test_mse_list_email_glued_to_house_number_and_split_phone():
    rs = rows("001", 28331, 29981, "mse_departments")
    assert len(rs) == 131
    assert per_region(rs) == [8, 6, 11, 5, 12, 9, 6, 13, 8, 6, 4, 7, 7, 15, 8, 6]
    r = at(rs, 28350)                                          # 001:28351
    assert r.address == "Көкшетау қаласы, Пушкин көшесі, 23" and r.emails == ["mseomk_akmola@gcvp.kz"]
    assert r.hours.endswith("14-00 дейін")                     # schedule split over 28353–28357
    assert at(rs, 28382).phones == ["+7 (71636) 4-50-52"]      # `8-7163` / `64-50-52`


def test_emails_with_spaces_are_joined_and_flagged():
    rs = rows("001", 40889, 42608, "employment_departments")
    arshaly, astrakhan = at(rs, 40917), at(rs, 40923)
    assert arshaly.emails == ["arshaly_rotz@kokshtau.online.kz"]          # `@koksh tau. online.kz`
    assert astrakhan.emails == ["astr_socz@kokshetau.online.kz"]
    assert "email_repaired" in codes(arshaly)
    assert arshaly.hours == at(rs, 40911).hours                            # forward-filled


def test_phone_fax_email_cell_and_number_without_tab():
    rs = rows("001", 42811, 42996, "oblast_employment_departments")
    assert len(rs) == 16 and per_region(rs) == [1] * 16
    akmola = at(rs, 42830)                                     # 001:42832–42834
    assert akmola.phones == ["+7 (7162) 76-36-90"] and akmola.extra["fax"] == ["+7 (7162) 76-36-87"]
    assert akmola.emails == ["akmout@mail.online.kz"]          # `Еmail:` with a Cyrillic Е
    mangystau = at(rs, 42925)                                  # `11` without TAB at 42924
    assert mangystau.number == "11" and "number_without_tab" in codes(mangystau)
    assert mangystau.name.startswith("Маңғыстау облысының")


def test_corrupted_akim_apparatus_rows_are_flagged():
    rs = rows("001", 46989, 47066, "akim_apparatus")
    clean = [r for r in rs if r.span.end < 47037 or r.span.start > 47054]
    broken = [r for r in rs if 47037 <= r.span.start <= 47054 or 47037 <= r.span.end <= 47054]
    assert broken and all(codes(r) & {"corrupt_row", "glued_row"} for r in broken)
    assert all(not codes(r) & {"corrupt_row", "glued_row"} for r in clean)
    assert at(rs, 47026).name == "Атырау облысы әкімінің аппараты"         # split name 47026/47027


def test_003_akimats_rejoin_displaced_contacts():
    rs = rows("003", 181, 412, "akimats")
    assert len(rs) == 196
    osak = at(rs, 313)                       # contacts on 311, e-mails on 313
    assert osak.phones == ["+7 (72149) 4-12-67", "+7 (72149) 4-18-42"] and "corrupt_row" in codes(osak)
    south = at(rs, 395)                      # `E-mail: dsh_uko@` + 397 `mail.ru E-mail: …`
    assert south.emails == ["dsh_uko@mail.ru", "regprogram@mail.ru"] and "corrupt_row" in codes(south)
    assert at(rs, 398).emails == ["nyrjan82@mail.ru"]


def test_legal_statistics_offices():
    rs = rows("002", 2568, 2740, "legal_statistics_offices")
    assert len(rs) == 16 and per_region(rs) == [1] * 16
    astana = at(rs, 2589)
    assert astana.phones == ["+7 (7172) 32-49-18", "+7 (7172) 32-62-82"] and astana.emails == ["astana1@pravstat.kz"]


def test_police_departments_and_migration_units():
    rs = rows("004", 495, 2500, "police_departments")
    kinds = Counter(r.kind for r in rs)
    assert kinds == {"internal_affairs_department": 16, "migration_police_unit": 206}
    assert per_region([r for r in rs if r.kind == "migration_police_unit"]) == \
        [19, 13, 19, 8, 19, 11, 13, 17, 20, 8, 7, 13, 14, 15, 7, 3]
    assert at(rs, 964).name == "Талғар ауданының ішкі істер басқармасы"   # 004:964/966
    assert at(rs, 927).number == "1)." and at(rs, 927).region == "Алматы облысы"


# --- contact parsing on source strings --------------------------------------------------

@pytest.mark.parametrize("text,phones", [
    ("8(7172) 72-18-54 38-27-09", ["+7 (7172) 72-18-54", "+7 (7172) 38-27-09"]),     # 000:21100
    ("8-71722 1-58-10,1-08-41", ["+7 (7172) 21-58-10", "+7 (7172) 21-08-41"]),      # 001:2389
    ("8-7242- 27-02-06", ["+7 (7242) 27-02-06"]),                                   # 001:42914
    ("тел. 8 (7162)25-79-22, 25-70-93 E-mail: x@mail.ru", ["+7 (7162) 25-79-22", "+7 (7162) 25-70-93"]),
    ("8 (725 36) 3-72-44", ["+7 (72536) 3-72-44"]),                                 # 003:410
    ("8-711-36-92-580", ["+7 (71136) 9-25-80"]),                                    # 003:553
    ("8 (727) 251-74-46", ["+7 (727) 251-74-46"]),
])
def test_phone_normalisation(text, phones):
    assert parse_phones(text)[0] == phones


def test_phone_with_wrong_digit_count_is_kept_as_printed_and_reported():
    phones, _, problems = parse_phones("8 (72547) 61-90-56")                         # 000:9782
    assert phones == ["8 (72547) 61-90-56"] and problems


def test_email_split_keeps_house_number_in_address():
    assert split_emails("Пушкин көшесі, 23mseomk_akmola@gcvp.kz")[:2] == \
        ("Пушкин көшесі, 23", ["mseomk_akmola@gcvp.kz"])
    assert split_emails("Әуелбеков көшесі, 44/2mse3_uralsk@gcvp.kz")[1] == ["mse3_uralsk@gcvp.kz"]
