"""Links that open an office's address in a map app: the sources give addresses, not positions."""

from __future__ import annotations

from urllib.parse import quote

from bot.config import MapApp
from dialogs.messages import OfficeCard

NAMES = {MapApp.TWOGIS: "2GIS", MapApp.YANDEX: "Yandex", MapApp.GOOGLE: "Google"}


def query(card: OfficeCard) -> str | None:
    """What to search for: the address, with the town when the address does not name it."""
    if not card.address:
        return None
    town = card.located_at
    if town and town.lower() not in card.address.lower():
        return f"{card.address}, {town}"
    return card.address


def url(app: MapApp, card: OfficeCard) -> str | None:
    searched = query(card)
    if searched is None:
        return None
    q = quote(searched, safe="")
    match app:
        case MapApp.TWOGIS:
            return f"https://2gis.kz/search/{q}"
        case MapApp.YANDEX:
            return f"https://yandex.kz/maps/?text={q}"
        case MapApp.GOOGLE:
            return f"https://www.google.com/maps/search/?api=1&query={q}"
