"""One citizen's turn through the engine, and what it says shown in Telegram.

Handlers make an `Event`; this runs it and routes each outgoing message: replies and
offices to the citizen's chat, a handover, a relayed message or a notice to the
operators' desk. Nothing here decides what to say: the engine did.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.chat_action import ChatActionSender

from bot import render
from dialogs import hours
from bot.config import BotConfig
from bot.db import Database
from bot.db.models import Citizen, Desk as DeskState
from bot.deliver import Blocked, send
from bot.desk import Desk, Handover, Queued
from bot.i18n import Catalogs
from dialogs.messages import Event, Handoff, Notice, NoticeKind, OfficeCard, Outgoing, Purpose, Relay, Reply
from dialogs.runner import Runner
from locales import N_

log = logging.getLogger("qyzmet.bot")
CHANNEL = "telegram"
NEAREST = N_("📍 Nearest PSC")


def conversation_of(user_id: int) -> str:
    return f"{CHANNEL}:{user_id}"


@dataclass(frozen=True, slots=True)
class Services:
    """What every handler is handed (aiogram's workflow data)."""
    bot: Bot
    runner: Runner
    db: Database
    desk: Desk
    config: BotConfig
    i18n: Catalogs

    def _(self, text: str, language: str) -> str:
        return self.i18n.gettext(text, locale=language)

    def location_keyboard(self, language: str) -> ReplyKeyboardMarkup:
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=self._(NEAREST, language), request_location=True)]],
                                   resize_keyboard=True, is_persistent=True)


async def turn(services: Services, user_id: int, chat_id: int, event: Event, source: Message | None = None,
               known: Citizen | None = None, pressed: str | None = None) -> None:
    """The event through the engine (a typing indicator meanwhile), then everything it says, shown.
    `source`: the citizen's message (copied to operators while they hold the chat); `pressed`: the
    title of the button pressed instead; `known`: the citizen's row as this update found it."""
    if services.runner.inline:
        out = await services.runner.handle(event)      # a few milliseconds on the loop: no time to show typing
    else:
        # the turn may wait on the network (PostgreSQL, Rasa): "typing…" at once, and again every 5 s
        await services.bot.send_chat_action(chat_id, "typing")
        async with ChatActionSender.typing(bot=services.bot, chat_id=chat_id, initial_sleep=5.0):
            out = await services.runner.handle(event)
    await show(services, user_id, chat_id, out, source, known, pressed)


async def show(services: Services, user_id: int, chat_id: int, out: list[Outgoing], source: Message | None,
               known: Citizen | None = None, pressed: str | None = None) -> None:
    pending: list[render.Outbound] = []
    # the language question is asked in both languages: the reply keyboard waits for the answer
    language = next((m.language for m in out if isinstance(m, Reply) and m.purpose != Purpose.LANGUAGE), None)
    offices = [m for m in out if isinstance(m, OfficeCard)]
    # the office list's ways on go under its last office, not above the offices
    list_actions = next((m.actions for m in out if isinstance(m, Reply) and m.purpose == Purpose.OFFICES), ())
    try:
        for m in out:
            if isinstance(m, Reply):
                if m.purpose == Purpose.OPERATOR:
                    continue            # an operator's words reach the citizen as a copy of their message
                pending += render.reply(m, offices_after=m.purpose == Purpose.OFFICES and bool(offices))
            elif isinstance(m, OfficeCard):
                last = m is offices[-1]
                pending += render.office(m, services.config.map_links, list_actions if last else ())
            elif isinstance(m, Handoff):
                await flush(services, user_id, chat_id, pending, language, known)
                pending = []
                await handover(services, user_id, chat_id, m)
            elif isinstance(m, Relay):
                said = f"🔘 {pressed or m.text}" if source is None else m.text     # a button pressed: what it said
                await relay(services, user_id, chat_id, source, said)
            elif isinstance(m, Notice):
                pending += await notice(services, user_id, m, language or "kk")
        await flush(services, user_id, chat_id, pending, language, known)
    except Blocked:
        await blocked(services, user_id)


async def flush(services: Services, user_id: int, chat_id: int, items: list[render.Outbound],
                language: str | None, known: Citizen | None = None) -> None:
    if not items:
        return
    keyboard = None
    unchanged = known is not None and known.language == language and known.keyboard_language == language
    if language is not None and not unchanged:
        def remember(s) -> bool:
            """The reply's language kept for the bot's own words; whether the location keyboard, in
            that language, goes with this reply (it stays on the screen once sent)."""
            row = s.get(Citizen, user_id, with_for_update=True)
            if row is None:
                return False
            row.language = language
            fresh = row.keyboard_language != language
            row.keyboard_language = language
            return fresh
        if await services.db.run(remember):
            keyboard = services.location_keyboard(language)
            if all(item.keyboard is not None for item in items):
                items = items + [render.Text(services._(
                    "You can share your location with the button below to find the nearest PSC.", language))]
    await send(services.bot, chat_id, items, reply_keyboard=keyboard)


async def handover(services: Services, user_id: int, chat_id: int, handoff: Handoff) -> None:
    """The topic and its card; the citizen hears their place in the queue, or when operators are back."""
    language = handoff.language
    _ = lambda text: services._(text, language)  # noqa: E731
    try:
        queued = await services.desk.escalate(user_id, handoff)
    except TelegramBadRequest as e:
        # the group refuses us (no right to manage topics, the group is gone): said plainly, not a dead end
        log.error("cannot hand over to the operators' group: %s", e)
        queued = Queued(Handover.UNAVAILABLE)
    if queued.handover == Handover.UNAVAILABLE:
        return await unavailable(services, user_id, chat_id, language)
    if queued.handover == Handover.AFTER_HOURS:
        working = hours.describe(services.config.hours, language)
        text = _("Operators work {hours} (Almaty time). Your question is kept: an operator will answer here "
                 "when they are back.").format(hours=working)
    else:
        text = _("Connecting you to an operator. You are number {position} in the queue.").format(
            position=queued.position)
    await send(services.bot, chat_id, [render.Text(text)])


async def relay(services: Services, user_id: int, chat_id: int, source: Message | None, said: str) -> None:
    """The citizen's message to their topic; a group that refuses it leaves the citizen told and back
    with the assistant, never waiting for nobody."""
    if source is not None and source.contact is not None:
        source, said = None, "📇 [contact]"      # someone's number is not passed around, even to operators
    try:
        await services.desk.from_citizen(user_id, source, said)
    except (TelegramBadRequest, TelegramForbiddenError) as e:
        log.error("cannot relay to the operators' group: %s", e)
        row = await services.desk.citizen(user_id)
        await unavailable(services, user_id, chat_id, (row.language if row is not None else None) or "kk")


async def unavailable(services: Services, user_id: int, chat_id: int, language: str,
                      note: str | None = None) -> None:
    """Nobody can read it here (the group cannot be reached, or operators barred this citizen): back to the
    assistant, with the line that has people; `note` tells the operators' topic why."""
    try:
        await send(services.bot, chat_id, [render.Text(services._(
            "Operators cannot be reached in this chat right now. Please call the contact centre: 1414.", language))])
    except Blocked:
        await blocked(services, user_id)
    out = await services.runner.handle(Event(conversation_of(user_id), CHANNEL, payload="/bot",
                                             user=conversation_of(user_id)))
    await services.desk.released(user_id, note or services.desk._(
        "The citizen was sent back to the assistant: this group could not be reached."))
    await show(services, user_id, chat_id, [m for m in out if not isinstance(m, Notice)], None)


async def notice(services: Services, user_id: int, m: Notice, language: str) -> list[render.Outbound]:
    desk, _ = services.desk, services.desk._
    match m.event:
        case NoticeKind.OPERATOR_JOINED:
            await desk.joined(user_id)
            return [render.Text(services._("An operator has joined the conversation.", language))]
        case NoticeKind.CLOSED:
            await desk.released(user_id, _("Closed: {code}.").format(code=m.detail), close=True)
        case NoticeKind.OPERATOR_LEFT:
            await desk.released(user_id, _("Handed back to the assistant."))
        case NoticeKind.CITIZEN_LEFT:
            await desk.released(user_id, _("The citizen went back to the assistant."))
    return []


async def blocked(services: Services, user_id: int) -> None:
    """Telegram said 403: they blocked the bot. Marked, so that nothing more is sent; nothing else breaks."""
    def mark(s):
        row = s.get(Citizen, user_id, with_for_update=True)
        if row is not None:
            row.blocked = True
            return row.desk
    desk = await services.db.run(mark)
    log.info("a citizen blocked the bot")
    if desk in (DeskState.WAITING, DeskState.TALKING):
        await services.desk.note(user_id, services.desk._(
            "The citizen has blocked the bot: they will not get messages."))
