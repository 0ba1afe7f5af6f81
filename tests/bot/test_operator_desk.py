"""Handing a citizen to the operators' forum group and back, end to end through the fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogs import hours
from bot.db.models import Citizen, MessagePair
from dialogs.models import Turn
from tests.bot.conftest import sent, texts
from tests.bot.fake_telegram import OPERATORS

USERS = itertools.count(620_000_001)


def escalate(harness, user: int, question: str = "Нужна справка о несудимости") -> tuple[list, int]:
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"), tg.text(user, question))
    calls = harness.say(tg.text(user, "/operator"))
    cards = [c for c in sent(calls, OPERATORS) if "Гражданин ждёт оператора" in c.text]
    assert len(cards) == 1, texts(calls)
    return calls, cards[0]["message_thread_id"]


def transcript(harness, user: int) -> list[tuple[str, str]]:
    with Session(harness.engine.db) as s:
        return [(t.speaker, t.text) for t in s.scalars(select(Turn).where(
            Turn.conversation_id == f"telegram:{user}").order_by(Turn.id))]


def test_handover_relay_edits_and_close(harness):
    user = next(USERS)
    tg = harness.tg
    calls, thread = escalate(harness, user, "Нужна справка о несудимости, мой ИИН 880101300123")
    # one topic, named without the citizen's name; the card pinned; the citizen told their place in the queue
    topics = [c for c in calls if c.method == "createForumTopic"]
    assert len(topics) == 1 and topics[0]["chat_id"] == OPERATORS
    assert "Айгүл" not in topics[0]["name"] and "Справка о несудимости" in topics[0]["name"]
    card = next(c for c in sent(calls, OPERATORS) if "Гражданин ждёт оператора" in c.text)
    for part in ("Причина: попросил(а) оператора", "Язык: Русский (ru)", "Услуга: Справка о несудимости (1486-02)",
                 "Ждёт с:", "Последние сообщения", "/close"):
        assert part in card.text, part
    assert "880101300123" not in card.text and "…23" in card.text          # the ИИН masked in the last turns
    pinned = [c for c in calls if c.method == "pinChatMessage"]
    assert pinned and pinned[0]["chat_id"] == OPERATORS
    told = texts(calls, user)
    assert "Передаю вас оператору" in told and "Ваш номер в очереди: 1" in told

    # the citizen's messages go to the topic as copies: text and a photo
    question = tg.text(user, "Я потерял удостоверение, что делать?")
    photo = tg.content(user, photo=[{"file_id": "p", "file_unique_id": "p1", "width": 9, "height": 9}],
                       caption="вот скан")
    copies = harness.say(question, photo)
    copied = [c for c in copies if c.method == "copyMessage"]
    assert [(c["chat_id"], c["from_chat_id"], c["message_thread_id"]) for c in copied] == \
        [(OPERATORS, user, thread)] * 2
    assert not [c for c in sent(copies, user)]                 # the assistant keeps silent meanwhile
    # a button pressed meanwhile reaches the topic as what the button said
    pressed = harness.say(tg.press(user, "o|office|", title="Ближайший ЦОН"))
    assert [c.text for c in sent(pressed, OPERATORS)] == ["🔘 Ближайший ЦОН"]

    # an operator's reply reaches the citizen, after "an operator has joined"
    reply = tg.operator(thread, "Здравствуйте! Восстановите удостоверение в ЦОН.")
    relayed = harness.say(reply)
    assert "Оператор подключился" in texts(relayed, user)
    back = [c for c in relayed if c.method == "copyMessage" and c["chat_id"] == user]
    assert len(back) == 1 and back[0]["from_chat_id"] == OPERATORS

    # edits, both ways, through the message-pair table
    fixed = harness.say(tg.operator_edit(thread, reply["message"]["message_id"], "Здравствуйте! Обратитесь в ЦОН."))
    edits = [c for c in fixed if c.method == "editMessageText"]
    assert len(edits) == 1 and edits[0]["chat_id"] == user and edits[0]["text"] == "Здравствуйте! Обратитесь в ЦОН."
    mirrored = harness.say(tg.edit(user, question["message"]["message_id"], "Я потерял паспорт, что делать?"))
    edits = [c for c in mirrored if c.method == "editMessageText"]
    assert len(edits) == 1 and edits[0]["chat_id"] == OPERATORS and "паспорт" in edits[0]["text"]

    # /close needs a configured resolution code
    wrong = harness.say(tg.operator(thread, "/close"))
    assert "resolved" in texts(wrong, OPERATORS) and not sent(wrong, user)
    closed = harness.say(tg.operator(thread, "/close resolved"))
    assert "Оператор завершил разговор" in texts(closed, user)
    assert "Закрыто: resolved" in texts(closed, OPERATORS)
    assert [c["message_thread_id"] for c in closed if c.method == "closeForumTopic"] == [thread]

    # back with the bot
    after = harness.say(tg.text(user, "сколько стоит справка о несудимости?"))
    assert not [c for c in after if c.method == "copyMessage"]
    assert "бесплатно" in texts(after, user).lower()
    # both sides are in the transcript
    lines = transcript(harness, user)
    assert ("operator", "Здравствуйте! Восстановите удостоверение в ЦОН.") in lines
    assert ("citizen", "Я потерял удостоверение, что делать?") in lines
    assert ("citizen", "[photo] вот скан") in lines
    assert any(s == "operator" and t == "[close]" for s, t in lines)


def test_the_topic_is_reused_then_recreated_when_deleted(harness):
    user = next(USERS)
    tg = harness.tg
    _, thread = escalate(harness, user)
    harness.say(tg.operator(thread, "/return"))
    again = harness.say(tg.text(user, "/operator"))
    assert not [c for c in again if c.method == "createForumTopic"]       # the same topic, reopened
    assert [c["message_thread_id"] for c in again if c.method == "reopenForumTopic"] == [thread]
    assert any(c.get("message_thread_id") == thread for c in sent(again, OPERATORS))
    # someone deletes the topic: the next message makes a new one and lands there
    tg.deleted_threads.add(thread)
    later = harness.say(tg.text(user, "Алло, вы тут?"))
    made = [c for c in later if c.method == "createForumTopic"]
    assert len(made) == 1
    new_thread = next(c["message_thread_id"] for c in later if c.method == "copyMessage" and c.status == 200)
    assert new_thread != thread
    with Session(harness.engine.db) as s:
        assert s.get(Citizen, user).topic_id == new_thread


def test_two_escalations_at_once_make_one_topic(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    before = len(tg.of("createForumTopic"))
    first, second = tg.text(user, "/operator"), tg.press(user, "o|operator|")
    harness.say(first, second)                  # one getUpdates batch: handled concurrently
    assert len(tg.of("createForumTopic")) - before == 1


def test_two_handovers_racing_in_the_desk_make_one_topic(harness):
    """Below aiogram's per-user isolation: the desk's own lock (two processes' updates, an operator's
    note and the citizen's message at once)."""
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    desk = harness.dp["services"].desk
    before = len(tg.of("createForumTopic"))

    async def both():
        return await asyncio.gather(*(desk.in_topic(user, lambda thread, i=i: desk._post(thread, f"#{i}"))
                                      for i in range(3)))
    posted = harness.call(both())
    assert len(tg.of("createForumTopic")) - before == 1
    assert len({m.message_thread_id for m in posted}) == 1


def test_return_ban_and_unban(harness):
    user = next(USERS)
    tg = harness.tg
    _, thread = escalate(harness, user)
    banned = harness.say(tg.operator(thread, "/ban"))
    assert "больше не будут приходить" in texts(banned, OPERATORS)
    # not left waiting for nobody: told to call 1414, and back with the assistant
    assert "1414" in texts(banned, user) and "Вы снова с ассистентом" in texts(banned, user)
    quiet = harness.say(tg.text(user, "ответьте!!!"), tg.text(user, "/operator"))
    assert not [c for c in quiet if c.method in ("copyMessage", "createForumTopic")]
    assert "1414" in texts(quiet, user)
    harness.say(tg.operator(thread, "/unban"))
    heard = harness.say(tg.text(user, "/operator"), tg.text(user, "извините, вопрос про справку"))
    assert [c["message_thread_id"] for c in heard if c.method == "copyMessage"] == [thread]
    handed = harness.say(tg.operator(thread, "/return"))
    assert "С вами снова помощник" in texts(handed, user)
    assert "Возвращено помощнику" in texts(handed, OPERATORS)
    # an operator writing to a citizen who is with the assistant is told it was not sent
    late = harness.say(tg.operator(thread, "Ещё вопросы?"))
    assert not sent(late, user) and "не отправлено" in texts(late, OPERATORS)


def test_queue_position_and_after_hours(make_harness):
    h = make_harness()
    first, second = next(USERS), next(USERS)
    ahead, _ = escalate(h, first)
    calls, _ = escalate(h, second)
    # earlier tests' citizens still wait in this database: the second is one behind the first
    position = int(re.search(r"Ваш номер в очереди: (\d+)", texts(ahead, first))[1])
    assert f"Ваш номер в очереди: {position + 1}." in texts(calls, second)
    closed = make_harness(hours=hours.parse("mon-fri 09:00-18:00"))
    # a Saturday evening in Almaty (14:00 UTC is 19:00 there)
    closed.dp["services"].desk.clock = lambda: datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
    user = next(USERS)
    calls, _ = escalate(closed, user)
    said = texts(calls, user)
    assert "Операторы работают Пн–Пт 09:00–18:00 (время Алматы)" in said and "Ваш вопрос сохранён" in said


def test_a_citizen_who_blocked_the_bot_is_marked(harness):
    user = next(USERS)
    tg = harness.tg
    _, thread = escalate(harness, user)
    tg.blocked_chats.add(user)
    calls = harness.say(tg.operator(thread, "Вы здесь?"))
    assert "заблокировал бота" in texts(calls, OPERATORS)
    with Session(harness.engine.db) as s:
        assert s.get(Citizen, user).blocked is True
    # they come back: unmarked, and answered
    tg.blocked_chats.discard(user)
    harness.say(tg.text(user, "/return_to_bot"))
    with Session(harness.engine.db) as s:
        assert s.get(Citizen, user).blocked is False
        assert s.scalars(select(MessagePair).where(MessagePair.citizen_id == user)).first() is not None


def test_a_group_that_refuses_the_bot_is_no_dead_end(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    tg.fail("createForumTopic", 400, "Bad Request: not enough rights to create a topic")
    calls = harness.say(tg.text(user, "/operator"))
    said = texts(calls, user)
    assert "1414" in said and "Вы снова с ассистентом" in said       # told, and back with the assistant
    again = harness.say(tg.text(user, "сколько стоит справка о несудимости?"))
    assert "бесплатно" in texts(again, user).lower()


def test_a_group_that_stops_taking_relays_sends_the_citizen_back(harness):
    user = next(USERS)
    tg = harness.tg
    escalate(harness, user)
    tg.fail("copyMessage", 403, "Forbidden: bot was kicked from the supergroup chat",
            when=lambda p: p.get("chat_id") == OPERATORS)
    calls = harness.say(tg.text(user, "алло?"))
    said = texts(calls, user)
    assert "1414" in said and "Вы снова с ассистентом" in said
    with Session(harness.engine.db) as s:
        assert s.get(Citizen, user).desk == "none"


def test_operator_side_commands_and_a_closed_topic_after_the_citizen_left(harness):
    user = next(USERS)
    tg = harness.tg
    _, thread = escalate(harness, user)
    typo = harness.say(tg.operator(thread, "/clsoe resolved"))
    assert not sent(typo, user) and "/close <код>" in texts(typo, OPERATORS)
    # a contact shared meanwhile reaches the operators as a mark, not the number
    contact = harness.say(tg.content(user, contact={"phone_number": "+77011234567", "first_name": "Асқар"}))
    assert [c.text for c in sent(contact, OPERATORS)] == ["📇 [contact]"]
    harness.say(tg.press(user, "o|bot|"))                      # the citizen goes back to the assistant
    closed = harness.say(tg.operator(thread, "/close answered"))
    assert "Закрыто: answered" in texts(closed, OPERATORS) and not sent(closed, user)
    assert [c["message_thread_id"] for c in closed if c.method == "closeForumTopic"] == [thread]


def test_a_blocked_citizen_asking_for_help_is_marked_not_answered(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    tg.blocked_chats.add(user)
    harness.push(tg.text(user, "/help"))

    def marked():
        with Session(harness.engine.db) as s:
            return s.get(Citizen, user).blocked
    harness.wait(marked, what="the citizen marked as having blocked the bot")
    tg.blocked_chats.discard(user)
