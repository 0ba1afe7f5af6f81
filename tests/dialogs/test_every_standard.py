"""Every standard, in Kazakh and in Russian: asked for by its everyday name, its questions
answered, the answer carrying that standard's facts, then its office in a named city."""

from __future__ import annotations

import re

import pytest

from dialogs.messages import BlockKind
from locales import translations


def flat(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


CITY = {"kk": "Қарағанды", "ru": "Караганда"}
CITY_STEMS = ("Қарағанды", "Караганд")


def _ask_for(c, kb, sid, language):
    """Ask by the everyday name; a "did you mean" must at least offer the right service."""
    out = c.send(kb[sid][f"short_name_{language}"])
    offered = c.payloads(out)
    if f"/service {sid}" in offered:
        out = c.press(f"/service {sid}")
    elif any(p.startswith("/answer family") for p in offered):
        out = c.press(f"/answer family {sid}")
    return out


def _answer_every_question(c, out, limit=4):
    for _ in range(limit):
        questions = [p for p in c.payloads(out) if p.startswith("/answer ")]
        if not questions:
            return out
        out = c.press(questions[-1])          # the last option: not always the easy first one
    raise AssertionError("more questions than a standard can have")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_standard_answers_with_its_own_facts_and_office(chat, engine, kb, language):
    """Reached by its everyday name, every question answered (the last option), the answer is that
    standard's: a document list, the cost, the repealed act; then its own kind of office in a city.
    (Which documents and terms, per situation, against the source: test_answers_against_source.py.)"""
    _ = translations(language).gettext
    failures = []
    for sid, std in kb.items():
        c = chat()
        c.press(f"/lang {language}")
        out = _answer_every_question(c, _ask_for(c, kb, sid, language))
        answer = c.text(out)
        state = _state(engine, c.conversation)
        if state["service"] != sid:
            failures.append((sid, "not reached", answer[:120]))
            continue
        kinds = [b.kind for m in c.replies(out) for b in m.blocks]
        if BlockKind.DOCUMENTS not in kinds:
            failures.append((sid, "no documents", answer[:120]))
        more = c.text(c.press("/more")) if "/more" in c.payloads(out) else ""
        if std["fee"]["free"] and _("Free of charge.") not in answer + more:
            failures.append((sid, "not said to be free", answer[:120]))
        if not std["fee"]["free"] and not all(f"{a['mrp_percent']}%" in answer + more for a in std["fee"]["amounts"]):
            failures.append((sid, "no fee", answer[:120]))
        assert std["source"]["act_number"] in answer and "⚠️" in answer, sid
        offices = c.offices(c.send(CITY[language])) if c.offices(c.press("/office")) == [] else []
        where = " ".join(f"{o.name} {o.address} {o.located_at}" for o in offices[:1])
        if not offices or not any(stem in where for stem in CITY_STEMS):
            failures.append((sid, "office", where[:120]))
        elif "hqo" not in std["channels"] and any(w in offices[0].name for w in ("ХҚО", "ЦОН")):
            failures.append((sid, "a PSC for a service PSCs do not take", offices[0].name))
    assert not failures, failures


def _state(engine, conversation):
    from sqlalchemy.orm import Session

    from dialogs.models import Conversation
    with Session(engine.db) as session:
        return session.get(Conversation, conversation).state
