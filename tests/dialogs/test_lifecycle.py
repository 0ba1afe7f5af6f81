"""Lifecycle signals in (start, no input, hang-up) and the notices out that an operator's screen needs."""

from __future__ import annotations

from dialogs.messages import (Expect, Handoff, Notice, NoticeKind, OperatorAction, OperatorKind, Purpose, Relay,
                              Signal)


def test_a_start_asks_for_the_language_in_both_languages(chat):
    c = chat()
    (reply,) = c.replies(c.send(signal=Signal.START))
    assert reply.purpose == Purpose.LANGUAGE and reply.expects == Expect.CHOICE
    assert [o.payload for o in reply.options] == ["/lang kk", "/lang ru"]
    assert "Тілді таңдаңыз" in c.text([reply]) and "Выберите язык" in c.text([reply])


def test_silence_at_a_question_asks_the_same_question_again(chat):
    c = chat()
    asked = c.replies(c.send("нужна справка о несудимости"))[-1]
    again = c.replies(c.send(signal=Signal.NO_INPUT))[-1]
    assert again.options == asked.options and again.purpose == Purpose.QUESTION


def test_an_operator_sees_the_conversation_id_joins_once_and_the_citizen_hanging_up_is_told(chat):
    c = chat()
    c.press("/lang ru")
    handoff = next(m for m in c.send("позовите оператора") if isinstance(m, Handoff))
    assert handoff.conversation == c.conversation and handoff.language == "ru"
    assert c.send("алло") == [Relay(c.conversation, "алло")]
    first = c.send(operator=OperatorAction(OperatorKind.SAY, text="Здравствуйте!", operator="op-1"))
    assert Notice(c.conversation, NoticeKind.OPERATOR_JOINED, "op-1") in first
    second = c.send(operator=OperatorAction(OperatorKind.SAY, text="Чем помочь?", operator="op-1"))
    assert not [m for m in second if isinstance(m, Notice)]                      # joined once
    out = c.send(signal=Signal.HANG_UP)
    assert out == [Notice(c.conversation, NoticeKind.CITIZEN_LEFT), Notice(c.conversation, NoticeKind.ENDED)]
    assert c.offices(c.send("где ЦОН в Актобе"))                                # the bot answers again


def test_handing_back_without_closing_tells_the_operator_screen(chat):
    c = chat()
    c.send("позовите оператора")
    out = c.send(operator=OperatorAction(OperatorKind.RETURN, operator="op-2"))
    assert Notice(c.conversation, NoticeKind.OPERATOR_LEFT) in out and c.replies(out)
