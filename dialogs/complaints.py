"""How to complain, from the standard's resolved routes (knowledge/complaints): to whom, where, the
phones with their area codes, by when the answer comes, and the court.

A complaint about the decision and one about how the citizen was served go different ways;
a complaint about a ЦОН employee with no service named takes the ЦОН route the standards share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dialogs.answers import UNIT_NAMES, source_notice
from dialogs.messages import Block, BlockKind
from dialogs.offices import KINDS
from knowledge.complaint import About, Route, Routes, Whose
from knowledge.show import amount_text
from knowledge.standard import Standard
from locales import N_, translations

HOW = {"in_person": N_("in person"), "in_writing": N_("in writing"), "post": N_("by post"),
       "online": N_("online"), "box": N_("through the complaints box"), "phone": N_("by phone"),
       "blog": N_("through the minister's blog"), "call_centre": N_("through the 1414 call centre")}


def kind_label(kind: str, language: str) -> str:
    label = KINDS.get("hqo" if kind.startswith("hqo") else kind)
    return translations(language).gettext(label) if label else kind


def route_lines(route: Route, language: str) -> tuple[str, tuple[int, ...]]:
    """One route as one item: the addressee and how, then where and the phones."""
    catalog = translations(language)
    _ = catalog.gettext
    text = route.to.text.text(language) or ""
    how = ", ".join(catalog.gettext(HOW[h]) for h in route.how if h in HOW)
    if how:
        text += f" ({how})"
    lines = list(route.to.lines())
    if route.address is not None:
        text += "\n" + _("Address: {address}").format(address=route.address.text.text(language))
        lines += route.address.lines()
    if route.phones:
        text += "\n" + _("Phones: {phones}").format(phones=", ".join(p.number for p in route.phones))
        lines += [c.line for p in route.phones for c in p.sources]
    if route.offices:
        text += "\n" + _("Address: your nearest “{kind}”: I can find it for you").format(
            kind=kind_label(route.offices, language))
    return text, tuple(dict.fromkeys(lines))


def response_lines(routes: Routes, language: str) -> list[str]:
    catalog = translations(language)
    _ = catalog.gettext
    out = []
    for term in routes.response:
        if term.law is not None:
            out.append(_("The answer comes within the time limits of: {law}").format(law=term.law.text.text(language)))
        elif term.value is not None:
            value = int(term.value) if float(term.value).is_integer() else term.value
            out.append(_("You will be told the result within {term} of the complaint's registration.").format(
                term=amount_text(catalog.ngettext, value, UNIT_NAMES[term.unit])))
    return out or [_("The standard does not state when the answer comes.")]


def routes_for(standard: Standard, about: str, whose: str | None = None) -> tuple[Route, ...]:
    """`about`: "result" (the decision) or "service" (how the citizen was served); `whose`: "hqo" when
    the complaint is about a ЦОН's staff."""
    routes = standard.routes
    wanted = About.RESULT if about == "result" else About.CONDUCT
    return routes.about(wanted, Whose(whose) if whose else None) or routes.about(wanted) or routes.routes


def office_kinds(chosen: Iterable[Route]) -> list[str]:
    """The kinds of office the routes send to ("the nearest regional internal affairs department")."""
    return list(dict.fromkeys(r.offices for r in chosen if r.offices))


def compose(standard: Standard, chosen: Iterable[Route], language: str) -> list[Block]:
    _ = translations(language).gettext
    return _blocks(standard, standard.routes, chosen, language, _("How to complain:"))


def _blocks(standard: Standard, routes: Routes, chosen: Iterable[Route], language: str, heading: str) -> list[Block]:
    _ = translations(language).gettext
    items = [route_lines(r, language) for r in chosen]
    blocks = [Block(BlockKind.COMPLAINT_ROUTES, tuple(t for t, _ in items), heading, True,
                    tuple(lines for _, lines in items)),
              Block(BlockKind.RESPONSE_TERMS, tuple(response_lines(routes, language)))]
    court = routes.court.text.text(language) if routes.court else _("You also have the right to go to court.")
    blocks.append(Block(BlockKind.COURT, (court,), None, False,
                        (routes.court.lines(),) if routes.court else ()))
    first = next((lines[0] for _, lines in items if lines), None)
    blocks.append(Block(BlockKind.SOURCE, (source_notice(standard, language, standard.paragraph_at(first)),)))
    return blocks


def psc_conduct(standards: dict[str, Standard], language: str) -> list[Block]:
    """A complaint about a ЦОН employee, no service named: the ЦОН route most standards give alike
    (told from the standard that gives it, with its source)."""
    _ = translations(language).gettext
    counted = Counter()
    for sid, std in standards.items():
        for r in std.routes.about(About.CONDUCT, Whose.HQO):
            if r.whose == Whose.HQO:
                counted[(r.to.text.kk, r.offices, r.address.text.kk if r.address else None)] += 1
    if not counted:
        return []
    common = {key for key, _ in counted.most_common(2)}
    # the standard that names both of the commonest ЦОН routes, the latest act first
    for sid in sorted(standards, key=lambda s: standards[s].source.act_date or "", reverse=True):
        std = standards[sid]
        mine = [r for r in std.routes.about(About.CONDUCT, Whose.HQO) if r.whose == Whose.HQO
                and (r.to.text.kk, r.offices, r.address.text.kk if r.address else None) in common]
        if len(mine) == len(common):
            return _blocks(std, std.routes, mine, language,
                           _("A complaint about a public service centre (PSC) employee:"))
    return []
