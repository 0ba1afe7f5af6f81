"""Logs: one record per line whatever a citizen writes, personal data masked, one request id per request.

The forging tests send citizens' messages through the real REST endpoint of `qyzmet serve` (a real
process, LOG_FORMAT=json) and of the app on loopback (the text format), at DEBUG, where the REST
channel writes what it was sent; the request id is followed from the HTTP request through the
engine into the NLU, whose Rasa server refuses (so it logs its fallback), and through Telegram's
long polling against the fake Bot API.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from dialogs.messages import Event
from qyzmet import logs
from qyzmet.settings import Settings, SettingsError
from tests.conftest import _free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"time", "level", "logger", "message", "request_id", "conversation"}
TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+) ")
FORGED_JSON = json.dumps({"time": "2026-01-01T00:00:00.000Z", "level": "CRITICAL", "logger": "forged",
                          "message": "operator password reset", "request_id": None, "conversation": None})
FORGED_TEXT = "2026-01-01T00:00:00.000Z CRITICAL forged operator password reset"
# every way a message could end a line or rewrite a terminal's view of it
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00\n"]
DISGUISES = ["", "\x1b[2K\x1b[1G", "\x1b[31m", "\u202e"]


def attacks() -> list[str]:
    """Sixty messages, each trying to start a forged record after a line break of some kind."""
    made = []
    for i, (brk, disguise, forged) in enumerate(itertools.islice(
            itertools.cycle(itertools.product(BREAKS, DISGUISES, (FORGED_JSON, FORGED_TEXT))), 60)):
        made.append(f"m{i:02d} справка{brk}{disguise}{forged}")
    return made


def has_control(line: str) -> bool:
    """Any character that a terminal, `str.splitlines` or a log shipper could take as a line's end or a command."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in "\u202a\u202b\u202c\u202d\u202e"
               for c in line)


def forged_in(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("logger") == "forged" or r.get("level") == "CRITICAL"]


# ---------------------------------------------------------------- `qyzmet serve`, LOG_FORMAT=json

class Server:
    """`qyzmet serve` in its own process on a copy of the session's knowledge base; its stderr in a file."""

    def __init__(self, tmp: Path, db_url: str, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.log_path = tmp / "serve.log"
        copy = tmp / "kb.sqlite3"
        source = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        with sqlite3.connect(copy) as target:
            source.backup(target)
        source.close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "qyzmet", "serve", "--port", str(self.port)], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=self.log_path.open("w"),
            env={**os.environ, "DATABASE_URL": f"sqlite:///{copy}", **env})
        wait_for_port(self.port, 60)
        assert self.process.poll() is None, self.log_path.read_text()
        self.base = f"http://127.0.0.1:{self.port}"

    def post(self, sender: str, message: str, headers: dict | None = None) -> tuple[int, dict]:
        import urllib.request

        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(self.base + "/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)

    def lines(self) -> list[str]:
        return self.log_path.read_text(encoding="utf-8").splitlines(keepends=False)

    def records(self, until=lambda records: True, timeout: float = 10) -> list[dict]:
        """Every line as JSON (each must be one), once `until` holds of them."""
        deadline = time.monotonic() + timeout
        while True:
            raw = self.log_path.read_text(encoding="utf-8")
            parsed = [json.loads(line) for line in raw.split("\n") if line]
            if until(parsed) or time.monotonic() > deadline:
                return parsed
            time.sleep(0.05)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(20)


@pytest.fixture(scope="module")
def json_server(tmp_path_factory, db_url):
    refusing = _free_port()         # nothing listens here: Rasa refuses, the built-in classifier answers
    server = Server(tmp_path_factory.mktemp("serve"), db_url, {
        "LOG_FORMAT": "json", "LOG_LEVEL": "DEBUG", "NLU_BACKEND": "rasa", "RASA_URL": f"http://127.0.0.1:{refusing}",
        "RASA_TIMEOUT": "0.5"})
    yield server
    server.close()


def test_sixty_forged_lines_through_rest_stay_inside_their_records_json(json_server):
    said = attacks()
    for i, message in enumerate(said):
        # the sender too: the channel's record names it (masked)
        sender = f"forger-{i}" + ("\n" + FORGED_TEXT if i % 3 == 0 else "")
        status, headers = json_server.post(sender, message, {"X-Request-Id": f"forge-{i:02d}"})
        assert status == 200 and headers["X-Request-Id"] == f"forge-{i:02d}"
    ids = {f"forge-{i:02d}" for i in range(60)}
    records = json_server.records(lambda rs: ids <= {r["request_id"] for r in rs if r["logger"] == "qyzmet.http"})

    # every line of the file is one whole record, with no control character left in it
    for line in json_server.lines():
        assert not has_control(line), line
        record = json.loads(line)
        assert isinstance(record, dict) and set(record) >= FIELDS
    assert not forged_in(records)
    # and the attempts did reach the log: the channel wrote each message, its line break escaped
    for i in range(60):
        channel = [r for r in records if r["request_id"] == f"forge-{i:02d}" and r["logger"] == "qyzmet.web"]
        assert len(channel) == 1, i
        assert f"m{i:02d} справка\\" in channel[0]["message"]
        assert "forged" in channel[0]["message"] or "CRITICAL" in channel[0]["message"]


def test_one_request_id_from_the_channel_through_the_engine_into_the_nlu(json_server):
    sender = "+7 701 555 12 34"
    status, headers = json_server.post(sender, "мне нужна справка о несудимости",
                                       {"X-Request-Id": "trace-1.a_B"})
    assert status == 200 and headers["X-Request-Id"] == "trace-1.a_B"

    def mine(records):
        return [r for r in records if r["request_id"] == "trace-1.a_B"]
    records = mine(json_server.records(lambda rs: any(r["logger"] == "qyzmet.http" for r in mine(rs))))
    loggers = {r["logger"] for r in records}
    assert {"qyzmet.http", "qyzmet.web", "dialogs.engine", "nlu.backend"} <= loggers, loggers
    nlu = [r for r in records if r["logger"] == "nlu.backend"]
    assert any("built-in classifier" in r["message"] for r in nlu)
    # the turn's records name the conversation by one short hash, never by the sender's number
    engine = [r for r in records if r["logger"] == "dialogs.engine"]
    assert len(engine) == 1 and "intent=" in engine[0]["message"] and "ms" in engine[0]["message"]
    tags = {r["conversation"] for r in engine + nlu}
    assert len(tags) == 1 and re.fullmatch(r"[0-9a-f]{12}", tags.pop())
    everything = "\n".join(json_server.lines())
    for raw in (sender, "7015551234", "555 12 34"):          # (the text itself: the channel logs it at DEBUG)
        assert raw not in everything


@pytest.mark.parametrize("given", ["", "has space", "x" * 65, "semi;colon", "ünï",
                                   # what could be a phone number, an ИИН or a card: it would be in every line
                                   "900104300126", "87011234567", "8-701-123-45-67", "tel.7011234567",
                                   "4400.4301.2345.6789", "7a708b123c45d67", "7..708..123..45..67"])
def test_a_request_id_that_is_not_plainly_an_id_is_replaced(json_server, given):
    status, headers = json_server.post(f"id-{len(given)}", "салем", {"X-Request-Id": given} if given else {})
    assert status == 200
    made = headers["X-Request-Id"]
    assert made != given and re.fullmatch(r"[0-9a-f]{16}", made)
    if given:
        assert given not in "\n".join(json_server.lines())


# ---------------------------------------------------------------- the text format, on the app on loopback

@pytest.fixture
def text_log():
    """The text format at DEBUG on the root logger for one test (pytest's own handlers left in place)."""
    stream = io.StringIO()
    handler = logs.handler(logs.LogFormat.TEXT, stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_sixty_forged_lines_through_rest_stay_inside_their_records_text(served, text_log):
    for i, message in enumerate(attacks()):
        status, _ = served.post({"sender": f"text-forger-{i}", "message": message})
        assert status == 200
    lines = text_log.getvalue().split("\n")[:-1]
    assert len(lines) >= 60 * 3               # the request's, the channel's and the engine's line each
    for line in lines:
        assert not has_control(line), line
        header = TEXT_LINE.match(line)
        assert header and header.group(2) != "forged", line
        assert " CRITICAL " not in line[:40]
    channel = [line for line in lines if " qyzmet.web " in line]
    assert len(channel) == 60 and all("справка\\" in line for line in channel)


def test_polling_gives_each_update_its_own_request_id(engine, text_log):
    from tests.bot.conftest import Harness

    harness = Harness(engine)
    try:
        tg = harness.tg
        harness.say(tg.text(710_000_001, "/lang ru"), tg.text(710_000_002, "/lang kk"))
    finally:
        harness.close()
    lines = text_log.getvalue().split("\n")[:-1]
    ids = {}
    for line in lines:
        found, header = re.search(r"\[req=([0-9a-f]{16})", line), TEXT_LINE.match(line)
        if found and header.group(2) in ("qyzmet.bot", "dialogs.engine") and ("] update " in line or "] turn: " in line):
            ids.setdefault(found.group(1), set()).add(header.group(2))
    # two updates: two ids, each on the bot's record of the update and the engine's of its turn
    both = [loggers for loggers in ids.values() if {"qyzmet.bot", "dialogs.engine"} <= loggers]
    assert len(both) == 2, ids


# ---------------------------------------------------------------- the filter and the formats themselves

def record_of(format: logs.LogFormat, emit) -> str:
    stream = io.StringIO()
    logger = logging.getLogger("tests.logs")
    handler = logs.handler(format, stream)
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.DEBUG
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


@pytest.mark.parametrize("format", list(logs.LogFormat))
@pytest.mark.parametrize("char", ["\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202e",
                                  "\u2066", "\ud800"])
def test_every_control_character_is_escaped_in_message_arguments_and_exception(format, char):
    def emit(logger):
        try:
            raise ValueError(f"bad{char}value")
        except ValueError:
            logger.exception(f"format{char}part %s", f"argument{char}part")
    out = record_of(format, emit)
    assert out.endswith("\n") and len(out[:-1].splitlines()) == 1 and not has_control(out[:-1])
    assert "\ud800" not in out
    if format == logs.LogFormat.JSON:
        record = json.loads(out)
        assert record["message"].startswith("format\\") and "argument\\" in record["message"]
        assert "bad\\" in record["exception"] and "Traceback" in record["exception"]
    else:
        assert "format\\" in out and "argument\\" in out and "bad\\" in out


@pytest.mark.parametrize("format", list(logs.LogFormat))
def test_personal_data_is_masked_in_messages_arguments_and_exceptions(format):
    def emit(logger):
        logger.warning("call back %s, e-mail %s", "+7.708.123.45.74", "aigul.n@mail.kz")
        try:
            raise RuntimeError("ИИН 900104.300.126 refused")
        except RuntimeError:
            logger.exception("while saving 8/709/123/45/75")
    out = record_of(format, emit)
    for raw in ("708.123.45.74", "aigul.n@mail.kz", "900104.300.126", "709/123/45/75", "123.45", "300.126"):
        assert raw not in out
    assert "call back" in out and "refused" in out and "while saving" in out


def test_a_record_whose_arguments_do_not_fit_is_still_one_line():
    out = record_of(logs.LogFormat.JSON, lambda logger: logger.info("two %s %s", "only-one\n"))
    assert len(out.splitlines()) == 1 and "do not fit" in json.loads(out)["message"]


def test_a_huge_message_is_cut_to_a_readable_line():
    out = record_of(logs.LogFormat.TEXT, lambda logger: logger.info("%s", "я" * 100_000))
    assert len(out) < 20_000 and "more characters" in out


def test_a_deep_traceback_keeps_its_last_line_and_masks_both_ends():
    def chain(n: int):          # each level re-raises from the one below: a long traceback of distinct parts
        if n == 0:
            raise ValueError("where it began")
        try:
            chain(n - 1)
        except ValueError as below:
            raise ValueError("THE CAUSE: no office for 8 701 123 45 67" if n == 40 else f"level {n} " + "x" * 80) \
                from below

    def log_it(logger):
        try:
            chain(40)
        except ValueError:
            logger.exception("while looking for 900104.300.126")
    record = json.loads(record_of(logs.LogFormat.JSON, log_it))
    exception = record["exception"]
    assert len(exception) < 6_000 and "characters] …" in exception
    assert exception.startswith("Traceback") and exception.endswith("no office for [phone …67]")
    assert "900104" not in record["message"]


def test_the_conversation_is_a_keyed_hash_stable_within_a_key(engine):
    from dialogs import tracing

    before = tracing._key
    try:
        tracing.set_key(b"deployment-key-1")
        first = tracing.tag("telegram:12345")
        assert first == tracing.tag("telegram:12345") and first != tracing.tag("telegram:12346")
        tracing.set_key(b"deployment-key-2")
        assert tracing.tag("telegram:12345") != first          # without the key, not recomputable
        assert "12345" not in first
    finally:
        tracing._key = before


def test_the_engine_line_of_a_console_turn_has_no_text(engine, text_log):
    engine.handle(Event("logs-console-1", "console", text="справка о несудимости, звоните +77015551234"))
    engine_lines = [line for line in text_log.getvalue().splitlines() if " dialogs.engine " in line]
    assert len(engine_lines) == 1
    assert "справка" not in engine_lines[0] and "5551234" not in engine_lines[0]
    assert "channel=console" in engine_lines[0] and "intent=service" in engine_lines[0]


@pytest.mark.parametrize("env, says", [({"LOG_FORMAT": "xml"}, "LOG_FORMAT"), ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
                                       ({"METRICS_PORT": "0"}, "METRICS_PORT")])
def test_bad_log_settings_are_refused_with_their_name(env, says):
    with pytest.raises(SettingsError, match=says):
        Settings.from_env(env)


def test_log_settings_read_from_the_environment():
    s = Settings.from_env({"LOG_FORMAT": " JSON ", "LOG_LEVEL": "debug", "METRICS_PORT": "9464"})
    assert (s.log_format, s.log_level, s.metrics_port) == (logs.LogFormat.JSON, "DEBUG", 9464)
    d = Settings.from_env({})
    assert (d.log_format, d.log_level, d.metrics_port) == (logs.LogFormat.TEXT, "INFO", None)


def test_the_proxys_own_request_id_is_taken_as_it_is(json_server):
    """nginx's $request_id: 32 random hex digits, often with six digits among them, and no one's data."""
    given = "0123456789abcdef0123456789abcdef"
    status, headers = json_server.post("proxied", "салем", {"X-Request-Id": given})
    assert status == 200 and headers["X-Request-Id"] == given


def test_an_unexpected_failure_is_logged_and_answered_with_the_requests_id():
    """A client reporting a 500 by its X-Request-Id finds the traceback: both carry the id."""
    import asyncio
    import io
    import json as json_module
    import logging

    from aiohttp import ClientSession, web

    from qyzmet.logs import LogFormat, handler
    from web.observe import observe

    async def boom(_request):
        raise RuntimeError("the chat page broke")

    async def go():
        app = web.Application(middlewares=[observe])
        app.router.add_get("/chat/boom", boom)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        try:
            async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}/chat/boom",
                                                         headers={"X-Request-Id": "report-7"}) as r:
                return r.status, r.headers.get("X-Request-Id")
        finally:
            await runner.cleanup()

    out = io.StringIO()
    made = handler(LogFormat.JSON, out)
    logger = logging.getLogger("qyzmet.http")
    logger.addHandler(made)
    try:
        assert asyncio.run(go()) == (500, "report-7")
    finally:
        logger.removeHandler(made)
    records = [json_module.loads(line) for line in out.getvalue().splitlines()]
    failed = [r for r in records if r["level"] == "ERROR"]
    assert len(failed) == 1 and failed[0]["request_id"] == "report-7"
    assert "the chat page broke" in failed[0]["exception"]


def test_requests_that_are_not_http_write_one_quiet_line_without_their_bytes(json_server):
    """Anyone can send a worker bytes that are not HTTP: they must not become ERROR lines with tracebacks
    holding what was sent (undecodable, so never masked)."""
    import socket

    def send(raw: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", json_server.port), timeout=5) as s:
            s.sendall(raw)
            return s.recv(200)
    said = [send(b"GET /x\xd0\x90\xd0\xb9 87011234567 HTTP/1.1 junk\r\nHost: x\r\n\r\n"),
            send(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Bad\x01: 87011234567"
                 b"\r\n\r\nhello")]
    assert all(answer.startswith((b"HTTP/1.0 400", b"HTTP/1.1 400")) for answer in said), said
    records = json_server.records(lambda rs: sum("malformed HTTP request" in r["message"] for r in rs) >= 2)
    refused = [r for r in records if "malformed HTTP request" in r["message"]]
    assert len(refused) >= 2 and {r["level"] for r in refused} == {"DEBUG"}
    assert not [r for r in records if r["logger"] == "aiohttp.server" and r["level"] == "ERROR"]
    assert "87011234567" not in "\n".join(json_server.lines())
