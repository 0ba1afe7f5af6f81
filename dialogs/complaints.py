"""How to complain, from the standard's own complaint paragraphs: to whom, how, and the court."""

from __future__ import annotations

from knowledge.translation import text_in
from locales import N_, translations

HOW = {"in_person": N_("in person"), "in_writing": N_("in writing"), "post": N_("by post"),
       "online": N_("online"), "box": N_("through the complaints box"), "trust_phone": N_("by the hotline"),
       "blog": N_("through the minister's blog"), "call_centre": N_("through the 1414 call centre")}


def compose(standard: dict, about: str, language: str) -> str:
    """`about`: "result" (the decision) or "service" (how the citizen was served, e.g. by a PSC employee)."""
    catalog = translations(language)
    _ = catalog.gettext
    complaint = standard["complaint"]
    routes = [r for r in complaint["routes"] if r["about"] == about] or complaint["routes"]
    lines = [_("How to complain:")]
    for r in routes:
        how = ", ".join(catalog.gettext(HOW[h]) for h in r["how"] if h in HOW)
        lines.append(f"• {text_in(r, 'text', language)}" + (f" ({how})" if how else ""))
    explains = [text_in(e, "text", language) for e in complaint["explains"]]
    if explains:
        lines += ["", _("Help with writing a complaint:"), *[f"• {e}" for e in explains]]
    if complaint["court"]:
        lines += ["", text_in(complaint["court"], "text", language)]
    else:
        lines += ["", _("You also have the right to go to court.")]
    if complaint["phones"]:
        lines.append(_("Phones: {phones}").format(phones=", ".join(complaint["phones"])))
    lines.append(_("The 1414 call centre also takes questions about complaints."))
    return "\n".join(lines)
