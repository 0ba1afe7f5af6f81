"""Outgoing messages survive their stored form (the answer to a repeated delivery), old and new."""

from __future__ import annotations

from dialogs import plain
from dialogs.messages import (Block, BlockKind, Expect, Handoff, HandoffReason, Hint, Notice, NoticeKind, OfficeCard,
                              Option, Precision, Purpose, Relay, Reply, as_dict, from_dict)


def test_every_kind_of_message_comes_back_from_its_stored_form_unchanged():
    messages = [
        Reply(Purpose.QUESTION, "ru", (Block(BlockKind.TITLE, ("📄 Паспорт",)), Block(BlockKind.DOCUMENTS, ("a", "b"),
                                                                                       "Документы:", True)),
              options=(Option("При замене паспорта", "/answer case 0.4.0", "Замена"),),
              actions=(Option("Ближайший ЦОН", "/office"),), expects=Expect.CHOICE, hints=(Hint.HELPLINE,)),
        OfficeCard("ЦОН", "г. Актобе, ул. Тургенев, д. 109", ("+7 (7132) 57-80-27",), None, 50.28, 57.21, 2.5, "hqo-1",
                   Precision.SETTLEMENT, "Актобе", 4, "ru"),
        Handoff("rest:w-1", HandoffReason.ASKED, "ru", {"service": None}),
        Relay("rest:w-1", "алло"),
        Notice("rest:w-1", NoticeKind.CLOSED, "answered"),
    ]
    assert [from_dict(as_dict(m)) for m in messages] == messages


def test_an_answer_remembered_by_the_previous_version_is_still_given_back():
    old = {"kind": "reply", "text": "Сәлеметсіз бе!", "buttons": [{"title": "Русский", "payload": "/lang ru"}]}
    reply = from_dict(old)
    assert plain.text(reply) == "Сәлеметсіз бе!" and [a.payload for a in reply.actions] == ["/lang ru"]
    assert from_dict({"kind": "relay", "text": "алло"}).text == "алло"
    assert from_dict({"kind": "handoff", "reason": "asked", "context": {}}).reason == HandoffReason.ASKED
