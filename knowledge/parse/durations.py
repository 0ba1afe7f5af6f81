"""§7 "Мемлекеттік қызмет көрсету мерзімдері": durations per channel, as structured values.

Each sentence of §7 may hold one or more "number + unit"; the channel comes from
the lead-in it sits under ("уәкілетті органға жүгінген кезде:", "орталыққа…",
"порталда…"), the kind from the wording (queue wait, time at the desk, or the
processing term), and the condition from the clause before the dash
("жоғалтқан (бүлдірген) кезде – 15 жұмыс күні").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.parse.numbers import quantities
from knowledge.parse.paragraphs import Item, Paragraph


@dataclass(slots=True)
class Duration:
    channel: str          # authority | hqo | portal | any
    kind: str             # processing | queue_wait | service_time
    value: int            # 0 means "the same day"
    unit: str             # minute | hour | working_day | calendar_day | month
    condition: str | None
    raw: str
    line: int

    def as_dict(self, file: str) -> dict:
        return {"channel": self.channel, "kind": self.kind, "value": self.value, "unit": self.unit,
                "condition": self.condition, "raw": self.raw, "source": {"file": file, "lines": [self.line, self.line]}}


def channel_of(text: str) -> str | None:
    """Which channel a lead-in or a sentence opening speaks of."""
    low = text.lower()
    if re.search(r"портал", low):
        return "portal"
    if re.search(r"\bорталы[қғ]|\bорталықта|\bорталыққа|халыққа қызмет көрсету орталы", low):
        return "hqo"
    if re.search(r"уәкілетті (?:орган|ұйым)|жергілікті атқарушы|әкім|бөлімшесі|\bжао\b", low):
        return "authority"
    return None


WAITING = re.compile(r"\bкүт(?:у|удің|ілетін|уге)\b|кезек")


def _kind(sentence: str) -> str:
    # Parenthesised asides ("(тіркеу, талон алу кезінде)") must not decide the kind.
    low = re.sub(r"\([^()]*\)", " ", sentence.lower())
    if re.search(r"қызмет көрсетудің .*уақыт|алу үшін күту|алған кезде|алу кезінде", low):
        return "service_time"
    if WAITING.search(low):
        return "queue_wait"
    return "processing"


def _condition(sentence: str, start: int) -> str | None:
    head = sentence[:start]
    m = re.search(r"^(.*?)\s[–-]\s", head)
    if m and re.search(r"кезде|жағдайда|үшін|болса", m.group(1)):
        return m.group(1).strip(" ,;")
    m = re.search(r"([^.;]*?жеделдетілген режимде)", head)
    if m:
        return m.group(1).strip(" ,;")
    m = re.search(r"([^.;]*?(?:болмаған|қажет болған|болған|жоғалтқан|ерекше)[^.;]*?(?:кезде|жағдайда|жағдайларда))", head)
    if m:
        return m.group(1).strip(" ,;")
    return None


def _sentences(item: Item) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[А-ЯӘҒҚҢӨҰҮҺІA-Z])", item.text) if s.strip()]


def parse_durations(paragraph: Paragraph) -> list[Duration]:
    found: list[Duration] = []
    channel = "any"
    for item in paragraph.items:
        for sentence in _sentences(item):
            if sentence.endswith(":") and not quantities(sentence):
                channel = channel_of(sentence) or channel
                continue
            qs = quantities(sentence)
            if not qs:
                if re.search(r"келген күні|жүгінген күні көрсетіледі|сол күні", sentence):
                    found.append(Duration(channel, "processing", 0, "working_day", None, sentence, item.start))
                continue
            opening = channel_of(sentence[:80])
            here = opening if opening == "portal" or (opening and channel == "any") else channel
            for q in qs:
                kind = _kind(sentence[:q.end] if len(qs) > 1 else sentence)
                if re.search(r"ұзартылады", sentence):
                    kind = "processing"
                found.append(Duration(here, kind, q.value, q.unit, _condition(sentence, q.start), sentence, item.start))
    return found
