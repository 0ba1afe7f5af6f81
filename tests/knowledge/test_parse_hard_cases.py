"""Parser fixtures for the hard cases the research notes list (seeds-000-001.md §7.5,
seeds-002-004.md §7): each asserts what a reader of the source sees at those lines."""

from __future__ import annotations


import pytest

from knowledge.parse.paragraphs import split_paragraphs
from knowledge.parse.segment import find_standards
from knowledge.parse.source import SOURCES_DIR, read_document
from knowledge.parse.text import repair


def doc(prefix: str):
    return read_document(next(SOURCES_DIR.glob(f"{prefix}_*.txt")))


@pytest.fixture(scope="module")
def docs():
    return {p: doc(p) for p in ("000", "001", "002", "003", "004")}


def blocks(docs, prefix):
    return find_standards(docs[prefix])


def test_all_32_full_text_standards_are_found_and_no_amendment_fragment(docs):
    counts = {p: len(blocks(docs, p)) for p in docs}
    assert counts == {"000": 10, "001": 13, "002": 4, "003": 1, "004": 4}
    # 001 lines 149–472 only amend 15 other standards partially: no standard starts there
    assert all(not (149 <= b.anchor <= 472) for b in blocks(docs, "001"))


def test_title_glued_to_first_heading(docs):
    s2 = blocks(docs, "000")[1]          # 000:2657 "мемлекеттік қызмет стандарты 1. Жалпы ережелер"
    assert s2.anchor == 2657
    assert s2.title == "Запастағы сарбаздарды, сержанттарды әскери есепке алу"
    s4 = blocks(docs, "004")[3]          # 004:8050, truncated stamp above
    assert s4.title == "Қазақстан Республикасының азаматтарын тұрғылықты жері бойынша тіркеу есебінен шығару"


def test_mangled_caption_and_title_fused_with_heading(docs):
    s6 = blocks(docs, "001")[5]          # 001:19633–19639
    assert s6.anchor == 19639
    assert s6.title == "Арнаулы мемлекеттік жәрдемақыны тағайындау"


def test_standard_right_after_a_table_cell_without_stamp(docs):
    s3 = blocks(docs, "004")[2]          # 004:5316 follows the quality-table cell "→100"
    assert s3.title_start == 5316
    assert s3.title == "Қазақстан Республикасының азаматтарын тұрғылықты жері бойынша тіркеу"


def test_first_standard_without_caption_after_signature(docs):
    s1 = blocks(docs, "000")[0]
    assert (s1.title_start, s1.anchor) == (107, 112)
    assert s1.title == "Запастағы офицерлерді әскери есепке алу"


def test_title_ending_with_dash_and_koersetu_variant(docs):
    titles = [b.title for b in blocks(docs, "001")]
    assert titles[7].endswith("қажетті әлеуметтік қорғау шараларын айқындау")   # "стандарты-" at 28056
    assert titles[8] == "Әлеуметтік жеке код беру (телнұсқа беру)"             # "…көрсету стандарты"


def test_one_dot_used_as_sub_item_stays_inside_paragraph_4(docs):
    d = docs["000"]
    s5 = blocks(docs, "000")[4]
    paragraphs = split_paragraphs(d, s5)
    p4 = next(p for p in paragraphs if p.number == 4)
    assert any(item.marker == "1." and "www.mod.gov.kz" in item.text for item in p4.items)   # 000:10156
    assert [p.number for p in paragraphs] == list(range(1, 27))


def test_decimal_sub_paragraphs_stay_inside_paragraph_11(docs):
    d = docs["000"]
    p11 = next(p for p in split_paragraphs(d, blocks(docs, "000")[5]) if p.number == 11)
    markers = [i.marker for i in p11.items if i.marker and i.marker.count(".") == 2]
    assert markers == ["11.1.", "11.2.", "11.3.", "11.4.", "11.5."]


def test_paragraph_counts_follow_each_template(docs):
    expected = {"000": [26] * 10, "001": [26] * 11 + [25, 26], "002": [25, 26, 25, 25], "003": [26], "004": [27] * 4}
    for prefix, numbers in expected.items():
        got = [len(split_paragraphs(docs[prefix], b)) for b in blocks(docs, prefix)]
        assert got == numbers, prefix


def test_paragraphs_that_look_like_headings_in_003(docs):
    b = blocks(docs, "003")[0]
    assert b.sections[4] == 147                        # the real "4. Жұмыс нәтижелері", not l.45
    p4 = next(p for p in split_paragraphs(docs["003"], b) if p.number == 4)
    assert p4.start == 45


@pytest.mark.parametrize("raw, fixed", [
    ("мемлекеттiк", "мемлекеттік"),                    # Latin i
    ("Мәшhүр", "Мәшһүр"),                             # Latin h
    ("Haуpызым", "Наурызым"),                          # Latin H, a, p
    ("ЕТЕДI:", "ЕТЕДІ:"),
    ("Ө Т І Н І Ш", "ӨТІНІШ"),                         # spaced letters
    ("оblsobes@mail.kz", "oblsobes@mail.kz"),          # Cyrillic о in an e-mail
    ("www.prоkuror.kz", "www.prokuror.kz"),
    ("Еmail:", "Email:"),
    ("Еңбекшіқаза қ", "Еңбекшіқазақ"),
    ("call-орталықтың", "call-орталықтың"),            # a genuine mixed compound stays
    ("ҚАУЛЫ **ЕТЕДІ:**", "ҚАУЛЫ ЕТЕДІ:"),
])
def test_text_repair(raw, fixed):
    assert repair(raw) == fixed
    assert repair(fixed) == fixed


def test_truncated_document_names_file_and_line(tmp_path):
    from knowledge.parse.source import SourceError
    from knowledge.parse.standards import parse_decree

    source = next(SOURCES_DIR.glob("002_*.txt")).read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "002_cut.txt"
    cut.write_text("\n".join(source[:2300]) + "\n", encoding="utf-8")    # stops inside standard 2, §4
    with pytest.raises(SourceError) as err:
        parse_decree(read_document(cut))
    assert "002_cut.txt:" in str(err.value)
    assert err.value.line > 0


def test_binary_or_wrong_encoding_is_a_clear_error(tmp_path):
    from knowledge.parse.source import SourceError

    bad = tmp_path / "bad.txt"
    bad.write_bytes("Қазақстан\n".encode() + "Жалпы".encode("cp1251", errors="replace") + b"\xff\xfe\n")
    with pytest.raises(SourceError, match=r"bad.txt:2: not UTF-8"):
        read_document(bad)
