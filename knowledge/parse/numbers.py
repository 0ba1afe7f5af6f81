"""Quantities written in the standards: "10 минут", "бір жұмыс күні", "он бес жұмыс күні"."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_KK = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9}
TENS_KK = {"он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70,
           "сексен": 80, "тоқсан": 90}

_UNIT_WORD = "|".join(UNITS_KK)
_TENS_WORD = "|".join(TENS_KK)
NUMBER = rf"(?:\d+|(?:{_TENS_WORD})(?:\s+(?:{_UNIT_WORD}))?|{_UNIT_WORD})"

# Order matters: "жұмыс күні" before a bare "күн".
UNIT_PATTERNS = (
    ("working_day", r"жұмыс\s+күн\w*"),
    ("calendar_day", r"күнтізбелік\s+күн\w*"),
    ("calendar_day", r"күн(?:і|нен|ге|де|ін|ді)?\b"),
    ("minute", r"минут\w*"),
    ("hour", r"сағат\w*"),
    ("month", r"ай(?:\b|дан|ға|ға|ды|лық)"),
)
QUANTITY = re.compile(
    rf"(?<![\w.-])({NUMBER})\s*(?:\(\w+\)\s*)?(" + "|".join(f"(?P<{u}{i}>{p})" for i, (u, p) in enumerate(UNIT_PATTERNS)) + ")",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int
    unit: str
    start: int      # character offsets inside the sentence
    end: int


def word_number(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    parts = token.split()
    value = TENS_KK.get(parts[0], 0) or UNITS_KK.get(parts[0], 0)
    if len(parts) > 1:
        value += UNITS_KK.get(parts[1], 0)
    return value


def quantities(sentence: str) -> list[Quantity]:
    """Every "number + unit" in a sentence, in order."""
    found: list[Quantity] = []
    for m in QUANTITY.finditer(sentence):
        unit = next(UNIT_PATTERNS[int(k[-1])][0] if k[-1].isdigit() else None
                    for k, v in m.groupdict().items() if v)
        # a series "7, 10 және 15 жұмыс күні": the earlier numbers share the unit
        found.append(Quantity(word_number(m.group(1)), unit, m.start(), m.end()))
        head = sentence[:m.start()]
        series = re.search(r"((?:\d+\s*,\s*)*\d+)\s*(?:,|және|немесе)\s*$", head)
        if series and m.group(1).isdigit():
            for n in re.findall(r"\d+", series.group(1)):
                found.insert(len(found) - 1, Quantity(int(n), unit, m.start(), m.end()))
    return found
