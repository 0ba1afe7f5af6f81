"""Turns at the same moment on SQLite: nothing lost, nothing failed — also while `kb build` runs."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session

from dialogs.messages import Event, Reply
from dialogs.models import Conversation
from dialogs.runner import Runner


def state_of(engine, conversation: str) -> dict:
    with Session(engine.db) as session:
        return session.get(Conversation, conversation).state


def test_ids_stored_alike_share_one_lock_and_no_update_is_lost(engine):
    """Ten unknown commands at once from ids that differ only by NUL characters (stored as one id):
    each is counted, none overwrites another."""
    runner = Runner(engine, workers=4)          # more workers than SQLite needs: the lock must hold anyway

    async def all_at_once():
        return await asyncio.gather(*[runner.handle(Event("nul-race" + "\x00" * i, "rest", payload="/xyz"))
                                      for i in range(10)])
    try:
        answers = asyncio.run(all_at_once())
    finally:
        runner.close()
    assert all(answers)
    assert state_of(engine, "nul-race")["misunderstood"] == 10


class SlowEngine:
    """Stands in for the engine to watch the runner alone: how many turns of a conversation overlap."""

    def __init__(self) -> None:
        from knowledge.db import make_engine
        self.db = make_engine("sqlite://")          # the runner's own sessions (dialogs.onloop) go there
        self.running: dict[str, int] = {}
        self.most = 0
        self.guard = threading.Lock()

    def handle(self, event, retries: int = 0, parse=None, arrived=None):
        with self.guard:
            self.running[event.conversation] = self.running.get(event.conversation, 0) + 1
            self.most = max(self.most, self.running[event.conversation])
        time.sleep(0.02)
        with self.guard:
            self.running[event.conversation] -= 1
        return [event.conversation]


def test_the_runner_never_runs_two_turns_of_one_stored_id_at_once():
    slow = SlowEngine()
    runner = Runner(slow, workers=4)

    async def all_at_once():
        return await asyncio.gather(*[runner.handle(Event("x" + "\x00" * i, "rest", text="hi")) for i in range(6)])
    try:
        assert asyncio.run(all_at_once()) == [["x"]] * 6
    finally:
        runner.close()
    assert slow.most == 1


def test_two_workers_changing_one_conversation_at_once_both_changes_stay(db_url, new_engine):
    """Two processes (engines) on one SQLite file: a service chosen on one and a language switch on
    the other, at the same moment."""
    workers = [new_engine(db_url) for _ in range(2)]
    for run in range(4):
        conversation = f"sqlite-lock-{run}"
        workers[0].handle(Event(conversation, "rest", payload="/lang ru"))
        start = threading.Barrier(2)

        def act(pair):
            worker, payload = pair
            start.wait()
            return worker.handle(Event(conversation, "rest", payload=payload))

        with ThreadPoolExecutor(2) as pool:
            assert all(pool.map(act, zip(workers, ["/service 1486-02", "/lang kk"])))
        state = state_of(workers[0], conversation)
        assert (state["service"], state["language"]) == ("1486-02", "kk"), run


def test_a_knowledge_base_rebuild_while_the_assistant_runs_fails_no_turn(db_url, new_engine, parsed):
    from knowledge.build import write
    from knowledge.db import make_engine

    engine = new_engine(db_url)
    rebuilt = threading.Event()

    def rebuild():
        write(make_engine(db_url), parsed)
        rebuilt.set()

    builder = threading.Thread(target=rebuild)
    builder.start()
    answered = during = 0
    script = ["нужна справка о несудимости", "2", "/more", "где ЦОН в Караганде", "/office more"]
    while not rebuilt.is_set() or answered < 20:
        during += not rebuilt.is_set()      # a turn begun while the rebuild holds the database: it waits
        out = engine.handle(Event(f"rebuild-{answered // len(script)}", "rest", text=script[answered % len(script)]))
        assert out and any(isinstance(m, Reply) for m in out)
        answered += 1
    builder.join()
    assert during >= 1


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(engine):
    with engine.db.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_a_turn_meeting_another_writer_waits_off_the_event_loop(db_url, new_engine):
    """On embedded SQLite turns run on the event loop; while another writer (a `kb build`) holds the
    database, the turn waits in a thread and the loop goes on serving (a health check, other chats)."""
    from sqlalchemy import text

    from knowledge.db import make_engine

    engine = new_engine(db_url)
    runner = Runner(engine)
    assert runner.inline
    held, release = threading.Event(), threading.Event()

    def another_writer():
        with make_engine(db_url).begin() as connection:      # BEGIN IMMEDIATE: the write lock
            connection.execute(text("SELECT 1"))
            held.set()
            release.wait(5)

    async def scenario():
        writer = threading.Thread(target=another_writer)
        writer.start()
        held.wait(5)
        turn = asyncio.create_task(runner.handle(Event("busy-1", "rest", text="прописка")))
        ticks = 0
        while ticks < 10:                                     # the loop still runs while the turn waits
            await asyncio.sleep(0.02)
            ticks += 1
        waiting = not turn.done()
        release.set()
        out = await asyncio.wait_for(turn, 10)
        writer.join()
        return waiting, out

    try:
        waiting, out = asyncio.run(scenario())
    finally:
        runner.close()
    assert waiting and any(isinstance(m, Reply) for m in out)


def test_work_that_was_slow_on_the_loop_sends_the_next_seconds_work_to_threads():
    """A database under strain but within each statement's limit: the loop is spared for a few seconds."""
    from dialogs.onloop import SLOW_MS, THREADS_FOR, Missed, OnLoop
    from knowledge.db import make_engine

    now = [0.0]
    onloop = OnLoop(make_engine("sqlite://"), clock=lambda: now[0])

    def slow(bind):
        now[0] += SLOW_MS / 1000               # the work took this long
        return "done"

    assert onloop.attempt(lambda bind: "quick") == "quick"
    assert onloop.attempt(slow) == "done"      # done, and the next seconds go to threads
    with pytest.raises(Missed):
        onloop.attempt(lambda bind: "quick")
    now[0] += THREADS_FOR
    assert onloop.attempt(lambda bind: "quick") == "quick"
