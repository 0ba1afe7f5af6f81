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


# ---------------------------------------------------------------- through the database

def _kazakh_and_russian(standard: dict):
    """(key, Kazakh, Russian) for every text, as the export puts them side by side."""
    for s in translation.slots(standard):
        name = f"{s.name or s.field}_ru"
        ru = s.holder[name] if s.index is None else s.holder[name][s.index]
        yield s.key, s.kk, ru


def test_the_export_carries_a_russian_counterpart_for_every_text(standards):
    untranslated = [(s["id"], key) for s in standards for key, _, ru in _kazakh_and_russian(s) if not ru]
    assert not untranslated, untranslated[:10]
    criminal_record = next(s for s in standards if s["id"] == "1486-02")
    assert criminal_record["title_ru"] == "Выдача справки о наличии либо отсутствии судимости"
    assert criminal_record["short_name_ru"] == "Справка о несудимости"
    assert criminal_record["title_kk"].startswith("Соттылықтың")          # the Kazakh stays beside it
    first_item = criminal_record["documents"]["scenarios"][0]["items"][0]
    assert first_item["text"].startswith("соттылықтың") and first_item["text_ru"].startswith("заявление")


def test_rebuilding_keeps_current_translations_and_drops_a_stale_one(parsed, tmp_path):
    from knowledge.build import write
    from knowledge.db import make_engine

    root = tmp_path / "translations"
    shutil.copytree(translation.TRANSLATIONS, root)
    path = root / "ru" / "1486-02.yml"
    # as if the Kazakh fee sentence had changed after it was translated
    path.write_text(path.read_text(encoding="utf-8").replace(
        translation.fingerprint("Мемлекеттік қызмет тегін көрсетіледі."), "000000000000"), encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    for _ in range(2):      # a rebuild over an existing database gives the same result
        write(engine, parsed, translations=root)
    with Session(engine) as session:
        data = export_all(session)
    std = next(s for s in data["standards"] if s["id"] == "1486-02")
    assert std["fee"]["raw_ru"] is None                   # stale: not served
    assert std["title_ru"].startswith("Выдача справки")   # the rest still attached
    problems = translation.check(data["standards"], "ru", root)
    assert [(p.standard, p.key, p.kind) for p in problems] == [("1486-02", "fee", "stale")]


def test_a_third_language_reaches_the_export_without_code_changes(parsed, tmp_path, standards):
    from knowledge.build import write
    from knowledge.db import make_engine

    root = tmp_path / "translations"
    shutil.copytree(translation.TRANSLATIONS, root)
    (root / "en").mkdir()
    title = next(s for s in standards if s["id"] == "1486-02")["title_kk"]
    (root / "en" / "1486-02.yml").write_text(
        f"standard: 1486-02\nlanguage: en\nentries:\n  title:\n    kk_sha: {translation.fingerprint(title)}\n"
        "    text: Certificate of criminal record\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    write(engine, parsed, translations=root)
    with Session(engine) as session:
        data = export_all(session)
    std = next(s for s in data["standards"] if s["id"] == "1486-02")
    assert std["title_en"] == "Certificate of criminal record"
    assert std["fee"]["raw_en"] is None and std["fee"]["raw_ru"]


def test_the_fast_yaml_reader_reads_every_translation_file_as_safe_load_does(tmp_path):
    import yaml

    files = sorted(translation.TRANSLATIONS.rglob("*.yml"))
    assert len(files) > 30
    for f in files:
        assert translation.read_yaml(f) == yaml.safe_load(f.read_text(encoding="utf-8")), f
    broken = tmp_path / "broken.yml"
    broken.write_text("entries:\n  title: [1, 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="line"):
        translation.read_yaml(broken)
