"""The Rasa backend against a real Rasa 3.6 server on loopback.

The server runs from the project's own Python 3.10 environment and model
(scripts/rasa.sh; `make test` and CI build them first, cached under ~/.cache/qyzmet).
Where they cannot be built — no Python 3.10 — these tests are skipped and say so.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from nlu import rasa_server
from nlu.backend import BuiltinParser, FallbackParser
from nlu.evaluate import evaluate
from nlu.rasa_client import RasaParser

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory):
    model = rasa_server.script("model")
    if not model or not Path(model).exists():
        pytest.skip("no Rasa model for the current data: run `make rasa-train` (needs Python 3.10)")
    log = tmp_path_factory.mktemp("rasa") / "server.log"
    with rasa_server.running([str(rasa_server.SCRIPT), "serve"], _free_port(), log) as url:
        yield url


@pytest.mark.parametrize("text, service", [
    ("справка о несудимости", "1486-02"),
    ("әкем қайтыс болды, жерлеуге ақша бере ме", "1059-11"),
    ("как выписаться из квартиры", "363-04"),
])
def test_rasa_recognises_services(rasa_url, model, text, service):
    p = RasaParser(rasa_url, model).parse(text)
    assert (p.backend, p.intent, p.service.id) == ("rasa", "service", service)
    assert p.service.title_kk == model.titles[service]


def test_rasa_general_intents_and_entities(rasa_url, model):
    p = RasaParser(rasa_url, model).parse("где ближайший ЦОН в Караганде")
    assert p.intent == "find_office"
    assert [e["value"] for e in p.entities] == ["Қарағанды"]


def test_configured_rasa_answers_through_the_fallback_wrapper(rasa_url, model):
    parser = FallbackParser(RasaParser(rasa_url, model), BuiltinParser(model))
    assert parser.parse("сәлеметсіз бе").backend == "rasa"


def test_rasa_on_the_held_out_split(rasa_url, model, test_examples):
    report = evaluate(RasaParser(rasa_url, model), test_examples).as_dict()
    for lang, s in report["languages"].items():
        assert s["top1"] >= 0.85, (lang, s)
        assert s["intent_accuracy"] >= 0.8, (lang, s)
