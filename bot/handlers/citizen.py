"""A citizen's private chat: commands, typed questions, a shared location, pressed buttons.

Each handler only turns the update into an `Event` (`bot.conversation.turn` does the rest).
The update's id is the event's delivery id: a repeat is answered once by the engine.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from aiogram.utils.i18n import gettext as _

from bot import render
from bot.callbacks import Choice
from bot.conversation import CHANNEL, NEAREST, Services, conversation_of, turn
from bot.db.models import Citizen, Desk as DeskState
from bot.deliver import send
from bot.filters import Magic
from dialogs.messages import Event, Signal
from dialogs.payloads import Command as EngineCommand, pack

DEEP_LINK = r"^[0-9]{3,4}-[0-9]{2}$"        # start=1486-02: a standard's id


def event(message: Message | CallbackQuery, update: Update, **what) -> Event:
    who = conversation_of(message.from_user.id)
    return Event(conversation=who, channel=CHANNEL, user=who, id=str(update.update_id), **what)


async def start_service(message: Message, command: CommandObject, event_update: Update, services: Services,
                        citizen: Citizen | None = None):
    await turn(services, message.from_user.id, message.chat.id,
               event(message, event_update, signal=Signal.START, payload=pack(EngineCommand.SERVICE, command.args)),
               message, known=citizen)


async def start(message: Message, event_update: Update, services: Services,
                citizen: Citizen | None = None):
    await turn(services, message.from_user.id, message.chat.id, event(message, event_update, signal=Signal.START),
               message, known=citizen)


async def language(message: Message, command: CommandObject, event_update: Update, services: Services,
                   citizen: Citizen | None = None):
    wanted = (command.args or "").strip().lower()
    if wanted in ("kk", "ru"):
        await turn(services, message.from_user.id, message.chat.id,
                   event(message, event_update, payload=pack(EngineCommand.LANG, wanted)), message,
                   known=citizen)
        return
    choices = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="Қазақша", callback_data=Choice(command="lang", args="kk").pack()),
        InlineKeyboardButton(text="Русский", callback_data=Choice(command="lang", args="ru").pack())]])
    await message.answer("Тілді таңдаңыз / Выберите язык:", reply_markup=choices)


async def help_(message: Message, services: Services):
    text = _("I answer questions about public services from the official service standards: the documents for "
             "your situation, the deadline, the cost, the result, the grounds for refusal, the nearest PSC and how "
             "to complain. Write your question in your own words, for example: “certificate of no criminal "
             "record”.\n\n/start: begin again\n/lang: language\n/operator: talk to a person\n"
             "/forget: erase our conversation\n\nFree public services contact centre: 1414.")
    menu = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=_("Nearest PSC"), callback_data=Choice(command="office").pack()),
        InlineKeyboardButton(text=_("Talk to an operator"), callback_data=Choice(command="operator").pack())]])
    await send(services.bot, message.chat.id, [render.Text(render.html.escape(text, quote=False), menu)])


async def operator(message: Message, event_update: Update, services: Services,
                   citizen: Citizen | None = None):
    await turn(services, message.from_user.id, message.chat.id,
               event(message, event_update, payload=pack(EngineCommand.OPERATOR)), message, known=citizen)


async def forget(message: Message, services: Services):
    """Erase what the assistant kept of this chat, and say what that was, and what stays."""
    user = message.from_user.id
    who = conversation_of(user)
    row = await services.desk.citizen(user)
    held = row is not None and row.desk != DeskState.NONE
    await services.runner.forget(who, who)
    await services.desk.forget(user)
    if held:
        await services.desk.note(user, services.desk._("The citizen erased their conversation (/forget)."))
    await message.answer(_(
        "I have erased our conversation: your messages and my answers, the situation and the place you told me, "
        "your language choice, and which of your messages were passed to operators.\n\n"
        "What stays: messages already passed to operators remain in the contact centre's records, and if "
        "operators stopped receiving your messages, that stays too. Send /start to begin again."))


async def location(message: Message, event_update: Update, services: Services,
                   citizen: Citizen | None = None):
    point = (message.location.latitude, message.location.longitude)
    await turn(services, message.from_user.id, message.chat.id, event(message, event_update, location=point),
               message, known=citizen)


async def text(message: Message, event_update: Update, services: Services,
               citizen: Citizen | None = None):
    said = message.text
    if said.strip() in {services._(NEAREST, lang) for lang in ("kk", "ru")}:
        # the location button, from a client that cannot share a location, sends its label
        what = {"payload": pack(EngineCommand.OFFICE)}
    else:
        what = {"text": said}
    await turn(services, message.from_user.id, message.chat.id, event(message, event_update, **what), message,
               known=citizen)


async def chosen(query: CallbackQuery, callback_data: Choice, event_update: Update, services: Services,
                 citizen: Citizen | None = None):
    await query.answer()
    # what the button said, for an operator who sees the press (the payload is ours, not the citizen's words)
    markup = query.message.reply_markup if query.message is not None else None
    title = next((b.text for row in (markup.inline_keyboard if markup else []) for b in row
                  if b.callback_data == query.data), None)
    await turn(services, query.from_user.id, query.message.chat.id,
               event(query, event_update, payload=callback_data.payload), known=citizen, pressed=title)


async def stale_button(query: CallbackQuery):
    """A button this version does not know (an old message's, or forged data)."""
    await query.answer(_("This button is out of date. Please write your question or send /start."),
                       show_alert=True)


def make_router() -> Router:
    router = Router(name="citizen")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.callback_query.filter(Magic(F.message.chat.type == ChatType.PRIVATE))
    router.message.register(start_service, CommandStart(deep_link=True, magic=F.args.regexp(DEEP_LINK)))
    router.message.register(start, CommandStart())
    router.message.register(language, Command("lang"))
    router.message.register(help_, Command("help"))
    router.message.register(operator, Command("operator"))
    router.message.register(forget, Command("forget"))
    router.message.register(location, Magic(F.location & ~F.forward_origin))
    router.message.register(text, Magic(F.text & ~F.forward_origin))
    router.callback_query.register(chosen, Choice.filter())
    router.callback_query.register(stale_button)
    return router
