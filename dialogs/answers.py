"""The answer a good 1414 operator gives: this applicant's documents, where, how long, how much, and the source.

The first part is what a citizen needs to go (documents, where, how long, how much)
and always carries the notice that the act is repealed; the rest (what you receive,
refusal grounds, deadlines in particular cases) waits behind "show more". Both are
blocks: each channel lays them out, and splits them, under its own limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from dialogs import flows
from dialogs.labels import capital
from dialogs.messages import Block, BlockKind
from knowledge.normalize import fold_kk
from knowledge.show import amount_text, date_text
from knowledge.standard import Standard
from locales import N_, translations

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


def deadlines(standard: Standard, language: str, channel: str | None) -> list[str]:
    catalog = translations(language)
    out = []
    for d in standard.durations:
        if d.kind != "processing" or d.condition or (channel and d.channel not in (channel, "any")):
            continue
        value = catalog.gettext("the same day") if d.value == 0 else amount_text(catalog.ngettext, d.value, d.unit)
        out.append(f"{catalog.gettext(CHANNEL_NAMES.get(d.channel, d.channel))}: {value}")
    return list(dict.fromkeys(out))


def cost(standard: Standard, language: str, mrp: Mrp) -> list[str]:
    _ = translations(language).gettext
    fee = standard.fee
    if fee.free:
        return [_("Free of charge.")]
    lines = []
    for a in fee.amounts:
        tenge = round(mrp.tenge * a.mrp_percent / 100)
        lines.append(_("{what}: {percent} of the MCI = {tenge} tenge (MCI {year}: {mrp} tenge)").format(
            what=a.what.text(language), percent=f"{format_decimal(a.mrp_percent, locale=language)}%",
            tenge=format_decimal(tenge, locale=language), year=mrp.year,
            mrp=format_decimal(mrp.tenge, locale=language)))
    return lines or [fee.wording.text(language)]


def document_blocks(standard: Standard, answers: dict, language: str) -> list[Block]:
    """The documents this applicant brings: the situation's list, then any list added to every situation
    under its own heading ("additional documents per the application form's note")."""
    _ = translations(language).gettext
    groups: list[tuple[str, list[str]]] = [(_("Documents:"), [])]
    for scenario in flows.documents(standard, answers):
        label = scenario.label.text(language)
        if flows.is_supplementary(scenario) and label:
            groups.append((f"{label}:", []))
        for item in scenario.items:
            mark = " " + _("(if applicable)") if item.conditional and not item.one_of else ""
            mark += " " + _("(one of these)") if item.one_of and "case" not in answers else ""
            groups[-1][1].append(f"{item.document.text(language)}{mark}")
    return [Block(BlockKind.DOCUMENTS, tuple(lines), heading, True)
            for i, (heading, lines) in enumerate(groups) if lines or i == 0]


def document_notes(standard: Standard, language: str) -> tuple[list[str], list[str]]:
    """The standard's notes on its documents: (about originals and copies, the others).

    "Originals are shown for verification and returned", "copies are certified at the
    PSC" belong beside the list; photo sizes and the like can wait for "show more". Both
    are decided on the Kazakh text, so the split is the same in every language."""
    originals, others = [], []
    for note in standard.notes:
        kk = (note.kk or "").strip()
        if len(kk) < 40 or kk[-1] not in ".)":
            continue          # a fragment the parser cut off ("…растайтын,"): nothing to tell a citizen
        folded = fold_kk(kk)
        text = note.text(language)
        (originals if "тупнуска" in folded or "коширме" in folded else others).append(text)
    return list(dict.fromkeys(originals)), list(dict.fromkeys(others))


def compose(standard: Standard, answers: dict, language: str, mrp: Mrp) -> list[list[Block]]:
    """The answer in parts: the first is shown, the others follow "show more"."""
    _ = translations(language).gettext
    title = standard.name(language)
    channel = answers.get("channel")
    heading = [f"📄 {title}"]
    if "scenario" in answers:
        situation = standard.scenarios[int(answers["scenario"])]
        heading.append(_("Your situation: {label}").format(
            label=capital(flows.plain_label(situation.label.text(language)))))
    if "case" in answers:
        heading.append(_("Your situation: {label}").format(label=flows.case_title(standard, answers["case"], language)))
    first = [Block(BlockKind.TITLE, tuple(heading)), *document_blocks(standard, answers, language)]
    originals, other_notes = document_notes(standard, language)
    if originals:
        first.append(Block(BlockKind.ORIGINALS, tuple(originals), _("Originals and copies:"), True))
    where = ", ".join(_(CHANNEL_NAMES[c]) for c in standard.channels if c in CHANNEL_NAMES)
    facts = [_("Where to apply: {where}").format(where=where)]
    terms = deadlines(standard, language, channel)
    if terms:
        facts.append(_("Deadline: {terms}").format(terms="; ".join(terms)))
    prices = cost(standard, language, mrp)
    if len(prices) == 1:
        facts.append(_("Cost: {cost}").format(cost=prices[0]))
    else:
        facts += [_("Cost:"), *[f"• {p}" for p in prices]]
    first.append(Block(BlockKind.FACTS, tuple(facts)))
    items = [i for sc in flows.documents(standard, answers) for i in sc.items]
    paragraph = standard.paragraph_at(items[0].lines[0] if items and items[0].lines else None)
    first.append(Block(BlockKind.SOURCE, (source_notice(standard, language, paragraph),)))

    more = [Block(BlockKind.RESULT, (standard.result.text(language) or "—",), _("What you will receive:"))]
    conditional = [d.wording.text(language) for d in standard.durations if d.condition]
    if conditional:
        more.append(Block(BlockKind.PARTICULAR_DEADLINES, tuple(dict.fromkeys(conditional)),
                          _("Deadlines in particular cases:"), True))
    if other_notes:
        more.append(Block(BlockKind.DOCUMENT_NOTES, tuple(other_notes), _("About the documents:"), True))
    refusals = tuple(g.text(language) for g in standard.refusal_grounds)
    more.append(Block(BlockKind.REFUSALS, refusals or ("—",), _("Grounds for refusal:"), bool(refusals)))
    return [first, more]
