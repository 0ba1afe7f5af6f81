"""Which language to answer in, for every way of writing Kazakh and Russian."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "әкем қайтыс болды, жерлеуге ақша бере ме",            # Kazakh letters
    "соттылык жок деген кагаз керек",                       # Russian keyboard
    "жеке куалик жогалттым не истеймин",
    "Jeke kuälik joğalttym",                                 # 2021 Latin
    "sottylyq jok degen anyqtama kerek",                     # informal Latin
    "военный билет жоғалттым",                               # Russian noun, Kazakh frame
    "справка о несудимости керек маган",
    "алло сәлеметсіз бе мынау зейнетақы жаңағы қалай рәсімдейміз",   # phone transcript
])
def test_kazakh(model, text):
    assert model.language(text)[0] == "kk"


@pytest.mark.parametrize("text", [
    "где ближайший ЦОН",
    "справка о несудимости нужна срочно",
    "spravka o nesudimosti kak poluchit",                    # translit
    "ну это самое где цон в караганде",                      # phone transcript
    "мне нужна анықтама о несудимости",                      # Kazakh noun, Russian frame
    "как получить ӘЖК",
    "помогите оформить пособие на погребение отца",
])
def test_russian(model, text):
    assert model.language(text)[0] == "ru"


def test_text_without_words_falls_back_to_kazakh_without_confidence(model):
    assert model.language("🙂 123") == ("kk", 0.5)


def test_language_accuracy_on_the_test_split(model, test_examples):
    wrong = [e.text for e in test_examples if model.language(e.text)[0] != e.language]
    assert len(wrong) / len(test_examples) < 0.05, wrong[:20]
