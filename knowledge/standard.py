"""A service standard as typed, frozen objects: what the dialogs read, each text in every language it has.

Built from the knowledge base's export (`knowledge.query.standard`), which stays the
one place that knows the tables; this is the shape the rest of the assistant uses.
Every citizen-facing text is a `Text`: the Kazakh source and its reviewed
translations, read with `.text(language)` (the Kazakh where a translation is missing).
Where a fact came from stays with it: source lines, the standard's paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.complaint import Routes
    from knowledge.situation import Reading

_TRANSLATED = re.compile(r"^(?P<field>.+)_(?P<language>[a-z]{2})$")


@dataclass(frozen=True, slots=True)
class Text:
    kk: str | None
    translations: tuple[tuple[str, str], ...] = ()

    def text(self, language: str) -> str | None:
        """In `language`, else the Kazakh source."""
        return dict(self.translations).get(language) or self.kk

    def all(self) -> tuple[str, ...]:
        """The source and every translation."""
        return tuple(t for t in (self.kk, *(v for _, v in self.translations)) if t)

    def __bool__(self) -> bool:
        return bool(self.kk or self.translations)

    @classmethod
    def of(cls, holder: dict | None, field: str) -> Text:
        """`holder[field]` with its `field_<language>` translations, as the export writes them."""
        if not holder:
            return cls(None)
        # the source is `field`, or `field_kk` where the export names it so (title_kk, short_name_kk)
        translated = tuple(sorted((m["language"], v) for k, v in holder.items()
                                  if v and (m := _TRANSLATED.match(k)) and m["field"] == field
                                  and m["language"] != "kk"))
        return cls(holder.get(field) or holder.get(f"{field}_kk"), translated)


Lines = tuple[int, int]


def _lines(source: dict | None) -> Lines | None:
    lines = (source or {}).get("lines")
    return (lines[0], lines[1]) if lines else None


@dataclass(frozen=True, slots=True)
class Item:
    """One document of a list."""
    document: Text
    conditional: bool          # "if any", "when …": not everyone brings it
    one_of: bool               # one of several, each for its own case
    lines: Lines | None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A list of documents: for a situation, for a way of applying, or added to every list."""
    label: Text
    channel: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Duration:
    kind: str                  # processing | …
    channel: str               # hqo | authority | portal | any …
    value: float | int | None
    unit: str | None
    condition: str | None      # set for a deadline in a particular case
    wording: Text


@dataclass(frozen=True, slots=True)
class Amount:
    what: Text
    mrp_percent: float


@dataclass(frozen=True, slots=True)
class Fee:
    free: bool
    amounts: tuple[Amount, ...]
    wording: Text


@dataclass(frozen=True, slots=True)
class Route:
    """Where a complaint goes."""
    about: str                 # result | service
    how: tuple[str, ...]       # in_person, in_writing, online…
    route: Text
    paragraph: int | None


@dataclass(frozen=True, slots=True)
class Term:
    value: float | int
    unit: str


@dataclass(frozen=True, slots=True)
class Complaint:
    routes: tuple[Route, ...]
    explains: tuple[Text, ...]
    response_deadlines: tuple[Term, ...]
    response_by_law: str | None            # the law whose time limits apply ("applications_2007"), when cited
    reply_slip: bool | None                # None: no slip; True: it carries the date of the answer
    court: Text
    phones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    act_number: str
    act_date: str | None
    repealed: bool
    repealed_by_number: str | None
    repealed_by_date: str | None


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int
    lines: Lines


@dataclass(frozen=True, slots=True)
class Standard:
    id: str
    title: Text
    short_name: Text
    channels: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    notes: tuple[Text, ...]                # the standard's notes on its documents
    durations: tuple[Duration, ...]
    fee: Fee
    result: Text
    refusal_grounds: tuple[Text, ...]
    complaint: Complaint
    paragraphs: tuple[Paragraph, ...]
    source: Source
    reading: Reading | None = None          # the reviewed per-situation facts (knowledge/situations)
    routes: Routes | None = None            # the complaint routes, resolved (knowledge/complaints)

    def name(self, language: str) -> str:
        """The everyday name ("Справка о несудимости"), else the official title."""
        return self.short_name.text(language) or self.title.text(language) or self.id

    def paragraph_at(self, line: int | None) -> int | None:
        """The number of the standard's paragraph holding a source line."""
        return next((p.number for p in self.paragraphs if line is not None and p.lines[0] <= line <= p.lines[1]),
                    None)

    @classmethod
    def from_export(cls, d: dict) -> Standard:
        from knowledge import complaint as resolved_routes, situation      # they read Text from here
        docs, fee, complaint, src = d["documents"], d["fee"], d["complaint"], d["source"]
        by_law, slip = complaint.get("response_by_law"), complaint.get("reply_slip")
        repealed = src.get("repealed_by") or {}
        return cls(
            id=d["id"], title=Text.of(d, "title"), short_name=Text.of(d, "short_name"),
            channels=tuple(d["channels"]),
            scenarios=tuple(Scenario(Text.of(sc, "label"), sc.get("channel"), tuple(
                Item(Text.of(it, "text"), bool(it["conditional"]), bool(it["one_of"]), _lines(it.get("provenance")))
                for it in sc["items"])) for sc in docs["scenarios"]),
            notes=tuple(Text.of(n, "text") for n in docs.get("notes") or ()),
            durations=tuple(Duration(x["kind"], x["channel"], x["value"], x["unit"], x["condition"], Text.of(x, "raw"))
                            for x in d["durations"]),
            fee=Fee(bool(fee["free"]), tuple(Amount(Text.of(a, "what"), a["mrp_percent"]) for a in fee["amounts"]),
                    Text.of(fee, "raw")),
            result=Text.of(d["result"], "raw"),
            refusal_grounds=tuple(Text.of(g, "text") for g in d["refusal_grounds"]),
            complaint=Complaint(
                routes=tuple(Route(r["about"], tuple(r["how"]), Text.of(r, "text"), r.get("paragraph"))
                             for r in complaint["routes"]),
                explains=tuple(Text.of(e, "text") for e in complaint["explains"]),
                response_deadlines=tuple(Term(t["value"], t["unit"]) for t in complaint.get("response_deadlines") or ()),
                response_by_law=by_law["law"] if by_law else None,
                reply_slip=None if not slip else bool(slip.get("reply_date")),
                court=Text.of(complaint.get("court"), "text"),
                phones=tuple(complaint.get("phones") or ())),
            paragraphs=tuple(Paragraph(p["number"], _lines(p["source"])) for p in d.get("paragraphs") or ()),
            source=Source(src["act_number"], src.get("act_date"), src.get("status") == "repealed",
                          repealed.get("number"), repealed.get("date")),
            reading=situation.load(d["id"]), routes=resolved_routes.load(d["id"]))
