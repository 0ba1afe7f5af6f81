"""A third probe of the masker, phones alone (issue 15, point 4): 220 messages written on 2026-12-03 by a helper
session that did not read the masker or its tests (tests/dialogs/pii_phones.jsonl: the text, the phones in it as
written, a note). 130 hold a phone: mobiles in every spacing, towns' numbers with their code and, the hard part,
without it (5–7 digits) after or before the words that say so, in Russian, Kazakh and English; 90 are clean and hold
numbers a masker might take for one: sums, dates, hours, postcodes, application, case and receipt numbers, 1414.

Its first run hid 107 of the 130 (every miss a town's number without its code: "звоните мне 55 12 34", "наш номер",
"Маған 25-12-34 нөміріне хабарласыңыз", "reach me at") and changed 3 clean messages, each for a number of 12 digits
("номер заказа 240512345678"): masked on purpose, as an ИИН mistyped or with a wrong checksum is one too. The
systematic misses became rules in dialogs/privacy.py, so the set is a guard now (tests/dialogs/test_pii_phones.py),
not a held-out measure. A phone counts as hidden when no four of its digits in a row are left that were not in the
message beside it.

A second set, tests/dialogs/pii_phones_notes.jsonl (160 messages: 90 with a phone, 62 of them a town's number
without its code; 70 clean), was written the same day by another helper after those rules, in the style of an
operator's notes and pasted contact blocks: multi-line forms, "Абонент просит перезвонить на …", departments'
numbers one per line. Its first run hid 62 of 90 and changed no clean message. Most of its misses were a phone word
a few words before the number ("телефон отдела на двери 41-22-08"), which became a rule (73 of 90 since), and
labels in a list of departments' numbers ("Канцелярия: 272-15-41"), which did not: a rule for them took speakers'
names, hours and dates on the next line of a form for labels. A guard now, like the first.

    .venv/bin/python -m tests.dialogs.pii_phones      prints the figures, every miss and every clean message changed
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SET = Path(__file__).with_name("pii_phones.jsonl")
NOTES = Path(__file__).with_name("pii_phones_notes.jsonl")
_MARK = re.compile(r"\[(?:IIN|phone|card|number|email|name)(?: …\d{0,2})?\]")


@dataclass(frozen=True)
class Case:
    text: str
    phones: tuple[str, ...]
    note: str


def cases(path: Path = SET) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["text"], tuple(r["phones"]), r["note"]) for r in rows]


_NUMBER = re.compile(r"\d(?:[\s().\-]*\d)*")       # digits and what separates them within one number


def _runs_of_four(text: str) -> set[str]:
    """Every four digits in a row within one number of the text."""
    runs = set()
    for number in _NUMBER.findall(text):
        digits = re.sub(r"\D", "", number)
        runs |= {digits[i:i + 4] for i in range(len(digits) - 3)}
    return runs


def leaked(case: Case, masked: str) -> list[str]:
    """The phones of the case of which four digits in a row are still readable in `masked` (a mark's last two are
    not), and were not in the message beside the phones."""
    beside = case.text
    for phone in case.phones:
        beside = beside.replace(phone, " | ")
    left = _runs_of_four(_MARK.sub(" | ", masked)) - _runs_of_four(beside)
    return [p for p in case.phones if p in masked or _runs_of_four(p) & left]


@dataclass(frozen=True)
class Score:
    hidden: int                          # messages with a phone whose every phone is hidden
    with_phones: int
    misses: list[tuple[str, str]]        # (message, masked)
    changed: list[tuple[str, str]]       # clean messages changed: (message, masked)


def score(mask: Callable[[str], str], path: Path = SET) -> Score:
    misses, changed, hidden, with_phones = [], [], 0, 0
    for case in cases(path):
        masked = mask(case.text)
        if not case.phones:
            if masked != case.text:
                changed.append((case.text, masked))
            continue
        with_phones += 1
        if leaked(case, masked):
            misses.append((case.text, masked))
        else:
            hidden += 1
    return Score(hidden, with_phones, misses, changed)


def main() -> None:
    from dialogs.privacy import mask

    for path in (SET, NOTES):
        found = score(mask, path)
        print(f"{path.name}: phones hidden in {found.hidden} of {found.with_phones} messages; clean messages "
              f"changed: {len(found.changed)} of {len(cases(path)) - found.with_phones}")
        for text, masked in found.misses:
            print(f"  missed   | {text!r}\n           -> {masked!r}")
        for text, masked in found.changed:
            print(f"  changed  | {text!r}\n           -> {masked!r}")


if __name__ == "__main__":
    main()
