"""knowledge.normalize: the project's one copy of the letter tables and the text functions on them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge import geo, normalize
from knowledge.normalize import fix_token, fold_kk, fold_letters, repair, split_place_words, to_cyrillic

ROOT = Path(normalize.__file__).resolve().parent.parent
LATIN = re.compile(r"[A-Za-z]")


# ------------------------------------------------------------------ Kazakh letters

@pytest.mark.parametrize("written, key", [
    ("Шығыс Қазақстан облысы", "шыгыс казакстан облысы"),
    ("Өскемен", "оскемен"),
    ("Түркістан", "туркистан"),
    ("Ұлытау", "улытау"),
    ("Маңғыстау", "мангыстау"),
    ("Мәшһүр Жүсіп", "машхур жусип"),
    ("Еңбекшіқазақ", "енбекшиказак"),
    ("Қайнар", "каинар"),                                                     # й as и
    ("«Ақмола облысы бойынша ХҚО» РМК филиалы", "акмола облысы боиынша хко рмк филиалы"),
    ("Усть-Каменогорск", "усть каменогорск"),                                  # a hyphen is a space
])
def test_fold_kk_writes_kazakh_letters_as_on_a_russian_keyboard(written, key):
    assert fold_kk(written) == key


def test_a_name_with_and_without_kazakh_letters_is_one_key():
    assert fold_kk("Ақсу") == fold_kk("Аксу") == fold_kk("АҚСУ") == "аксу"


def test_the_classifiers_fold_also_merges_russian_letters_the_keys_keep():
    # on purpose: the classifiers see "это" and "ето" as one word, the name keys keep э and ъ
    assert fold_letters("соттылығым жоқ") == "соттылыгым жок"
    assert fold_letters("это объект") == "ето обьект"
    assert fold_kk("это объект") == "это объект"


# ------------------------------------------------------------------ look-alike letters

def test_latin_look_alikes_inside_a_cyrillic_word_become_cyrillic():
    typed = "Acтaнa"               # Latin A, c, a, a among Cyrillic т, н
    assert LATIN.search(typed)
    assert fix_token(typed) == "Астана"
    assert not LATIN.search(fix_token(typed))
    assert repair("мемлекеттiк қызмет") == "мемлекеттік қызмет"   # Latin i
    assert repair("Haуpызым ауданы") == "Наурызым ауданы"         # Latin H, a, p


def test_cyrillic_look_alikes_inside_an_address_become_latin():
    typed = "infо@mаil.kz"         # Cyrillic о and а
    assert fix_token(typed) == "info@mail.kz"


def test_a_genuine_mixed_compound_is_left_alone():
    assert fix_token("call-орталық") == "call-орталық"


def test_typed_text_tells_a_look_alike_from_the_wrong_keyboard_layout():
    assert to_cyrillic("Haуpызым") == "наурызым"     # look-alikes only: repaired
    assert to_cyrillic("prописка") == "прописка"     # "r" has no look-alike: "pr" is п, р typed in Latin


# ------------------------------------------------------------------ place words

@pytest.mark.parametrize("name, kind, words", [
    ("Ақкөл қаласы", "settlement", ("аккол",)),
    ("Аршалы ауданы", "district", ("аршалы",)),
    ("Ақмола облысы", "region", ("акмола",)),
    ("Бурабай ауылы", "settlement", ("бурабаи",)),
    ("г. Актау", "settlement", ("актау",)),
    ("Аршалынский р-н", "district", ("аршалынскии",)),
    ("Бурабайский район", "district", ("бурабаискии",)),
    ("Акмолинская обл.", "region", ("акмолинская",)),
    ("в Караганде", "", ("караганде",)),
    ("Караганда", "", ("караганда",)),
    ("С", "", ("с",)),                       # a settlement word alone may be a name
])
def test_place_words_are_stripped_and_say_the_kind(name, kind, words):
    assert split_place_words(name) == (kind, words)


# ------------------------------------------------------------------ one copy

def test_other_modules_expose_the_very_same_objects():
    import knowledge.parse.text as text
    import nlu.normalize as nlu_normalize

    for name in ("fold", "fold_kk", "repair", "fix_token", "squash", "to_latin",
                 "LATIN_TO_CYRILLIC", "CYRILLIC_TO_LATIN", "SPLIT_WORDS"):
        assert getattr(text, name) is getattr(normalize, name), name
    assert nlu_normalize.KAZAKH_LETTERS is normalize.KAZAKH_LETTERS
    assert nlu_normalize.fold is normalize.fold_letters
    assert nlu_normalize.to_cyrillic is normalize.to_cyrillic
    assert geo._split is normalize.split_place_words


def test_no_source_file_writes_the_tables_again():
    # a pair of the Kazakh fold (ә -> а) or of the look-alikes (Latin i -> і) in any other file is a copy
    pairs = re.compile(r"""["']ә["']\s*:\s*["']а["']|["']i["']\s*:\s*["']і["']""")
    copies = [str(f.relative_to(ROOT)) for folder in ("knowledge", "nlu", "dialogs", "scripts")
              for f in sorted((ROOT / folder).rglob("*.py"))
              if f.name != "normalize.py" or f.parent.name != "knowledge"
              if pairs.search(f.read_text(encoding="utf-8"))]
    assert copies == []


def test_the_caches_are_bounded_in_count_and_in_text_length():
    for f in (repair, fix_token, fold_kk, to_cyrillic, split_place_words):
        assert f.cache_info().maxsize is not None
    assert fold_kk("Қарағанды облысы") == fold_kk("Қарағанды облысы") == fold_kk.__wrapped__("Қарағанды облысы")
    # a pasted page is folded like any text, and not kept
    page = "Өтініш беремін. " * 100
    size = fold_kk.cache_info().currsize
    assert fold_kk(page) == ("отиниш беремин " * 100).strip()
    assert fold_kk.cache_info().currsize == size
