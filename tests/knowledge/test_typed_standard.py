"""Standards as typed, frozen objects: every fact of the export, each text in each language."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from knowledge import query
from knowledge.standard import Standard, Text


@pytest.fixture(scope="module")
def exported(sqlite_engine):
    with Session(sqlite_engine) as session:
        return {sid: query.standard(session, sid) for sid, _ in query.standard_ids(session)}


def test_a_text_is_read_in_a_language_or_else_in_kazakh():
    text = Text.of({"text": "жеке куәлік", "text_ru": "удостоверение личности", "text_en": None}, "text")
    assert (text.text("ru"), text.text("kk"), text.text("en")) == ("удостоверение личности", "жеке куәлік",
                                                                   "жеке куәлік")
    assert text.all() == ("жеке куәлік", "удостоверение личности")
    assert not Text.of(None, "text") and not Text.of({"text": None}, "text")


def test_every_standard_keeps_its_facts(exported):
    for sid, d in exported.items():
        s = Standard.from_export(d)
        assert s.id == sid and s.channels == tuple(d["channels"])
        assert s.title.text("kk") == d["title_kk"] and s.title.text("ru") == (d["title_ru"] or d["title_kk"])
        assert [[i.document.text("ru") for i in sc.items] for sc in s.scenarios] == \
               [[i.get("text_ru") or i["text"] for i in sc["items"]] for sc in d["documents"]["scenarios"]]
        assert s.fee.free == d["fee"]["free"]
        assert [a.mrp_percent for a in s.fee.amounts] == [a["mrp_percent"] for a in d["fee"]["amounts"]]
        assert [r.about for r in s.complaint.routes] == [r["about"] for r in d["complaint"]["routes"]]
        assert s.source.repealed == (d["source"]["status"] == "repealed")
        assert s.source.act_number == d["source"]["act_number"]


def test_the_passport_fee_is_400_percent_of_the_mci(exported):
    """004: the state duty for a passport (363-01), as the knowledge base's tests read it from the source."""
    passport = Standard.from_export(exported["363-01"])
    assert 400 in [a.mrp_percent for a in passport.fee.amounts]


def test_a_standard_cannot_be_changed():
    s = Text("мәтін")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.kk = "басқа"


def test_a_name_without_its_translation_falls_back_to_the_kazakh_source(exported):
    """A stale Russian title is not served (knowledge/translation.py): the Kazakh one stands in, never the id."""
    d = {**exported["1486-02"], "title_ru": None, "short_name_ru": None}
    s = Standard.from_export(d)
    assert s.name("ru") == d["short_name_kk"] and s.title.text("ru") == d["title_kk"]
    assert s.title.kk == d["title_kk"] and "kk" not in dict(s.title.translations)
