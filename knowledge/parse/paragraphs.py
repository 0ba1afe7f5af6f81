"""Split a standard's body into its numbered paragraphs (тармақ) and their lines.

Paragraph numbers run 1..25–27 across the five sections. A "N." line starts a
paragraph only if N is the next number: that is how "1." used as a sub-item
inside §4 (000:10156) and "11.1." sub-paragraphs stay inside their paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse.segment import SECTION, StandardBlock
from knowledge.parse.source import Document, Span

PARAGRAPH = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
MARKER = re.compile(r"^(?:-\s*)?(\d{1,2}\.\d{1,2}\.|\d{1,2}\)|\d{1,2}\.)\s*(.*)$")


@dataclass(slots=True)
class Item:
    """One logical line of a paragraph: a sentence, a sub-item "3)" or a lead-in ending in ":"."""
    text: str               # without its marker
    marker: str | None      # "3)", "11.2.", "1." or None
    start: int
    end: int

    @property
    def full(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


@dataclass(slots=True)
class Paragraph:
    number: int
    section: int
    start: int
    end: int
    items: list[Item] = field(default_factory=list)   # items[0] is the paragraph's own sentence

    @property
    def text(self) -> str:
        return "\n".join(item.full for item in self.items)

    @property
    def lead(self) -> str:
        return self.items[0].text if self.items else ""

    def span(self, file: str) -> Span:
        return Span(file, self.start, self.end)


def _logical_lines(doc: Document, start: int, end: int) -> list[tuple[str, int, int]]:
    """Join hard-wrapped lines: a line without closing punctuation followed by one that starts
    in lower case continues the same sentence (003 wraps paragraphs mid-sentence)."""
    out: list[tuple[str, int, int]] = []
    for line in doc.between(start, end):
        if line.blank or line.is_cell:
            continue
        text = line.text
        if out:
            prev, s, _ = out[-1]
            continues = (not re.search(r"[.;:!?]$", prev)) and (text[:1].islower() or text[:1] in "(«\"")
            if continues and not MARKER.match(text):
                out[-1] = (f"{prev} {text}", s, line.no)
                continue
        out.append((text, line.no, line.no))
    return out


def split_paragraphs(doc: Document, block: StandardBlock) -> list[Paragraph]:
    heading_lines = set(block.sections.values())
    section_of = sorted((line, no) for no, line in block.sections.items())
    paragraphs: list[Paragraph] = []
    for text, start, end in _logical_lines(doc, block.anchor + 1, block.body_end):
        if start in heading_lines or SECTION.match(text):
            continue
        m = PARAGRAPH.match(text)
        expected = paragraphs[-1].number + 1 if paragraphs else 1
        if m and int(m.group(1)) == expected:
            section = max((no for line, no in section_of if line <= start), default=1)
            paragraphs.append(Paragraph(expected, section, start, end, [Item(m.group(2), None, start, end)]))
            continue
        if not paragraphs:
            continue  # text between the heading and §1 (none in the seeds)
        mm = MARKER.match(text)
        item = Item(mm.group(2), mm.group(1), start, end) if mm and mm.group(2) else Item(text, None, start, end)
        paragraphs[-1].items.append(item)
        paragraphs[-1].end = end
    return paragraphs
