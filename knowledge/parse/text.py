"""Text repair for the source documents: what the dumps got wrong at character level.

The raw text stays untouched in the sources; parsers read the repaired form and
record every substitution so `qyzmet kb check` can list them.
"""

from __future__ import annotations

import re
import unicodedata

# Latin look-alikes typed inside Kazakh (Cyrillic) words. `i`/`I` and `h` are the
# common ones in the seeds (e.g. "мемлекеттiк", "Мәшhүр"); the rest appear in
# single words such as "Haуpызым".
LATIN_TO_CYRILLIC = str.maketrans({
    "i": "і", "I": "І", "h": "һ", "H": "Н", "a": "а", "A": "А", "e": "е", "E": "Е",
    "o": "о", "O": "О", "p": "р", "P": "Р", "c": "с", "C": "С", "x": "х", "X": "Х",
    "y": "у", "K": "К", "M": "М", "T": "Т", "B": "В",
})

# The reverse, for e-mail addresses and URLs typed with a Cyrillic letter or two.
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "о": "o", "е": "e", "у": "y", "в": "b", "с": "c", "р": "p", "х": "x",
    "к": "k", "м": "m", "т": "t", "н": "h", "і": "i",
    "А": "A", "О": "O", "Е": "E", "В": "B", "С": "C", "Р": "P", "Х": "X", "К": "K",
    "М": "M", "Т": "T", "Н": "H", "І": "I",
})

_CYR = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]")
_LAT = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[\w@.\-]+")
_MAILISH = re.compile(r"@|www\.|\.(kz|ru|com|org|net)\b", re.I)

# Words a dump split apart or joined with a stray hyphen; a whitelist, because
# legitimate compounds such as "медициналық-әлеуметтік" must stay.
SPLIT_WORDS = {
    "Еңбекшіқаза қ": "Еңбекшіқазақ",
    "Республикасын ң": "Республикасының",
    "бағдар-ламалар": "бағдарламалар",
    "облысы-ның": "облысының",
    "медициналық- әлеуметтік": "медициналық-әлеуметтік",
}

# Runs of single letters separated by spaces: "Ө Т І Н І Ш", "О р т а л ы қ".
_SPACED = re.compile(r"(?<!\S)(?:\w ){3,}\w(?!\S)")


def fix_token(token: str) -> str:
    """Repair one whitespace-free token: homoglyphs towards the script that dominates it."""
    cyr = len(_CYR.findall(token))
    lat = len(_LAT.findall(token))
    if _MAILISH.search(token):
        # e-mail or web address: Latin is right, Cyrillic letters are the mistake.
        # "Еmail" written with a Cyrillic Е is the same case.
        return token.translate(CYRILLIC_TO_LATIN) if cyr and lat else token
    if token.lower().startswith("еmail"):
        return token.translate(CYRILLIC_TO_LATIN)
    if cyr and lat:
        # "call-орталық" is a genuine mixed compound: leave hyphenated mixes alone
        # when the Latin part is a whole word.
        if re.fullmatch(r"[A-Za-z]{3,}-\w+", token):
            return token
        return token.translate(LATIN_TO_CYRILLIC)
    if lat and not cyr and token.isupper() and token == "I":
        return token
    return token


def repair(text: str) -> str:
    """Normalise one line of source text for parsing. Idempotent."""
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ").replace("**", "")
    for wrong, right in SPLIT_WORDS.items():
        if wrong in text:
            text = text.replace(wrong, right)
    text = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    return re.sub(r"\S+", lambda m: fix_token(m.group(0)), text)


def squash(text: str) -> str:
    """Collapse whitespace runs to single spaces and trim."""
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """A matching key: repaired, lower-case, quotes and punctuation dropped, spaces squashed."""
    text = repair(text).lower()
    text = re.sub(r"[«»\"'“”„`.,;:()\[\]№!?]", " ", text)
    return squash(text.replace("ё", "е"))


# Kazakh-only letters folded to the Russian letters people type instead on a
# Russian keyboard; the same fold makes "Ақсу" and "Аксу" one key.
_KK_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "й": "и",
})


def fold_kk(text: str) -> str:
    """Lower-case, Kazakh letters folded to their Russian-keyboard look-alikes, punctuation dropped."""
    return fold(text).translate(_KK_FOLD).replace("-", " ")


# Kazakh/Russian Cyrillic to plain ASCII, close to the romanisation GeoNames uses;
# for stable ids and for comparing with GeoNames' Latin names.
_TO_LATIN = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})


def to_latin(text: str) -> str:
    return text.lower().translate(_TO_LATIN)
