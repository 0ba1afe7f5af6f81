"""What the Telegram channel is configured with (read from the environment by `qyzmet.settings`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from dialogs import hours


class ConfigError(ValueError):
    """A variable that is set but cannot be used, said in one line that names it."""


class MapApp(StrEnum):
    TWOGIS = "2gis"
    YANDEX = "yandex"
    GOOGLE = "google"


@dataclass(frozen=True, slots=True)
class FloodLimit:
    messages: int = 20
    seconds: int = 60


DEFAULT_MAPS = (MapApp.TWOGIS, MapApp.YANDEX, MapApp.GOOGLE)
DEFAULT_CODES = ("resolved", "answered", "redirected", "no_reply", "spam")
WEBHOOK_PATH = "/webhooks/telegram"


@dataclass(frozen=True, slots=True)
class BotConfig:
    token: str
    operators_chat_id: int | None = None
    hours: hours.WorkingHours = field(default_factory=lambda: hours.parse(hours.DEFAULT))
    resolution_codes: tuple[str, ...] = DEFAULT_CODES
    operator_language: str = "ru"
    webhook_secret: str = ""
    public_base_url: str = ""               # set: webhook mode (Telegram posts to PUBLIC_BASE_URL + WEBHOOK_PATH)
    api_base: str = ""                      # another Bot API server (a local one, a test's); empty: Telegram's
    redis_url: str = ""                     # aiogram's storage and event isolation; empty: in memory
    map_links: tuple[MapApp, ...] = DEFAULT_MAPS
    flood: FloodLimit = FloodLimit()

    @property
    def webhook(self) -> bool:
        return bool(self.public_base_url)

    @property
    def webhook_url(self) -> str:
        return self.public_base_url.rstrip("/") + WEBHOOK_PATH


_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,80}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_CODE = re.compile(r"^[a-z0-9_-]{1,32}$")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _url(name: str, raw: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(f"{name} must be a URL like {schemes[0]}://host…, not {raw!r}")
    return raw.rstrip("/")


def from_env(env) -> BotConfig | None:
    """The bot's configuration, or None without BOT_TOKEN (no Telegram channel)."""
    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    token = get("BOT_TOKEN")
    if not token:
        return None
    if not _TOKEN.match(token):
        raise ConfigError("BOT_TOKEN does not look like a token from @BotFather (digits, a colon, then letters)")
    chat = get("OPERATORS_CHAT_ID")
    operators = None
    if chat:
        try:
            operators = int(chat)
        except ValueError:
            raise ConfigError(f"OPERATORS_CHAT_ID must be the operators' forum group id, a number like "
                              f"-1001234567890, not {chat!r}") from None
        if operators >= 0:
            raise ConfigError(f"OPERATORS_CHAT_ID must be a group's id, which is negative (-100…), not {chat!r}")
    try:
        working = hours.parse(get("OPERATOR_HOURS"))
    except hours.HoursError as e:
        raise ConfigError(str(e)) from None
    codes = tuple(c.strip().lower() for c in get("RESOLUTION_CODES").split(",") if c.strip()) or DEFAULT_CODES
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise ConfigError(f"RESOLUTION_CODES: {bad[0]!r} is not a code of latin letters, digits, _ or -")
    language = get("OPERATOR_LANGUAGE").lower() or "ru"
    if language not in ("kk", "ru"):
        raise ConfigError(f"OPERATOR_LANGUAGE must be kk or ru, not {language!r}")
    public = get("PUBLIC_BASE_URL")
    secret = get("TELEGRAM_WEBHOOK_SECRET")
    if public:
        public = _url("PUBLIC_BASE_URL", public, ("https", "http"))
        if urlsplit(public).scheme == "http" and urlsplit(public).hostname not in _LOOPBACK:
            raise ConfigError("PUBLIC_BASE_URL must be https:// (Telegram posts webhooks over HTTPS only)")
        if not secret:
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be set in webhook mode (PUBLIC_BASE_URL is set)")
    if secret and not _SECRET.match(secret):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be 1–256 characters: latin letters, digits, _ and -")
    api = get("TELEGRAM_API_BASE")
    if api:
        api = _url("TELEGRAM_API_BASE", api, ("http", "https"))
    redis = get("REDIS_URL")
    if redis:
        redis = _url("REDIS_URL", redis, ("redis", "rediss", "unix")) if not redis.startswith("unix:") else redis
    maps_raw = [m.strip().lower() for m in get("MAP_LINKS").split(",") if m.strip()]
    try:
        maps = tuple(MapApp(m) for m in maps_raw) if maps_raw else DEFAULT_MAPS
    except ValueError:
        raise ConfigError(f"MAP_LINKS must name some of {', '.join(MapApp)}, not {get('MAP_LINKS')!r}") from None
    flood = FloodLimit()
    if get("BOT_FLOOD_LIMIT"):
        m = re.fullmatch(r"(\d{1,4})/(\d{1,5})", get("BOT_FLOOD_LIMIT"))
        if m is None or int(m[1]) < 1 or int(m[2]) < 1:
            raise ConfigError(f"BOT_FLOOD_LIMIT must be messages/seconds like 20/60, not {get('BOT_FLOOD_LIMIT')!r}")
        flood = FloodLimit(int(m[1]), int(m[2]))
    return BotConfig(token, operators, working, codes, language, secret, public, api, redis, maps, flood)
