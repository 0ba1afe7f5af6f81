"""The voice line end to end: the real `qyzmet serve` application on loopback, webhooks signed with
twilio's own `RequestValidator`, SMS through twilio's REST client pointed at a fake API on loopback
(tests/ivr/fake_twilio.py), operators' cards through aiogram to the fake Bot API server.

Twilio calls a public address (PUBLIC below) that a reverse proxy forwards to the server on
loopback: requests are signed over the public URL, as Twilio signs them, and sent to the local one.
"""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
import wave
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from aiohttp import web
from twilio.request_validator import RequestValidator

from bot.config import BotConfig
from dialogs import hours
from ivr.audio import build
from ivr.config import VoiceConfig
from tests.bot.fake_telegram import BOT_ID, OPERATORS, FakeTelegram
from tests.ivr.fake_twilio import FakeTwilio

PUBLIC = "https://voice.qyzmet.example"
# made up here, and put together so that none can pass for a real credential
AUTH_TOKEN = "fake-twilio-auth-" * 2
ACCOUNT_SID = "AC" + "f" * 32
OPERATOR_TOKEN = "fake-operator-screen-" * 2
BOT_TOKEN = f"{BOT_ID}:" + "fake-test-token-" * 2
SENDER = "+77010000000"
CALLER = "+77011234567"


class Twiml:
    """One TwiML answer, parsed: what the caller hears and how they may answer."""

    def __init__(self, text: str, line: Line) -> None:
        self.text, self.line = text, line
        self.root = ET.fromstring(text)
        assert self.root.tag == "Response"
        self.gather = self.root.find("Gather")

    @property
    def action(self) -> str | None:
        return self.gather.get("action") if self.gather is not None else None

    def spoken(self) -> list[tuple[str, str]]:
        """(language, words) in order: <Say> as written, <Play> as the words its Kazakh audio was made from."""
        said = []
        for el in self.root.iter():
            if el.tag == "Say":
                said.append((el.get("language"), el.text or ""))
            elif el.tag == "Play":
                said.append(("kk", self.line.words_of(el.text)))
        return said

    def words(self) -> str:
        return " ".join(w for _, w in self.spoken())

    def find(self, tag: str):
        return self.root.find(f".//{tag}")


class Line:
    """The server and the two fake clouds, on an event loop in a background thread."""

    def __init__(self, engine, audio_dir: Path, **voice) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="ivr-test")
        self.thread.start()
        self.twilio = FakeTwilio(ACCOUNT_SID)
        self.telegram = FakeTelegram(BOT_TOKEN)
        self.twilio_base = self.call(self._serve(self.twilio.app()))
        self.telegram_base = self.call(self._serve(self.telegram.app()))
        voice.setdefault("hours", hours.parse("mon-sun 00:00-24:00"))      # operators always there, unless a
        self.config = VoiceConfig(auth_token=AUTH_TOKEN, public_base_url=PUBLIC, account_sid=ACCOUNT_SID,  # test
                                  sms_from=SENDER, api_base=self.twilio_base, operator_token=OPERATOR_TOKEN,  # says
                                  audio_dir=audio_dir, caller_key=b"test-caller-key-0123456789", **voice)
        self.engine = engine
        self.start()

    def start(self, **voice) -> None:
        from qyzmet.app import make_web_app
        from qyzmet.settings import Settings

        config = replace(self.config, **voice)
        settings = Settings(voice=config, telegram=BotConfig(BOT_TOKEN, operators_chat_id=OPERATORS,
                                                               api_base=self.telegram_base))

        async def go():
            return make_web_app(self.engine, settings)
        self.base = self.call(self._serve(self.call(go())))
        self.validator = RequestValidator(AUTH_TOKEN)

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _serve(self, app: web.Application) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runners = getattr(self, "_runners", []) + [runner]
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"

    def local(self, url: str) -> str:
        return self.base + url[len(PUBLIC):] if url.startswith(PUBLIC) else self.base + url

    def post(self, url: str, params: dict, signature: str | None = None, sign: bool = True, **kwargs):
        public = url if url.startswith("http") else PUBLIC + url
        headers = dict(kwargs.pop("headers", {}))
        if sign:
            headers["X-Twilio-Signature"] = signature or self.validator.compute_signature(public, params)
        return requests.post(self.local(public), data=params, headers=headers, timeout=30, **kwargs)

    def get(self, url: str, **kwargs):
        return requests.get(self.local(url), timeout=30, **kwargs)

    def words_of(self, url: str) -> str:
        """The words a Kazakh audio URL speaks, as the server made it (and it must be served)."""
        r = self.get(url)
        assert r.status_code == 200, url
        name = urlsplit(url).path.rsplit("/", 1)[-1][:-len(".wav")]
        folder = self.config.audio_dir
        if name.startswith("h-"):
            return (folder / "cache" / "kk" / f"{name}.txt").read_text()
        if name.startswith("c-"):
            return (folder / "cache" / "kk" / "private" / f"{name}.txt").read_text()
        import json
        return json.loads((folder / "kk" / "manifest.json").read_text())[name]["text"]

    def only_waiting(self, sid: str | None = None) -> None:
        """Other tests' callers out of the queues (the session's database is shared): the agent's whisper
        is then about `sid`, or about nobody."""
        from sqlalchemy import update
        from sqlalchemy.orm import Session

        from ivr.models import Call as CallRow
        with Session(self.engine.db) as s, s.begin():
            s.execute(update(CallRow).where(CallRow.call_sid != (sid or "")).values(queued_at=None))

    def until(self, check, seconds: float = 10.0):
        """What `check()` returns once it is truthy (the server does some things after it answers)."""
        import time
        deadline = time.monotonic() + seconds
        while not (found := check()):
            assert time.monotonic() < deadline, "waited in vain"
            time.sleep(0.02)
        return found

    def close(self) -> None:
        async def stop():
            for runner in reversed(self._runners):
                await runner.cleanup()
        self.call(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Call:
    """One caller: each method is a webhook Twilio would send, and returns the TwiML answered."""

    def __init__(self, line: Line, number: str = CALLER) -> None:
        self.line, self.number = line, number
        self.sid = "CA" + uuid.uuid4().hex
        self.last: Twiml | None = None

    def params(self, **more) -> dict:
        return {"CallSid": self.sid, "AccountSid": ACCOUNT_SID, "From": self.number, "To": "+77172000000",
                "CallStatus": "in-progress", "Direction": "inbound", "ApiVersion": "2010-04-01", **more}

    def _answer(self, r) -> Twiml:
        assert r.status_code == 200, (r.status_code, r.text)
        assert r.headers["Content-Type"].startswith("text/xml")
        self.last = Twiml(r.text, self.line)
        heard(self.last)
        return self.last

    def start(self) -> Twiml:
        return self._answer(self.line.post("/ivr/voice", self.params(CallStatus="ringing")))

    def press(self, digits: str) -> Twiml:
        return self._answer(self.line.post(self.last.action, self.params(Digits=digits)))

    def say(self, words: str, confidence: float = 0.93) -> Twiml:
        return self._answer(self.line.post(self.last.action, self.params(SpeechResult=words,
                                                                          Confidence=str(confidence))))

    def silence(self) -> Twiml:
        return self._answer(self.line.post(self.last.action, self.params()))

    def webhook(self, path: str, **params) -> requests.Response:
        return self.line.post(path, self.params(**params))

    def step(self) -> int:
        return int(dict(parse_qsl(urlsplit(self.last.action).query))["s"])


@pytest.fixture(scope="module")
def line(engine, audio_dir):
    served = Line(engine, audio_dir)
    yield served
    served.close()


# what a caller must never hear: digits read as digits, Latin letters (English, "egov.kz", "[IIN …]"),
# a chat's words (write, type, button, screen) or pictures
NOT_FOR_THE_EAR = re.compile(r"[0-9A-Za-z№%₸•📄⚠️📍]|напиш|напечат|кнопк|нажмите на |экран|жазыңыз|батырма|"
                             r"түйме", re.I)


def heard(twiml: Twiml) -> None:
    for language, words in twiml.spoken():
        found = NOT_FOR_THE_EAR.search(words)
        assert found is None, f"the caller would hear {found.group(0)!r} in: {words}"


def wav_seconds(data: bytes) -> float:
    """A WAV file's length, read from its header (and a check that it is one)."""
    import io
    with wave.open(io.BytesIO(data)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() >= 8000
        return w.getnframes() / w.getframerate()
