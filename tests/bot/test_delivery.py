"""Nothing lost, nothing twice: retries, repeated updates, blocked users, a restart, the webhook, Redis."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import FloodLimit
from bot.db.models import Citizen
from dialogs.models import Turn
from tests.bot.conftest import TOKEN, sent, serve_webhook, texts

USERS = itertools.count(630_000_001)


def lines_of(engine, user: int) -> list[str]:
    with Session(engine.db) as s:
        return list(s.scalars(select(Turn.text).where(Turn.conversation_id == f"telegram:{user}",
                                                     Turn.speaker == "citizen")))


def test_429_is_waited_out_and_the_answer_still_arrives(harness):
    user = next(USERS)
    tg = harness.tg
    tg.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1,
            when=lambda p: p.get("chat_id") == user)
    calls = harness.say(tg.text(user, "/start"))
    tries = [c for c in calls if c.method == "sendMessage" and c.chat == user]
    assert [c.status for c in tries] == [429, 200]
    assert tries[1].at - tries[0].at >= 0.9                     # waited as told
    assert "Выберите язык" in texts(calls, user)


def test_5xx_is_retried_with_backoff(harness):
    user = next(USERS)
    tg = harness.tg
    tg.fail("sendMessage", 502, "Bad Gateway", times=2, when=lambda p: p.get("chat_id") == user)
    calls = harness.say(tg.text(user, "/start"))
    tries = [c for c in calls if c.method == "sendMessage" and c.chat == user]
    assert [c.status for c in tries] == [502, 502, 200]
    assert "Выберите язык" in texts(calls, user)


def test_403_marks_the_user_and_nothing_else_breaks(harness):
    user, other = next(USERS), next(USERS)
    tg = harness.tg
    tg.blocked_chats.add(user)
    calls = harness.say(tg.text(user, "/start"), tg.text(other, "/start"))
    assert [c.status for c in calls if c.chat == user and c.method == "sendMessage"] == [403]   # tried once
    assert "Выберите язык" in texts(calls, other)
    with Session(harness.engine.db) as s:
        assert s.get(Citizen, user).blocked is True and s.get(Citizen, other).blocked is False


def test_a_repeated_update_is_handled_once(harness):
    user = next(USERS)
    tg = harness.tg
    harness.say(tg.text(user, "/lang ru"))
    update = tg.text(user, "сколько стоит справка о несудимости?")
    first = harness.say(update)
    assert sent(first, user)
    again = harness.say(dict(update), tg.text(user, "спасибо"))    # Telegram delivers it again, then a new one
    answers = texts(again, user)
    assert "бесплатно" not in answers.lower() and "Пожалуйста" in answers
    assert lines_of(harness.engine, user).count("сколько стоит справка о несудимости?") == 1


def test_a_message_goes_through_the_filters_to_its_answer_without_a_thread(harness, monkeypatch):
    """aiogram checks a synchronous filter (a magic filter such as F.text) in a thread: under load each hop
    waited for the busy loop, and Telegram updates took seconds (bench/stack_load.py). On SQLite with the
    built-in classifier nothing of a text message's way needs a thread (bot.filters)."""
    import asyncio

    hops = []
    real = asyncio.to_thread

    async def counting(work, *args, **kwargs):
        hops.append(getattr(work, "func", work))
        return await real(work, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting)
    user = next(USERS)
    harness.say(harness.tg.text(user, "/lang ru"))
    answered = harness.say(harness.tg.text(user, "сколько стоит справка о несудимости?"))
    assert "бесплатно" in texts(answered, user).lower()
    assert hops == []


def test_a_restart_mid_dialog_loses_nothing(make_harness, new_engine, db_url):
    h = make_harness()
    user = next(USERS)
    tg = h.tg
    h.say(tg.text(user, "/lang ru"))
    asked = h.say(tg.text(user, "Нужна справка о несудимости, какие документы?"))
    assert "Куда вы будете обращаться" in texts(asked, user)
    h.stop()                                   # the process goes; a new one comes up on the same database
    h.start(engine=new_engine(db_url))
    answered = h.say(tg.text(user, "2"))       # "2" answers the question asked before the restart
    said = texts(answered, user)
    assert "Удостоверение личности" in said and "Куда вы будете обращаться" not in said


def test_flood_limit(make_harness):
    h = make_harness(flood=FloodLimit(3, 60))
    user = next(USERS)
    tg = h.tg
    calls = h.say(*[tg.text(user, f"паспорт {i}") for i in range(6)])
    warnings = [c for c in sent(calls, user) if "слишком часто" in c.text]
    assert len(warnings) == 1                      # told once
    assert len(lines_of(h.engine, user)) == 3      # the rest of the window dropped


def test_typing_indicator_while_a_turn_waits(make_harness):
    h = make_harness(workers=1)                    # turns in a thread, as with PostgreSQL or Rasa
    user = next(USERS)
    calls = h.say(h.tg.text(user, "/start"))
    actions = [c for c in calls if c.method == "sendChatAction"]
    assert actions and actions[0]["action"] == "typing" and actions[0]["chat_id"] == user
    assert calls.index(actions[0]) < calls.index(sent(calls, user)[0])


def post(url: str, update: dict, secret: str | None) -> int:
    request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST", headers={
        "Content-Type": "application/json", **({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def post_raw(url: str, body: bytes, secret: str) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_webhook_refuses_a_wrong_secret_and_takes_the_right_one(engine, make_harness):
    h = make_harness()                         # its fake Bot API server; its polling is stopped
    h.stop()
    config = replace(h.config, public_base_url="http://127.0.0.1:8443", webhook_secret="s3cret-Token_1")

    runner, base = serve_webhook(h, engine, config)
    url = base + "/webhooks/telegram"
    try:
        assert any(c["url"] == "http://127.0.0.1:8443/webhooks/telegram" and c["secret_token"] == "s3cret-Token_1"
                   for c in h.tg.of("setWebhook"))
        user = next(USERS)
        update = h.tg.text(user, "/start")
        assert post(url, update, "guess") == 401
        assert post(url, update, None) == 401
        time.sleep(0.2)
        assert not sent(h.tg.calls, user)
        # what is not an update is refused, and nothing reaches the citizen
        for bad in (b"", b"\xff\xfe\x00garbage", b"{not json", b"[" * 30_000 + b"]" * 30_000,
                    b'{"update_id": "x"}', rb'"\ud800"', b'{"update_id": 1, "message": {"text": 5}}'):
            assert post_raw(url, bad, "s3cret-Token_1") == 400, bad[:20]
        assert post_raw(url, b"x" * 200_000, "s3cret-Token_1") == 413
        assert post(url, update, "s3cret-Token_1") == 200
        h.handled(update)
        assert "Выберите язык" in texts(h.tg.calls, user)
        # the same update posted again (Telegram retries when unsure): not answered twice
        assert post(url, update, "s3cret-Token_1") == 200
        later = h.tg.text(user, "/help")
        assert post(url, later, "s3cret-Token_1") == 200
        h.handled(later)
        assert texts(h.tg.calls, user).count("Выберите язык") == 1
    finally:
        h.call(runner.cleanup())


def test_redis_storage_and_isolation(make_harness, redis_url):
    import redis

    h = make_harness(redis_url=redis_url, flood=FloodLimit(2, 600))
    user = next(USERS)
    tg = h.tg
    h.say(tg.text(user, "/start"), tg.text(user, "/lang ru"))
    client = redis.Redis.from_url(redis_url)
    keys = [k.decode() for k in client.keys(f"*{user}*")]
    counted = next(k for k in keys if k.endswith(":flood"))
    assert int(client.get(counted)) == 2
    assert 0 < client.ttl(counted) <= 600           # the window's length: then it starts again
    # no FSM state or data: one round trip to Redis for the count, none for a state the bot never sets
    assert not [k for k in keys if k.endswith((":state", ":data"))], keys
    # the limit lives in Redis: a restarted bot still counts this window
    h.stop()
    h.start()
    calls = h.say(tg.text(user, "паспорт"))
    assert "слишком часто" in texts(calls, user)


@pytest.mark.parametrize("env, says", [
    ({}, "BOT_TOKEN is not set"),
    ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN does not look like a token"),
    ({"BOT_TOKEN": TOKEN, "OPERATORS_CHAT_ID": "operators"}, "OPERATORS_CHAT_ID must be"),
    ({"BOT_TOKEN": TOKEN, "OPERATOR_HOURS": "9 to 6"}, "OPERATOR_HOURS"),
    ({"BOT_TOKEN": TOKEN, "PUBLIC_BASE_URL": "https://bot.example.kz"}, "TELEGRAM_WEBHOOK_SECRET must be set"),
    ({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": "ftp://x"}, "TELEGRAM_API_BASE must be a URL"),
    ({"BOT_TOKEN": TOKEN, "REDIS_URL": "localhost:6379"}, "REDIS_URL must be a URL"),
    ({"BOT_TOKEN": TOKEN, "MAP_LINKS": "osm"}, "MAP_LINKS must name"),
    # replicas of a PostgreSQL stack must share the key: never one made up by a worker for itself
    ({"BOT_TOKEN": TOKEN, "DATABASE_URL": "postgresql://qyzmet@127.0.0.1:1/qyzmet"}, "PRIVACY_KEY must be set"),
])
def test_bad_configuration_is_one_clear_line(env, says, monkeypatch, capsys):
    """`qyzmet bot` as the command line runs it (in this process: the same code, without a new interpreter)."""
    import os

    from qyzmet.cli import main

    for name in list(os.environ):
        if name.startswith(("BOT_", "TELEGRAM_", "OPERATOR", "REDIS", "PUBLIC_", "MAP_", "RESOLUTION_", "PRIVACY_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["bot"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], lines


def test_a_citizens_message_is_counted_with_its_chats_lock_once_even_when_it_waits_for_the_lock(make_harness,
                                                                                               redis_url):
    """Each awaited round trip to Redis waits for a turn of a busy worker's loop (p99 0.4 s under the paced
    load), so the chat's lock and the flood count go together, in one MULTI/EXEC. A message whose chat another
    worker holds waits for the lock, trying it again every 0.1 s: it is counted once all the same, and answered."""
    import threading

    import redis
    from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey

    from tests.bot.fake_telegram import BOT_ID

    h = make_harness(redis_url=redis_url, flood=FloodLimit(5, 600))
    user = next(USERS)
    client = redis.Redis.from_url(redis_url)
    builder = DefaultKeyBuilder(with_bot_id=True)
    lock = builder.build(StorageKey(BOT_ID, user, user), "lock")
    seen: list[str] = []
    monitoring = threading.Event()

    def monitor() -> None:
        with client.monitor() as m:
            monitoring.set()
            for command in m.listen():
                seen.append(command["command"])
                if command["command"].startswith("EVALSHA") or len(seen) > 200:   # the lock's release
                    return
    watcher = threading.Thread(target=monitor, daemon=True)
    watcher.start()
    monitoring.wait(5)
    client.set(lock, "another worker", px=400)           # held elsewhere for a moment
    calls = h.say(h.tg.text(user, "/start"))
    watcher.join(10)
    assert sent(calls, user), "answered once the lock was free"
    assert int(client.get(builder.build(StorageKey(BOT_ID, user, user)) + ":flood")) == 1
    tries = [i for i, c in enumerate(seen) if c.startswith("SET") and lock in c and " NX" in c.upper()]
    assert len(tries) >= 2, seen                         # it did wait: tried more than once
    first = tries[0]
    # the first try, in one transaction with the count; the tries again, the lock alone
    assert seen[first - 1] == "MULTI" and "INCR" in seen[first + 2] and seen[first + 3] == "EXEC", seen
    assert sum(c.startswith("INCR") for c in seen) == 1, seen


def test_a_count_made_with_a_lock_is_for_that_update_only_and_a_failed_count_leaves_the_lock_released(redis_url):
    """Updates run one after the other in one context (aiogram does so when it does not handle updates as
    tasks): two edits, which the flood limit does not look at, were counted with their lock; the next update
    finds Redis down and is counted in memory, from 1, not given the last edit's count. And a flood key that is not
    a number (an operator's mistake) makes the count fail: the update still goes on, and its lock is
    released, not left to block the chat's next message."""
    import asyncio

    import redis
    from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey

    from bot.storage import redis_storage
    from tests.bot.fake_telegram import BOT_ID

    user = next(USERS)
    key = StorageKey(BOT_ID, user, user)
    lock_name = DefaultKeyBuilder(with_bot_id=True).build(key, "lock")
    client = redis.Redis.from_url(redis_url)

    async def run() -> tuple[int, int, bool]:
        storage, isolation = redis_storage(redis_url, window=60)
        for _edit in range(2):
            async with isolation.lock(key):
                pass                                    # edits: counted with the lock (1, 2), never asked for
        storage.status.failed(ConnectionError("down for the test"))
        async with isolation.lock(key):
            in_memory = await storage.count(key, 60)
        storage.status.retry_at = 0                     # back: Redis is asked again
        client.set(DefaultKeyBuilder(with_bot_id=True).build(key) + ":flood", "not a number")
        async with isolation.lock(key):
            locked_meanwhile = client.exists(lock_name) == 1
        await storage.close()
        return in_memory, locked_meanwhile, client.exists(lock_name) == 1

    in_memory, locked_meanwhile, left_locked = asyncio.run(run())
    assert in_memory == 1
    assert locked_meanwhile and not left_locked
