"""Normalisation shared by training and inference.

Citizens write Kazakh with and without Kazakh letters, in Cyrillic, in the 2018/2021
Latin alphabets or in informal Latin ("sottylyq jok"), mix in Latin look-alike letters,
stretch words ("рахмееет") and add emoji. Every text goes through `tokens()`, which keeps
each word's place in the original text (for entity offsets), and `normalize()`, the
single canonical string the classifiers see:

    "Соттылығым ЖОҚ деген анықтама керек!!! 🙏"  ->  "соттылыгым жок деген аныктама керек"
    "sottylyq jok degen anyqtama kerek"          ->  "соттылык жок деген аныктама керек"
    "prописка жасау"                              ->  "прописка жасау"

`surface()` is the same text before the final fold, with Kazakh letters kept — the
language detector needs to see them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The letter tables and the word-level functions are the project's one copy in
# knowledge.normalize; `fold` is its `fold_letters`.
from knowledge.normalize import APOSTROPHES, KAZAKH_LETTERS, to_cyrillic
from knowledge.normalize import fold_letters as fold

# The longest text that is parsed; the rest of a 100 KB paste says nothing more
# about what the citizen wants and would only cost time.
MAX_CHARS = 2000

# A word: letters and digits, with apostrophes inside (Latin "sa'lem", Russian "об'ект").
_WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*[{APOSTROPHES}]?")
_REPEATS = re.compile(r"(\D)\1{2,}")


@dataclass(frozen=True, slots=True)
class Token:
    text: str      # as written
    start: int     # offsets into the original text
    end: int
    surface: str   # lower case, Cyrillic, Kazakh letters kept
    norm: str      # `surface` folded: what the classifiers see


def clean(text: str) -> str:
    """NFC, control characters and the over-long tail removed."""
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2])[:MAX_CHARS]
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)


def tokens(text: str) -> list[Token]:
    """The words of a text with their offsets; punctuation, emoji and long numbers dropped.

    Numbers of more than four digits (ИИН, phone numbers) are dropped: they say nothing
    about what the citizen asks and must not reach a model or a log.
    """
    text = clean(text)
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.isdigit() and len(word) > 4:
            continue
        surface = _REPEATS.sub(r"\1", to_cyrillic(word))
        norm = fold(surface)
        if norm:
            out.append(Token(word, m.start(), m.end(), surface, norm))
    return out


def normalize(text: str) -> str:
    """The canonical form the classifiers train and predict on."""
    return " ".join(t.norm for t in tokens(text))


def surface(text: str) -> str:
    """Lower-case Cyrillic with Kazakh letters kept, punctuation and emoji dropped."""
    return " ".join(t.surface for t in tokens(text))


def kazakh_letter_share(text: str) -> float:
    """Share of words with a Kazakh-only letter, after Latin Kazakh is transliterated."""
    words = [t.surface for t in tokens(text) if not t.surface.isdigit()]
    if not words:
        return 0.0
    return sum(1 for w in words if KAZAKH_LETTERS.intersection(w)) / len(words)
