"""Checking the reviewed readings (knowledge/situations) against the raw source files: every quote in
its line, the texts in every language, the numbers in their quotes, and the rules a citizen relies on
(never two unconditional terms for one way of applying; every document line of §11 accounted for).
`qyzmet kb situations` runs it; knowledge.complaint uses the same quote checks.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from knowledge.normalize import LATIN_TO_CYRILLIC
from knowledge.situation import ID, LANGUAGES, MIN_QUOTE, SOURCES, TITLE_MAX, Cite, Fact, Reading, TermKind, Unit
from knowledge.standard import Text

_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
KAZAKH_NUMBERS = {
    1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз", 9: "тоғыз",
    10: "он", 12: "он екі", 14: "он төрт", 15: "он бес", 20: "жиырма", 30: "отыз", 45: "қырық бес",
    60: "алпыс", 90: "тоқсан",
}


def fold_quote(text: str) -> str:
    """Case, whitespace, NBSP, quotes, dashes and Latin look-alikes folded; nothing else."""
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ").translate(_DASHES)
    return " ".join(text.translate(LATIN_TO_CYRILLIC).lower().split())


@functools.cache
def source_lines(file: str) -> tuple[str, ...]:
    return tuple((SOURCES / file).read_text(encoding="utf-8").split("\n"))


def check_cites(where: str, cites: tuple[Cite, ...], lines: tuple[str, ...], problems: list[str]) -> None:
    if not cites:
        problems.append(f"{where}: no source")
    for c in cites:
        if not 1 <= c.line <= len(lines):
            problems.append(f"{where}: line {c.line} is outside the file")
            continue
        raw = fold_quote(lines[c.line - 1])
        quote = fold_quote(c.quote)
        if len(quote) < min(MIN_QUOTE, len(raw)):
            problems.append(f"{where}: quote {c.quote!r} is shorter than {MIN_QUOTE} characters")
        if quote not in raw:
            problems.append(f"{where}: line {c.line} does not say {c.quote!r}")


def check_text(where: str, text: Text, problems: list[str]) -> None:
    for lang in LANGUAGES:
        if not (text.text(lang) if lang == "kk" else dict(text.translations).get(lang)):
            problems.append(f"{where}: no {lang} text")


def check_fact(where: str, fact: Fact, lines, problems: list[str]) -> None:
    check_text(where, fact.text, problems)
    check_cites(where, fact.sources, lines, problems)
    if fact.condition is not None:
        check_fact(f"{where} condition", fact.condition, lines, problems)


def number_quoted(value, cites: tuple[Cite, ...]) -> bool:
    if value is None:
        return True
    said = " ".join(fold_quote(c.quote) for c in cites)
    number = int(value) if float(value).is_integer() else value
    if re.search(rf"(?<![\d,.]){re.escape(str(number))}(?![\d,])", said):
        return True
    word = KAZAKH_NUMBERS.get(number)
    return bool(word) and re.search(rf"(?<!\w){word}(?!\w)", said) is not None


def _check_deadlines(where: str, deadlines, lines, problems: list[str]) -> None:
    for i, d in enumerate(deadlines):
        here = f"{where} deadline {i + 1}"
        check_cites(here, d.sources, lines, problems)
        if d.condition is not None:
            check_fact(f"{here} condition", d.condition, lines, problems)
        if (d.value is None) != (d.unit == Unit.SAME_DAY):
            problems.append(f"{here}: a value is needed unless the unit is same_day")
        elif not number_quoted(d.value, d.sources):
            problems.append(f"{here}: {d.value} does not appear in its quotes")


def _unconditional_twice(where: str, deadlines, problems: list[str]) -> None:
    seen: dict[str, int] = {}
    for d in deadlines:
        if d.kind != TermKind.PROCESSING or d.condition is not None:
            continue
        for ch in d.channels or ("any",):
            seen[ch] = seen.get(ch, 0) + 1
    for ch, n in seen.items():
        if n > 1:
            problems.append(f"{where}: {n} unconditional processing terms for channel {ch}")


def problems(reading: Reading, parsed_lines: set[int] | None = None) -> list[str]:
    """What is wrong with a reading; `parsed_lines` (the parser's §11 and form-note lines) adds coverage."""
    out: list[str] = []
    if not (SOURCES / reading.source_file).exists():
        return [f"{reading.standard}: no source file {reading.source_file}"]
    lines = source_lines(reading.source_file)
    ids = [s.id for s in reading.situations]
    for sid in ids:
        if not ID.fullmatch(sid) or ids.count(sid) > 1:
            out.append(f"{reading.standard}: situation id {sid!r} is not a unique [a-z0-9_]+")
    if len(reading.situations) > 1:
        check_text(f"{reading.standard} ask", reading.ask, out)
    for s in reading.situations:
        where = f"{reading.standard}/{s.id}"
        check_text(f"{where} title", s.title, out)
        if any(len(v) > TITLE_MAX for v in s.title.all()):
            out.append(f"{where}: a title longer than {TITLE_MAX} characters")
        for lang in LANGUAGES:
            if not s.words_in(lang):
                out.append(f"{where}: no {lang} words")
        check_cites(f"{where} source", s.sources, lines, out)
        for i, doc in enumerate(s.documents):
            check_fact(f"{where} document {i + 1}", doc, lines, out)
        _check_deadlines(where, s.deadlines, lines, out)
        _unconditional_twice(where, (*s.deadlines, *reading.deadlines), out)
        if s.result is not None:
            check_fact(f"{where} result", s.result, lines, out)
        if not s.documents and not reading.documents:
            out.append(f"{where}: no documents")
    where = f"{reading.standard}/common"
    for i, doc in enumerate(reading.documents):
        check_fact(f"{where} document {i + 1}", doc, lines, out)
    _check_deadlines(where, reading.deadlines, lines, out)
    if not reading.situations:
        _unconditional_twice(where, reading.deadlines, out)
    if reading.result is not None:
        check_fact(f"{where} result", reading.result, lines, out)
    if reading.fee is not None:
        for i, a in enumerate(reading.fee.amounts):
            check_text(f"{reading.standard} fee {i + 1}", a.what, out)
            check_cites(f"{reading.standard} fee {i + 1}", a.sources, lines, out)
            if not number_quoted(a.mrp_percent, a.sources):
                out.append(f"{reading.standard} fee {i + 1}: {a.mrp_percent} does not appear in its quotes")
        for i, x in enumerate(reading.fee.exemptions):
            check_fact(f"{reading.standard} exemption {i + 1}", x, lines, out)
        if reading.fee.free and reading.fee.amounts:
            out.append(f"{reading.standard} fee: free, yet with amounts")
    for i, f in enumerate(reading.flags):
        check_text(f"{reading.standard} flag {i + 1}", f.text, out)
        check_cites(f"{reading.standard} flag {i + 1}", f.sources, lines, out)
    if reading.authority is not None:
        check_fact(f"{reading.standard} authority", reading.authority, lines, out)
    for i, g in enumerate(reading.gaps, 1):
        check_text(f"{reading.standard} gap {i}", g.text, out)
        for lang in LANGUAGES:
            if not g.words_in(lang):
                out.append(f"{reading.standard} gap {i}: no {lang} words")
    if parsed_lines is not None:
        used = {c.line for s in reading.situations for d in s.documents for c in d.sources}
        used |= {c.line for d in reading.documents for c in d.sources}
        used |= {line for line, _ in reading.ignored}
        missing = sorted(parsed_lines - used)
        if missing:
            out.append(f"{reading.standard}: document lines used by no situation and not ignored: "
                       + ", ".join(map(str, missing)))
    return out
