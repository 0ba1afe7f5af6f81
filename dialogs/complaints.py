"""How to complain, from the standard's own complaint paragraphs: to whom, how, when the answer comes, the court."""

from __future__ import annotations

from dialogs.answers import source_notice
from dialogs.messages import Block, BlockKind
from knowledge.show import amount_text
from knowledge.standard import Complaint, Standard
from locales import N_, translations

HOW = {"in_person": N_("in person"), "in_writing": N_("in writing"), "post": N_("by post"),
       "online": N_("online"), "box": N_("through the complaints box"), "trust_phone": N_("by the hotline"),
       "blog": N_("through the minister's blog"), "call_centre": N_("through the 1414 call centre")}


def compose(standard: Standard, about: str, language: str) -> list[Block]:
    """`about`: "result" (the decision) or "service" (how the citizen was served, e.g. by a PSC employee)."""
    catalog = translations(language)
    _ = catalog.gettext
    complaint = standard.complaint
    routes = [r for r in complaint.routes if r.about == about] or list(complaint.routes)
    lines = []
    for r in routes:
        how = ", ".join(catalog.gettext(HOW[h]) for h in r.how if h in HOW)
        lines.append(r.route.text(language) + (f" ({how})" if how else ""))
    blocks = [Block(BlockKind.COMPLAINT_ROUTES, tuple(lines), _("How to complain:"), True),
              Block(BlockKind.RESPONSE_TERMS, tuple(response_terms(complaint, language)))]
    explains = [e.text(language) for e in complaint.explains]
    if explains:
        blocks.append(Block(BlockKind.COMPLAINT_HELP, tuple(explains), _("Help with writing a complaint:"), True))
    court = [complaint.court.text(language) if complaint.court else _("You also have the right to go to court.")]
    if complaint.phones:
        court.append(_("Phones: {phones}").format(phones=", ".join(complaint.phones)))
    blocks.append(Block(BlockKind.COURT, tuple(court)))
    paragraph = routes[0].paragraph if routes else None
    blocks.append(Block(BlockKind.SOURCE, (source_notice(standard, language, paragraph),)))
    return blocks


def response_terms(complaint: Complaint, language: str) -> list[str]:
    """When the answer comes: days where the standard counts them, else the law it points to,
    and the slip a written complaint earns."""
    catalog = translations(language)
    _ = catalog.gettext
    lines = []
    counted, by_law = complaint.response_deadlines, complaint.response_by_law
    if counted:
        d = counted[0]
        lines.append(_("You will be told the result within {term} of the complaint's registration.").format(
            term=amount_text(catalog.ngettext, d.value, d.unit)))
    elif by_law == "applications_2007":
        lines.append(_("The complaint is considered within the time limits of the Law of 12 January 2007 "
                       "“On the procedure for considering applications of individuals and legal entities”; "
                       "the answer is sent to you in writing."))
    elif by_law:
        lines.append(_("The complaint is considered within the time limits set by law; the answer is sent "
                       "to you in writing."))
    slip = complaint.reply_slip          # None: no slip; True: it carries the date of the answer
    if slip:
        lines.append(_("For a written complaint you get a slip with the date of the answer and the contact "
                       "of the official who can tell you how it is going."))
    elif slip is not None:
        lines.append(_("Whoever accepts your complaint gives you a slip with its number and date and their "
                       "name: keep it."))
    if not (counted or by_law or slip):
        lines.append(_("The standard does not state when the answer comes."))
    return lines
