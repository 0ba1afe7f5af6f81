"""The command menu, registered with Telegram in each language (`setMyCommands`)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.i18n import Catalogs
from locales import N_

COMMANDS = (("start", N_("Begin again")), ("lang", N_("Language: Kazakh or Russian")),
            ("help", N_("What I can do")), ("operator", N_("Talk to a person")),
            ("forget", N_("Erase our conversation")))


def menu(i18n: Catalogs, language: str) -> list[BotCommand]:
    return [BotCommand(command=c, description=i18n.gettext(d, locale=language)) for c, d in COMMANDS]


async def register(bot: Bot, i18n: Catalogs) -> None:
    scope = BotCommandScopeAllPrivateChats()
    # Telegram has no Kazakh interface, so most Kazakh speakers' clients say "ru" or "en": the
    # default list is Kazakh, "ru" clients get the Russian one
    await bot.set_my_commands(menu(i18n, "kk"), scope=scope)
    for language in ("kk", "ru"):
        await bot.set_my_commands(menu(i18n, language), scope=scope, language_code=language)
