"""One canonical form for every way citizens write the same words."""

from __future__ import annotations

import pytest

from nlu.normalize import MAX_CHARS, kazakh_letter_share, normalize, surface, tokens


@pytest.mark.parametrize("variants", [
    # Kazakh letters, Russian-keyboard Kazakh, shouting, punctuation and emoji
    ["Соттылығым жоқ деген анықтама керек", "соттылыгым жок деген аныктама керек",
     "СОТТЫЛЫҒЫМ ЖОҚ ДЕГЕН АНЫҚТАМА КЕРЕК!!!", "соттылығым жоқ деген анықтама керек 🙏🙏"],
    # 2021 Latin, 2018 Latin (acute), informal Latin digraphs, Cyrillic
    ["Jeke kuälik joğalttym", "Jeke kuálik joǵalttym", "zheke kualik zhogalttym", "жеке куәлік жоғалттым"],
    ["Şymkentte HQO qay jerde", "Shymkentte HKO kai jerde", "Шымкентте ХҚО қай жерде"],
    ["sa'lem", "сәлем", "Salem"],
    # Russian in Latin transliteration
    ["spravka o nesudimosti", "справка о несудимости", "СПРАВКА, О НЕСУДИМОСТИ?"],
    # stretched words, ё/е, э/е
    ["приииивееет", "привет"], ["ещё", "еще"], ["это самое", "ето самое"],
])
def test_writing_styles_share_one_form(variants):
    forms = {normalize(v) for v in variants}
    assert len(forms) == 1, forms


def test_homoglyphs_inside_cyrillic_words_are_repaired():
    # Latin i, H, a, p typed inside Cyrillic words
    assert normalize("мемлекеттiк Haуpызым") == normalize("мемлекеттік Наурызым")


def test_word_typed_half_on_the_latin_layout_is_transliterated():
    # "pr" typed on a Latin layout: п, not the look-alike р
    assert normalize("prописка жасау") == "прописка жасау"


def test_unicode_is_composed_before_folding():
    decomposed = "и\u0306"   # и + combining breve = й
    assert normalize(f"ка{decomposed}да") == normalize("қайда")


def test_long_numbers_are_dropped_short_ones_kept():
    text = "ИИН 900101300123, тел 87011234567, 16 жаста, 1414"
    assert normalize(text) == "иин тел 16 жаста 1414"


def test_tokens_keep_offsets_into_the_original_text():
    text = "Ну, где ЦОН в Қарағанды?!"
    toks = tokens(text)
    assert [text[t.start:t.end] for t in toks] == ["Ну", "где", "ЦОН", "в", "Қарағанды"]
    assert toks[-1].surface == "қарағанды" and toks[-1].norm == "караганды"


def test_surface_keeps_kazakh_letters_for_language_detection():
    assert surface("Qazaqstan") == "қазақстан"
    assert kazakh_letter_share("әкем қайтыс болды") == pytest.approx(2 / 3)
    assert kazakh_letter_share("справка о несудимости") == 0.0


@pytest.mark.parametrize("junk", ["", "   \n\t", "🙂🙂🙂", "!!!???", "\x00\x01\x02", "\ufffd\ufffd"])
def test_text_without_words_normalises_to_nothing(junk):
    assert normalize(junk) == ""


def test_huge_text_is_cut_not_choked_on():
    text = "справка " * 50_000   # 400 KB
    assert len(normalize(text)) <= MAX_CHARS
