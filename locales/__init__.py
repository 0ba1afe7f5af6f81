"""UI strings in every language the assistant speaks: Babel gettext catalogs, one folder each.

The source strings (msgids) are English and marked with `_()` / `N_()` in the code;
`make locales` extracts them into `messages.pot` and merges them into each
`<lang>/LC_MESSAGES/messages.po`; `make build` compiles the `.mo` files. A catalog
not compiled yet (a fresh checkout) is compiled in memory from its `.po`, so
running never depends on a build step having happened.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translated where it is shown."""
    return message


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of one language; English source strings for a language without one."""
    po = po_path(language)
    mo = po.with_suffix(".mo")
    if mo.exists() and po.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
