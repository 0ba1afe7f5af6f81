"""Every setting of the assistant, read from the environment once, in one place.

`Settings.from_env()` is the only reader of the environment; everything below
(`dialogs`, `nlu`, `knowledge`, the channels) is handed the values it needs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import config as bot_config
from ivr import config as voice_config
from qyzmet.logs import LEVELS, LogFormat


class SettingsError(ValueError):
    """A variable that is set but cannot be used: said at start-up, not at the first message."""


def _int(env: Mapping[str, str], name: str, default: int, least: int, most: int) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not least <= value <= most:
        raise SettingsError(f"{name} must be from {least} to {most}, not {value}")
    return value


def _database(raw: str) -> str:
    """DATABASE_URL as given, once it is known to be a URL SQLAlchemy can open."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from knowledge.db import database_url

    if raw:
        try:
            make_url(database_url(raw))
        except ArgumentError:
            raise SettingsError(f"DATABASE_URL is not a database URL like postgresql://user@host/db: {raw!r}") \
                from None
    return raw


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None
    if not 0 < value < 3600:
        raise SettingsError(f"{name} must be a number of seconds above 0, not {raw!r}")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    """CORS origins as Rasa's --cors takes them: a list (here comma- or space-separated), or "*"."""
    found = tuple(o.strip().rstrip("/").lower() for o in raw.replace(",", " ").split() if o.strip())
    for origin in found:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise SettingsError(f"CORS_ORIGINS: {origin!r} is not an origin like https://portal.example.kz, nor *")
    return found


def _log_format(raw: str) -> LogFormat:
    try:
        return LogFormat(raw.strip().lower() or "text")
    except ValueError:
        raise SettingsError(f"LOG_FORMAT must be 'text' or 'json', not {raw!r}") from None


def _log_level(raw: str) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, not {raw!r}")
    return level


def _key(env: Mapping[str, str], name: str) -> bytes:
    raw = (env.get(name) or "").strip()
    if raw and len(raw) < 16:
        raise SettingsError(f"{name} must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)")
    return raw.encode()


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = ""                     # empty: SQLite under var/ (knowledge.db)
    nlu_backend: str = "builtin"               # builtin | rasa
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout: float = 2.0
    nlu_model: str = ""                        # the built-in model's file; empty: var/nlu/builtin.pkl
    mrp: int = 4325                            # the monthly calculation index fees are counted in (tenge)
    mrp_year: int = 2026
    retention_days: int = 90                   # what is kept about people is deleted after this (qyzmet.retention)
    cors_origins: tuple[str, ...] = field(default_factory=tuple)    # none: no page of another origin may call us
    host: str = "127.0.0.1"
    port: int = 8080
    telegram: bot_config.BotConfig | None = None   # None without BOT_TOKEN: no Telegram channel
    voice: voice_config.VoiceConfig | None = None  # None without TWILIO_AUTH_TOKEN: no voice line
    privacy_key: bytes = field(default=b"", repr=False)   # PRIVACY_KEY; empty: see qyzmet/keys.py
    log_format: LogFormat = LogFormat.TEXT     # json: one JSON object per line (qyzmet.logs)
    log_level: str = "INFO"
    metrics_port: int | None = None            # `qyzmet bot` (long polling) serves /metrics here; None: not at all

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        d = cls()
        backend = (env.get("NLU_BACKEND") or "builtin").strip().lower()
        if backend not in ("builtin", "rasa"):
            raise SettingsError(f"NLU_BACKEND must be 'builtin' or 'rasa', not {backend!r}")
        try:
            telegram = bot_config.from_env(env)
            voice = voice_config.from_env(env)
        except (bot_config.ConfigError, voice_config.ConfigError) as e:
            raise SettingsError(str(e)) from None
        return cls(telegram=telegram, voice=voice, database_url=_database((env.get("DATABASE_URL") or "").strip()), nlu_backend=backend,
                   rasa_url=(env.get("RASA_URL") or d.rasa_url).strip(),
                   rasa_timeout=_float(env, "RASA_TIMEOUT", d.rasa_timeout),
                   nlu_model=(env.get("NLU_MODEL") or "").strip(),
                   mrp=_int(env, "QYZMET_MRP", d.mrp, 1, 1_000_000),
                   mrp_year=_int(env, "QYZMET_MRP_YEAR", d.mrp_year, 2000, 2100),
                   retention_days=_int(env, "RETENTION_DAYS", d.retention_days, 1, 3650),
                   cors_origins=_origins(env.get("CORS_ORIGINS") or ""),
                   host=(env.get("QYZMET_HOST") or d.host).strip(), port=_int(env, "QYZMET_PORT", d.port, 1, 65535),
                   log_format=_log_format(env.get("LOG_FORMAT") or ""), log_level=_log_level(env.get("LOG_LEVEL") or ""),
                   metrics_port=_int(env, "METRICS_PORT", 0, 1, 65535) or None,
                   privacy_key=_key(env, "PRIVACY_KEY"))
