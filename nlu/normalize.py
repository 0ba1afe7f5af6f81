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

# The longest text that is parsed; the rest of a 100 KB paste says nothing more
# about what the citizen wants and would only cost time.
MAX_CHARS = 2000

KAZAKH_LETTERS = frozenset("әғқңөұүһі")

# One canonical fold for Kazakh letters typed on a Russian keyboard, plus the
# letters Russian writers themselves interchange (ё/е, э/е, ъ/ь, й/и).
_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "э": "е", "ъ": "ь", "й": "и",
})

# Latin letters that look like Cyrillic ones. Used only inside a Cyrillic word, for a
# run of Latin letters that are all look-alikes ("мемлекеттiк", "Haуpызым").
_HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "h": "һ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "I": "І",
}

# Latin script to Cyrillic, longest spelling first: the 2021 alphabet (ä ğ ı ñ ö q ş ū ü),
# the 2018 one (á ǵ ń ó ú ý), the 2017 apostrophes (a' g' n' o' u' s' c') and informal
# English-style digraphs (sh, zh, ch, kh, gh). Kazakh and Russian share the result after
# the fold, so ambiguous letters (i: і or и) need not be decided.
_LATIN_MULTI = (
    ("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("gh", "ғ"),
    ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ia", "я"), ("iu", "ю"),
    ("a'", "ә"), ("g'", "ғ"), ("n'", "ң"), ("o'", "ө"), ("u'", "ү"), ("s'", "ш"), ("c'", "ч"),
    ("i'", "ы"), ("y'", "у"),
)
_LATIN_SINGLE = {
    "a": "а", "á": "ә", "ä": "ә", "b": "б", "c": "с", "ç": "ч", "d": "д", "e": "е", "é": "е",
    "f": "ф", "g": "г", "ǵ": "ғ", "ğ": "ғ", "h": "х", "i": "и", "ı": "ы", "í": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң", "ñ": "ң", "o": "о", "ó": "ө", "ö": "ө",
    "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ú": "ү", "ü": "ү",
    "ū": "ұ", "ý": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з",
}
_VOWELS = set("aeiouáäéíóöúüūıý")
_APOSTROPHES = "'’ʼʻ`´"

_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)
_LATIN = re.compile(r"[a-zäáçéğǵıíñńóöşúüūý]", re.I)
_LATIN_RUN = re.compile(r"[a-zäáçéğǵıíñńóöşúüūý]+", re.I)
# A word: letters and digits, with apostrophes inside (Latin "sa'lem", Russian "об'ект").
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*[{_APOSTROPHES}]?")
_REPEATS = re.compile(r"(\D)\1{2,}")


@dataclass(frozen=True, slots=True)
class Token:
    text: str      # as written
    start: int     # offsets into the original text
    end: int
    surface: str   # lower case, Cyrillic, Kazakh letters kept
    norm: str      # `surface` folded: what the classifiers see


def _transliterate(word: str) -> str:
    """A lower-case Latin word to Cyrillic."""
    out = []
    i = 0
    while i < len(word):
        for latin, cyr in _LATIN_MULTI:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            ch = word[i]
            if ch == "y" and i > 0 and word[i - 1] in _VOWELS and (i + 1 == len(word) or word[i + 1] not in _VOWELS):
                out.append("й")   # "kalay", "Abay": y after a vowel closes a syllable
            elif ch in _APOSTROPHES:
                pass
            else:
                out.append(_LATIN_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


def _to_cyrillic(word: str) -> str:
    """One word, original case, to lower-case Cyrillic."""
    has_cyr = bool(_CYRILLIC.search(word))
    if not _LATIN.search(word):
        return word.lower().translate({ord(a): None for a in _APOSTROPHES})
    if not has_cyr:
        return _transliterate(word.replace("İ", "i").lower())

    # A mixed word: scattered look-alikes are typos of the Cyrillic letter; a run with
    # other Latin letters is typed on the wrong layout ("prописка") and is transliterated.
    def run(m: re.Match) -> str:
        s = m.group(0)
        if all(ch in _HOMOGLYPHS for ch in s):
            return "".join(_HOMOGLYPHS[ch] for ch in s)
        return _transliterate(s.lower())

    return _LATIN_RUN.sub(run, word).lower().translate({ord(a): None for a in _APOSTROPHES})


def fold(text: str) -> str:
    """The canonical fold of lower-case Cyrillic text (Kazakh letters as on a Russian keyboard)."""
    return text.translate(_FOLD)


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
        surface = _REPEATS.sub(r"\1", _to_cyrillic(word))
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
