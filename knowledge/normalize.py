"""Text normalisation for the whole project: each letter table once, and the pure functions on them.

The bottom layer: knowledge/ and nlu/ import this module (nlu.normalize builds the
classifiers' tokens from it, knowledge.parse.text re-exports the source repair and the
keys); it imports nothing of the project.

  * source repair   `repair`, `fix_token`, `squash`: what the document dumps got wrong
                    at character level (Latin look-alikes, words split apart);
  * matching keys   `fold` (repaired, lower case, punctuation dropped) and `fold_kk`
                    (Kazakh letters as typed on a Russian keyboard) for names in the
                    sources and the gazetteer; `to_latin` for stable ids;
  * typed text      `to_cyrillic` (one word as a citizen typed it, to lower-case
                    Cyrillic) and `fold_letters` (the classifiers' letter fold);
  * place words     the words that say what kind of place a name is ("облысы",
                    "ауданы", "қаласы", "г."), and `split_place_words`.

The functions from str to str are pure and cached (`cached`: a bounded LRU of short
texts): a build repairs the same ~18 000 lines (the office lists are printed 25 times)
and folds the same ~6 000 names hundreds of thousands of times. Functions that return
something mutable are not cached; `split_place_words` returns tuples so that it can be.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# ---------------------------------------------------------------- caching

# Longer texts are computed each time: they hardly ever repeat (a long paragraph, a
# pasted page), and a cache of them would hold megabytes, citizens' messages among them.
CACHED_LONGEST = 256


def cached(maxsize: int):
    """functools.lru_cache for a pure function of a text, bounded twice: at most `maxsize`
    texts, each of at most CACHED_LONGEST characters. Only for functions whose result is
    immutable (str, tuple): every caller shares it."""
    def decorate(function):
        cache = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(text, *args, **kwargs):
            if len(text) > CACHED_LONGEST:
                return function(text, *args, **kwargs)
            return cache(text, *args, **kwargs)

        call.cache_info = cache.cache_info
        call.cache_clear = cache.cache_clear
        return call
    return decorate


# ---------------------------------------------------------------- letters

KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LETTERS = frozenset(KAZAKH_LOWER)

# Kazakh-only letters folded to the Russian letters people type instead on a Russian
# keyboard; the same fold makes "Ақсу" and "Аксу" one key.
KAZAKH_FOLD = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}

# The two folds built on it differ in the Russian letters they merge, on purpose:
# `fold_kk` keys (names in the sources, the gazetteer, the region table) merge ё/е and
# й/и only, and the gazetteer's looser key (geo._k2) then merges э/е itself and drops ь/ъ;
# the classifiers' `fold_letters` also merges э/е and ъ/ь ("это"/"ето", "объект"/"обьект").
# Making them one would change every stored key or every trained feature.
FOLD_KK = str.maketrans({**KAZAKH_FOLD, "ё": "е", "й": "и"})
FOLD_LETTERS = str.maketrans({**KAZAKH_FOLD, "ё": "е", "й": "и", "э": "е", "ъ": "ь"})

# Latin letters that look like Cyrillic ones, typed inside Kazakh (Cyrillic) words.
# `i`/`I` and `h` are the common ones ("мемлекеттiк", "Мәшhүр"); the rest appear in
# single words such as "Haуpызым".
HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "h": "һ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "I": "І",
}
LATIN_TO_CYRILLIC = str.maketrans(HOMOGLYPHS)

# The reverse, for e-mail addresses and URLs typed with a Cyrillic letter or two: every
# look-alike but һ, and the lower-case в к м н т that stand for b k m h t.
CYRILLIC_TO_LATIN = str.maketrans(
    {cyr: lat for lat, cyr in HOMOGLYPHS.items() if cyr != "һ"} | {"в": "b", "к": "k", "м": "m", "н": "h", "т": "t"})

# Kazakh/Russian Cyrillic to plain ASCII, close to the romanisation GeoNames uses;
# for stable ids and for comparing with GeoNames' Latin names.
ROMANISATION = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})

# Latin script to Cyrillic, longest spelling first: the 2021 alphabet (ä ğ ı ñ ö q ş ū ü),
# the 2018 one (á ǵ ń ó ú ý), the 2017 apostrophes (a' g' n' o' u' s' c') and informal
# English-style digraphs (sh, zh, ch, kh, gh). Kazakh and Russian share the result after
# the fold, so ambiguous letters (i: і or и) need not be decided.
LATIN_DIGRAPHS = (
    ("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("gh", "ғ"),
    ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ia", "я"), ("iu", "ю"),
    ("a'", "ә"), ("g'", "ғ"), ("n'", "ң"), ("o'", "ө"), ("u'", "ү"), ("s'", "ш"), ("c'", "ч"),
    ("i'", "ы"), ("y'", "у"),
)
LATIN_LETTERS = {
    "a": "а", "á": "ә", "ä": "ә", "b": "б", "c": "с", "ç": "ч", "d": "д", "e": "е", "é": "е",
    "f": "ф", "g": "г", "ǵ": "ғ", "ğ": "ғ", "h": "х", "i": "и", "ı": "ы", "í": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң", "ñ": "ң", "o": "о", "ó": "ө", "ö": "ө",
    "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ú": "ү", "ü": "ү",
    "ū": "ұ", "ý": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з",
}
LATIN_VOWELS = frozenset("aeiouáäéíóöúüūıý")
APOSTROPHES = "'’ʼʻ`´"
_NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)

# ---------------------------------------------------------------- source repair

# Letter classes of the source repair (explicit ranges) and of typed text (with re.I,
# which also lets through case variants such as the Kelvin sign): kept as they were.
_CYR = re.compile(rf"[а-яё{KAZAKH_LOWER}А-ЯЁ{KAZAKH_UPPER}]")
_LAT = re.compile(r"[A-Za-z]")
_MAILISH = re.compile(r"@|www\.|\.(kz|ru|com|org|net)\b", re.I)
_LATIN_COMPOUND = re.compile(r"[A-Za-z]{3,}-\w+")

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
_NON_SPACE = re.compile(r"\S+")
_KEY_PUNCTUATION = re.compile(r"[«»\"'“”„`.,;:()\[\]№!?]")


@cached(1 << 15)
def fix_token(token: str) -> str:
    """Repair one whitespace-free token: homoglyphs towards the script that dominates it."""
    cyr = len(_CYR.findall(token))
    lat = len(_LAT.findall(token))
    if _MAILISH.search(token):
        # e-mail or web address: Latin is right, Cyrillic letters are the mistake.
        # "Еmail" written with a Cyrillic Е is the same case.
        return token.translate(CYRILLIC_TO_LATIN) if cyr and lat else token
    if token.lower().startswith("еmail"):   # Cyrillic е, Latin mail
        return token.translate(CYRILLIC_TO_LATIN)
    if cyr and lat:
        # "call-орталық" is a genuine mixed compound: leave hyphenated mixes alone
        # when the Latin part is a whole word.
        if _LATIN_COMPOUND.fullmatch(token):
            return token
        return token.translate(LATIN_TO_CYRILLIC)
    return token


def _fix_match(m: re.Match) -> str:
    return fix_token(m.group(0))


def _unspace(m: re.Match) -> str:
    return m.group(0).replace(" ", "")


@cached(1 << 15)
def repair(text: str) -> str:
    """Normalise one line of source text for parsing. Idempotent."""
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ").replace("**", "")
    for wrong, right in SPLIT_WORDS.items():
        if wrong in text:
            text = text.replace(wrong, right)
    text = _SPACED.sub(_unspace, text)
    return _NON_SPACE.sub(_fix_match, text)


@cached(1 << 15)
def squash(text: str) -> str:
    """Collapse whitespace runs to single spaces and trim."""
    return " ".join(text.split())   # str.split and regex \s agree on what whitespace is


# ---------------------------------------------------------------- matching keys

@cached(1 << 14)
def fold(text: str) -> str:
    """A matching key: repaired, lower-case, quotes and punctuation dropped, spaces squashed."""
    text = _KEY_PUNCTUATION.sub(" ", repair(text).lower())
    return squash(text.replace("ё", "е"))


@cached(1 << 14)
def fold_kk(text: str) -> str:
    """Lower-case, Kazakh letters folded to their Russian-keyboard look-alikes, punctuation dropped."""
    return fold(text).translate(FOLD_KK).replace("-", " ")


@cached(1 << 12)
def to_latin(text: str) -> str:
    return text.lower().translate(ROMANISATION)


# ---------------------------------------------------------------- typed text

_CYRILLIC = re.compile(rf"[а-яё{KAZAKH_LOWER}]", re.I)
_LATIN = re.compile(r"[a-zäáçéğǵıíñńóöşúüūý]", re.I)
_LATIN_RUN = re.compile(r"[a-zäáçéğǵıíñńóöşúüūý]+", re.I)


@cached(1 << 14)
def transliterate(word: str) -> str:
    """A lower-case Latin word to Cyrillic."""
    out = []
    i = 0
    while i < len(word):
        for latin, cyr in LATIN_DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            ch = word[i]
            if ch == "y" and i > 0 and word[i - 1] in LATIN_VOWELS and (i + 1 == len(word) or word[i + 1] not in LATIN_VOWELS):
                out.append("й")   # "kalay", "Abay": y after a vowel closes a syllable
            elif ch in APOSTROPHES:
                pass
            else:
                out.append(LATIN_LETTERS.get(ch, ch))
            i += 1
    return "".join(out)


def _latin_run(m: re.Match) -> str:
    s = m.group(0)
    if all(ch in HOMOGLYPHS for ch in s):
        return "".join(HOMOGLYPHS[ch] for ch in s)
    return transliterate(s.lower())


@cached(1 << 15)
def to_cyrillic(word: str) -> str:
    """One word as typed, any case, to lower-case Cyrillic with Kazakh letters kept."""
    if not _LATIN.search(word):
        return word.lower().translate(_NO_APOSTROPHES)
    if not _CYRILLIC.search(word):
        return transliterate(word.replace("İ", "i").lower())
    # A mixed word: scattered look-alikes are typos of the Cyrillic letter; a run with
    # other Latin letters is typed on the wrong layout ("prописка") and is transliterated.
    return _LATIN_RUN.sub(_latin_run, word).lower().translate(_NO_APOSTROPHES)


def fold_letters(text: str) -> str:
    """The classifiers' fold of lower-case Cyrillic text: Kazakh letters as on a Russian
    keyboard, and ё/е, э/е, ъ/ь, й/и merged."""
    return text.translate(FOLD_LETTERS)


# ---------------------------------------------------------------- place words
# Lower-case folded words: fold_kk's (the gazetteer) or the NLU tokens' fold_letters
# (the entity scan); the patterns hold no letter the two folds treat differently.

# Words that say what kind of place a name is ("Ақкөл қаласы", "г. Актау", "Аршалы
# ауданы", "Акмолинская область"): the gazetteer strips them and reads the kind from them.
REGION_WORD = re.compile(r"^(облыс\w*|област\w*|обл)$")
DISTRICT_WORD = re.compile(r"^(аудан\w*|раион\w*|рн)$")
SETTLEMENT_WORD = re.compile(r"^(калас\w*|кала|к|г|гор|город\w*|ауыл\w*|аул|а|село\w*|селе|с|посел\w*|пос|п|пгт"
                             r"|кенти\w*|станци\w*|ст)$")
# "в Караганде": dropped from a place query, says nothing of the kind.
PLACE_PREPOSITIONS = frozenset({"в", "во", "из", "на", "по"})

# The NLU's scan of free text has lists of its own, tuned on its test sentences; they
# are not the gazetteer's and are kept apart on purpose.
# A window of one of these marks and one word is one name word, checked against the
# ordinary words that are also places ("с семьей" is not "село Семей"). Narrower than
# SETTLEMENT_WORD (no "гор", "аул", "пгт", "ст", "кенти…", "посел…", only "село" and
# "город" themselves) and wider in one place: any "кала…" ("калада", "калалык").
SETTLEMENT_MARK = re.compile(r"^(с|г|п|а|к|пос|ауыл\w*|село|город|кала\w*)$")
# A place mention never starts with one of these: PLACE_PREPOSITIONS and "до", "к".
MENTION_PREPOSITIONS = PLACE_PREPOSITIONS | {"до", "к"}
# A name next to one of these is a street, not a town: "Абай көшесі", "ул. Достык".
STREET_WORD = re.compile(r"^(кошес\w*|кош|даныл\w*|улиц\w*|ул|проспект\w*|пр|мкр|мкрн|шагын\w*)$")

_DISTRICT_ABBREVIATION = re.compile(r"\bр-н\b", re.I)


@cached(1 << 12)
def split_place_words(text: str) -> tuple[str, tuple[str, ...]]:
    """(the kind of place the words ask for or "", the other words), all folded by fold_kk.

    "Аршалы ауданы" -> ("district", ("аршалы",)); "в Караганде" -> ("", ("караганде",));
    "г. Актау" -> ("settlement", ("актау",)). The kind is "region", "district",
    "settlement" or "". A settlement word alone ("с", "а") is kept as a name: it may be one.
    """
    text = _DISTRICT_ABBREVIATION.sub(" рн ", text)
    words = fold_kk(text).split()
    kind = ""
    rest = []
    for w in words:
        if REGION_WORD.match(w):
            kind = "region"
        elif DISTRICT_WORD.match(w):
            kind = "district"
        elif w in PLACE_PREPOSITIONS and len(words) > 1:
            continue
        elif SETTLEMENT_WORD.match(w) and len(words) > 1:
            kind = kind or "settlement"
        else:
            rest.append(w)
    return kind, tuple(rest)
