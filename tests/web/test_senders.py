"""A REST sender that is a phone number is kept under a keyed hash of it, never as written (issue 15):
through the real server, with every row of every dialogs table read back."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Delivery, Turn, UserSettings
from qyzmet.settings import Settings
from web.senders import conversation_for

KEY = b"test-privacy-key-0123456789abcdef"
SPELLINGS = ["+7 701 555 12 34", "87015551234", "+7.701.555.12.34", "8/701/555/12/34", "8 (701) 555-12-34"]


def rows_of(engine, conversation: str) -> str:
    """Everything the dialogs tables keep of a conversation, as one text."""
    with Session(engine.db) as s:
        found = [s.get(Conversation, conversation)]
        found += s.scalars(select(Turn).where(Turn.conversation_id == conversation)).all()
        found += s.scalars(select(Delivery).where(Delivery.conversation_id == conversation)).all()
        found += [s.get(UserSettings, conversation)]
        return json.dumps([{c.name: getattr(r, c.name) for c in r.__table__.columns} for r in found if r],
                          ensure_ascii=False, default=str)


def test_every_spelling_of_a_number_is_one_conversation_kept_under_a_hash():
    ids = {conversation_for(s, KEY) for s in SPELLINGS}
    assert len(ids) == 1
    hashed = ids.pop()
    assert re.fullmatch(r"rest#[0-9a-f]{40}", hashed)
    assert conversation_for(SPELLINGS[0], b"another-key-0123456789abcdef") != hashed     # the key makes it


@pytest.mark.parametrize("sender", ["web-3f2a9c0e4b1d", "widget-1", "user 42", "2026-01-01"])
def test_other_senders_are_kept_as_they_came(sender):
    assert conversation_for(sender, KEY) == f"rest:{sender}"


@pytest.mark.parametrize("sender", ["aigul.s-90@mail.kz", "880101300123", "Иван Петров", "whatsapp:+77015551234"])
def test_a_sender_holding_other_personal_data_is_hashed_too(sender):
    hashed = conversation_for(sender, KEY)
    assert hashed.startswith("rest#") and sender not in hashed


def test_without_a_key_nothing_is_hashed_by_mistake():
    with pytest.raises(ValueError):
        conversation_for("+77015551234", b"")


def test_a_phone_number_sender_is_answered_as_itself_and_stored_only_hashed(serve, engine):
    served = serve(Settings(privacy_key=KEY))
    status, messages = served.post({"sender": SPELLINGS[0], "message": "/lang kk", "message_id": "m-1"})
    assert status == 200 and messages and {m["recipient_id"] for m in messages} == {SPELLINGS[0]}
    # another spelling of the same number continues the same conversation: its language is kept
    status, messages = served.post({"sender": SPELLINGS[1], "message": "/lang ru"})
    assert status == 200 and {m["recipient_id"] for m in messages} == {SPELLINGS[1]}
    conversation = conversation_for(SPELLINGS[0], KEY)
    kept = rows_of(engine, conversation)
    assert "/lang kk" in kept and "/lang ru" in kept                       # both spellings, one conversation
    with Session(engine.db) as s:
        everything = json.dumps([[r.id, r.user] for r in s.scalars(select(Conversation))], ensure_ascii=False)
        everything += json.dumps([r.user for r in s.scalars(select(UserSettings))])
    for spelling in SPELLINGS:
        digits = "".join(c for c in spelling if c.isdigit())
        assert spelling not in everything and digits not in everything and digits[1:] not in everything


def test_a_server_without_a_key_of_its_own_still_hashes(served, engine):
    status, _ = served.post({"sender": "+7 701 555 43 21", "message": "/lang ru"})
    with Session(engine.db) as s:
        ids = [r.id for r in s.scalars(select(Conversation))]
    assert status == 200 and not [i for i in ids if "5554321" in i.replace(" ", "")]
