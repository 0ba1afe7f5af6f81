"""The facts of a standard for each applicant's situation, read from the source and cited.

A reviewed reading (knowledge/situations/<id>.yml, described in its README) of what the
parser cannot tell by pattern: which documents, terms and results belong to whom. Every
fact carries the lines it was read from and a quote of each; `problems` checks the quotes
against the raw source file and the rules a citizen relies on (no two unconditional terms
for one channel, a term's number in its quote, every §11 line accounted for).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from knowledge.normalize import LATIN_TO_CYRILLIC
from knowledge.standard import Text
from knowledge.translation import read_yaml

SITUATIONS = Path(__file__).resolve().parent / "situations"
SOURCES = Path(__file__).resolve().parent / "sources"
LANGUAGES = ("kk", "ru")
MIN_QUOTE = 12
TITLE_MAX = 60
ID = re.compile(r"[a-z0-9_]+")


class Channel(StrEnum):
    AUTHORITY = "authority"
    HQO = "hqo"
    MOBILE_HQO = "mobile_hqo"
    PORTAL = "portal"


class TermKind(StrEnum):
    PROCESSING = "processing"
    QUEUE = "queue"
    SERVICE = "service"


class Unit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    SAME_DAY = "same_day"


class FlagKind(StrEnum):
    CONTRADICTION = "contradiction"
    GARBLED = "garbled"
    COPY_PASTE = "copy_paste"
    WRONG_REFERENCE = "wrong_reference"
    TRUNCATED = "truncated"


@dataclass(frozen=True, slots=True)
class Cite:
    line: int
    quote: str


@dataclass(frozen=True, slots=True)
class Fact:
    text: Text
    sources: tuple[Cite, ...]
    condition: Fact | None = None
    channels: tuple[Channel, ...] = ()        # empty: whichever way one applies

    def lines(self) -> tuple[int, ...]:
        return tuple(c.line for c in self.sources)


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: TermKind
    channels: tuple[Channel, ...]
    value: int | float | None
    unit: Unit
    condition: Fact | None
    sources: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    title: Text
    words: tuple[tuple[str, tuple[str, ...]], ...]    # (language, stems)
    sources: tuple[Cite, ...]
    documents: tuple[Fact, ...]
    deadlines: tuple[Deadline, ...]
    result: Fact | None

    def words_in(self, language: str) -> tuple[str, ...]:
        return dict(self.words).get(language, ())


@dataclass(frozen=True, slots=True)
class Amount:
    what: Text
    mrp_percent: float
    sources: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Fee:
    free: bool
    amounts: tuple[Amount, ...]
    exemptions: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    text: Text
    sources: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    """Something citizens ask that the source does not say ("a passport lost inside Kazakhstan"):
    recognised by its words, and told as such instead of guessed."""
    words: tuple[tuple[str, tuple[str, ...]], ...]
    text: Text

    def words_in(self, language: str) -> tuple[str, ...]:
        return dict(self.words).get(language, ())


@dataclass(frozen=True, slots=True)
class Reading:
    """One standard's situations and the facts common to all of them."""
    standard: str
    source_file: str
    ask: Text
    situations: tuple[Situation, ...]
    documents: tuple[Fact, ...]              # common to every situation
    deadlines: tuple[Deadline, ...]
    result: Fact | None
    fee: Fee | None
    flags: tuple[Flag, ...]
    ignored: tuple[tuple[int, str], ...]
    gaps: tuple[Gap, ...] = ()
    authority: Fact | None = None            # the body the standard calls "уәкілетті орган", by its name

    def situation(self, sid: str | None) -> Situation | None:
        return next((s for s in self.situations if s.id == sid), None)

    def documents_for(self, sid: str | None) -> tuple[Fact, ...]:
        own = self.situation(sid)
        return (*(own.documents if own else ()), *self.documents)

    def deadlines_for(self, sid: str | None) -> tuple[Deadline, ...]:
        own = self.situation(sid)
        return (*(own.deadlines if own else ()), *self.deadlines)

    def result_for(self, sid: str | None) -> Fact | None:
        own = self.situation(sid)
        return own.result if own and own.result else self.result


# ---------------------------------------------------------------- reading the files

def read_text(d: dict | None) -> Text:
    d = d or {}
    return Text(d.get("kk"), tuple((lang, d[lang]) for lang in LANGUAGES if lang != "kk" and d.get(lang)))


def read_cites(items) -> tuple[Cite, ...]:
    return tuple(Cite(int(c["line"]), str(c["quote"])) for c in items or ())


def read_fact(d: dict | None) -> Fact | None:
    if not d:
        return None
    return Fact(read_text(d), read_cites(d.get("source")), read_fact(d.get("condition")),
                tuple(Channel(c) for c in d.get("channels") or ()))


def _deadline(d: dict) -> Deadline:
    return Deadline(TermKind(d.get("kind", "processing")), tuple(Channel(c) for c in d.get("channels") or ()),
                    d.get("value"), Unit(d["unit"]), read_fact(d.get("condition")), read_cites(d.get("source")))


def _words(d: dict | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((lang, tuple(str(w).lower() for w in (d or {}).get(lang) or ())) for lang in LANGUAGES)


def parse_reading(d: dict) -> Reading:
    common = d.get("common") or {}
    fee = d.get("fee")
    return Reading(
        standard=str(d["standard"]), source_file=str(d["source"]), ask=read_text(d.get("ask")),
        situations=tuple(Situation(
            id=str(s["id"]), title=read_text(s.get("title")),
            words=_words(s.get("words")),
            sources=read_cites(s.get("source")),
            documents=tuple(read_fact(x) for x in s.get("documents") or ()),
            deadlines=tuple(_deadline(x) for x in s.get("deadlines") or ()),
            result=read_fact(s.get("result"))) for s in d.get("situations") or ()),
        documents=tuple(read_fact(x) for x in common.get("documents") or ()),
        deadlines=tuple(_deadline(x) for x in common.get("deadlines") or ()),
        result=read_fact(common.get("result")),
        fee=None if fee is None else Fee(
            bool(fee.get("free")),
            tuple(Amount(read_text(a.get("what")), float(a["mrp_percent"]), read_cites(a.get("source")))
                  for a in fee.get("amounts") or ()),
            tuple(read_fact(x) for x in fee.get("exemptions") or ())),
        flags=tuple(Flag(FlagKind(f["kind"]), read_text(f), read_cites(f.get("source"))) for f in d.get("flags") or ()),
        ignored=tuple((int(x["line"]), str(x.get("why") or "")) for x in d.get("ignored") or ()),
        gaps=tuple(Gap(_words(g.get("words")), read_text(g)) for g in d.get("gaps") or ()),
        authority=read_fact(d.get("authority")))


def path_of(standard_id: str) -> Path:
    return SITUATIONS / f"{standard_id}.yml"


@functools.cache
def load(standard_id: str) -> Reading | None:
    """The reading of one standard; None where nobody has written one yet."""
    path = path_of(standard_id)
    return parse_reading(read_yaml(path)) if path.exists() else None


def available() -> list[str]:
    return sorted(p.stem for p in SITUATIONS.glob("*.yml"))


# ---------------------------------------------------------------- checking against the source

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
