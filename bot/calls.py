"""A caller waiting in the 1414 queue, announced in the operators' group (the voice line's card).

Calls are answered on the phone, not in a topic, so the card goes to the group's general
thread: who is waiting, in which language, about what, and the turns so far, and the caller's
number, whole and a tel: link, to call back if the call drops. That post is the only place the
number is shown: the card kept with the call and served at /ivr/context has it masked, and
nothing here logs it. The operator who takes the call hears the same context in a whisper.

The caller's forget-me deletes the post. Telegram lets a bot delete its message for 48 hours; an
older card stays in the group (RETENTION_DAYS does not reach it either: the group's own auto-delete
timer does).
"""

from __future__ import annotations

import html
import logging

import phonenumbers
from aiogram.exceptions import TelegramAPIError

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

    @property
    def bot(self):
        if self._bot is None:
            self._bot = make_bot(self.config)
        return self._bot

    async def post(self, card: dict, callback: str = "") -> int:
        """`callback`: the caller's number in E.164 (ivr.line.callback_number), or "" when there is none;
        the post's message id."""
        sent = await self.bot.send_message(self.config.operators_chat_id,
                                           text(card, self.config.operator_language, callback), parse_mode="HTML")
        return sent.message_id

    async def withdraw(self, message_id: int) -> bool:
        """A card deleted from the group (the caller's forget-me); False when Telegram would not (older than
        48 hours, deleted by hand already), said in the log without the card."""
        try:
            return await self.bot.delete_message(self.config.operators_chat_id, message_id)
        except TelegramAPIError as e:
            log.warning("a forgotten caller's card could not be deleted from the operators' group: %s",
                        type(e).__name__)
            return False

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.session.close()
