"""The facts of a standard for each applicant's situation, read from the source and cited.

A reviewed reading (knowledge/situations/<id>.yml, described in its README) of what the
parser cannot tell by pattern: which documents, terms and results belong to whom. Every
fact carries the lines it was read from and a quote of each, which knowledge.situation_check
checks against the raw source file with the rules a citizen relies on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

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
