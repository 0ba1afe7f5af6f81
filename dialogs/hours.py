"""When operators work: `OPERATOR_HOURS` ("mon-fri 09:00-18:00; sat 10:00-14:00"), in Almaty time.

Outside those hours a citizen who asks for a person is told that the question is kept and
will be answered, rather than left waiting for someone who is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT = "mon-fri 09:00-18:00"
_SPAN = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\s+"
                   r"(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$")


class HoursError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Span:
    weekdays: frozenset[int]          # 0 = Monday
    start: time
    end: time                         # time(23, 59, 59, 999999) for "24:00"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    spans: tuple[Span, ...]
    text: str                         # as configured, to show operators and citizens

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(ALMATY)
        return any(local.weekday() in s.weekdays and s.start <= local.time() < s.end for s in self.spans)

    def next_opening(self, moment: datetime) -> datetime | None:
        """The next moment (Almaty time) operators start work, within a week; None if never."""
        local = moment.astimezone(ALMATY)
        for ahead in range(8):
            day = (local + timedelta(days=ahead)).date()
            starts = sorted(s.start for s in self.spans if day.weekday() in s.weekdays)
            for start in starts:
                at = datetime.combine(day, start, ALMATY)
                if at > local:
                    return at
        return None


def _clock(raw: str, name: str) -> time:
    hours, minutes = (int(x) for x in raw.split(":"))
    if (hours, minutes) == (24, 0):
        return time(23, 59, 59, 999999)
    if not (0 <= hours < 24 and 0 <= minutes <= 59):
        raise HoursError(f"{name}: {raw!r} is not a time of day like 09:00")
    return time(hours, minutes)


def _days(raw: str, name: str) -> frozenset[int]:
    found: set[int] = set()
    for part in raw.split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise HoursError(f"{name}: {part!r} is not a day or a range of days like mon-fri")
        a, b = DAYS.index(first), DAYS.index(last or first)
        found.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(found)


def parse(raw: str, name: str = "OPERATOR_HOURS") -> WorkingHours:
    """"mon-fri 09:00-18:00; sat 10:00-14:00" (days in English, three letters; 24:00 for midnight)."""
    text = " ".join((raw or DEFAULT).lower().split())
    spans = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        m = _SPAN.match(part)
        if m is None:
            raise HoursError(f"{name}: {part!r} is not like 'mon-fri 09:00-18:00' (several joined by ';')")
        start, end = _clock(m["start"], name), _clock(m["end"], name)
        if end <= start:
            raise HoursError(f"{name}: {part!r} ends before it starts")
        spans.append(Span(_days(m["days"], name), start, end))
    if not spans:
        raise HoursError(f"{name} is empty: give the operators' hours like 'mon-fri 09:00-18:00'")
    return WorkingHours(tuple(spans), text)


def describe(working: WorkingHours, language: str, width: str = "abbreviated") -> str:
    """"Пн–Пт 09:00–18:00; Сб 10:00–14:00", in the citizen's language ("wide": the days' full names,
    to be said rather than read)."""
    from babel.dates import get_day_names

    names = get_day_names(width, locale=language)
    said = []
    for span in working.spans:
        days = sorted(span.weekdays)
        runs, run = [], [days[0]]
        for d in days[1:]:
            if d == run[-1] + 1:
                run.append(d)
            else:
                runs.append(run)
                run = [d]
        runs.append(run)
        cased = str.capitalize if width == "abbreviated" else str.lower     # "Пн–Пт"; "понедельник–пятница"
        named = ", ".join(cased(names[r[0]]) + (f"–{cased(names[r[-1]])}" if len(r) > 1 else "") for r in runs)
        end = "24:00" if span.end == time(23, 59, 59, 999999) else span.end.strftime("%H:%M")
        said.append(f"{named} {span.start.strftime('%H:%M')}–{end}")
    return "; ".join(said)
