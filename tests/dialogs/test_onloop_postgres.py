"""Turns on PostgreSQL run on the event loop, and whatever would hold the loop goes to a thread
(dialogs.onloop): a conversation another worker holds, a connection the database cut."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from dialogs import plain
from dialogs.engine import Engine
from dialogs.messages import Event, Reply
from dialogs.models import Conversation
from dialogs.onloop import LOCK_WAIT_MS
from dialogs.runner import Runner
from knowledge.db import make_engine

pytestmark = pytest.mark.postgres


def citizen_lines(engine: Engine, conversation: str) -> list[str]:
    with Session(engine.db) as session:
        return [t.text for t in engine.store.transcript(session, conversation) if t.speaker == "citizen"]


def test_a_conversation_held_by_another_worker_waits_off_the_loop_and_others_are_answered(pg_dialogs_url,
                                                                                           nlu_parser):
    """Another worker holds this conversation's row (its turn is under way there): this worker's turn
    waits for it in a thread, and meanwhile other citizens of this worker are answered at once."""
    engine = Engine(make_engine(pg_dialogs_url), parser=nlu_parser)
    runner = Runner(engine)
    assert runner.inline                                  # the built-in classifier: turns start on the loop
    held, release = threading.Event(), threading.Event()

    def other_worker():
        with Session(make_engine(pg_dialogs_url)) as session, session.begin():
            session.get(Conversation, "onloop-held", with_for_update=True)
            held.set()
            release.wait(10)

    async def scenario():
        await runner.handle(Event("onloop-held", "rest", text="/lang ru", id="held-1"))
        # the loop's connection is made meanwhile
        await runner.handle(Event("onloop-other", "rest", text="/lang ru", id="other-1"))
        holder = threading.Thread(target=other_worker)
        holder.start()
        held.wait(5)
        waiting = asyncio.create_task(runner.handle(Event("onloop-held", "rest", text="прописка", id="held-2")))
        await asyncio.sleep(3 * LOCK_WAIT_MS / 1000)     # its attempt on the loop has given up by now
        started = time.perf_counter()
        other = await runner.handle(Event("onloop-other", "rest", text="нужна справка о несудимости", id="other-2"))
        other_took = time.perf_counter() - started
        still_waiting = not waiting.done()
        release.set()
        out = await asyncio.wait_for(waiting, 10)
        holder.join()
        return other, other_took, still_waiting, out

    try:
        other, other_took, still_waiting, out = asyncio.run(scenario())
    finally:
        runner.close()
    assert "справк" in plain.text(other[0]).lower() and other_took < 1.0
    assert still_waiting                                  # it waited for the other worker, not failed
    assert any(isinstance(m, Reply) for m in out)
    assert citizen_lines(engine, "onloop-held") == ["/lang ru", "прописка"]


def test_a_connection_the_database_cut_is_not_reopened_on_the_loop_and_no_message_is_lost(pg_dialogs_url,
                                                                                           nlu_parser):
    """The loop's own connection is terminated (a restart, a failover): the next message is answered (in a
    thread, which connects), the loop connects again from a thread, and each message is written once."""
    engine = Engine(make_engine(pg_dialogs_url), parser=nlu_parser)
    runner = Runner(engine)
    loop_threads: list[str] = []
    handle = engine.handle

    def noting(*args, **kwargs):
        loop_threads.append(threading.current_thread().name)
        return handle(*args, **kwargs)

    engine.handle = noting

    def backend_of(bind) -> int:
        with bind.connect() as connection:
            return connection.execute(text("SELECT pg_backend_pid()")).scalar()

    async def scenario():
        # no connection of the loop's own yet: in a thread
        await runner.handle(Event("onloop-cut", "rest", text="/lang ru", id="cut-1"))
        for _ in range(100):
            if runner.onloop.bind.pool.checkedin():
                break
            await asyncio.sleep(0.02)
        await runner.handle(Event("onloop-cut", "rest", text="прописка", id="cut-2"))
        before = list(loop_threads)
        pid = backend_of(runner.onloop.bind)
        with make_engine(pg_dialogs_url).connect() as admin:
            assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
            admin.commit()
        out = await runner.handle(Event("onloop-cut", "rest", text="нужна справка о несудимости", id="cut-3"))
        for _ in range(100):
            if runner.onloop.bind.pool.checkedin():
                break
            await asyncio.sleep(0.02)
        await runner.handle(Event("onloop-cut", "rest", text="2", id="cut-4"))
        return before, out

    try:
        before, out = asyncio.run(scenario())
    finally:
        runner.close()
    main = threading.main_thread().name
    # the first turn in a thread (nothing connected on the loop), the second on the loop
    assert before[0].startswith("turn") and before[-1] == main
    # the cut turn: tried on the loop, then in a thread; the loop's connection back for the last one
    assert loop_threads[len(before):] == [main, loop_threads[len(before) + 1], main]
    assert loop_threads[len(before) + 1].startswith("turn")
    assert "справк" in plain.text(out[0]).lower()
    assert citizen_lines(engine, "onloop-cut") == ["/lang ru", "прописка", "нужна справка о несудимости",
                                                    "2"]


def test_a_channels_single_statements_are_written_at_once_on_the_loop_and_in_a_thread(pg_dialogs_url):
    """`Database.run(work, alone=True)`: a statement run without a transaction around it is committed by
    itself, whether it ran in a thread (no connection of the loop's own yet) or on the loop."""
    from sqlalchemy import insert, select

    from dialogs.models import UserSettings
    from dialogs.sessions import Database

    database = Database(make_engine(pg_dialogs_url))
    settings = UserSettings.__table__

    def written(user: str) -> str | None:
        with Session(make_engine(pg_dialogs_url)) as session:
            return session.scalar(select(settings.c.language).where(settings.c.user == user))

    async def scenario():
        await database.run(lambda s: s.execute(insert(settings), {"user": "alone-1", "language": "kk"}),
                           alone=True)
        for _ in range(100):
            if database.onloop.bind.pool.checkedin():
                break
            await asyncio.sleep(0.02)
        await database.run(lambda s: s.execute(insert(settings), {"user": "alone-2", "language": "ru"}),
                           alone=True)
        return await database.run(lambda s: s.scalar(select(settings.c.language)
                                                     .where(settings.c.user == "alone-1")), alone=True)

    try:
        assert asyncio.run(scenario()) == "kk"
    finally:
        database.onloop.close()
    assert (written("alone-1"), written("alone-2")) == ("kk", "ru")


def test_a_connection_lost_at_the_commit_is_reported_not_the_work_done_twice(pg_dialogs_url):
    """The connection dies while the COMMIT is on its way: whether it committed is unknown, so the error
    is raised, and the work (a channel's row, which nothing else would de-duplicate) is not run again."""
    from sqlalchemy import event, func, insert, select
    from sqlalchemy.exc import OperationalError

    from dialogs.models import UserSettings
    from dialogs.onloop import Missed
    from dialogs.sessions import Database

    database = Database(make_engine(pg_dialogs_url))
    settings = UserSettings.__table__
    runs = []

    def write(session):
        runs.append(1)
        session.execute(insert(settings), {"user": "commit-cut", "language": "kk"})

    def cut_the_connection(connection):
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with make_engine(pg_dialogs_url).connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()

    async def scenario():
        for _ in range(100):
            try:
                database.onloop.attempt(lambda bind: None)   # asks for the loop's connection
                break
            except Missed:
                await asyncio.sleep(0.02)
        event.listen(database.onloop.bind, "commit", cut_the_connection)
        await database.run(write)

    try:
        with pytest.raises(OperationalError):
            asyncio.run(scenario())
    finally:
        database.onloop.close()
    assert len(runs) == 1
    with Session(make_engine(pg_dialogs_url)) as session:
        assert session.scalar(select(func.count()).select_from(settings).where(settings.c.user == "commit-cut")) <= 1


def test_the_loops_connection_keeps_the_urls_own_server_options(pg_dialogs_url):
    """Options in DATABASE_URL (a search_path, a pooler's endpoint) reach the loop's connections too."""
    from dialogs.onloop import OnLoop

    onloop = OnLoop(make_engine(pg_dialogs_url + "?options=-c%20work_mem%3D5MB"))
    try:
        with onloop.bind.connect() as connection:
            assert connection.exec_driver_sql("SHOW work_mem").scalar() == "5MB"
            assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == f"{LOCK_WAIT_MS}ms"
    finally:
        onloop.close()


def test_a_server_refusing_the_loops_connection_is_asked_again_after_a_pause(pg_dialogs_url):
    """Refused (max_connections reached, a pooler's rule): not a connection attempt per message."""
    from sqlalchemy import event

    from dialogs.onloop import RECONNECT_AFTER, Missed, OnLoop

    now = [100.0]
    onloop = OnLoop(make_engine(pg_dialogs_url), clock=lambda: now[0])
    tried = []

    def refuse(*_args, **_kwargs):
        tried.append(now[0])
        raise ConnectionRefusedError("refused")

    event.listen(onloop.bind, "do_connect", refuse)

    def a_hundred_attempts():
        for _ in range(100):
            with pytest.raises(Missed):
                onloop.attempt(lambda bind: None)
            if onloop._connecting is not None:
                onloop._connecting.join(5)

    try:
        a_hundred_attempts()
        assert len(tried) == 1
        now[0] += RECONNECT_AFTER[0] + 0.01
        a_hundred_attempts()
        assert len(tried) == 2
    finally:
        onloop.close()


def test_a_read_whose_pooled_connection_the_database_cut_is_read_again_not_failed(pg_dialogs_url):
    """A restarted database leaves the pool's connections dead: a read (a call's row, an update seen before)
    is simply done again on a fresh one, on the loop's connection or a thread's, instead of failing the call."""
    from sqlalchemy import select

    from dialogs.models import UserSettings
    from dialogs.sessions import Database

    engine = make_engine(pg_dialogs_url)
    database = Database(engine)
    settings = UserSettings.__table__
    with engine.begin() as connection:
        connection.execute(settings.insert(), {"user": "read-again", "language": "ru"})
    with engine.connect() as pooled:              # the thread's pool now holds this connection
        backend = pooled.execute(text("SELECT pg_backend_pid()")).scalar()
    with make_engine(pg_dialogs_url).connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}).scalar()
        admin.commit()
    time.sleep(0.2)

    async def scenario():
        # no connection of the loop's own yet: the read goes to a thread, whose pooled connection is dead
        return await database.read(lambda s: s.scalar(select(settings.c.language)
                                                      .where(settings.c.user == "read-again")))

    try:
        assert asyncio.run(scenario()) == "ru"
    finally:
        database.onloop.close()
