"""The Telegram channel assembled: the bot (its HTTP session, retries, another API server), the
dispatcher (routers, middlewares, storage), long polling, and the webhook on our aiohttp app.
"""

from __future__ import annotations

import logging
import traceback

from aiogram import Bot, Dispatcher, methods
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _
from aiohttp import web

from bot import commands
from bot.config import WEBHOOK_PATH, BotConfig
from bot.conversation import Services, blocked
from bot.deliver import Blocked
from bot.db import Database, migrate
from bot.desk import Desk
from bot.handlers import citizen, operators, other
from bot.i18n import Catalogs
from bot.middlewares.citizens import KnownCitizen
from bot.middlewares.flood import Count, FloodControl
from bot.middlewares.locale import StoredLocale
from bot.middlewares.retry import RetryRequests
from bot.middlewares.tracing import RequestId
from bot.middlewares.updates import HandleOnce
from dialogs.privacy import mask
from dialogs.runner import Runner

log = logging.getLogger("qyzmet.bot")


# The methods the bot calls. aiogram reads every answer as `Response[<what the method returns>]`, a
# pydantic generic that is built on first use (7 ms) and kept only weakly by pydantic: garbage-collected
# between uses, it was built again and again, a stall of its own in one answer of ten under load
# (bench/telegram_updates.py). Made once here and held.
USED_METHODS = (methods.GetUpdates, methods.GetMe, methods.SetMyCommands, methods.DeleteWebhook, methods.SetWebhook,
                methods.SendMessage, methods.SendVenue, methods.SendChatAction, methods.CopyMessage,
                methods.EditMessageText, methods.EditMessageCaption, methods.AnswerCallbackQuery,
                methods.CreateForumTopic, methods.ReopenForumTopic, methods.CloseForumTopic, methods.PinChatMessage)
RESPONSE_TYPES = tuple(methods.Response[m.__returning__] for m in USED_METHODS)


def make_bot(config: BotConfig) -> Bot:
    api = TelegramAPIServer.from_base(config.api_base) if config.api_base else None
    session = AiohttpSession(api=api) if api else AiohttpSession()
    session.middleware(RetryRequests())
    return Bot(config.token, session=session)


def storage_for(config: BotConfig) -> tuple[BaseStorage, BaseEventIsolation, Count]:
    """The storage, the chat lock and the flood counts: on Redis when configured (shared by every process,
    and kept over a restart; each process's memory while Redis does not answer, bot.storage); else in memory."""
    if config.redis_url:
        from bot.storage import redis_storage
        storage, isolation = redis_storage(config.redis_url, config.flood.seconds)
        return storage, isolation, storage.count
    from bot.storage import MemoryCounts
    return MemoryStorage(), SimpleEventIsolation(), MemoryCounts().count


async def on_error(event: ErrorEvent, services: Services) -> bool:
    """An unexpected failure: logged (its text masked, and no traceback, whose message would not be), and
    the citizen asked to send the message again rather than left without an answer."""
    error, update = event.exception, event.update
    frames = "".join(traceback.format_tb(error.__traceback__)[-3:])
    log.error("update %s failed: %s: %s\n%s", update.update_id, type(error).__name__, mask(str(error))[:300], frames)
    query = update.callback_query
    message = update.message or (query.message if query else None)
    if message is None or message.chat.type != "private":
        return True
    if isinstance(error, TelegramForbiddenError | Blocked):
        await blocked(services, message.chat.id)          # they blocked the bot: nothing to say to them
        return True
    try:
        if query is not None:
            await query.answer()                          # the button stops spinning
        await services.bot.send_message(message.chat.id, _(
            "Sorry, something went wrong on our side. Please send your message again, or call 1414."))
    except TelegramAPIError:
        pass                      # logged above; Telegram refusing this too leaves nothing more to do
    return True


def make_dispatcher(config: BotConfig, bot: Bot, runner: Runner) -> Dispatcher:
    storage, isolation, count = storage_for(config)
    dp = Dispatcher(storage=storage, events_isolation=isolation)
    migrate(runner.engine.db)           # the channel's tables, beside the conversations
    db = Database(runner.engine.db, runner.onloop)
    i18n = Catalogs()
    services = Services(bot, runner, db, Desk(bot, db, config, i18n), config, i18n)
    dp["services"] = services
    dp.update.outer_middleware(RequestId())         # first: every line about the update carries its id
    dp.update.outer_middleware(HandleOnce(db))
    citizens = KnownCitizen(db)
    for observer in (dp.message, dp.edited_message, dp.callback_query):
        observer.outer_middleware(citizens)        # before the locale, which reads what it found
    StoredLocale(i18n, config).setup(dp)
    flood = FloodControl(config.flood, count)
    dp.message.middleware(flood)
    dp.callback_query.middleware(flood)
    dp.include_routers(operators.make_router(config.operators_chat_id), citizen.make_router(), other.make_router())
    dp.errors.register(on_error)

    async def started() -> None:
        await commands.register(bot, i18n)
    dp.startup.register(started)
    return dp


async def poll(config: BotConfig, runner: Runner, bot: Bot | None = None, **polling) -> None:
    """Long polling until stopped (`qyzmet bot`)."""
    bot = bot or make_bot(config)
    dp = make_dispatcher(config, bot, runner)
    await bot.delete_webhook(drop_pending_updates=False)
    await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types(), **polling)


def add_webhook(app: web.Application, config: BotConfig, runner: Runner, bot: Bot | None = None) -> Dispatcher:
    """Telegram's webhook on our aiohttp app, its secret checked by aiogram's handler (401 otherwise)."""
    from aiogram.webhook.aiohttp_server import setup_application

    from bot.webhook import CheckedRequestHandler

    bot = bot or make_bot(config)
    dp = make_dispatcher(config, bot, runner)
    CheckedRequestHandler(dispatcher=dp, bot=bot, secret_token=config.webhook_secret).register(app, path=WEBHOOK_PATH)

    async def set_webhook() -> None:
        await bot.set_webhook(config.webhook_url, secret_token=config.webhook_secret,
                              allowed_updates=dp.resolve_used_update_types())
    dp.startup.register(set_webhook)
    setup_application(app, dp, bot=bot)
    return dp
