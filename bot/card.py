"""The context card that opens a citizen's topic: what an operator needs to carry on without asking again.

Language, service, the situation collected so far, the place, the reason, since when
the citizen waits, and the last turns (the transcript masks what citizens typed).
"""

from __future__ import annotations

import html
from datetime import datetime

from bot.hours import ALMATY
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


def text(handoff: Handoff, since: datetime, codes: tuple[str, ...], _) -> str:
    """The card in the operators' language (`_` is its gettext)."""
    c = handoff.context or {}
    reasons = {"asked": _("asked for an operator"), "not_understood": _("the assistant did not understand"),
               "complaint": _("a complaint")}
    label = {"title": _("Citizen waiting for an operator"), "reason": _("Reason"), "language": _("Language"),
             "since": _("Waiting since"), "almaty": _("Almaty time"), "service": _("Service"),
             "situation": _("Situation"), "place": _("Place"), "last": _("Last messages")}
    e = html.escape
    lines = [f"<b>{e(label['title'])}</b>",
             f"{e(label['reason'])}: {e(reasons.get(str(handoff.reason), str(handoff.reason)))}",
             f"{e(label['language'])}: {e(handoff.language)}",
             f"{e(label['since'])}: {since.astimezone(ALMATY):%d.%m.%Y %H:%M} ({e(label['almaty'])})"]
    service = c.get("service")
    if service:
        lines.append(f"{e(label['service'])}: {e(str(service.get('title')))} ({e(str(service.get('id')))})")
    situation = c.get("situation") or {}
    if situation:
        said = ", ".join(f"{k} = {v}" for k, v in situation.items())
        lines.append(f"{e(label['situation'])}: {e(said)}")
    place = _place(c.get("place"), handoff.language)
    if place:
        lines.append(f"{e(label['place'])}: {e(place)}")
    howto = _("Reply in this topic: the citizen gets your messages.")
    commands = _("/close <code> ends the conversation ({codes}); /return hands it back to the assistant; "
                 "/ban stops their messages, /unban restores them.").format(codes=", ".join(codes))
    footer = [f"<i>{e(howto)}</i>", e(commands)]
    turns = []
    for turn in c.get("last_turns") or []:
        said = str(turn.get("text") or "").strip()
        if len(said) > TURN_CHARS:
            said = said[:TURN_CHARS].rsplit(" ", 1)[0] + " …"
        turns.append(f"{SPEAKER.get(turn.get('speaker'), '•')} {html.escape(said)}")
    head = "\n".join(lines)
    room = CARD_CHARS - len(head) - sum(len(f) for f in footer)
    kept: list[str] = []
    for line in reversed(turns):                  # the latest turns first, as many as fit
        if sum(len(k) + 1 for k in kept) + len(line) + 1 > room:
            break
        kept.insert(0, line)
    body = [head]
    if kept:
        body.append(f"<b>{e(label['last'])}</b>\n" + "\n".join(kept))
    return "\n\n".join(body + ["\n".join(footer)])


def topic_name(handoff: Handoff, code: str) -> str:
    """The topic's title: no name or phone, just what the question is about and a number."""
    c = handoff.context or {}
    service = (c.get("service") or {}).get("title") or "—"
    flag = {"kk": "KK", "ru": "RU"}.get(handoff.language, handoff.language.upper())
    return f"{code} · {flag} · {service}"[:128]
