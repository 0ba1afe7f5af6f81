"""Backend choice by configuration, and the fallback that keeps the assistant answering."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nlu.backend import BuiltinParser, FallbackParser, get_parser
from nlu.rasa_client import RasaParser, RasaUnavailable


def _closed_port() -> int:
    # bound and closed again: nothing listens, connections are refused
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """A loopback HTTP server answering /model/parse with a fixed status and body."""

    def __init__(self, status: int, body: bytes):
        outer = self
        self.requests: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append(json.loads(self.rfile.read(length)))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_refused_connection_falls_back_to_builtin_and_warns_once(model, caplog):
    parser = FallbackParser(RasaParser(f"http://127.0.0.1:{_closed_port()}", model, timeout=1.0), BuiltinParser(model))
    with caplog.at_level(logging.WARNING, logger="nlu.backend"):
        first = parser.parse("справка о несудимости")
        second = parser.parse("где ближайший ЦОН")
    assert first.intent == "service" and first.service.id == "1486-02"
    assert second.intent == "find_office"
    assert first.backend == "builtin (rasa unavailable)"
    warnings = [r for r in caplog.records if "Rasa NLU unavailable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.parametrize("status, body", [(500, b'{"error": "boom"}'), (200, b"<html>not json</html>"),
                                          (200, b'{"unexpected": true}'),
                                          (200, b'{"intent": {}, "intent_ranking": [{"name": "greet", "confidence": "x"}]}'),
                                          (200, b'{"intent": {}, "intent_ranking": ["greet"]}')])
def test_a_broken_rasa_answer_also_falls_back(model, status, body):
    server = _Server(status, body)
    try:
        parser = FallbackParser(RasaParser(server.url, model), BuiltinParser(model))
        p = parser.parse("прописка жасау керек")
        assert p.service.id == "363-03" and "rasa unavailable" in p.backend
        with pytest.raises(RasaUnavailable):
            RasaParser(server.url, model).parse("прописка")
    finally:
        server.close()


def test_rasa_answer_is_mapped_to_standards_and_titles(model):
    answer = {"text": "x", "intent": {"name": "service_1486_02", "confidence": 0.9},
              "intent_ranking": [{"name": "service_1486_02", "confidence": 0.9},
                                 {"name": "service_1486_01", "confidence": 0.06},
                                 {"name": "out_of_scope", "confidence": 0.04}], "entities": []}
    server = _Server(200, json.dumps(answer).encode())
    try:
        p = RasaParser(server.url, model).parse("несудимость в Караганде")
    finally:
        server.close()
    assert (p.intent, p.service.id, p.backend) == ("service", "1486-02", "rasa")
    assert p.service.title_kk == model.titles["1486-02"]
    assert [c.id for c in p.ranking] == ["1486-02", "1486-01"]
    assert [e["value"] for e in p.entities] == ["Қарағанды"]   # entities from our gazetteer
    assert server.requests == [{"text": "несудимость в Караганде"}]


def test_recovery_after_the_pause(model):
    answer = {"intent": {"name": "greet", "confidence": 0.99}, "intent_ranking": [{"name": "greet", "confidence": 0.99}]}
    port = _closed_port()
    parser = FallbackParser(RasaParser(f"http://127.0.0.1:{port}", model, timeout=1.0), BuiltinParser(model),
                            retry_after=0.0)
    assert "rasa unavailable" in parser.parse("сәлем").backend
    server = _Server(200, json.dumps(answer).encode())
    try:
        parser.primary.url = server.url + "/model/parse"
        assert parser.parse("сәлем").backend == "rasa"
    finally:
        server.close()


def test_backend_is_chosen_by_configuration(model_file, titles):
    from qyzmet.settings import Settings, SettingsError

    settings = Settings.from_env({"NLU_BACKEND": "rasa", "RASA_URL": "http://127.0.0.1:1", "NLU_MODEL": str(model_file)})
    parser = get_parser(settings.nlu_backend, titles=titles, rasa_url=settings.rasa_url, model=settings.nlu_model)
    assert isinstance(parser, FallbackParser) and parser.primary.url == "http://127.0.0.1:1/model/parse"
    assert isinstance(get_parser("builtin", titles=titles, model=model_file), BuiltinParser)
    with pytest.raises(SettingsError, match="builtin' or 'rasa"):
        Settings.from_env({"NLU_BACKEND": "dialogflow"})
    with pytest.raises(ValueError, match="builtin' or 'rasa"):
        get_parser("dialogflow", titles=titles, model=model_file)
