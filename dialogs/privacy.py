"""Personal data out of logs, transcripts and caches: ИИН/ЖСН, phone numbers, card numbers, e-mails,
people's names.

People write numbers every way: "900104.300.126", "900112 - 300 - 134", "+7.708.123.45.74",
"8/709/123/45/75", with zero-width spaces pasted in. So the text is first freed of invisible
characters; then, on a copy where the separators between digits are spaces (same length, so
spans carry over), e-mails, card numbers (the Luhn check), twelve-digit numbers and phones
(`phonenumbers`, the Kazakh plan) are found and replaced, keeping the last two digits so an
operator can still tell two numbers apart.

A twelve-digit number is masked whether or not its ИИН checksum holds: a citizen who mistyped one
digit of their ИИН still wrote it. The checksum only says what to call it.

Names are found by dialogs.names (given names, patronymics, surnames next to them, "меня зовут")
and replaced by "[name]", nothing of them kept. airlock-pii 0.1.0, the Kazakh detector on PyPI,
was measured on the same labelled set (tests/dialogs/pii_cases.py) and not adopted: it finds no
name in lower case and none of the issue's spellings of ИИН and phones, takes districts, streets
and "Ұлы Отан соғысы" for people, and costs twice what this whole function does.
"""

from __future__ import annotations

import re

import phonenumbers

from dialogs import names

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[./\\_|](?=\d)")
# from the start of a run only: tried at every letter of a long word, the search took seconds (64 KB: minutes)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s\-–—]"
_CARD = re.compile(rf"(?<![\d+])\d(?:{_SEP}?\d){{12,18}}(?!{_SEP}?\d)")
_TWELVE = re.compile(rf"(?<![\d+])\d(?:{_SEP}{{0,3}}\d){{11}}(?!{_SEP}{{0,3}}\d)")
# what phonenumbers may miss: a Kazakh mobile or city number written loosely
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+7|8)[\s(-]*\d{3,4}[\s)-]*|\(?7\d{2}\)?[\s-]*)\d{2,3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")


NAME = "[name]"


def iin_valid(digits: str) -> bool:
    """The ИИН/БИН control digit (the 12th) as the standard computes it: weights 1…11, then 3…11, 1, 2."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    n = [int(d) for d in digits]
    check = sum(w * d for w, d in zip(range(1, 12), n)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), n)) % 11
    return check != 10 and check == n[11]


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        x = int(d) * (2 if i % 2 else 1)
        total += x - 9 if x > 9 else x
    return total % 10 == 0


def _hidden(kind: str, found: str) -> str:
    digits = re.sub(r"\D", "", found)
    return f"[{kind} …{digits[-2:]}]" if digits else f"[{kind}]"


def mask(text: str) -> str:
    """The text with every ИИН, phone number, card number, e-mail address and person's name replaced."""
    if not text:
        return text
    text = _INVISIBLE.sub("", text)
    spans: list[tuple[int, int, str]] = []
    probe = _BETWEEN_DIGITS.sub(" ", text)          # "8/709/123" read as "8 709 123"; offsets unchanged
    taken = bytearray(len(text))                     # 1 where something was found (a text of many stays linear)

    def take(start: int, end: int, said: str) -> None:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end, said))

    for m in _EMAIL.finditer(probe):
        take(m.start(), m.end(), "[email]")
    for m in _CARD.finditer(probe):                  # 13 to 19 digits: a card if the Luhn check holds
        digits = re.sub(r"\D", "", m.group())
        take(m.start(), m.end(), _hidden("card" if luhn_valid(digits) else "number", digits))
    for m in _TWELVE.finditer(probe):
        digits = re.sub(r"\D", "", m.group())
        take(m.start(), m.end(), _hidden("IIN" if iin_valid(digits) else "number", digits))
    for m in phonenumbers.PhoneNumberMatcher(probe, "KZ", leniency=phonenumbers.Leniency.VALID):
        take(m.start, m.end, _hidden("phone", m.raw_string))
    for m in _PHONE.finditer(probe):
        take(m.start(), m.end(), _hidden("phone", m.group()))
    for start, end in names.find(text):
        take(start, end, NAME)
    out, at = [], 0
    for start, end, said in sorted(spans):
        out += [text[at:start], said]
        at = end
    return "".join(out) + text[at:]
