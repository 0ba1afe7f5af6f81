"""Sending rendered messages to one chat, in order; a user who blocked the bot ends the sending."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import LinkPreviewOptions, Message, ReplyKeyboardMarkup

from bot.render import Outbound, Text, Venue

log = logging.getLogger("qyzmet.bot")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Blocked(Exception):
    """Telegram said 403: the user blocked the bot (or deleted their account)."""


async def send(bot: Bot, chat_id: int, items: list[Outbound], reply_keyboard: ReplyKeyboardMarkup | None = None,
               thread_id: int | None = None) -> list[Message]:
    """Each item in turn. `reply_keyboard` rides on the first message without an inline keyboard
    (a message carries one kind of keyboard)."""
    sent: list[Message] = []
    try:
        for item in items:
            markup = item.keyboard
            if markup is None and reply_keyboard is not None:
                markup, reply_keyboard = reply_keyboard, None
            if isinstance(item, Venue):
                c = item.card
                sent.append(await bot.send_venue(chat_id, c.lat, c.lon, title=c.name[:256],
                                                 address=(c.address or c.name)[:256], reply_markup=markup,
                                                 message_thread_id=thread_id))
            elif isinstance(item, Text):
                sent.append(await bot.send_message(chat_id, item.html, parse_mode=ParseMode.HTML,
                                                   reply_markup=markup, message_thread_id=thread_id,
                                                   link_preview_options=NO_PREVIEW))
    except TelegramForbiddenError as e:
        raise Blocked(str(e)) from e
    return sent
