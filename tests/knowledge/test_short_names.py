"""Everyday Kazakh names for the buttons and answer headers, tied to the titles they shorten."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from knowledge import short_names
from knowledge.export import export_all

KAZAKH_LETTER = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@pytest.fixture(scope="module")
def standards(sqlite_engine):
    with Session(sqlite_engine) as session:
        return export_all(session)["standards"]


def test_every_standard_has_a_current_kazakh_short_name_shorter_than_its_title(standards):
    for s in standards:
        name = s["short_name_kk"]
        assert name, s["id"]
        assert len(name) <= 60 and len(name) < len(s["title_kk"]), (s["id"], name)
        assert name[0].isupper() and not name.endswith(".")
    assert len({s["short_name_kk"] for s in standards}) == len(standards)      # no two buttons alike
    criminal_record = next(s for s in standards if s["id"] == "1486-02")
    assert set(criminal_record["short_name_kk"]) & KAZAKH_LETTER


def test_a_changed_title_drops_its_short_name_until_reviewed(standards):
    passport = next(s for s in standards if s["id"] == "363-01")
    assert short_names.kazakh("363-01", passport["title_kk"]) == passport["short_name_kk"]
    assert short_names.kazakh("363-01", passport["title_kk"] + " (жаңа редакция)") is None
    assert short_names.kazakh("999-99", passport["title_kk"]) is None
