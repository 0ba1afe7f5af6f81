"""What the voice line is configured with (read from the environment by `qyzmet.settings`).

The line is on when TWILIO_AUTH_TOKEN is set: every webhook is checked against it, and
against PUBLIC_BASE_URL, the address Twilio calls (behind a proxy the local address differs,
and a signature is made over the public one).
"""

from __future__ import annotations

import hashlib
import hmac

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from dialogs import hours

DEFAULT_AUDIO = Path(__file__).resolve().parent.parent / "var" / "voice"
_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
_SERVICE = re.compile(r"^MG[0-9a-fA-F]{32}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ConfigError(ValueError):
    """A variable that is missing or cannot be used, said in one line that names it."""


@dataclass(frozen=True, slots=True)
class VoiceConfig:
    auth_token: str
    public_base_url: str
    account_sid: str = ""                  # for SMS through the REST API
    sms_from: str = ""                     # the sender: a number (E.164) or a messaging service (MG…)
    api_base: str = ""                     # another REST API host (a test's); empty: Twilio's
    ru_voice: str = "Polly.Tatyana"
    ru_speech_model: str = ""              # empty: the provider Twilio picks
    kk_speech_language: str = ""           # empty: Kazakh callers use the keys only
    kk_speech_model: str = ""
    min_confidence: float = 0.5            # below it, what was heard is confirmed back to the caller
    nlu_timeout: float = 2.5               # seconds the NLU may take before the caller is offered keys
    queue_kk: str = "qyzmet-kk"
    queue_ru: str = "qyzmet-ru"
    operator_token: str = ""               # Bearer token of the operators' screen-pop (/ivr/context/…)
    audio_dir: Path = DEFAULT_AUDIO
    caller_key: bytes = b""                # keys the hash that stands for a caller's number (see from_env)
    hours: hours.WorkingHours = field(default_factory=lambda: hours.parse(hours.DEFAULT))   # OPERATOR_HOURS
    max_wait: int = 600                    # seconds in the operators' queue before the caller is let out
    agent_numbers: frozenset[str] = frozenset()   # who may take callers (/ivr/agent); empty: anyone who reaches it

    @property
    def sms(self) -> bool:
        return bool(self.account_sid and self.sms_from)

    def url(self, path: str) -> str:
        return self.public_base_url + path

    def queue(self, language: str) -> str:
        return self.queue_kk if language == "kk" else self.queue_ru


def _url(name: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{name} must be a URL like https://host…, not {raw!r}")
    return raw.rstrip("/")


def _seconds(name: str, raw: str, default: float, least: float, most: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if not least <= value <= most:
        raise ConfigError(f"{name} must be from {least} to {most}, not {raw!r}")
    return value


def from_env(env) -> VoiceConfig | None:
    """The voice line's configuration, or None without TWILIO_AUTH_TOKEN (no voice line)."""
    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    token = get("TWILIO_AUTH_TOKEN")
    if not token:
        return None
    if len(token) < 16:
        raise ConfigError("TWILIO_AUTH_TOKEN is too short to be an auth token from the Twilio console")
    public = get("PUBLIC_BASE_URL")
    if not public:
        raise ConfigError("PUBLIC_BASE_URL must be set for the voice line: Twilio signs every webhook over "
                          "the public address it calls (https://…)")
    public = _url("PUBLIC_BASE_URL", public)
    if urlsplit(public).scheme == "http" and urlsplit(public).hostname not in _LOOPBACK:
        raise ConfigError("PUBLIC_BASE_URL must be https:// for the voice line")
    sid, sender = get("TWILIO_ACCOUNT_SID"), get("TWILIO_SMS_FROM")
    if sid and not _SID.match(sid):
        raise ConfigError("TWILIO_ACCOUNT_SID must be the account's SID: AC and 32 hexadecimal digits")
    if sender and not sid:
        raise ConfigError("TWILIO_ACCOUNT_SID must be set to send SMS from TWILIO_SMS_FROM")
    if sender and not _SERVICE.match(sender):
        try:
            parsed = phonenumbers.parse(sender, "KZ")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_possible_number(parsed):
            raise ConfigError(f"TWILIO_SMS_FROM must be a number like +77001234567 or a messaging service "
                              f"(MG…), not {sender!r}")
        sender = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    api = get("TWILIO_API_BASE")
    if api:
        api = _url("TWILIO_API_BASE", api)
    kk_language = get("IVR_KK_SPEECH_LANGUAGE")
    if kk_language and not _LANGUAGE.match(kk_language):
        raise ConfigError(f"IVR_KK_SPEECH_LANGUAGE must be a language tag like kk-KZ (or empty: keys only), "
                          f"not {kk_language!r}")
    queues = {}
    for name, default in (("IVR_QUEUE_KK", "qyzmet-kk"), ("IVR_QUEUE_RU", "qyzmet-ru")):
        queues[name] = get(name) or default
        if not _NAME.match(queues[name]):
            raise ConfigError(f"{name} must be a queue name of latin letters, digits, _ . or -")
    operator = get("IVR_OPERATOR_TOKEN")
    if operator and len(operator) < 16:
        raise ConfigError("IVR_OPERATOR_TOKEN must be at least 16 characters (it guards callers' context cards)")
    key = get("IVR_CALLER_KEY")
    if key and len(key) < 16:
        raise ConfigError("IVR_CALLER_KEY must be at least 16 characters")
    audio = Path(get("IVR_AUDIO_DIR")) if get("IVR_AUDIO_DIR") else DEFAULT_AUDIO
    try:
        working = hours.parse(get("OPERATOR_HOURS"))
    except hours.HoursError as e:
        raise ConfigError(str(e)) from None
    agents = frozenset(a.strip() for a in get("IVR_AGENT_NUMBERS").replace(";", ",").split(",") if a.strip())
    return VoiceConfig(
        auth_token=token, public_base_url=public, account_sid=sid, sms_from=sender, api_base=api,
        ru_voice=get("IVR_RU_VOICE") or "Polly.Tatyana", ru_speech_model=get("IVR_RU_SPEECH_MODEL"),
        kk_speech_language=kk_language, kk_speech_model=get("IVR_KK_SPEECH_MODEL"),
        min_confidence=_seconds("IVR_MIN_CONFIDENCE", get("IVR_MIN_CONFIDENCE"), 0.5, 0.0, 1.0),
        nlu_timeout=_seconds("IVR_NLU_TIMEOUT", get("IVR_NLU_TIMEOUT"), 2.5, 0.1, 10.0),
        queue_kk=queues["IVR_QUEUE_KK"], queue_ru=queues["IVR_QUEUE_RU"], operator_token=operator,
        audio_dir=audio, hours=working,
        max_wait=int(_seconds("IVR_MAX_WAIT", get("IVR_MAX_WAIT"), 600, 30, 3600)), agent_numbers=agents,
        # IVR_CALLER_KEY where it is set (the hashes kept so far stay valid); else the project's PRIVACY_KEY;
        # else one derived from the auth token (rotating the token re-keys callers)
        caller_key=key.encode() if key else _for_callers(get("PRIVACY_KEY")) or ("caller:" + token).encode())


def _for_callers(privacy_key: str) -> bytes:
    """A key derived from PRIVACY_KEY for callers alone: one number hashed by the REST channel (web.senders)
    and by the voice line gives two unrelated hashes, so the tables cannot be joined on them."""
    if not privacy_key:
        return b""
    return hmac.new(privacy_key.encode(), b"qyzmet: voice callers", hashlib.sha256).hexdigest().encode()
