"""The answer a good 1414 operator gives, from the standard's reading (knowledge/situations):
what was asked comes first.

"сколько стоит паспорт?" gets the fee and who does not pay; "какие документы, если потерял?"
gets that situation's documents; a bare "паспорт" gets the whole answer (documents, where,
how long, how much). Everything else waits behind "show more", so nothing is lost. Each
line keeps the source lines it was read from (`Block.sources`), every source defect a shown
fact touches (a contradiction, a copy-pasted paragraph) is said, not smoothed over, and every
answer carries the notice that the act is repealed. Each channel lays the blocks out, and
splits them, under its own limits.
"""

from __future__ import annotations

from collections.abc import Iterable

from dataclasses import dataclass

from babel.numbers import format_decimal

from dialogs import flows
from dialogs.labels import capital
from dialogs.messages import Block, BlockKind
from knowledge.show import amount_text, date_text
from knowledge.situation import Deadline, Fact, Reading, TermKind, Unit
from knowledge.standard import Standard
from locales import N_, translations
from nlu.aspects import Aspect

CHANNEL_NAMES = {"authority": N_("the authority"), "hqo": N_("PSC"), "mobile_hqo": N_("mobile PSC"),
                 "portal": N_("egov.kz"), "any": N_("any channel")}


@dataclass(frozen=True, slots=True)
class Mrp:
    """The monthly calculation index (МРП) fees are counted in; set by each year's budget law."""
    tenge: int
    year: int


def source_notice(standard: Standard, language: str, paragraph: int | None = None) -> str:
    """Act, date, paragraph, and that the act is repealed: on every answer drawn from it."""
    _ = translations(language).gettext
    src = standard.source
    where = _("Decree No. {number} of {date}").format(number=src.act_number, date=date_text(src.act_date, language))
    if paragraph:
        where += ", " + _("standard {id}, paragraph {paragraph}").format(id=standard.id, paragraph=paragraph)
    if src.repealed:
        return "⚠️ " + _("Source: {where}. This act is repealed (decree No. {number} of {date}): confirm the rules "
                        "in force today on egov.kz or with the public services contact centre.").format(
            where=where, number=src.repealed_by_number or "—", date=date_text(src.repealed_by_date, language))
    return _("Source: {where}.").format(where=where)


UNIT_NAMES = {Unit.MINUTES: "minute", Unit.HOURS: "hour", Unit.WORKING_DAYS: "working_day",
              Unit.CALENDAR_DAYS: "calendar_day", Unit.MONTHS: "month"}
# the order of a whole answer, and of several aspects asked at once
ORDER = (Aspect.DOCUMENTS, Aspect.WHERE, Aspect.DEADLINE, Aspect.COST, Aspect.RESULT, Aspect.REFUSAL)
WHOLE = (Aspect.DOCUMENTS, Aspect.WHERE, Aspect.DEADLINE, Aspect.COST)


def _lines_of(fact: Fact) -> tuple[int, ...]:
    return fact.lines() + (fact.condition.lines() if fact.condition else ())


def _channels(channels: Iterable[str], language: str, reading: Reading | None = None) -> str:
    """"ЦОН, местный орган военного управления": the body the standard calls "the authority" by its name."""
    _ = translations(language).gettext
    named = reading.authority.text.text(language) if reading is not None and reading.authority else None
    return ", ".join(named if c == "authority" and named else _(CHANNEL_NAMES[c])
                     for c in channels if c in CHANNEL_NAMES)


def _for_channel(fact_channels, channel: str | None) -> bool:
    return channel is None or not fact_channels or channel in fact_channels


def documents(reading: Reading, situation: str | None, channel: str | None, language: str) -> Block:
    _ = translations(language).gettext
    lines, sources = [], []
    for fact in reading.documents_for(situation):
        if not _for_channel(fact.channels, channel):
            continue
        text = fact.text.text(language) or ""
        if fact.condition is not None:
            text += f" — {fact.condition.text.text(language)}"
        if fact.channels and channel is None:
            text += " (" + _("only: {channels}").format(channels=_channels(fact.channels, language, reading)) + ")"
        lines.append(text)
        sources.append(_lines_of(fact))
    return Block(BlockKind.DOCUMENTS, tuple(lines), _("Documents:"), True, tuple(sources))


def _term(d: Deadline, language: str) -> str:
    catalog = translations(language)
    if d.unit == Unit.SAME_DAY:
        return catalog.gettext("the same day")
    value = int(d.value) if float(d.value).is_integer() else d.value
    return amount_text(catalog.ngettext, value, UNIT_NAMES[d.unit])


def deadlines(reading: Reading, situation: str | None, channel: str | None, language: str,
              kinds: Iterable[TermKind] = (TermKind.PROCESSING,)) -> Block:
    """One line per term: the ways of applying it holds for, the term, its condition. When every term
    holds for the same ways, they are said once, in the heading."""
    _ = translations(language).gettext
    wanted = set(kinds)
    lines, sources, ways = [], [], []
    terms = [(d, None) for d in reading.deadlines_for(situation)]
    if situation is None:
        # the situation not known: each situation's own terms, said with the situation they are for
        terms += [(d, x.title.text(language)) for x in reading.situations for d in x.deadlines]
    for d, whose in terms:
        if d.kind not in wanted or not _for_channel(d.channels, channel):
            continue
        where = _channels(d.channels, language, reading)
        text = _term(d, language)
        if d.kind == TermKind.QUEUE:
            text = _("waiting in line: up to {term}").format(term=text)
        elif d.kind == TermKind.SERVICE:
            text = _("at the desk: up to {term}").format(term=text)
        if d.condition is not None:
            text += f" — {d.condition.text.text(language)}"
        if whose:
            text += f" ({whose})"
        lines.append(text)
        ways.append(where)
        sources.append(tuple(c.line for c in d.sources) + (d.condition.lines() if d.condition else ()))
    if len(set(ways)) == 1 and ways[0]:
        return Block(BlockKind.DEADLINES, tuple(capital(x) for x in lines),
                     _("Deadline ({channels}):").format(channels=ways[0]), True, tuple(sources))
    lines = [f"{where}: {text}" if where else capital(text) for where, text in zip(ways, lines)]
    return Block(BlockKind.DEADLINES, tuple(lines), _("Deadline:"), True, tuple(sources))


def cost(reading: Reading, standard: Standard, language: str, mrp: Mrp) -> list[Block]:
    _ = translations(language).gettext
    fee = reading.fee
    if fee is None or fee.free:
        line = standard.fee.wording.text(language) if fee is None and not standard.fee.free else _("Free of charge.")
        paragraph = [p.lines[0] for p in standard.paragraphs if p.number == 8]
        return [Block(BlockKind.COST, (line,), _("Cost:"), False, (tuple(paragraph),))]
    lines, sources = [], []
    for a in fee.amounts:
        tenge = round(mrp.tenge * a.mrp_percent / 100)
        lines.append(_("{what}: {percent} of the MCI = {tenge} tenge (MCI {year}: {mrp} tenge)").format(
            what=a.what.text(language), percent=f"{format_decimal(a.mrp_percent, locale=language)}%",
            tenge=format_decimal(tenge, locale=language), year=mrp.year,
            mrp=format_decimal(mrp.tenge, locale=language)))
        sources.append(tuple(c.line for c in a.sources))
    blocks = [Block(BlockKind.COST, tuple(lines), _("Cost:"), len(lines) > 1, tuple(sources))]
    if fee.exemptions:
        blocks.append(Block(BlockKind.COST, tuple(x.text.text(language) or "" for x in fee.exemptions),
                            _("Who does not pay:"), True, tuple(_lines_of(x) for x in fee.exemptions)))
    return blocks


def result(reading: Reading, standard: Standard, situation: str | None, language: str) -> Block:
    _ = translations(language).gettext
    fact = reading.result_for(situation)
    if fact is None:
        return Block(BlockKind.RESULT, (standard.result.text(language) or "—",), _("What you will receive:"))
    return Block(BlockKind.RESULT, (fact.text.text(language) or "—",), _("What you will receive:"), False,
                 (_lines_of(fact),))


def refusals(standard: Standard, language: str) -> Block:
    _ = translations(language).gettext
    grounds = tuple(g.text(language) for g in standard.refusal_grounds)
    return Block(BlockKind.REFUSALS, grounds or ("—",), _("Grounds for refusal:"), bool(grounds))


def where(standard: Standard, language: str, situation: str | None = None, channel: str | None = None) -> Block:
    """The ways this applicant can apply: the one chosen, else those the situation's documents allow
    ("maternity: only at the ГЦВП"), else every way the standard's §1 names."""
    _ = translations(language).gettext
    ways = [channel] if channel else flows.channels_of_documents(standard, situation) or list(standard.channels)
    places = _channels(ways, language, standard.reading)
    first = tuple(p.lines[0] for p in standard.paragraphs if p.number == 1)
    return Block(BlockKind.FACTS, (_("Where to apply: {where}").format(where=places),), None, False, (first,))


def defects(reading: Reading, shown: Iterable[Block], language: str) -> Block | None:
    """The source's own defects that touch a line of what is shown, told as such."""
    _ = translations(language).gettext
    lines = {n for b in shown for group in b.sources for n in group}
    found = [f for f in reading.flags if lines & {c.line for c in f.sources}]
    if not found:
        return None
    return Block(BlockKind.SOURCE_DEFECTS, tuple(f.text.text(language) or "" for f in found),
                 _("Note: the source itself is inconsistent here"), True,
                 tuple(tuple(c.line for c in f.sources) for f in found))


def compose(standard: Standard, situation: str | None, aspects: Iterable[str], channel: str | None,
            language: str, mrp: Mrp) -> list[list[Block]]:
    """[what was asked (or the whole answer), the rest]."""
    _ = translations(language).gettext
    reading = standard.reading
    asked = [a for a in ORDER if a in set(aspects)] or list(WHOLE)
    heading = [f"📄 {standard.name(language)}"]
    chosen = reading.situation(situation)
    if chosen is not None:
        heading.append(_("Your situation: {label}").format(label=chosen.title.text(language)))
    if channel:
        heading.append(_("Applying: {channel}").format(channel=_channels([channel], language, reading)))

    def blocks_for(aspect: Aspect) -> list[Block]:
        match aspect:
            case Aspect.DOCUMENTS:
                if situation is None and len(reading.situations) >= 2:
                    # never a list that looks complete but leaves out the situation's own documents
                    return [Block(BlockKind.TEXT, (_("The documents depend on your situation: ask “which "
                                                     "documents?”, and I will ask which is yours."),))]
                return [documents(reading, situation, channel, language)]
            case Aspect.WHERE:
                return [where(standard, language, situation, channel)]
            case Aspect.DEADLINE:
                terms = deadlines(reading, situation, channel, language)
                return [terms] if terms.lines else []
            case Aspect.COST:
                return cost(reading, standard, language, mrp)
            case Aspect.RESULT:
                return [result(reading, standard, situation, language)]
            case Aspect.REFUSAL:
                return [refusals(standard, language)]
        return []

    first = [b for a in asked for b in blocks_for(a)]
    rest = [b for a in ORDER if a not in asked for b in blocks_for(a)]
    waits = deadlines(reading, situation, channel, language, kinds=(TermKind.QUEUE, TermKind.SERVICE))
    if waits.lines:
        rest.append(Block(waits.kind, waits.lines, _("Waiting times:"), True, waits.sources))
    defect = defects(reading, first, language)
    lines = [n for b in first for group in b.sources for n in group]
    paragraph = standard.paragraph_at(lines[0] if lines else None)
    first = [Block(BlockKind.TITLE, tuple(heading)), *first, *([defect] if defect else []),
             Block(BlockKind.SOURCE, (source_notice(standard, language, paragraph),))]
    later_defect = defects(reading, rest, language)
    if later_defect and later_defect != defect:
        rest.append(later_defect)
    return [first, rest] if rest else [first]
