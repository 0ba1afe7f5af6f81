"""The decree around the standards: act number, date, status, the repealing act,
editorial notes, and the service titles its amending text uses (kept as aliases)."""

from __future__ import annotations

import re

from knowledge.normalize import fold_kk
from knowledge.parse.source import Document
from knowledge.records import Act

MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
          "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
_DATE = r"(\d{4}) жылғы (\d{1,2}) (\w+?)(?:дағы|дегі|тағы|тегі)"
ACT_LINE = re.compile(rf"Үкіметінің {_DATE} № (\d+) Қаулысы\.(?:\s*Күші жойылды\s*-\s*.*?Үкіметінің {_DATE} № (\d+))?")
QUOTED_TITLE = re.compile(r"[«\"]\s*((?:[^«»\"]|«[^«»]*»)+?)\s*[»\"]\s*мемлекеттік\s+қызмет")


def iso_date(year: str, day: str, month_word: str) -> str:
    month = next((n for stem, n in MONTHS.items() if month_word.startswith(stem[:-1]) or month_word.startswith(stem)), None)
    if month is None:
        raise ValueError(f"unknown month {month_word!r}")
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


def parse_act(doc: Document, header_end: int) -> Act:
    """Read the header (first lines up to the first standard)."""
    title = next((line.text for line in doc.lines if line.text and not line.text.startswith("[image")), "")
    status = None
    match = None
    notes: list[str] = []
    for line in doc.between(1, min(header_end, 60)):
        if line.text == "Күшін жойған":
            status = "repealed"
        if match is None:
            match = ACT_LINE.search(line.text)
        if line.text.startswith("Ескерту."):
            notes.append(line.text)
    if match is None:
        raise doc.error(1, "decree header without 'Үкіметінің <date> № N Қаулысы.' line")
    year, day, month, number, r_year, r_day, r_month, r_number = match.groups()
    if r_number and status is None:
        status = "repealed"
    amends = [dict(t) for t in dict.fromkeys(
              tuple({"number": n, "date": iso_date(y, d, m)}.items())
              for y, d, m, n in re.findall(rf"{_DATE}\s*№\s*(\d+)\s*(?:қаулысына|қаулыларына)", " ".join(
                  line.text for line in doc.between(1, min(header_end, 60)))))]
    return Act(
        file=doc.name, number=number, date=iso_date(year, day, month), title=title,
        status=status or "in_force",
        repealed_by_number=r_number, repealed_by_date=iso_date(r_year, r_day, r_month) if r_number else None,
        notes=notes, amends=amends,
    )


def _key(title: str) -> set[str]:
    return {w[:5] for w in fold_kk(title).split() if len(w) > 2}


def similarity(a: str, b: str) -> float:
    ka, kb = _key(a), _key(b)
    return len(ka & kb) / max(1, len(ka | kb))


def quoted_titles(doc: Document, start: int, end: int) -> list[tuple[str, int]]:
    """Every «…» мемлекеттік қызмет … title in a line range, with its line."""
    out: list[tuple[str, int]] = []
    for line in doc.between(start, end):
        if line.is_cell:
            continue
        for m in QUOTED_TITLE.finditer(line.text):
            title = re.sub(r"\s+", " ", m.group(1)).strip()
            if len(title) > 10:
                out.append((title, line.no))
    return out


def attach_aliases(candidates: list[tuple[str, int]], titles: dict[str, str],
                   threshold: float = 0.5) -> tuple[dict[str, list[tuple[str, int]]], list[tuple[str, int]]]:
    """Give each candidate title to the standard it most resembles; return the rest as fragments.

    Candidates equal to the standard's own title (after folding) are dropped.
    """
    aliases: dict[str, list[tuple[str, int]]] = {sid: [] for sid in titles}
    fragments: list[tuple[str, int]] = []
    for text, line in candidates:
        best_id, best = max(((sid, similarity(text, t)) for sid, t in titles.items()), key=lambda x: x[1])
        if best < threshold:
            fragments.append((text, line))
            continue
        if fold_kk(text) == fold_kk(titles[best_id]):
            continue
        if all(fold_kk(text) != fold_kk(a) for a, _ in aliases[best_id]):
            aliases[best_id].append((text, line))
    return aliases, fragments
