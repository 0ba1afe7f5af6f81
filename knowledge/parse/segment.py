"""Find the full-text standards in a decree and cut each into title, body and appendices.

A standard is anchored on its first heading "1. Жалпы ережелер" (once "1. Жалпы
бөлім"), which may be glued to the title line. The title is the run of
unindented lines above it; the block starts at the approval stamp above the
title, if there is one, and ends where the next block starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse.source import Document, Line

ANCHOR = re.compile(r"(?:^|стандарты\s*-?\s*)1\.\s*Жалпы (?:ережелер|бөлім)\s*$")
SECTION = re.compile(
    r"^([1-5])\.\s+(Жалпы ережелер|Жалпы бөлім|Мемлекеттік қызметт?і? көрсету(?:дің)? тәртібі"
    r"|Жұмыс қағидаттары|Жұмыс нәтижелері|Шағымдану тәртібі)\.?$"
)
TITLE_TAIL = re.compile(r"\s*мемлекеттік\s+қызмет\s+(?:көрсету\s+)?стандарты\s*-?\s*$")
STAMP = re.compile(
    r"^(?:Қазақстан Республикасы(?:ның)?|Үкіметінің|\d{4} жылғы.*|№\s*\d*\s*қаулысы(?:на|мен)"
    r"|бекітілген|\d+\s*-\s*қосымша|қосымша)$",
    re.IGNORECASE,
)
APPENDIX_MARK = re.compile(r"(?:^|стандарт(?:ы|ына)\s+)(\d{1,2})\s*-\s*қосымша$", re.IGNORECASE)
SIGNATURE = re.compile(r"Премьер-Министрі")


@dataclass(slots=True)
class AppendixBlock:
    no: int
    start: int          # first line of the caption
    mark: int           # the "N-қосымша" line
    end: int
    title: str          # caption text after the mark, up to the first table cell


@dataclass(slots=True)
class StandardBlock:
    ordinal: int        # 1-based position in the document
    start: int          # block start: stamp, or title when there is none
    title_start: int
    anchor: int         # line of "1. Жалпы ережелер"
    body_end: int       # last line of §5, before the first appendix caption
    end: int            # last line of the block
    title: str          # exact title, quotes and "мемлекеттік қызмет стандарты" removed
    sections: dict[int, int] = field(default_factory=dict)   # section number -> heading line
    appendices: list[AppendixBlock] = field(default_factory=list)


def _is_stamp(line: Line) -> bool:
    return bool(line.text) and not line.is_cell and bool(STAMP.match(line.text))


def _body_indent(line: Line) -> bool:
    """Body paragraphs are indented by several spaces/NBSPs; stamps by at most one space."""
    lead = len(line.raw) - len(line.raw.lstrip(" \xa0"))
    return lead >= 3 and not line.is_cell


def _title_lines(doc: Document, anchor: int) -> tuple[int, str]:
    """Walk up from the anchor collecting the title; returns (first line, joined text)."""
    head = doc.line(anchor).text
    # The heading may be glued to the title's last line: keep what stands before it.
    glued = re.sub(r"\s*1\.\s*Жалпы (?:ережелер|бөлім)\s*$", "", head).strip()
    parts = [glued] if glued else []
    first = anchor
    no = anchor - 1
    while no >= 1:
        line = doc.line(no)
        if line.blank:
            no -= 1
            continue
        if line.text.startswith("Ескерту."):
            no -= 1       # editorial note between title and heading (003)
            continue
        if line.is_cell or _body_indent(line) or _is_stamp(line) or SIGNATURE.search(line.text):
            break
        parts.insert(0, line.text)
        first = no
        no -= 1
    return first, " ".join(parts)


def clean_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = TITLE_TAIL.sub("", text).strip()
    text = text.strip(" «»\"")
    # Inner quotes stay ("«Алтын алқа» ..."); a doubled closer is a typo.
    return text.replace("»»", "»")


def _block_start(doc: Document, title_start: int) -> int:
    start = title_start
    no = title_start - 1
    while no >= 1:
        line = doc.line(no)
        if line.blank:
            no -= 1
            continue
        if _is_stamp(line):
            start = no
            no -= 1
            continue
        break
    return start


def _appendix_title(doc: Document, mark: int, end: int) -> str:
    parts: list[str] = []
    for line in doc.between(mark + 1, min(end, mark + 14)):
        if line.is_cell:
            break
        if line.text:
            parts.append(line.text)
        if len(parts) >= 6:
            break
    return " ".join(parts)


def _caption_start(doc: Document, mark: int, floor: int) -> int:
    """First line of the caption above an appendix mark (the wrapped standard title)."""
    start = mark
    no = mark - 1
    while no > floor and mark - no <= 12:
        line = doc.line(no)
        if line.blank:
            no -= 1
            continue
        if line.is_cell or _body_indent(line) or re.search(r"\d{2}-\d{2}|@|_{4}", line.text):
            break
        start = no
        no -= 1
    return start


def _find_appendices(doc: Document, sec5: int, end: int) -> list[AppendixBlock]:
    marks: list[tuple[int, int]] = []
    for line in doc.between(sec5 + 1, end):
        if line.is_cell or not line.text:
            continue
        m = APPENDIX_MARK.search(line.text)
        if not m:
            continue
        prev = next((p for p in reversed(doc.between(max(1, line.no - 4), line.no - 1)) if p.text), None)
        if prev is not None and prev.text.endswith("қаулысына"):
            continue  # a decree-level caption, not an appendix of this standard
        marks.append((line.no, int(m.group(1))))
    blocks: list[AppendixBlock] = []
    floor = sec5
    for i, (mark, no) in enumerate(marks):
        start = _caption_start(doc, mark, floor)
        blocks.append(AppendixBlock(no, start, mark, end, ""))
        if i:
            blocks[i - 1].end = start - 1
        floor = mark
    for block in blocks:
        block.title = _appendix_title(doc, block.mark, block.end)
    return blocks


def find_standards(doc: Document) -> list[StandardBlock]:
    anchors = [line.no for line in doc.lines if not line.is_cell and ANCHOR.search(line.text)]
    if not anchors:
        raise doc.error(1, "no service standard found (no '1. Жалпы ережелер' heading)")
    blocks: list[StandardBlock] = []
    for i, anchor in enumerate(anchors, start=1):
        title_start, raw_title = _title_lines(doc, anchor)
        title = clean_title(raw_title)
        if not title:
            raise doc.error(anchor, "standard without a title above its first heading")
        blocks.append(StandardBlock(i, _block_start(doc, title_start), title_start, anchor, 0, len(doc), title))
    for prev, nxt in zip(blocks, blocks[1:]):
        prev.end = nxt.start - 1
    for block in blocks:
        for line in doc.between(block.anchor, block.end):
            if line.is_cell or _body_indent(line):
                continue
            m = SECTION.match(line.text) if line.no != block.anchor else re.search(r"(1)\.\s*Жалпы", line.text)
            if m and int(m.group(1)) == len(block.sections) + 1:
                block.sections[int(m.group(1))] = line.no
        if 5 not in block.sections:
            raise doc.error(block.anchor, f"standard «{block.title[:60]}» has no section 5 (Шағымдану тәртібі); "
                                          f"sections found: {sorted(block.sections)}")
        block.appendices = _find_appendices(doc, block.sections[5], block.end)
        block.body_end = (block.appendices[0].start - 1) if block.appendices else block.end
    return blocks
