"""Entities the dialogs need: places (from the knowledge base's gazetteer) and a language.

Both backends use this extractor, so a place always comes back with the same canonical
Kazakh name, Russian name, region and coordinates, whichever classifier ran.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from knowledge.geo import find_places, may_be_name_word, may_name_place
from knowledge.normalize import MENTION_PREPOSITIONS, SETTLEMENT_MARK, STREET_WORD
from nlu.normalize import Token, tokens

# Longest place name, in words, looked for ("Шығыс Қазақстан облысы", "г. Усть-Каменогорск").
_MAX_WORDS = 4

# Ordinary words, and names of people streets are named after, that are also names of
# small places; alone in a question they are the word or the street ("ЦОН на Абая").
_NOT_PLACES = frozenset({"есик", "абаи", "абая", "жана", "бирлик", "достык", "енбек", "береке", "болашак", "кызыл",
                         # everyday words a fuzzy match takes for a place: "или" (Іле), "жақсы", "верно"
                         # (Верный, old Алматы), "скока"/"скот" (СҚО), "семьей" (Семей), "тастау" (Тасты)…
                         "или", "жаксы", "верно", "улкен", "скока", "скота", "скоте", "скот", "семьеи", "семьи",
                         "аралыкка", "аралык", "шартын", "шарт", "жарык", "тастау", "тастады", "тастадым", "коши",
                         "маи", "алганы", "атасынын", "руднике", "рудник"})
# The country is not a place to look for an office in ("паспорт гражданина Казахстана").
_COUNTRY = ("казахстан", "казакстан")

# "қазақша", "по-казахски", "на казахском", "kazakh"; "орысша", "по-русски", "русский".
_LANGUAGE_WORDS = (
    ("kk", re.compile(r"^(казакша|казак|казакш\w*|казах\w*|kazakh)$")),
    ("ru", re.compile(r"^(орысша|орыс|орысш\w*|русск\w*|русс\w*|руск\w*|russian)$")),
)


@functools.lru_cache(maxsize=65536)
def _best_place(words: str):
    found = find_places(words) if may_name_place(words) else []
    return found[0] if found else None


def _places(toks: Sequence[Token]) -> list[dict]:
    out = []
    candidate = [may_be_name_word(t.norm) for t in toks]
    i = 0
    while i < len(toks):
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            if not all(candidate[i:i + n]):
                continue
            window = toks[i:i + n]
            # one word, or one word after a kind mark ("с семьей" is not "село Семей")
            name = window[-1].norm if n == 1 or n == 2 and SETTLEMENT_MARK.match(window[0].norm) else None
            if window[0].norm in MENTION_PREPOSITIONS or name is not None and (name in _NOT_PLACES
                                                                        or name.startswith(_COUNTRY)):
                continue
            if i + n < len(toks) and STREET_WORD.match(toks[i + n].norm):
                continue
            if i > 0 and STREET_WORD.match(toks[i - 1].norm):
                continue
            place = _best_place(" ".join(t.surface for t in window))
            if place is None:
                continue
            out.append({
                "entity": place.kind,            # "settlement" | "district" | "region"
                "value": place.name_kk,
                "value_ru": place.name_ru,
                "region": place.region,
                "lat": place.lat,
                "lon": place.lon,
                "start": window[0].start,
                "end": window[-1].end,
            })
            i += n
            break
        else:
            i += 1
    return out


def _language(toks: Sequence[Token]) -> list[dict]:
    for t in toks:
        for lang, pattern in _LANGUAGE_WORDS:
            if pattern.match(t.norm):
                return [{"entity": "language", "value": lang, "start": t.start, "end": t.end}]
    return []


def extract(text: str, toks: Sequence[Token] | None = None) -> list[dict]:
    """Entities in `text`, in order of appearance; offsets index the original text."""
    toks = tokens(text) if toks is None else toks
    found = _places(toks) + _language(toks)
    for e in found:
        e["text"] = text[e["start"]:e["end"]]
    return sorted(found, key=lambda e: e["start"])
