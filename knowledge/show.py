"""One standard as readable text in a language (what `qyzmet kb show ID [--lang LANG]` prints).

Labels come from the gettext catalogs in `locales/`; the standard's own texts from
its `<field>_<lang>` translations, falling back to the Kazakh source where a text
has no current translation.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from knowledge.translation import text_in
from locales import N_, translations

CHANNELS = {"authority": N_("authorised body"), "hqo": N_("public service centre (PSC)"),
            "mobile_hqo": N_("mobile PSC"), "portal": N_("e-government portal (egov.kz)"),
            "any": N_("all channels")}
KINDS = {"processing": N_("processing time"), "queue_wait": N_("waiting in the queue"),
         "service_time": N_("service time")}
FORMS = {"non_automated": N_("not automated"), "partially_automated": N_("partially automated"),
         "fully_automated": N_("fully automated")}


def amount_text(ngettext, value: int, unit: str) -> str:
    """"3 working days" in the catalog's language, with its plural forms."""
    # one call per unit, so each is a plural entry of its own in the catalogs
    if unit == "minute":
        return ngettext("%(n)d minute", "%(n)d minutes", value) % {"n": value}
    if unit == "hour":
        return ngettext("%(n)d hour", "%(n)d hours", value) % {"n": value}
    if unit == "working_day":
        return ngettext("%(n)d working day", "%(n)d working days", value) % {"n": value}
    if unit == "calendar_day":
        return ngettext("%(n)d calendar day", "%(n)d calendar days", value) % {"n": value}
    if unit == "month":
        return ngettext("%(n)d month", "%(n)d months", value) % {"n": value}
    return f"{value} {unit}"


def date_text(iso: str, language: str) -> str:
    try:
        return format_date(datetime.date.fromisoformat(iso), "long", locale=language)
    except (ValueError, TypeError):
        return iso


def source_lines(s: dict, language: str) -> list[str]:
    """Where the facts come from, and that the act is no longer in force."""
    _ = translations(language).gettext
    src = s["source"]
    lines = [_("Source: Government decree No. {number} of {date} ({file}, lines {start}–{end}).").format(
        number=src["act_number"], date=date_text(src["act_date"], language), file=src["file"],
        start=src["lines"][0], end=src["lines"][1])]
    repealed = src.get("repealed_by")
    if src["status"] == "repealed" and repealed:
        lines.append(_("REPEALED by decree No. {number} of {date}.").format(
            number=repealed["number"], date=date_text(repealed["date"], language)))
    lines.append(_("Confirm the rules in force today: call 1414 or see egov.kz."))
    return lines


def render(s: dict, language: str = "kk") -> str:
    catalog = translations(language)
    _, ngettext = catalog.gettext, catalog.ngettext
    named = catalog.gettext      # for table lookups: `_` is what extraction reads, with literal strings
    kazakh = language == "kk"
    title = s.get(f"title_{language}") or s["title_kk"]
    lines = [title, "=" * min(len(title), 80), *source_lines(s, language), ""]
    lines.append(_("Ministry: {name}").format(name=text_in(s, "ministry", language) or "—"))
    lines.append(_("Where to apply: {channels}").format(channels=", ".join(named(CHANNELS[c]) if c in CHANNELS else c
                                                                          for c in s["channels"])))
    lines.append(_("Form: {form}").format(form=named(FORMS[s["form"]]) if s["form"] in FORMS else s["form"]))
    lines += ["", _("Result:"), f"  {text_in(s['result'], 'raw', language)}", "", _("Deadlines:")]
    for d in s["durations"]:
        value = _("the same day") if d["value"] == 0 else amount_text(ngettext, d["value"], d["unit"])
        channel = named(CHANNELS[d["channel"]]) if d["channel"] in CHANNELS else d["channel"]
        line = f"  • {channel}: {named(KINDS[d['kind']])} — {value}"
        if d["condition"]:
            # the condition is part of the translated sentence, not a text of its own
            line += f" ({d['condition']})" if kazakh else f"\n      {text_in(d, 'raw', language)}"
        lines.append(line)
    fee = s["fee"]
    lines += ["", _("Cost: {cost}").format(cost=_("free") if fee["free"] else _("paid"))]
    for a in fee["amounts"]:
        # "%" stays out of the msgid: gettext tools would read "% o" as a printf directive
        percent = f"{format_decimal(a['mrp_percent'], locale=language)}%"
        share = _("{percent} of the monthly calculation index (MCI)").format(percent=percent)
        lines.append(f"  • {text_in(a, 'what', language)}: {share}")
    if not fee["free"] and fee.get("raw"):
        lines.append(f"  {text_in(fee, 'raw', language)}")
    exemptions = fee.get(f"exemptions_{language}") or fee["exemptions"]
    if exemptions:
        lines.append(_("Exempt: {who}").format(who="; ".join(e for e in exemptions if e)))
    lines += ["", _("Documents:")]
    for scenario in s["documents"]["scenarios"]:
        label = text_in(scenario, "label", language)
        if label:
            lines.append(f"  {label}:")
        for item in scenario["items"]:
            mark = " " + _("(if applicable)") if item["conditional"] and not item["one_of"] else ""
            mark += " " + _("(one of these)") if item["one_of"] else ""
            lines.append(f"    – {text_in(item, 'text', language)}{mark}")
    lines += ["", _("Grounds for refusal:")]
    lines += [f"  • {text_in(g, 'text', language)}" for g in s["refusal_grounds"]] or ["  —"]
    if s["termination_grounds"]:
        lines += ["", _("Grounds for stopping the service:")]
        lines += [f"  • {text_in(g, 'text', language)}" for g in s["termination_grounds"]]
    c = s["complaint"]
    lines += ["", _("Complaints:")]
    lines += [f"  • {text_in(r, 'text', language)}" for r in c["routes"]]
    if c["court"]:
        lines.append(f"  • {text_in(c['court'], 'text', language)}")
    if c["phones"]:
        lines.append("  " + _("Phones: {phones}").format(phones=", ".join(c["phones"])))
    lines.append("  " + (_("The 1414 contact centre is named in the standard.") if s["mentions_1414"]
                         else _("The standard does not name the 1414 contact centre.")))
    if s.get("quality_flags"):
        lines += ["", _("Defects in the source:")] + [f"  ! {f['message']}" for f in s["quality_flags"]]
    return "\n".join(lines)
