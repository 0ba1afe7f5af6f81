"""The questions a standard needs, derived from the knowledge base's document scenarios.

Nothing here is written per service: a standard whose documents differ by the
applicant's situation gets "which describes you?", one whose documents differ by
where you apply gets "where will you apply?", one whose list says "one of these,
each when…" (the passport: "birth certificate (ID card at 16)", "the passport
(when replacing it)") asks which case is yours, and a family of near-identical
standards (families.yml) gets "who are you?". Options keep their order, so a
caller on the phone can press 1, 2, 3.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from dialogs.labels import capital
from knowledge.normalize import fold_kk
from knowledge.standard import Item, Scenario, Standard
from locales import N_

FAMILIES = Path(__file__).resolve().parent / "families.yml"
CHANNEL_LABEL_MAX = 40          # "орталыққа, ұтқыр орталыққа"; longer labels describe a situation
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
    key: str              # "family" | "scenario" | "case" | "channel"
    options: tuple[Option, ...]


def is_supplementary(scenario: Scenario) -> bool:
    """"Өтініш нысанындағы ескертпе бойынша қосымша құжаттар": added to every situation."""
    return "косымша кужат" in fold_kk(scenario.label.kk or "")


def _channel_scenarios(standard: Standard) -> dict[str, int]:
    out = {}
    for i, sc in enumerate(standard.scenarios):
        if sc.channel and len(sc.label.kk or "") <= CHANNEL_LABEL_MAX:
            out.setdefault(sc.channel, i)
    return out


def situations(standard: Standard) -> list[int]:
    """Scenarios that describe who applies or why (not where, not the supplementary list)."""
    by_channel = set(_channel_scenarios(standard).values())
    return [i for i, sc in enumerate(standard.scenarios) if i not in by_channel and not is_supplementary(sc)]


@functools.cache
def families() -> dict[str, dict]:
    return (yaml.safe_load(FAMILIES.read_text(encoding="utf-8")) or {}).get("families") or {}


def family_of(standard_id: str) -> tuple[str, dict] | None:
    for name, family in families().items():
        if standard_id in family["members"]:
            return name, family
    return None


def family_question(standard_id: str, gettext) -> Question | None:
    found = family_of(standard_id)
    if found is None:
        return None
    _, family = found
    return Question("family", tuple(Option(member, gettext(ROLES[role])) for member, role in family["members"].items()))


LIST_LEAD = re.compile(r"\s*(?:(?:представляются|предоставляются) следующие документы|мынадай құжаттар "
                       r"ұсынылады)\s*:?\s*$", re.IGNORECASE)


def plain_label(label: str | None) -> str | None:
    """"11.4. При утере…" -> "При утере…"; "…по возрасту представляются следующие документы" -> "…по
    возрасту": the standard's numbering and list lead mean nothing to a citizen."""
    if not label:
        return label
    return LIST_LEAD.sub("", re.sub(r"^\s*\d+(?:\.\d+)*\.?\s*", "", label)).strip()


TRAILING_CONDITION = re.compile(r"\(([^()]+)\)\s*$")


def _conditions(item: Item, language: str) -> list[str]:
    """"паспорт (при замене паспорта)" -> ["при замене паспорта"]; several cases split at commas, but
    only where the Kazakh and every translation agree on how many there are: option numbers must
    not change with the language."""
    def split(text: str | None) -> list[str]:
        found = TRAILING_CONDITION.search(text or "")
        return [c.strip() for c in found.group(1).split(", ")] if found else []
    here = split(item.document.text(language))
    counts = {len(split(v)) for v in item.document.all()}
    if not here or 0 in counts:
        return []
    return here if len(counts) == 1 else [", ".join(here)]


def cases(standard: Standard, language: str) -> list[tuple[str, str]]:
    """(value, title) for each case of a "one of these" list whose every item says when it applies;
    the value "3.1" is item 3's second case. Empty when the standard has no such list."""
    out = []
    for i, sc in enumerate(standard.scenarios):
        one_of = [(j, item) for j, item in enumerate(sc.items) if item.one_of]
        titled = [(j, _conditions(item, language)) for j, item in one_of]
        if len(one_of) < 2 or not all(conditions for _, conditions in titled):
            continue
        out += [(f"{i}.{j}.{k}", capital(c)) for j, conditions in titled for k, c in enumerate(conditions)]
    return out


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


def questions(standard: Standard, language: str, gettext) -> list[Question]:
    """What to ask, in order, before the documents of this standard can be listed."""
    asked: list[Question] = []
    scenarios = standard.scenarios
    own = situations(standard)
    if len(own) >= 2:
        asked.append(Question("scenario", tuple(
            Option(i, capital(plain_label(scenarios[i].label.text(language)) or str(i + 1))) for i in own)))
    own_cases = cases(standard, language)
    if own_cases:
        asked.append(Question("case", tuple(Option(value, title) for value, title in own_cases)))
    by_channel = _channel_scenarios(standard)
    if by_channel and len(by_channel) + (1 if own else 0) >= 2:
        channels = [c for c in standard.channels if c in CHANNELS and c != "mobile_hqo"]
        asked.append(Question("channel", tuple(Option(c, gettext(CHANNELS[c])) for c in channels)))
    return asked


def documents(standard: Standard, answers: dict) -> list[Scenario]:
    """The scenarios whose documents this applicant brings, given the answers so far."""
    scenarios = standard.scenarios
    by_channel = _channel_scenarios(standard)
    chosen: list[int] = []
    channel = answers.get("channel")
    if channel is not None:
        # a mobile PSC takes what the PSC takes
        picked = by_channel.get(channel) if channel in by_channel else by_channel.get("hqo") if channel == "mobile_hqo" else None
        if picked is not None:
            chosen.append(picked)
    own = situations(standard)
    if "scenario" in answers:
        chosen.insert(0, int(answers["scenario"]))
    elif not chosen:
        chosen += own or list(by_channel.values())[:1]
    chosen += [i for i, sc in enumerate(scenarios) if is_supplementary(sc)]
    picked = [scenarios[i] for i in dict.fromkeys(chosen)]
    if "case" in answers:
        scenario, item, _ = (int(x) for x in str(answers["case"]).split("."))
        # of a "one of these" list, only the document for the applicant's case
        picked = [replace(sc, items=tuple(it for j, it in enumerate(sc.items) if not it.one_of or j == item))
                  if sc is scenarios[scenario] else sc for sc in picked]
    return picked


def case_title(standard: Standard, value: str, language: str) -> str | None:
    return dict(cases(standard, language)).get(str(value))
