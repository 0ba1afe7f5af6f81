"""The operators' forum group: what an operator writes in a citizen's topic reaches the citizen, and
/close, /return, /ban, /unban act on that citizen's conversation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, Update
from aiogram.utils.i18n import gettext as _

from bot.conversation import CHANNEL, Services, conversation_of, show, unavailable
from bot.db.models import Citizen, Desk as DeskState
from bot.filters import Magic
from dialogs.messages import Event, OperatorAction, OperatorKind


async def _citizen(message: Message, services: Services) -> Citizen | None:
    row = await services.desk.by_topic(message.message_thread_id)
    if row is None and not message.forum_topic_created:
        await message.reply(_("This topic belongs to no citizen: write in a citizen's own topic."))
    return row


async def _act(services: Services, row: Citizen, update: Update, action: OperatorAction) -> list:
    who = conversation_of(row.user_id)
    return await services.runner.handle(Event(who, CHANNEL, operator=action, user=who, id=str(update.update_id)))


def _operator(message: Message) -> str:
    # an admin posting as the group is the group: who it was is not known
    return "tg:group" if message.sender_chat is not None else f"tg:{message.from_user.id}"


async def close(message: Message, command: CommandObject, event_update: Update, services: Services):
    row = await _citizen(message, services)
    if row is None:
        return
    code = (command.args or "").strip().lower()
    codes = services.config.resolution_codes
    if code not in codes:
        await message.reply(_("Give a resolution code: /close <code>, one of: {codes}.").format(codes=", ".join(codes)))
        return
    out = await _act(services, row, event_update, OperatorAction(OperatorKind.CLOSE, code=code,
                                                                 operator=_operator(message)))
    if not out:
        # the citizen went back to the assistant before: the topic is still closed with its code
        await services.desk.released(row.user_id, _("Closed: {code}.").format(code=code), close=True)
        return
    await show(services, row.user_id, row.chat_id, out, None)


async def hand_back(message: Message, event_update: Update, services: Services):
    row = await _citizen(message, services)
    if row is None:
        return
    out = await _act(services, row, event_update, OperatorAction(OperatorKind.RETURN, operator=_operator(message)))
    if not out:
        await message.reply(_("Nothing to hand back: the citizen is with the assistant now."))
        return
    await show(services, row.user_id, row.chat_id, out, None)


async def _ban(message: Message, services: Services, banned: bool) -> None:
    row = await _citizen(message, services)
    if row is None:
        return

    def mark(s):
        s.get(Citizen, row.user_id, with_for_update=True).banned = banned
    await services.db.run(mark)
    await message.reply(_("Their messages will no longer reach this topic. /unban restores them.") if banned
                        else _("Their messages reach this topic again."))
    if banned and row.desk != DeskState.NONE:
        # not left waiting for a person who will not come, nor ahead of others in the queue
        await unavailable(services, row.user_id, row.chat_id, row.language or "kk",
                          _("The citizen was sent back to the assistant."))


async def ban(message: Message, services: Services):
    await _ban(message, services, True)


async def unban(message: Message, services: Services):
    await _ban(message, services, False)


async def reply(message: Message, event_update: Update, services: Services):
    """An operator's message: copied to the citizen as it is, and written into the transcript."""
    if message.forum_topic_created or message.forum_topic_closed or message.forum_topic_reopened \
            or message.pinned_message or message.forum_topic_edited:
        return
    row = await _citizen(message, services)
    if row is None:
        return
    if (message.text or "").startswith("/"):
        # a mistyped command is not for the citizen
        await message.reply(_("Commands here: /close <code> ({codes}), /return, /ban, /unban.").format(
            codes=", ".join(services.config.resolution_codes)))
        return
    if row.desk == DeskState.NONE:
        await message.reply(_("The citizen is with the assistant now: your message was not sent. They come back "
                              "to this topic when they ask for an operator."))
        return
    if row.blocked:
        await message.reply(_("The citizen has blocked the bot: they will not get messages."))
        return
    said = message.text or message.caption or f"[{message.content_type}]"
    out = await _act(services, row, event_update, OperatorAction(OperatorKind.SAY, text=said,
                                                                 operator=_operator(message)))
    await show(services, row.user_id, row.chat_id, out, None)        # "an operator has joined", the first time
    await services.desk.to_citizen(row, message)


async def edited(message: Message, services: Services):
    """An operator's correction, mirrored in the citizen's copy."""
    pair = await services.desk.pair_of(topic_message_id=message.message_id)
    if pair is None or pair.from_citizen:
        return
    row = await services.desk.citizen(pair.citizen_id)
    if row is None or row.blocked:
        return
    try:
        if message.text is not None:
            await services.bot.edit_message_text(message.html_text, chat_id=row.chat_id,
                                                 message_id=pair.citizen_message_id, parse_mode=ParseMode.HTML)
        elif message.caption is not None:
            await services.bot.edit_message_caption(chat_id=row.chat_id, message_id=pair.citizen_message_id,
                                                    caption=message.html_text, parse_mode=ParseMode.HTML)
    except TelegramBadRequest as e:
        if "not modified" not in str(e).lower():
            raise


def make_router(operators_chat_id: int | None) -> Router:
    """Only the configured group's topics, from people (not bots); nothing at all without a group."""
    router = Router(name="operators")
    chat = operators_chat_id if operators_chat_id is not None else 0
    for observer in (router.message, router.edited_message):
        # people, not bots; an admin posting anonymously comes as the group itself
        observer.filter(Magic(F.chat.id == chat), Magic(F.message_thread_id),
                        Magic(F.from_user.is_bot.is_(False) | (F.sender_chat.id == chat)))
    router.message.register(close, Command("close"))
    router.message.register(hand_back, Command("return"))
    router.message.register(ban, Command("ban"))
    router.message.register(unban, Command("unban"))
    router.message.register(reply)
    router.edited_message.register(edited)
    return router
