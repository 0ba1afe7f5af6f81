"""A source document as numbered lines: the unit every parser works on.

Line numbers are 1-based and refer to the raw file, so every extracted field can
cite `file:line` exactly as `sed -n Np` would show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.normalize import repair

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"


class SourceError(ValueError):
    """A document that cannot be parsed; the message names the file and line."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line


@dataclass(frozen=True, slots=True)
class Line:
    no: int          # 1-based line number in the raw file
    raw: str         # exactly as in the file, without the newline
    text: str        # repaired (homoglyphs, NBSP, spaced letters) and stripped

    @property
    def is_cell(self) -> bool:
        """A table cell: the dumps flatten tables to one TAB-prefixed line per cell."""
        return self.raw.startswith("\t") or self.raw.startswith(" \t")

    @property
    def is_glued_cell(self) -> bool:
        """' \\t' marks a row whose start was lost and glued onto the previous one."""
        return self.raw.startswith(" \t")

    @property
    def indented(self) -> bool:
        """Body paragraphs are indented with NBSP/space runs; headings and titles are not."""
        return self.raw[:1] in (" ", "\xa0") and not self.is_cell

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    start: int
    end: int

    def cite(self) -> str:
        return f"{self.file}:{self.start}" if self.start == self.end else f"{self.file}:{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return {"file": self.file, "lines": [self.start, self.end]}


@dataclass(slots=True)
class Document:
    name: str               # file name, e.g. "000_ac9f1d7715201a7e.txt"
    lines: list[Line]

    def line(self, no: int) -> Line:
        return self.lines[no - 1]

    def between(self, start: int, end: int) -> list[Line]:
        """Lines start..end inclusive (1-based)."""
        return self.lines[start - 1:end]

    def span(self, start: int, end: int | None = None) -> Span:
        return Span(self.name, start, end if end is not None else start)

    def error(self, line: int, message: str) -> SourceError:
        return SourceError(self.name, line, message)

    def __len__(self) -> int:
        return len(self.lines)


def read_document(path: Path) -> Document:
    """Read a source file; undecodable bytes are an error naming the file and line."""
    data = path.read_bytes()
    lines: list[Line] = []
    for no, chunk in enumerate(data.split(b"\n"), start=1):
        try:
            raw = chunk.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as exc:
            raise SourceError(path.name, no, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
        if "\x00" in raw:
            raise SourceError(path.name, no, "binary data (NUL byte) in a text document")
        lines.append(Line(no, raw, repair(raw).strip()))
    if lines and lines[-1].raw == "" and data.endswith(b"\n"):
        lines.pop()  # the final newline does not start a line
    return Document(path.name, lines)


def bundled_sources() -> list[Path]:
    return sorted(SOURCES_DIR.glob("*.txt"))
