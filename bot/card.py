"""The context card that opens a citizen's topic: what an operator needs to carry on without asking again.

Language, service, the situation collected so far, the place, the reason, since when
the citizen waits, and the last turns (the transcript masks what citizens typed).
"""

from __future__ import annotations

import html
from datetime import datetime

from dialogs.hours import ALMATY
from dialogs.messages import Handoff

TURN_CHARS = 300          # of each of the last turns: enough to see what was asked, short enough to read
CARD_CHARS = 3900         # under Telegram's 4,096, with room for the footer
SPEAKER = {"citizen": "👤", "bot": "🤖", "operator": "🎧", "system": "⚙️"}


def _place(place: dict | None, language: str) -> str | None:
    if not place:
        return None
    name = place.get("name_ru") if language == "ru" and place.get("name_ru") else place.get("name")
    if name:
        return str(name)
    if place.get("lat") is not None and place.get("lon") is not None:
        # a shared location, coarsely: the district, not the doorstep
        return f"📍 ≈ {float(place['lat']):.2f}, {float(place['lon']):.2f}"
    return None


# each in its own words, as the language buttons say it: the operator sees at once whom to expect
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}


def language_name(code: str | None) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else str(code)


def reasons(_) -> dict[str, str]:
    return {"asked": _("asked for an operator"), "not_understood": _("the assistant did not understand"),
            "complaint": _("a complaint"), "error": _("a technical failure")}


def about(context: dict, _) -> list[str]:
    """The service and the situation so far, as card lines (HTML)."""
    e, lines = html.escape, []
    service, situation = context.get("service"), context.get("situation") or {}
    if service:
        label = _("Service")
        lines.append(f"{e(label)}: {e(str(service.get('title')))} ({e(str(service.get('id')))})")
    if situation:
        label = _("Situation")
        said = ", ".join(f"{k} = {v}" for k, v in situation.items())
        lines.append(f"{e(label)}: {e(said)}")
    return lines


def last_turns(turns: list[dict], room: int, _) -> str:
    """As many of the latest turns as fit in `room` characters, each cut to TURN_CHARS, under a heading."""
    said_lines = []
    for turn in turns or []:
        said = str(turn.get("text") or "").strip()
        if len(said) > TURN_CHARS:
            said = said[:TURN_CHARS].rsplit(" ", 1)[0] + " …"
        said_lines.append(f"{SPEAKER.get(turn.get('speaker'), '•')} {html.escape(said)}")
    kept: list[str] = []
    for line in reversed(said_lines):             # the latest turns first, as many as fit
        if sum(len(k) + 1 for k in kept) + len(line) + 1 > room:
            break
        kept.insert(0, line)
    heading = _("Last messages")
    return f"<b>{html.escape(heading)}</b>\n" + "\n".join(kept) if kept else ""


def text(handoff: Handoff, since: datetime, codes: tuple[str, ...], _) -> str:
    """The card in the operators' language (`_` is its gettext)."""
    c = handoff.context or {}
    label = {"title": _("Citizen waiting for an operator"), "reason": _("Reason"), "language": _("Language"),
             "since": _("Waiting since"), "almaty": _("Almaty time"), "place": _("Place")}
    e = html.escape
    lines = [f"<b>{e(label['title'])}</b>",
             f"{e(label['reason'])}: {e(reasons(_).get(str(handoff.reason), str(handoff.reason)))}",
             f"{e(label['language'])}: {e(language_name(handoff.language))}",
             f"{e(label['since'])}: {since.astimezone(ALMATY):%d.%m.%Y %H:%M} ({e(label['almaty'])})"]
    lines += about(c, _)
    place = _place(c.get("place"), handoff.language)
    if place:
        lines.append(f"{e(label['place'])}: {e(place)}")
    howto = _("Reply in this topic: the citizen gets your messages.")
    commands = _("/close <code> ends the conversation ({codes}); /return hands it back to the assistant; "
                 "/ban stops their messages, /unban restores them.").format(codes=", ".join(codes))
    footer = [f"<i>{e(howto)}</i>", e(commands)]
    head = "\n".join(lines)
    turns = last_turns(c.get("last_turns") or [], CARD_CHARS - len(head) - sum(len(f) for f in footer), _)
    return "\n\n".join([head] + ([turns] if turns else []) + ["\n".join(footer)])


def topic_name(handoff: Handoff, code: str) -> str:
    """The topic's title: no name or phone, just what the question is about and a number."""
    c = handoff.context or {}
    service = (c.get("service") or {}).get("title") or "—"
    flag = {"kk": "KK", "ru": "RU"}.get(handoff.language, handoff.language.upper())
    return f"{code} · {flag} · {service}"[:128]
