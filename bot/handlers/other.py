"""Everything else a citizen sends — voice, photos, stickers, documents, contacts, polls, forwarded
and edited messages — gets a polite answer; while an operator holds the chat, it goes to them.

A shared contact is never stored: the engine hears only that a contact came.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType, ContentType, ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message, Update
from aiogram.utils.i18n import gettext as _

from bot.conversation import Services, turn
from bot.db.models import Citizen, Desk as DeskState
from bot.filters import Magic
from bot.handlers.citizen import event
from dialogs.messages import Attachment


KINDS = {ContentType.PHOTO: Attachment.PHOTO, ContentType.VIDEO: Attachment.VIDEO,
         ContentType.VIDEO_NOTE: Attachment.VIDEO, ContentType.ANIMATION: Attachment.VIDEO,
         ContentType.VOICE: Attachment.VOICE, ContentType.AUDIO: Attachment.AUDIO,
         ContentType.DOCUMENT: Attachment.DOCUMENT, ContentType.STICKER: Attachment.STICKER,
         ContentType.CONTACT: Attachment.CONTACT, ContentType.POLL: Attachment.POLL}


async def not_text(message: Message, event_update: Update, services: Services,
                   citizen: Citizen | None = None):
    if message.forward_origin is not None:
        kind = Attachment.FORWARDED
    else:
        kind = KINDS.get(message.content_type, Attachment.OTHER)
    caption = None if kind == Attachment.CONTACT else (message.caption or message.text)
    await turn(services, message.from_user.id, message.chat.id,
               event(message, event_update, attachment=kind, text=caption), message, known=citizen)


async def edited(message: Message, services: Services):
    """An edit of a message the operators have: mirrored in their topic. Otherwise the assistant says it
    answers new messages (the answer to the old wording stands)."""
    pair = await services.desk.pair_of(citizen_id=message.from_user.id, citizen_message_id=message.message_id)
    row = await services.desk.citizen(message.from_user.id)
    if pair is not None and services.config.operators_chat_id is not None:
        try:
            if message.text is not None:
                await services.bot.edit_message_text(message.html_text, chat_id=services.config.operators_chat_id,
                                                     message_id=pair.topic_message_id, parse_mode=ParseMode.HTML)
            elif message.caption is not None:
                await services.bot.edit_message_caption(chat_id=services.config.operators_chat_id,
                                                        message_id=pair.topic_message_id,
                                                        caption=message.html_text, parse_mode=ParseMode.HTML)
        except TelegramBadRequest as e:
            if "not modified" not in str(e).lower():
                raise
        return
    if row is not None and row.desk != DeskState.NONE:
        return                     # an edit of something said before the operator came: nothing to mirror
    await message.reply(_("I answer new messages: please send the corrected question as a new message."))


def make_router() -> Router:
    router = Router(name="other")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.edited_message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(not_text)
    router.edited_message.register(edited)
    return router
