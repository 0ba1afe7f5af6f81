"""What the parsers produce: plain dataclasses, independent of the database.

`knowledge.build` turns these into ORM rows; tests assert on them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.parse.source import Span


@dataclass(slots=True)
class Flag:
    """A defect of the source recorded as data (never silently repaired)."""
    code: str            # e.g. "copy_paste_durations", "corrupt_row", "wrong_appendix_ref"
    message: str
    span: Span | None = None


@dataclass(slots=True)
class Act:
    file: str
    number: str              # "1741"
    date: str                # ISO "2012-12-29"
    title: str
    status: str              # "repealed" | "in_force"
    repealed_by_number: str | None
    repealed_by_date: str | None
    notes: list[str] = field(default_factory=list)   # the "Ескерту." editorial notes
    amends: list[dict] = field(default_factory=list)  # [{"number": "2223", "date": "2009-12-29"}]


@dataclass(slots=True)
class Appendix:
    """One appendix ("N-қосымша") of a standard: an office list, a form, a quality table."""
    standard_id: str
    no: int
    title: str               # the caption text after "N-қосымша", joined
    kind: str                # see knowledge.parse.appendices.APPENDIX_KINDS
    start: int               # first line of the appendix (its caption), 1-based
    end: int                 # last line, inclusive
    file: str

    @property
    def span(self) -> Span:
        return Span(self.file, self.start, self.end)


@dataclass(slots=True)
class OfficeRow:
    """One row of one copy of an office table, before copies are merged."""
    kind: str                # office kind, see knowledge.parse.offices.OFFICE_KINDS
    region: str              # canonical Kazakh region name, e.g. "Ақмола облысы"
    number: str | None       # the row number as printed ("1", "2.", "3)") or None
    name: str
    address: str
    phones: list[str]        # normalised, e.g. "+7 (7162) 25-00-67"
    emails: list[str]
    hours: str | None        # forward-filled within the region for merged cells
    span: Span
    standard_id: str | None  # the standard whose appendix holds this copy
    extra: dict = field(default_factory=dict)   # columns some lists add (head's phone, website…)
    flags: list[Flag] = field(default_factory=list)


@dataclass(slots=True)
class Office:
    """One real office after merging all copies of all lists."""
    id: str                  # stable: "{kind}/{region-slug}/{name-slug}"
    kind: str
    name: str
    region: str
    district: str | None
    settlement: str | None
    address: str
    phones: list[str]
    emails: list[str]
    hours: str | None
    standards: list[str]
    sources: list[Span]
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None   # "settlement" | "district" | "region" | None
    variants: list[dict] = field(default_factory=list)  # other spellings seen in other copies
    flags: list[Flag] = field(default_factory=list)
