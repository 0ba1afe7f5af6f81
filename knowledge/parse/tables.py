"""Office tables as rows of cells, whatever way the dump flattened them.

Three encodings occur (notes seeds-000-001 §4.2, seeds-002-004 §4a):

* cell-per-line (000, 001, 002, 004): every cell is a TAB-prefixed line, rows are
  separated by blank lines, and lines without a TAB continue the previous cell
  (a second phone, an address tail, an e-mail, a schedule split over lines);
* one row per line, TAB-separated (003), with `Ақмола облысы\\t\\t\\t` group
  lines, a `--` row and rows whose contacts cell slid onto a line of its own;
* rows whose first cells were lost, the survivor glued to the previous row by a
  line that starts with `' \\t'`.

This module knows nothing about offices: it yields `Row`s (positional cells with
line numbers) and `Group`s (region/section captions) in document order, and
leaves the meaning of columns to `knowledge.parse.offices`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.normalize import repair, squash
from knowledge.parse.source import Line

# "1", "2.", "3)", "1).", "32" – a row number cell. Three digits at most, so a
# phone written without separators ("3962188") is never taken for one.
ROW_NUMBER = re.compile(r"^№?\s*(\d{1,3})\s*(?:[.)]|\)\.)?$")
# A cell made only of phone numbers (continuation blocks, split phone cells).
PHONE_ONLY = re.compile(r"^[\d\s()\-,;.]*\d{2}[\d\s()\-,;.]*$")
_HEADER_FIRST = re.compile(r"^(р\s*/\s*с\s*№?|№(\s*р\s*/\s*с)?)$", re.I)
_DASHES = re.compile(r"^-+$")
# The first lines of the next appendix caption ("«Title…» / мемлекеттік қызмет
# стандартына / 3-қосымша"); a table never continues past them.
CAPTION = re.compile(r"^[«\"“][^\d]*$|стандартына|^\d+\s*-\s*(қосымша|ҚОСЫМША)")


@dataclass(slots=True)
class Cell:
    text: str
    line: int
    glued: bool = False      # the line started with ' \t' (see module doc)


@dataclass(slots=True)
class Row:
    cells: list[Cell]                    # cells[0] is the number cell ("" when unnumbered)
    start: int
    end: int
    notes: list[str] = field(default_factory=list)   # defects seen while reading: "glued", "number_without_tab", …
    header: tuple[str, ...] = ()         # the header in force (001 repeats it per region, with a different tail)

    @property
    def number(self) -> str | None:
        return self.cells[0].text or None if self.cells else None

    @property
    def glued(self) -> bool:
        return any(c.glued for c in self.cells)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def add(self, cell: Cell) -> None:
        self.cells.append(cell)
        self.end = max(self.end, cell.line)

    def extend_last(self, text: str, line: int, index: int | None = None) -> None:
        """Append a continuation line to a cell (the last one unless told)."""
        cell = self.cells[-1 if index is None else index]
        cell.text = squash(f"{cell.text} {text}")
        self.end = max(self.end, line)


@dataclass(slots=True)
class Group:
    """A caption between rows that names a region or a section."""
    text: str
    line: int


@dataclass(slots=True)
class Table:
    header: list[str]
    items: list[Row | Group]
    encoding: str            # "cells" | "tsv"

    @property
    def rows(self) -> list[Row]:
        return [i for i in self.items if isinstance(i, Row)]


def is_row_number(text: str) -> bool:
    return bool(ROW_NUMBER.match(text.strip()))


def is_phone_only(text: str) -> bool:
    return bool(PHONE_ONLY.match(text)) and not is_row_number(text)


def read_table(lines: list[Line], is_group=lambda text: False) -> Table:
    """Read the table part of an appendix (caption lines are tolerated and skipped).

    `is_group(text)` decides whether a caption-like text is a region/section
    header; the caller knows the regions, this module does not.
    """
    tabbed = [ln for ln in lines if ln.is_cell or "\t" in ln.raw.strip("\t ")]
    multi = sum(1 for ln in tabbed if ln.raw.strip().count("\t") >= 2)
    if tabbed and multi > len(tabbed) / 2:
        return _read_tsv(lines, is_group)
    return _read_cells(lines, is_group)


# --- cell-per-line ---------------------------------------------------------------

def _colnums_at(lines: list[Line], i: int) -> int:
    """Length of a `1 2 3 4` column-number block starting at lines[i] (0 if none)."""
    k = 0
    while i + k < len(lines) and lines[i + k].is_cell and lines[i + k].text == str(k + 1):
        k += 1
    return k if k >= 3 else 0


def _read_cells(lines: list[Line], is_group) -> Table:
    header: list[str] = []
    items: list[Row | Group] = []
    ncols = 0
    row: Row | None = None
    in_header = False
    i = 0

    def full(r: Row | None) -> bool:
        return r is None or (ncols > 0 and len(r.cells) >= ncols)

    def placeholder(r: Row | None) -> bool:
        # an empty number cell waiting for its row (unnumbered бөлімше rows)
        return r is not None and len(r.cells) == 1 and not r.cells[0].text

    def start(cells: list[Cell], note: str | None = None) -> Row:
        nonlocal row
        if placeholder(row):
            items.remove(row)
        row = Row(cells, cells[0].line, cells[-1].line, [note] if note else [], tuple(header))
        items.append(row)
        return row

    while i < len(lines):
        ln = lines[i]
        t = ln.text
        if ln.blank and not ln.is_cell:
            i += 1
            continue
        if ln.is_cell:
            k = _colnums_at(lines, i)
            if k:
                # rows before the column numbers are a header that lost its
                # first cell (000:21088–21089): fold them into the header
                while items and isinstance(items[-1], Row) and not items[-1].number:
                    header = [c.text for c in items.pop().cells if c.text] + header
                row = None
                ncols = k
                in_header = False
                i += k
                continue
            if _HEADER_FIRST.match(t) and not is_row_number(t) and (row is None or full(row) or placeholder(row)):
                # a header row (repeated per region in some 001 lists)
                if placeholder(row):
                    items.remove(row)
                row = None
                header = [t]
                in_header = True
                i += 1
                continue
            if in_header and not is_row_number(t):
                header.append(t)
                i += 1
                continue
            if in_header:
                in_header = False
                ncols = ncols or len(header)
            if is_row_number(t) and (row is None or full(row) or placeholder(row) or len(row.cells) >= 2):
                start([Cell(t, ln.no, ln.is_glued_cell)], "glued" if ln.is_glued_cell else None)
            elif row is None or full(row):
                if ln.is_glued_cell:
                    # the row's number (and often its name) was lost: keep what
                    # survives as a row of its own, marked, never merged silently
                    start([Cell("", ln.no, True), Cell(t, ln.no, True)], "glued")
                elif not t:
                    start([Cell("", ln.no)])
                elif is_phone_only(t) and row is not None:
                    row.extend_last(t, ln.no)
                elif is_group(t):
                    row = None
                    items.append(Group(t, ln.no))
                else:
                    # after a glued row this is more debris of the same corruption (001:47054)
                    after_glued = row is not None and "glued" in row.notes
                    start([Cell("", ln.no), Cell(t, ln.no)], "after_glued" if after_glued else "unnumbered")
            else:
                row.add(Cell(t, ln.no, ln.is_glued_cell))
                if ln.is_glued_cell and "glued" not in row.notes:
                    row.notes.append("glued")
            i += 1
            continue
        # a line without TAB
        if items and CAPTION.search(t):
            break                      # the next appendix's caption: the table is over
        if in_header:
            header[-1] = squash(f"{header[-1]} {t}")     # "Р/с" + "№"
        elif is_row_number(t) and (row is not None and (full(row) or placeholder(row))):
            start([Cell(t, ln.no)], "number_without_tab")
        elif is_group(t) and (row is None or full(row) or placeholder(row)):
            if placeholder(row):
                items.remove(row)
            row = None
            items.append(Group(t, ln.no))
        elif row is not None and not placeholder(row):
            row.extend_last(t, ln.no)
        # anything else is caption text around the table
        i += 1
    if placeholder(row):
        items.remove(row)
    return Table(header, items, "cells")


# --- one row per line (003) ------------------------------------------------------

def _read_tsv(lines: list[Line], is_group) -> Table:
    header: list[str] = []
    items: list[Row | Group] = []
    for ln in lines:
        if ln.blank:
            continue
        raw = ln.raw.replace("\xa0", " ")
        if "\t" not in raw:
            if is_group(ln.text):
                items.append(Group(ln.text, ln.no))   # 003:670 lost its TABs
            continue
        cells = [squash(repair(c)) for c in raw.split("\t")]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()                                 # 003:467–494 trailing TAB
        if all(_DASHES.match(c) or not c for c in cells):
            continue                                    # "--\t--\t--\t--"
        if cells and all(c == str(k + 1) for k, c in enumerate(cells)):
            continue                                    # column numbers
        if _HEADER_FIRST.match(cells[0]) and not is_row_number(cells[0]):
            header = cells
            continue
        if len(cells) == 1:
            if is_group(cells[0]):
                items.append(Group(cells[0], ln.no))
            continue
        first = cells[0]
        if first and not is_row_number(first):
            # a number cell that holds text: treat the line as unnumbered
            cells = [""] + cells
        row = Row([Cell(c, ln.no) for c in cells], ln.no, ln.no, header=tuple(header))
        if not any(cells[1:-1]) and cells[-1]:
            row.notes.append("orphan_contacts")          # 003:311, 381, 397
        items.append(row)
    _rejoin_orphans(items)
    return Table(header, items, "tsv")


def _rejoin_orphans(items: list[Row | Group]) -> None:
    """Give a contacts cell that slid onto a line of its own back to its row.

    It belongs to the next row when that row's contacts start without a phone
    (003:311 → 313: the row holds only e-mails), otherwise to the previous row
    (003:397 continues "E-mail: dsh_uko@" of 395). Notes seeds-002-004 §7."""
    for i, item in reversed(list(enumerate(items))):
        if not isinstance(item, Row) or "orphan_contacts" not in item.notes:
            continue
        nxt = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], Row) else None
        prev = items[i - 1] if i and isinstance(items[i - 1], Row) else None
        text = item.cells[-1].text
        if nxt is not None and not re.match(r"(?i)\s*(тел|\d)", nxt.cells[-1].text):
            nxt.cells[-1].text = squash(f"{text} {nxt.cells[-1].text}")
            nxt.start = item.start
            target = nxt
        elif prev is not None:
            prev.cells[-1].text = squash(f"{prev.cells[-1].text} {text}")
            prev.end = item.end
            target = prev
        else:
            continue
        target.notes.append(f"displaced_contacts:{item.start}")
        del items[i]
