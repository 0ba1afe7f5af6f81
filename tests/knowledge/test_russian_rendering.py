"""A Russian reader gets the whole standard in Russian: no Kazakh sentence left in the rendering.

Kazakh-only letters may remain only inside proper names: a quoted name («Алтын алқа»)
or a capitalised word (a person or place name the source spells in Kazakh)."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest
from sqlalchemy.orm import Session

from knowledge.export import export_all
from knowledge.show import render

KAZAKH_WORD = re.compile(r"\w*[әғқңөұүһі]\w*", re.I)
QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»")


def kazakh_outside_names(text: str) -> list[str]:
    """Lines holding a Kazakh word that is not a proper name."""
    found = []
    for line in text.splitlines():
        words = KAZAKH_WORD.findall(QUOTED.sub("", line))
        if any(not w[0].isupper() for w in words):
            found.append(line.strip())
    return found


@pytest.fixture(scope="module")
def standards(sqlite_engine):
    with Session(sqlite_engine) as session:
        return export_all(session)["standards"]


def test_no_russian_rendering_of_any_standard_holds_an_untranslated_kazakh_sentence(standards):
    assert len(standards) == 32
    leftovers = {s["id"]: kazakh_outside_names(render(s, "ru")) for s in standards}
    assert not {k: v for k, v in leftovers.items() if v}


def test_the_check_catches_a_text_left_in_kazakh(standards):
    std = copy.deepcopy(next(s for s in standards if s["id"] == "1059-02"))
    std["documents"]["scenarios"][0]["items"][0]["text_ru"] = None     # as if it were never translated
    leftovers = kazakh_outside_names(render(std, "ru"))
    assert len(leftovers) == 1 and std["documents"]["scenarios"][0]["items"][0]["text"] in leftovers[0]
    assert kazakh_outside_names(render(std, "kk"))             # and the Kazakh rendering is Kazakh


def test_the_russian_rendering_names_the_source_and_says_the_act_is_repealed(standards):
    text = render(next(s for s in standards if s["id"] == "1486-02"), "ru").replace("\u202f", " ")  # CLDR: "2012\u202fг."
    assert text.splitlines()[0] == "Выдача справки о наличии либо отсутствии судимости"
    assert "постановление Правительства РК от 26 ноября 2012 г. № 1486" in text
    assert "УТРАТИЛО СИЛУ" in text and "17 мая 2014 г. № 505" in text and "1414" in text
    assert "3 рабочих дня" in text and "7 рабочих дней" in text                     # Russian plural forms
    assert "Стоимость: бесплатно" in text


def _qyzmet(*args, env):
    return subprocess.run([sys.executable, "-m", "qyzmet.cli", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def cli_env(sqlite_engine):
    import os
    return {**os.environ, "DATABASE_URL": str(sqlite_engine.url)}


def test_kb_check_lang_ru_passes_and_kb_show_speaks_russian(cli_env):
    check = _qyzmet("kb", "check", "--lang", "ru", env=cli_env)
    assert check.returncode == 0, check.stdout[-2000:]
    assert "1423 of 1423 texts translated and current" in check.stdout      # 1421 + the ЦОН as a provider of 363-02 and 363-04 (004:2652, 004:8053)
    assert "1432 of 1432 offices rendered completely" in check.stdout
    show = _qyzmet("kb", "show", "1741-08", "--lang", "ru", env=cli_env)
    assert show.returncode == 0 and "Необходимые документы:" in show.stdout
    assert not kazakh_outside_names(show.stdout)


def test_kb_check_fails_for_a_language_without_translations_and_show_refuses_an_unknown_one(cli_env):
    check = _qyzmet("kb", "check", "--lang", "en", env=cli_env)
    assert check.returncode == 1 and "0 of 1423 texts translated" in check.stdout
    show = _qyzmet("kb", "show", "1486-02", "--lang", "xx", env=cli_env)
    assert show.returncode == 1 and "Known: kk, ru" in show.stderr
