"""Each standard's key facts, checked against what the source text says.

The expected values come from reading the sources (recorded with line numbers in
../shared/notes/seeds-*.md), not from the parser's output.
"""

from __future__ import annotations

import pytest

# id: (free, {what-substring: mrp%}, document items, refusal grounds, 1414 mentioned,
#      durations that must be present as (channel, kind, value, unit))
EXPECTED = {
    "1741-01": (True, {}, 13, 1, True, [("authority", "processing", 10, "minute"), ("authority", "queue_wait", 30, "minute"), ("hqo", "processing", 1, "working_day")]),
    "1741-02": (True, {}, 13, 1, True, [("authority", "processing", 10, "minute"), ("hqo", "processing", 1, "working_day")]),
    "1741-03": (True, {}, 13, 1, True, [("hqo", "processing", 1, "working_day")]),
    "1741-04": (True, {}, 2, 1, True, [("authority", "processing", 1, "working_day"), ("authority", "processing", 30, "working_day"), ("authority", "processing", 90, "working_day")]),
    "1741-05": (True, {}, 2, 1, True, [("authority", "processing", 1, "working_day"), ("authority", "processing", 1, "month"), ("authority", "processing", 3, "month"), ("authority", "queue_wait", 30, "minute")]),
    "1741-06": (True, {}, 32, 1, True, [("authority", "processing", 30, "working_day"), ("authority", "processing", 15, "working_day"), ("authority", "processing", 90, "working_day"), ("authority", "processing", 1, "working_day")]),
    "1741-07": (True, {}, 96, 1, True, [("hqo", "processing", 30, "working_day"), ("hqo", "queue_wait", 20, "minute")]),
    "1741-08": (True, {}, 4, 1, True, [("authority", "processing", 30, "working_day")]),
    "1741-09": (True, {}, 5, 1, True, [("authority", "processing", 1, "working_day"), ("authority", "queue_wait", 20, "minute")]),
    "1741-10": (True, {}, 4, 1, True, [("authority", "processing", 1, "working_day"), ("hqo", "processing", 90, "working_day")]),
    "1059-01": (True, {}, 4, 1, True, [("hqo", "processing", 1, "working_day"), ("portal", "processing", 30, "minute")]),
    "1059-02": (True, {}, 26, 2, True, [("portal", "processing", 30, "minute")]),
    "1059-03": (True, {}, 6, 1, True, [("any", "queue_wait", 20, "minute")]),
    "1059-04": (True, {}, 25, 1, True, [("authority", "processing", 15, "working_day")]),
    "1059-05": (True, {}, 5, 1, True, [("authority", "processing", 10, "working_day")]),
    "1059-06": (True, {}, 4, 1, True, [("any", "service_time", 20, "minute")]),
    "1059-07": (True, {}, 6, 1, True, [("any", "processing", 10, "minute"), ("any", "service_time", 10, "minute")]),
    "1059-08": (True, {}, 14, 2, False, [("any", "processing", 1, "working_day"), ("any", "processing", 10, "working_day"), ("any", "service_time", 45, "minute")]),
    "1059-09": (True, {}, 5, 1, True, [("portal", "processing", 15, "minute"), ("authority", "queue_wait", 30, "minute")]),
    "1059-10": (True, {}, 6, 2, True, [("authority", "processing", 10, "working_day")]),
    "1059-11": (True, {}, 3, 1, False, [("any", "processing", 5, "working_day"), ("any", "service_time", 15, "minute")]),
    "1059-12": (True, {}, 2, 1, False, [("authority", "processing", 15, "minute")]),
    "1059-13": (True, {}, 7, 1, False, [("any", "processing", 30, "minute")]),
    "1486-01": (False, {"көрсеткені үшін": 50}, 10, 3, True, [("authority", "queue_wait", 40, "minute"), ("hqo", "queue_wait", 20, "minute")]),
    "1486-02": (True, {}, 8, 2, True, [("authority", "processing", 7, "working_day"), ("hqo", "processing", 3, "working_day"), ("portal", "processing", 3, "working_day")]),
    "1486-03": (True, {}, 1, 1, False, [("any", "processing", 15, "calendar_day")]),
    "1486-04": (True, {}, 1, 1, False, [("any", "processing", 30, "calendar_day")]),
    "2318-01": (True, {}, 2, 3, True, [("authority", "processing", 2, "working_day"), ("hqo", "processing", 2, "working_day")]),
    "363-01": (False, {"паспорт": 400, "жеке куәлігін": 20}, 8, 1, True, [("any", "processing", 1, "month"), ("any", "processing", 7, "working_day"), ("any", "processing", 15, "working_day")]),
    "363-02": (False, {"уақытша": 20}, 3, 1, True, [("any", "processing", 0, "working_day"), ("any", "queue_wait", 30, "minute")]),
    "363-03": (False, {"тіркеу үшін": 10}, 9, 1, True, [("any", "processing", 0, "working_day")]),
    "363-04": (True, {}, 4, 1, True, [("any", "processing", 0, "working_day")]),
}


@pytest.fixture(scope="module")
def standards(parsed):
    return {s.record["id"]: s.record for d in parsed.decrees for s in d.standards}


def test_every_standard_is_checked(standards):
    assert sorted(standards) == sorted(EXPECTED)


@pytest.mark.parametrize("sid", sorted(EXPECTED))
def test_key_fields_match_the_source(standards, sid):
    free, amounts, n_docs, n_refusal, has_1414, durations = EXPECTED[sid]
    s = standards[sid]
    assert s["fee"]["free"] is free
    got = {a["what"]: a["mrp_percent"] for a in s["fee"]["amounts"]}
    for what, percent in amounts.items():
        assert any(what in w and p == percent for w, p in got.items()), (what, percent, got)
    assert len(got) == len(amounts)
    body = [i for sc in s["documents"]["scenarios"] for i in sc["items"] if i["source"] == "body"]
    assert len(body) == n_docs
    assert len(s["refusal_grounds"]) == n_refusal
    assert s["mentions_1414"] is has_1414
    have = {(d["channel"], d["kind"], d["value"], d["unit"]) for d in s["durations"]}
    for d in durations:
        assert d in have, (d, sorted(have))


def test_every_field_cites_its_source_lines(standards):
    for s in standards.values():
        start, end = s["source"]["lines"]
        for d in s["durations"]:
            assert start <= d["source"]["lines"][0] <= end
        for sc in s["documents"]["scenarios"]:
            for item in sc["items"]:
                assert start <= item["provenance"]["lines"][0] <= end
        assert [p["number"] for p in s["paragraphs"]] == list(range(1, len(s["paragraphs"]) + 1))


def test_all_acts_are_repealed_with_the_repealing_act(parsed):
    acts = {d.act.number: (d.act.date, d.act.status, d.act.repealed_by_number, d.act.repealed_by_date) for d in parsed.decrees}
    assert acts == {
        "1741": ("2012-12-29", "repealed", "219", "2014-03-11"),
        "1059": ("2012-08-17", "repealed", "217", "2014-03-11"),
        "1486": ("2012-11-26", "repealed", "505", "2014-05-17"),
        "2318": ("2009-12-31", "repealed", "1542", "2013-12-31"),
        "363": ("2012-03-28", "repealed", "20", "2014-01-21"),
    }


def test_situations_of_the_military_id_standard(standards):
    labels = [sc["label"] for sc in standards["1741-06"]["documents"]["scenarios"]
              if all(i["source"] == "body" for i in sc["items"])]
    assert labels[0].startswith("11.1. Запастағы офицердің уақытша куәлігін ауыстыру")
    assert sum("11.4." in label for label in labels) == 3          # lost: disaster / theft / damage
    assert labels[-1].startswith("11.5.")


def test_conditional_and_one_of_documents(standards):
    passport = [i for sc in standards["363-01"]["documents"]["scenarios"] for i in sc["items"]]
    assert sum(i["one_of"] for i in passport) == 5                # birth certificate / passport / ID / …
    survivors = standards["1059-02"]["documents"]["scenarios"][1]["items"]
    assert any(i["conditional"] and "туысқандық" in i["text"] for i in survivors)
    assert not survivors[0]["conditional"]                          # the application itself


def test_termination_grounds_are_separate_from_refusals(standards):
    assert len(standards["1059-05"]["termination_grounds"]) == 4
    assert standards["1059-05"]["termination_grounds"][0]["text"] == "баланың қайтыс болуы"
    assert len(standards["1059-10"]["termination_grounds"]) == 4


def test_title_aliases_from_the_amending_text(standards):
    aliases = {a["text"] for a in standards["1741-01"]["title_aliases"]}
    assert "Запастағы офицерлерді әскери есепке алу және одан шығару" in aliases
    assert any("Жерлеуге біржолғы төлем" in a["text"] for a in standards["1059-11"]["title_aliases"])
    assert any("немесе болмауы" in a["text"] for a in standards["1486-02"]["title_aliases"])


def test_source_defects_are_flagged(parsed):
    flags = {(s.record["id"], f.code) for d in parsed.decrees for s in d.standards for f in s.flags}
    assert ("1741-08", "copy_paste_durations") in flags     # military-ID terms in the conscript certificate
    assert ("1059-10", "copy_paste_durations") in flags     # pension wording in the disabled-child allowance
    assert ("1741-03", "documents_copied") in flags         # conscripts' documents copied from officers'
    assert ("1741-07", "wrong_form_ref") in flags           # form cited as appendix 1 (000:15826)
    assert ("1059-05", "wrong_appendix_ref") in flags       # addresses cited in appendix 3 (001:15962)
    assert ("363-01", "missing_appendix_ref") in flags      # "26-қосымша" (004:241)


def test_complaint_routes_and_court(standards):
    c = standards["1059-01"]["complaint"]
    assert len([r for r in c["routes"] if r["about"] == "result"]) == 6
    assert any("74-37-23" in p for p in c["phones"])
    assert c["court"] and "сотқа" in c["court"]["text"]
    assert all(s["complaint"]["court"] for s in standards.values())


def _source_text(source: dict) -> str:
    from knowledge.parse.source import bundled_sources     # the bundled copy of ../shared/seeds
    path = next(p for p in bundled_sources() if p.name == source["file"])
    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = source["lines"]
    return "\n".join(lines[start - 1:end])


def test_when_a_complaint_is_answered(standards):
    """Days where the standard counts them (2318-01 §24: 3 working days); otherwise the law the
    standard points to (000–002: the 2007 law on applications; 004: "legislation"), and the slip
    a written complaint earns (001: with the date of the answer; 000, 004: a receipt)."""
    terms = {sid: s["complaint"] for sid, s in standards.items()}
    assert [(d["value"], d["unit"]) for d in terms["2318-01"]["response_deadlines"]] == [(3, "working_day")]
    assert {terms[f"1741-{i:02}"]["response_by_law"]["law"] for i in range(1, 11)} == {"applications_2007"}
    assert {terms[f"363-0{i}"]["response_by_law"]["law"] for i in range(1, 5)} == {"legislation"}
    assert {terms[f"1486-0{i}"]["response_by_law"]["law"] for i in range(2, 5)} == {"applications_2007"}
    assert terms["1059-01"]["reply_slip"]["reply_date"] and not terms["363-01"]["reply_slip"]["reply_date"]
    assert all(c["response_deadlines"] or c["response_by_law"] or c["reply_slip"] for c in terms.values())
    law = _source_text(terms["1741-01"]["response_by_law"]["source"])
    assert "2007 жылғы 12 қаңтардағы" in law and "мерзімдерде қаралады" in law
    assert "талон" in _source_text(terms["1059-01"]["reply_slip"]["source"])


def test_extra_documents_from_application_form_notes(standards):
    """The "Ескертпе:" lists at the end of application forms (000:12504, 15123, 18077, 20611, 25497)."""
    with_notes = {sid for sid, s in standards.items()
                  if any(i["source"] == "form_note" for sc in s["documents"]["scenarios"] for i in sc["items"])}
    assert {"1741-05", "1741-06", "1741-07", "1741-08", "1741-10"} <= with_notes
    notes = [i["text"] for sc in standards["1741-06"]["documents"]["scenarios"] for i in sc["items"]
             if i["source"] == "form_note"]
    assert any("Азаматтарды тіркеу кітабы" in t for t in notes)
