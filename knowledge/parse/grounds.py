"""§16: grounds for refusal, grounds for ending a service already granted (тоқтату),
and statements that there are no grounds for suspension."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse.durations import channel_of
from knowledge.parse.paragraphs import Paragraph


@dataclass(slots=True)
class Ground:
    kind: str             # refusal | termination
    text: str
    channel: str | None
    line: int


@dataclass(slots=True)
class Grounds:
    grounds: list[Ground] = field(default_factory=list)
    no_suspension: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[str, int]] = field(default_factory=list)

    def of(self, kind: str) -> list[Ground]:
        return [g for g in self.grounds if g.kind == kind]


REFUSAL_SENTENCE = re.compile(r"бас тарт")
# Negative participles ("ұсынылмаған", "тіркелмеген") and findings ("анықталған") open a ground.
CONDITION = re.compile(r"\w+(?:маған|меген|баған|беген|паған|пеген)\b|анықталған|табылған|\bжоқ\b|болмағанда|ұсынбау")


def _split_conditions(sentence: str) -> list[str]:
    """"Құжаттарды толық ұсынбау, бұрмалау деректері анықталған жағдайда … бас тарту…" holds two grounds."""
    head = re.split(r"\s+(?:жағдайда|жағдайларда|кезде)\b", sentence, maxsplit=1)[0]
    parts = [p.strip(" ,") for p in head.split(",")]
    if len(parts) > 1 and all(len(p) < 70 for p in parts) and not re.search(r"\d+-тармағ", head):
        return parts
    return [sentence.rstrip(".;")]


def parse_grounds(paragraph: Paragraph) -> Grounds:
    out = Grounds()
    mode: str | None = None
    channel: str | None = None
    for item in paragraph.items:
        text = item.text.strip()
        low = text.lower()
        if re.search(r"тоқтата тұру", low) and re.search(r"\bжоқ\b|көзделмеген", low):
            out.no_suspension.append((text, item.start))
            continue
        if text.endswith(":"):
            if re.search(r"тоқтату үшін|тоқтатуға", low):
                mode = "termination"
            elif "жауап" in low:
                mode = None       # how the refusal is delivered, not why
            elif REFUSAL_SENTENCE.search(low) or re.search(r"мынадай (?:жағдайларда|негіздер)", low):
                mode = "refusal"
            elif len(text) < 40 and channel_of(text):
                channel = channel_of(text)
            continue
        if mode and (item.marker or text[:1].islower()):
            out.grounds.append(Ground(mode, re.sub(r"\s*негіз болып табылады\.?$", "", text).rstrip(".;"),
                                      channel, item.start))
            continue
        if REFUSAL_SENTENCE.search(low) and CONDITION.search(low) and "қолхат" not in low:
            for part in _split_conditions(text):
                out.grounds.append(Ground("refusal", part, None, item.start))
            mode = None
            continue
        out.notes.append((text, item.start))
    return out
