"""The REST channel writes what Rasa's own REST channel writes, byte for byte.

The same bot responses (from real conversations with the engine) go through Rasa 3.6's
`CollectingOutputChannel.send_response` and Sanic's `response.json` in the project's
Rasa environment, and through `web.rest`; the bodies must be equal. Without the Rasa
environment (no Python 3.10) the test is skipped and says why.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dialogs.messages import Event, OfficeCard, Purpose, Reply
from nlu import rasa_server
from locales import translations
from web import rest

RASA_SIDE = r'''
import asyncio, json, sys
from rasa.core.channels.channel import CollectingOutputChannel
from sanic.response import json as sanic_json

async def main():
    for line in sys.stdin:
        sender, responses = json.loads(line)
        collector = CollectingOutputChannel()
        for response in responses:
            await collector.send_response(sender, dict(response))
        sys.stdout.write(sanic_json(collector.messages).body.decode() + "\n")

asyncio.run(main())
'''


@pytest.fixture(scope="module")
def rasa_python() -> Path:
    venv = rasa_server.script("venv")
    python = Path(venv, "bin", "python") if venv else None
    if python is None or not Path(venv, ".complete").exists():
        pytest.skip("no Rasa environment: run `make rasa-env` (needs Python 3.10)")
    return python


def conversations(engine) -> list[list]:
    """Outputs of real turns: a question with options, a long answer, offices, a complaint, a handoff."""
    said = []
    for n, script in enumerate([
        ["нужна справка о несудимости", "2", "/more"],
        ["где ЦОН в Актобе", "/office more"],
        ["Өскемендегі ХҚО қайда", "/complain"],
        ["сколько стоит паспорт", "3", "/complain", "/complain service", "/operator"],
        ["", "😀 \"кавычки\" \\ обратный слэш / </script>"],
    ]):
        for i, text in enumerate(script):
            event = Event(f"rest:format-{n}", "rest", text=text, user=f"rest:format-{n}")
            said.append(engine.handle(event))
    return said


def test_rest_bodies_are_byte_for_byte_rasas(engine, rasa_python):
    outputs = conversations(engine)
    assert any(isinstance(m, OfficeCard) for out in outputs for m in out)
    assert any(isinstance(m, Reply) and m.purpose == Purpose.ANSWER for out in outputs for m in out)
    cases = [(f"widget-{i}", rest.responses(out, office_cards)) for i, out in enumerate(outputs)
             for office_cards in (False, True)]
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    done = subprocess.run([str(rasa_python), "-c", RASA_SIDE], input=lines, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = done.stdout.splitlines()
    assert len(theirs) == len(cases)
    for (sender, responses), body in zip(cases, theirs):
        assert rest.body(rest.collect(sender, responses)).decode() == body


def test_a_reply_without_options_comes_as_one_message_per_paragraph_as_in_rasa(engine):
    """Rasa's send_text_message splits on blank lines; with buttons, the text stays one message."""
    ru = translations("ru").gettext
    engine.handle(Event("rest:paragraphs", "rest", payload="/lang ru", user="rest:paragraphs"))
    out = engine.handle(Event("rest:paragraphs", "rest", text="до свидания", user="rest:paragraphs"))
    assert [m["text"] for m in rest.render("w", out)] == [ru("Goodbye! You can always write again."),
                                                           ru("Free public services contact centre: 1414.")]
    out = engine.handle(Event("rest:paragraphs", "rest", text="нужна справка о несудимости", user="rest:paragraphs"))
    (question,) = rest.render("w", out)
    assert "\n1." not in question["text"]                       # each option once: as a button, not also a line
    assert [b["payload"] for b in question["buttons"]] == ["/answer channel authority", "/answer channel hqo",
                                                           "/answer channel portal"]
