"""A caller waiting in the 1414 queue, announced in the operators' group (the voice line's card).

Calls are answered on the phone, not in a topic, so the card goes to the group's general
thread: who is waiting, in which language, about what, and the turns so far. The caller's
number is masked; the operator who takes the call hears the same context in a whisper.
"""

from __future__ import annotations

import html
import logging

from bot.app import make_bot
from bot.card import SPEAKER, TURN_CHARS
from bot.config import BotConfig
from locales import translations

log = logging.getLogger("qyzmet.bot.calls")
LIMIT = 4000              # under Telegram's 4,096 characters


def text(card: dict, language: str) -> str:
    _ = translations(language).gettext
    e = html.escape
    reasons = {"asked": _("asked for an operator"), "not_understood": _("the assistant did not understand"),
               "complaint": _("a complaint")}
    label = {"title": _("Caller waiting in the 1414 queue"), "reason": _("Reason"), "language": _("Language"),
             "phone": _("Phone number"), "call": _("Call"), "service": _("Service"), "situation": _("Situation"),
             "last": _("Last messages")}
    lines = [f"<b>☎️ {e(label['title'])}</b>",
             f"{e(label['reason'])}: {e(reasons.get(card.get('reason'), str(card.get('reason'))))}",
             f"{e(label['language'])}: {e(str(card.get('language')))}",
             f"{e(label['phone'])}: {e(str(card.get('caller')))}",
             f"{e(label['call'])}: <code>{e(str(card.get('call')))}</code>"]
    service = card.get("service")
    if service:
        lines.append(f"{e(label['service'])}: {e(str(service.get('title')))} ({e(str(service.get('id')))})")
    situation = card.get("situation") or {}
    if situation:
        lines.append(f"{e(label['situation'])}: " + e(", ".join(f"{k} = {v}" for k, v in situation.items())))
    turns = []
    for turn in card.get("transcript") or []:
        said = str(turn.get("text") or "").strip()
        if len(said) > TURN_CHARS:
            said = said[:TURN_CHARS].rsplit(" ", 1)[0] + " …"
        turns.append(f"{SPEAKER.get(turn.get('speaker'), '•')} {e(said)}")
    head = "\n".join(lines)
    kept: list[str] = []
    for line in reversed(turns):                  # the latest turns, as many as fit
        if len(head) + sum(len(k) + 1 for k in kept) + len(line) + 40 > LIMIT:
            break
        kept.insert(0, line)
    return head + (f"\n\n<b>{e(label['last'])}</b>\n" + "\n".join(kept) if kept else "")


class CallCards:
    """Posts cards with a bot of its own (the HTTP server may run without the Telegram channel's polling)."""

    def __init__(self, config: BotConfig) -> None:
        self.config = config
        self._bot = None

    async def post(self, card: dict) -> None:
        if self._bot is None:
            self._bot = make_bot(self.config)
        await self._bot.send_message(self.config.operators_chat_id, text(card, self.config.operator_language),
                                     parse_mode="HTML")

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.session.close()
