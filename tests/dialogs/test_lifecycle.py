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


def test_a_start_opening_one_service_asks_the_language_then_goes_on_with_that_service(chat):
    from dialogs.messages import Reply

    c = chat()
    (asked,) = c.replies(c.send(signal=Signal.START, payload="/service 1486-02"))
    assert asked.purpose == Purpose.LANGUAGE
    after = c.replies(c.press("/lang ru"))
    assert "Справка о несудимости" in c.text(after) and after[-1].purpose in (Purpose.QUESTION, Purpose.ANSWER)
    assert "буду отвечать на этом языке" not in c.text(after)        # a choice asked for needs no confirming
    # once the language is known, the link opens the service at once
    again = c.replies(c.send(signal=Signal.START, payload="/service 1486-03"))
    assert all(isinstance(m, Reply) and m.purpose != Purpose.LANGUAGE for m in again)
    # a link to no service is an ordinary start
    d = chat()
    (plain,) = c.replies(d.send(signal=Signal.START, payload="/service 0000-00"))
    assert plain.purpose == Purpose.LANGUAGE


def test_what_cannot_be_read_is_said_plainly_or_passed_to_the_operator(chat, engine):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from dialogs.messages import Attachment, Hint
    from dialogs.models import Turn

    c = chat()
    c.press("/lang ru")
    (voice,) = c.replies(c.send(attachment=Attachment.VOICE))
    assert "только напечатанный текст" in c.text([voice]) and Hint.HELPLINE in voice.hints
    (contact,) = c.replies(c.send(text="+77011234567", attachment=Attachment.CONTACT))
    assert "не сохраняю контакты" in c.text([contact])
    with Session(engine.db) as s:
        stored = list(s.scalars(select(Turn.text).where(Turn.conversation_id == c.conversation)))
    assert "[voice]" in stored and "[contact]" in stored and not [t for t in stored if "7011234567" in t]
    c.send("позовите оператора")
    assert c.send(text="вот скан", attachment=Attachment.PHOTO) == [Relay(c.conversation, "[photo] вот скан")]


def test_forget_erases_the_conversation_and_the_language_choice(chat, engine):
    c = chat(user="forget-user-1")
    c.press("/lang ru")
    c.send("нужна справка о несудимости")
    assert engine.forget(c.conversation, "forget-user-1") is True
    (reply,) = c.replies(c.send(signal=Signal.START))
    assert reply.purpose == Purpose.LANGUAGE                       # nothing remembered, not even the language
    assert engine.forget("never-was", "nobody") is False


def test_starting_again_or_asking_again_while_waiting_says_where_the_citizen_stands(chat):
    c = chat()
    c.press("/lang ru")
    c.send("позовите оператора")
    for again in (c.send(signal=Signal.START, payload="/service 1486-02"), c.press("/operator"), c.send("/start")):
        assert not [m for m in again if isinstance(m, Relay | Handoff)]
        assert "ждёте оператора" in c.text(again) and "/bot" in c.payloads(again)
