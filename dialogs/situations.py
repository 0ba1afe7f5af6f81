"""Which situation is the citizen's, from their own words, and whether the question asked needs it.

A standard's reading (knowledge/situations) names its situations and the everyday words
for each ("потерял", "жоғалттым", "сменила фамилию"). The citizen's message picks one
when its words point to it alone; when they point to a few, only those few are offered;
and nobody is asked at all when what they asked (the cost, the refusal grounds) is the
same for every situation.
"""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.situation import Reading, Situation
from nlu.aspects import Aspect
from nlu.phrases import contains, phrase, words

# "через ЦОН", "онлайн", "в самом уполномоченном органе": the way of applying, in the citizen's words
CHANNEL_WORDS = {
    "hqo": ("цон", "хко", "халыкка кызмет", "центр обслуживания", "через центр"),
    "portal": ("онлайн", "online", "егов", "egov", "электрон", "портал", "через интернет", "интернет аркылы",
               "сайт"),
    "authority": ("в самом уполномоченном", "уполномоченный орган", "уакилетти орган", "сам орган",
                  "напрямую", "тікелей"),
}


def channel_named(text: str) -> str | None:
    said = words(text)
    found = [ch for ch, stems in CHANNEL_WORDS.items() if any(contains(said, phrase(w)) for w in stems)]
    return found[0] if len(found) == 1 else None


def _score(situation: Situation, said: list[str]) -> int:
    """How much of the message names this situation: the letters of its phrases found."""
    return sum(len("".join(p)) for _, stems in situation.words for p in map(phrase, stems) if contains(said, p))


def candidates(reading: Reading, text: str, among: Iterable[str] | None = None) -> list[str]:
    """The situations the message names best (one when it is clear), in the reading's order; [] for none."""
    said = words(text)
    allowed = set(among) if among is not None else None
    scores = {s.id: _score(s, said) for s in reading.situations if allowed is None or s.id in allowed}
    best = max(scores.values(), default=0)
    return [sid for sid, score in scores.items() if best and score == best]


def gap_named(reading: Reading, text: str):
    """Something the source does not say that the message asks about (knowledge.situation.Gap), or None."""
    said = words(text)
    return next((g for g in reading.gaps if any(contains(said, phrase(w)) for _, stems in g.words for w in stems)),
                None)


def depends_on_situation(reading: Reading, aspects: Iterable[str]) -> bool:
    """Whether the answer to these aspects ("" = the whole service) differs between situations."""
    if len(reading.situations) < 2:
        return False
    asked = set(aspects) or {Aspect.DOCUMENTS}
    if Aspect.DOCUMENTS in asked:
        return True
    if Aspect.DEADLINE in asked and any(s.deadlines for s in reading.situations):
        return True
    return Aspect.RESULT in asked and any(s.result for s in reading.situations)
