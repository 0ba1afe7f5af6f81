"""The UI catalogs: every string the code marks is translated into Kazakh and Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import locales

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")


def _marked_in_code() -> set[str]:
    """What `make locales` extracts, read with the same babel.cfg."""
    patterns = re.findall(r"^\[python:\s*(\S+)\]", (ROOT / "babel.cfg").read_text(), re.M)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), [(p, "python") for p in patterns]):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def test_the_template_holds_every_string_the_code_marks():
    template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog(locales.LOCALES / "messages.pot") if m.id}
    missing = _marked_in_code() - template
    assert not missing, f"run `make locales`: {sorted(missing)[:10]}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_string_is_translated_with_the_same_placeholders(language):
    assert language in locales.languages()
    catalog = _catalog(locales.po_path(language), language)
    template = [m for m in _catalog(locales.LOCALES / "messages.pot") if m.id]
    problems = []
    for t in template:
        m = catalog.get(t.id)
        strings = (m.string if isinstance(m.string, tuple) else (m.string,)) if m else ("",)
        ids = t.id if isinstance(t.id, tuple) else (t.id,)
        if m is None or m.fuzzy or not all(strings):
            problems.append(("untranslated", ids[0]))
        elif any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids[0])) for s in strings):
            problems.append(("placeholders differ", ids[0]))
    assert not problems, problems


def test_catalogs_answer_without_a_compile_step_with_each_languages_plurals():
    ru, kk = locales.translations("ru"), locales.translations("kk")
    assert ru.gettext("free") == "бесплатно" and kk.gettext("free") == "тегін"
    days = {n: ru.ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n} for n in (1, 3, 5, 21)}
    assert days == {1: "1 рабочий день", 3: "3 рабочих дня", 5: "5 рабочих дней", 21: "21 рабочий день"}
    # a language without a catalog gets the English source strings, not an error
    assert locales.translations("en").gettext("free") == "free"
