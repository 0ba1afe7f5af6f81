"""aiogram's I18n on our own Babel catalogs (`locales/`), compiled or not.

aiogram's `I18n` reads only compiled `.mo` files and refuses a `.po` without one; our
`locales.translations` compiles a fresh checkout's `.po` in memory, so the bot speaks
both languages without a build step, from the same catalogs as every other channel.
"""

from __future__ import annotations

import gettext
from collections.abc import Generator
from contextlib import contextmanager

from aiogram.utils.i18n import I18n

from locales import LOCALES, languages, translations

DEFAULT_LOCALE = "kk"


class Catalogs(I18n):
    def __init__(self) -> None:
        super().__init__(path=LOCALES, default_locale=DEFAULT_LOCALE, domain="messages")

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return {language: translations(language) for language in languages()}

    @contextmanager
    def context(self) -> Generator[I18n, None, None]:
        # aiogram's `gettext` reads `I18n.get_current()`, and every subclass gets a context variable of
        # its own (ContextInstanceMixin.__init_subclass__): set I18n's, not Catalogs'
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)


def known(code: str | None) -> str | None:
    """A language we speak, from Telegram's `language_code` ("ru", "kk", "ru-RU"); else None."""
    base = (code or "").split("-")[0].lower()
    return base if base in languages() else None
