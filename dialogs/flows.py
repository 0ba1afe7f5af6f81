"""The questions a service may need: who are you (a family of look-alike standards, families.yml),
which is your situation (the standard's reading, knowledge/situations), where will you apply
(when the documents differ by it); and matching an answer typed in words to an option.

Options keep their order, so a caller on the phone can press 1, 2, 3.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.normalize import fold_kk
from knowledge.standard import Standard
from nlu.phrases import contains, phrase, words
from locales import N_

FAMILIES = Path(__file__).resolve().parent / "families.yml"
ROLES = {"officer": N_("Reserve officer"), "soldier": N_("Reserve soldier or sergeant"),
         "conscript": N_("Conscript (not yet served)")}
CHANNELS = {"authority": N_("At the authority itself"), "hqo": N_("At a public service centre (PSC)"),
            "mobile_hqo": N_("Mobile PSC"), "portal": N_("Online, egov.kz")}


@dataclass(frozen=True, slots=True)
class Option:
    value: str | int
    title: str            # in the conversation's language


@dataclass(frozen=True, slots=True)
class Question:
    key: str              # "family" | "situation" | "channel"
    options: tuple[Option, ...]


def channels_of_documents(standard: Standard, situation: str | None = None) -> list[str]:
    """The ways of applying whose documents differ (the reading marks them), in the standard's order,
    each taking at least one of the situation's documents; a mobile PSC takes what the PSC takes.
    Empty when the documents are the same whichever way one applies."""
    reading = standard.reading
    own = reading.situation(situation)
    facts = [*reading.documents, *(own.documents if own else (d for x in reading.situations for d in x.documents))]
    def ways(f) -> set[str]:
        return {"hqo" if c == "mobile_hqo" else str(c) for c in f.channels}
    if not any(f.channels for f in facts):
        return []
    return [c for c in standard.channels if c in CHANNELS and c != "mobile_hqo"
            and any(not f.channels or c in ways(f) for f in facts)]


@functools.cache
def families() -> dict[str, dict]:
    return (yaml.safe_load(FAMILIES.read_text(encoding="utf-8")) or {}).get("families") or {}


def family_of(standard_id: str) -> tuple[str, dict] | None:
    for name, family in families().items():
        if standard_id in family["members"]:
            return name, family
    return None


@functools.cache
def role_words() -> dict[str, tuple[str, ...]]:
    roles = (yaml.safe_load(FAMILIES.read_text(encoding="utf-8")) or {}).get("roles") or {}
    return {role: tuple(w for lang in words.values() for w in lang) for role, words in roles.items()}


def role_named(standard_id: str, text: str) -> str | None:
    """The member of `standard_id`'s family whose role the citizen's words name ("я сержант запаса" ->
    the soldiers' standard), when they name exactly one."""
    found = family_of(standard_id)
    if found is None or not text:
        return None
    said = words(text)
    named = [member for member, role in found[1]["members"].items()
             if any(contains(said, phrase(w)) for w in role_words().get(role, ()))]
    return named[0] if len(named) == 1 else None


def family_question(standard_id: str, gettext) -> Question | None:
    found = family_of(standard_id)
    if found is None:
        return None
    _, family = found
    return Question("family", tuple(Option(member, gettext(ROLES[role])) for member, role in family["members"].items()))


# Words every option shares or that say nothing on their own.
_FILLER = frozenset({"при", "для", "или", "его", "ее", "их", "не", "случае", "связи", "кезде", "кезинде", "ушин",
                     "жане", "немесе", "бойынша", "жагдаида", "жагдаиында", "мен", "мен", "что", "как", "это",
                     "керек", "нужно", "надо", "хочу", "меня", "менин", "маган"})


def stems(text: str) -> set[str]:
    """Word stems good enough to match a typed answer to an option: "замене"/"замена" -> "замен"."""
    words = re.findall(r"\w+", fold_kk(text or ""))
    return {w[:5] for w in words if (len(w) >= 3 or w.isdigit()) and w not in _FILLER}


def match_option(question: Question | None, text: str, least: int = 1, ignore: frozenset[str] = frozenset(),
                 weight: float = 0.0):
    """The option a typed answer names ("замена паспорта", "через ЦОН", "офицер"), or None.

    A word counts the less, the more options share it ("паспорт" is in four of the passport's
    cases, "замена" in two). None when nothing matches `least` words, when two options match
    equally, or when the text names something only one option has for two options at once
    ("по инвалидности, потере кормильца или по возрасту" names three: the citizen must pick).
    Words in `ignore` do not count (for "who are you?": the words of the service's own name);
    `weight` is the least the matched words must weigh together (1 = one word only this option has)."""
    said = stems(text) - ignore
    if question is None or not said:
        return None
    titles = [stems(o.title) for o in question.options]
    shared = Counter(stem for title in titles for stem in title)
    scores = [sum(1 / shared[stem] for stem in said & title) for title in titles]
    if sum(1 for title in titles if any(shared[stem] == 1 for stem in said & title)) > 1:
        return None
    ranked = sorted(range(len(titles)), key=lambda i: -scores[i])
    best = ranked[0]
    if not scores[best] or len(ranked) > 1 and scores[ranked[1]] >= scores[best] \
            or len(said & titles[best]) < least or scores[best] < weight:
        return None
    return question.options[best].value


def questions(standard: Standard, language: str, gettext, situation: str | None = None) -> list[Question]:
    """What may be asked, in order: the situation (from the standard's reading), then where one applies
    when the documents differ by it. Whether each is asked depends on what the citizen said."""
    own = standard.reading.situations
    asked = [Question("situation", tuple(Option(x.id, x.title.text(language) or x.id) for x in own))] \
        if len(own) >= 2 else []
    ways = channels_of_documents(standard, situation)
    named = standard.reading.authority.text.text(language) if standard.reading.authority else None
    if len(ways) >= 2:
        # the authority by its name ("Отдел по делам обороны"), not "the authority itself"
        asked.append(Question("channel", tuple(Option(c, named if c == "authority" and named else gettext(CHANNELS[c]))
                                               for c in ways)))
    return asked
