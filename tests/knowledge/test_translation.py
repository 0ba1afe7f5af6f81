"""Translations keyed by field, remembered against the Kazakh text they translate."""

from __future__ import annotations

import copy
import shutil

import pytest
from sqlalchemy.orm import Session

from knowledge import translation
from knowledge.export import export_all


@pytest.fixture(scope="module")
def standards(sqlite_engine):
    with Session(sqlite_engine) as session:
        return export_all(session)["standards"]


def test_every_citizen_facing_text_of_every_standard_has_a_current_russian_translation(standards):
    problems = translation.check(standards, "ru")
    assert not problems, [(p.standard, p.key, p.kind) for p in problems[:10]]
    assert sum(len(translation.units(s)) for s in standards) > 1000


def test_a_changed_kazakh_text_makes_its_translation_stale(standards, tmp_path):
    shutil.copytree(translation.TRANSLATIONS / "ru", tmp_path / "ru")
    changed = copy.deepcopy(next(s for s in standards if s["id"] == "1486-02"))
    changed["fee"]["raw"] = "Мемлекеттік қызмет ақылы негізде көрсетіледі."
    problems = translation.check([changed], "ru", tmp_path)
    assert [(p.standard, p.key, p.kind) for p in problems] == [("1486-02", "fee", "stale")]
    # the stale text is not served as if it were current
    assert "fee" not in translation.translate(changed, "ru", translation.load("ru", tmp_path))


def test_a_new_language_is_a_new_folder(standards, tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "1486-02.yml").write_text(
        "standard: 1486-02\nlanguage: en\nentries:\n  title:\n    kk_sha: "
        + translation.fingerprint(next(s for s in standards if s["id"] == "1486-02")["title_kk"])
        + "\n    text: Issue of a certificate of criminal record or its absence\n", encoding="utf-8")
    problems = translation.check(standards, "en", tmp_path)
    assert ("1486-02", "title") not in {(p.standard, p.key) for p in problems}
    assert {p.kind for p in problems} == {"missing"}
    assert translation.languages(tmp_path) == ["en"]
