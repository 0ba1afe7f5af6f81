"""The language of the bot's own words: the citizen's choice as the assistant stored it, else the
language of its last reply to them, else Telegram's `language_code` for a newcomer. The
operators' group hears the operators' language. (`bot.middlewares.citizens` read the first two.)"""

from __future__ import annotations

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware

from bot.config import BotConfig
from bot.db.models import Citizen
from bot.i18n import DEFAULT_LOCALE, Catalogs, known


class StoredLocale(I18nMiddleware):
    def __init__(self, i18n: Catalogs, config: BotConfig) -> None:
        super().__init__(i18n)
        self.config = config

    async def get_locale(self, event: TelegramObject, data: dict) -> str:
        chat = data.get("event_chat")
        if chat is not None and self.config.operators_chat_id is not None and chat.id == self.config.operators_chat_id:
            return self.config.operator_language
        user: User | None = data.get("event_from_user")
        if user is None:
            return DEFAULT_LOCALE
        row: Citizen | None = data.get("citizen")           # read by bot.middlewares.citizens
        stored = data.get("chosen_language") or (row.language if row is not None else None)
        return stored or known(user.language_code) or DEFAULT_LOCALE
