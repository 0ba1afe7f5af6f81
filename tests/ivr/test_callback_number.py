"""The caller's number, for a call back: whole in the card posted to the operators' group, and nowhere else —
not in the card kept with the call, /ivr/context, the transcript, the call's row, or any log line (issue 15)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogs.models import Turn
from ivr.calls import conversation_of
from ivr.line import callback_number
from ivr.models import Call as CallRow
from qyzmet import logs
from tests.ivr.conftest import OPERATOR_TOKEN, OPERATORS, Call

NUMBER = "+77017654321"
SPELLINGS = (NUMBER, "77017654321", "7017654321", "87017654321", "765-43-21", "765 43 21")


@pytest.fixture
def log_lines():
    """Every record at DEBUG, as the project writes it (qyzmet.logs' handler, JSON), and as it was handed
    to logging before any masking: neither may hold the number."""
    written, raw = io.StringIO(), io.StringIO()
    handlers = [logs.handler(logs.LogFormat.JSON, written), logging.StreamHandler(raw)]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    for h in handlers:
        root.addHandler(h)
    yield lambda: written.getvalue() + raw.getvalue()
    for h in handlers:
        root.removeHandler(h)
    root.setLevel(level)


def test_the_number_to_call_back_is_whole_in_the_operators_post_and_nowhere_else(line, log_lines):
    call = Call(line, number=NUMBER)
    call.start()
    call.press("2")
    call.say(f"справка о несудимости, перезвоните мне на {NUMBER}")
    call.press("0")
    posts = line.until(lambda: [c for c in line.telegram.of("sendMessage", chat=OPERATORS) if call.sid in c.text])
    assert len(posts) == 1 and posts[0].params.get("parse_mode") == "HTML"
    assert f'<a href="tel:{NUMBER}">+7 701 765 4321</a>' in posts[0].text
    # the words the caller said hold the number too: the post's transcript has it masked like the rest
    assert posts[0].text.count("765 4321") == 1 and "[phone …21]" in posts[0].text

    context = line.get(f"/ivr/context/{call.sid}", headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
    assert context.status_code == 200 and context.json()["caller"] == "+7 … 21"
    with Session(line.engine.db) as s:
        kept = s.get(CallRow, call.sid)
        stored = json.dumps([{c.name: getattr(kept, c.name) for c in kept.__table__.columns}], default=str,
                            ensure_ascii=False)
        stored += json.dumps([t.text for t in s.scalars(select(Turn).where(
            Turn.conversation_id == conversation_of(call.sid)))], ensure_ascii=False)
    everywhere = {"/ivr/context": context.text, "the call's row and transcript": stored, "the log": log_lines()}
    for where, text in everywhere.items():
        assert not [n for n in SPELLINGS if n in text], where


def test_a_hidden_number_has_nothing_to_call_back():
    # Twilio's caller id for a withheld number is "+266696687" (or "anonymous"), for an unknown one
    # "+86282452253", for a restricted one "+7378742833"; an agent's softphone "client:…"
    for hidden in ("anonymous", "+266696687", "+86282452253", "+8656696", "+7378742833", "+2562533",
                   "client:operator-7", "sip:agent@pbx.example", ""):
        assert callback_number(hidden) == "", hidden
    assert callback_number("8 701 765 43 21") == NUMBER


def test_a_card_for_a_hidden_number_shows_the_masked_one():
    from bot.calls import text

    card = {"call": "CA1", "reason": "operator", "language": "ru", "caller": "—", "transcript": []}
    assert "tel:" not in text(card, "ru") and "—" in text(card, "ru")
    assert '<a href="tel:+77017654321">+7 701 765 4321</a>' in text(card, "ru", NUMBER)
