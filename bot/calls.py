"""A caller waiting in the 1414 queue, announced in the operators' group (the voice line's card).

Calls are answered on the phone, not in a topic, so the card goes to the group's general
thread: who is waiting, in which language, about what, and the turns so far, and the caller's
number, whole and a tel: link, to call back if the call drops. That post is the only place the
number is shown: the card kept with the call and served at /ivr/context has it masked, and
nothing here logs it. The operator who takes the call hears the same context in a whisper.
"""

from __future__ import annotations

import html
import logging

import phonenumbers

from bot.app import make_bot
from bot.card import about, language_name, last_turns, reasons
from bot.config import BotConfig
from locales import translations

log = logging.getLogger("qyzmet.bot.calls")
LIMIT = 4000              # under Telegram's 4,096 characters


def _phone(card: dict, callback: str) -> str:
    """The number to call back as a link a phone dials ("tel:+7…"), or the kept card's masked one."""
    if not callback:
        return html.escape(str(card.get("caller")))
    shown = phonenumbers.format_number(phonenumbers.parse(callback), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f'<a href="tel:{html.escape(callback)}">{html.escape(shown)}</a>'


def text(card: dict, language: str, callback: str = "") -> str:
    _ = translations(language).gettext
    e = html.escape
    label = {"title": _("Caller waiting in the 1414 queue"), "reason": _("Reason"), "language": _("Language"),
             "phone": _("Phone number"), "call": _("Call")}
    lines = [f"<b>☎️ {e(label['title'])}</b>",
             f"{e(label['reason'])}: {e(reasons(_).get(card.get('reason'), str(card.get('reason'))))}",
             f"{e(label['language'])}: {e(language_name(card.get('language')))}",
             f"{e(label['phone'])}: {_phone(card, callback)}",
             f"{e(label['call'])}: <code>{e(str(card.get('call')))}</code>"] + about(card, _)
    head = "\n".join(lines)
    turns = last_turns(card.get("transcript") or [], LIMIT - len(head), _)
    return "\n\n".join([head] + ([turns] if turns else []))


class CallCards:
    """Posts cards with a bot of its own (the HTTP server may run without the Telegram channel's polling)."""

    def __init__(self, config: BotConfig) -> None:
        self.config = config
        self._bot = None

    async def post(self, card: dict, callback: str = "") -> None:
        """`callback`: the caller's number in E.164 (ivr.line.callback_number), or "" when there is none."""
        if self._bot is None:
            self._bot = make_bot(self.config)
        await self._bot.send_message(self.config.operators_chat_id,
                                     text(card, self.config.operator_language, callback), parse_mode="HTML")

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.session.close()
