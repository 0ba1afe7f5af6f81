"""The same engine on a real PostgreSQL server: state and transcript survive a new engine."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from dialogs import plain
from dialogs.engine import Engine
from dialogs.messages import Event
from knowledge.db import make_engine

pytestmark = pytest.mark.postgres


def test_a_conversation_on_postgresql_continues_after_a_restart(pg_dialogs_url, nlu_parser, kb):
    db = make_engine(pg_dialogs_url)
    first = Engine(db, parser=nlu_parser)
    first.handle(Event("pg-1", "test", text="нужна справка о несудимости"))
    second = Engine(make_engine(pg_dialogs_url), parser=nlu_parser)
    out = second.handle(Event("pg-1", "test", text="2"))
    assert kb["1486-02"]["documents"]["scenarios"][1]["items"][0]["text_ru"] in plain.text(out[0])
    with Session(second.db) as session:
        assert [t.speaker for t in second.store.transcript(session, "pg-1")] == ["citizen", "bot", "citizen", "bot"]


def test_parallel_workers_on_one_conversation_lose_nothing_and_answer_a_repeat_once(pg_dialogs_url, nlu_parser):
    """Several server processes share one database: the first message of a new conversation and a
    delivery repeated to two workers at the same moment must neither fail nor be handled twice."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    db = make_engine(pg_dialogs_url)
    workers = [Engine(make_engine(pg_dialogs_url), parser=nlu_parser) for _ in range(4)]
    start = Barrier(len(workers))

    def deliver(worker):
        start.wait()
        return worker.handle(Event("pg-race", "telegram", text="прописка", id="update-500"))

    with ThreadPoolExecutor(len(workers)) as pool:
        answers = list(pool.map(deliver, workers))
    assert all(a == answers[0] for a in answers) and answers[0]

    def again(worker):            # the conversation is there now: its state, lines and answer in one statement
        start.wait()
        return worker.handle(Event("pg-race", "telegram", text="1", id="update-501"))

    with ThreadPoolExecutor(len(workers)) as pool:
        answers = list(pool.map(again, workers))
    assert all(a == answers[0] for a in answers) and answers[0]

    def different(i_worker):
        i, worker = i_worker
        start.wait()
        return worker.handle(Event(f"pg-new-{i % 2}", "telegram", text="прописка"))

    with ThreadPoolExecutor(len(workers)) as pool:
        assert all(pool.map(different, enumerate(workers)))      # two new conversations, two workers each
    with Session(db) as session:
        lines = workers[0].store.transcript(session, "pg-race")
        assert [(t.speaker, t.text) for t in lines if t.speaker == "citizen"] == [("citizen", "прописка"),
                                                                                 ("citizen", "1")]
        assert [t.speaker for t in lines] == ["citizen", "bot", "citizen", "bot"]
        for conversation in ("pg-new-0", "pg-new-1"):
            citizen = [t for t in workers[0].store.transcript(session, conversation) if t.speaker == "citizen"]
            assert len(citizen) == 2


def test_two_workers_changing_one_conversation_at_once_both_changes_stay(pg_dialogs_url, nlu_parser):
    """A service chosen on one worker and a language switch on another, at the same moment: the
    conversation row is locked for the turn, so neither overwrites the other."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from dialogs.models import Conversation

    db = make_engine(pg_dialogs_url)
    workers = [Engine(make_engine(pg_dialogs_url), parser=nlu_parser) for _ in range(2)]
    for run in range(6):
        conversation = f"pg-lock-{run}"
        workers[0].handle(Event(conversation, "telegram", payload="/lang ru"))
        start = Barrier(2)

        def act(pair):
            worker, payload = pair
            start.wait()
            return worker.handle(Event(conversation, "telegram", payload=payload))

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(act, zip(workers, ["/service 1486-02", "/lang kk"])))
        with Session(db) as session:
            state = session.get(Conversation, conversation).state
        assert (state["service"], state["language"]) == ("1486-02", "kk"), run


def test_nul_characters_and_long_senders_do_not_break_postgresql(pg_dialogs_url, nlu_parser):
    db = make_engine(pg_dialogs_url)
    engine = Engine(db, parser=nlu_parser)
    out = engine.handle(Event("pg-nul\x00", "rest", text="про\x00писка", payload=None, id="\x00x"))
    assert out and plain.text(out[0])
    out = engine.handle(Event("pg-nan", "rest", location=(float("nan"), 71.0)))
    assert out and out[0].options + out[0].actions


def test_ids_stored_alike_share_one_lock_on_postgresql_and_no_update_is_lost(pg_dialogs_url, nlu_parser):
    """Ten turns at once from ids that differ only by NUL characters, on four worker threads."""
    import asyncio

    from dialogs.models import Conversation
    from dialogs.runner import Runner

    db = make_engine(pg_dialogs_url)
    runner = Runner(Engine(db, parser=nlu_parser), workers=4)

    async def all_at_once():
        return await asyncio.gather(*[runner.handle(Event("pg-nul-race" + "\x00" * i, "rest", payload="/xyz"))
                                      for i in range(10)])
    try:
        assert all(asyncio.run(all_at_once()))
    finally:
        runner.close()
    with Session(db) as session:
        assert session.get(Conversation, "pg-nul-race").state["misunderstood"] == 10


def test_connections_cut_by_a_database_restart_are_replaced_and_the_message_answered(pg_dialogs_url, nlu_parser):
    """PostgreSQL restarted (or a failover) while the worker's pool held connections: the next message is not
    a 500 — the dead connection is dropped, the turn runs again on a new one, and it is written once."""
    from sqlalchemy import text

    engine = Engine(make_engine(pg_dialogs_url), parser=nlu_parser)
    engine.handle(Event("pg-cut", "test", text="/lang ru", id="cut-1"))         # the pool now holds a connection
    with engine.db.connect() as pooled:
        pid = pooled.execute(text("SELECT pg_backend_pid()")).scalar()
    # only this engine's connection: the session's server serves other tests' pools too
    with make_engine(pg_dialogs_url).connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        admin.commit()
    out = engine.handle(Event("pg-cut", "test", text="нужна справка о несудимости", id="cut-2"))
    assert "справк" in plain.text(out[0]).lower()
    with Session(engine.db) as session:
        said = [t.text for t in engine.store.transcript(session, "pg-cut") if t.speaker == "citizen"]
    assert said == ["/lang ru", "нужна справка о несудимости"]


def test_a_turn_waits_for_a_database_that_refuses_connections_for_a_moment(pg_dialogs_url, nlu_parser):
    """A restart or a failover: for a moment every new connection is refused. A turn (in a worker thread, as
    the runner hands over what must wait) waits for the database and is answered, written once — not an
    error the citizen must resend (pg_ctl restart under bench/stack_load.py made 62-78 of them)."""
    import threading
    import time

    from tests.conftest import Refusing, named_connections

    url = named_connections(pg_dialogs_url, "refused-briefly")
    engine = Engine(make_engine(url), parser=nlu_parser)
    engine.handle(Event("pg-refused", "test", text="/lang ru", id="refused-1"))    # the pool holds a connection
    with Refusing(pg_dialogs_url, "refused-briefly") as database:
        allowing = threading.Timer(1.0, database.allow)
        allowing.start()
        try:
            started = time.monotonic()
            out = engine.handle(Event("pg-refused", "test", text="нужна справка о несудимости", id="refused-2"))
            waited = time.monotonic() - started
        finally:
            allowing.cancel()
            allowing.join()
    assert waited >= 1.0                # it was refused until allowed, and waited rather than failed
    assert "справк" in plain.text(out[0]).lower()
    with Session(engine.db) as session:
        said = [t.text for t in engine.store.transcript(session, "pg-refused") if t.speaker == "citizen"]
    assert said == ["/lang ru", "нужна справка о несудимости"]


def test_in_a_longer_outage_turns_queued_for_threads_give_up_together_not_in_waves(pg_dialogs_url, nlu_parser,
                                                                                    monkeypatch):
    """The database stays away longer than a turn waits for it: twelve citizens writing at once, the runner's
    four threads each holding a waiting turn. Every one is told within about the wait, counted from when
    their message came — not the last of them three waits later."""
    import asyncio
    import time

    from sqlalchemy.exc import OperationalError

    from dialogs import engine as dialogs_engine
    from dialogs.runner import Runner
    from tests.conftest import Refusing, named_connections

    monkeypatch.setattr(dialogs_engine, "PATIENCE", 1.0)
    url = named_connections(pg_dialogs_url, "refused-long")
    runner = Runner(Engine(make_engine(url), parser=nlu_parser), workers=4)

    async def everyone() -> list[float]:
        async def one(n: int) -> float:
            started = time.monotonic()
            with pytest.raises(OperationalError):
                await runner.handle(Event(f"pg-outage-{n}", "test", text="прописка", id=f"outage-{n}"))
            return time.monotonic() - started
        return await asyncio.gather(*(one(n) for n in range(12)))

    try:
        with Refusing(pg_dialogs_url, "refused-long"):
            took = asyncio.run(everyone())
    finally:
        runner.close()
    assert min(took) >= 1.0, took           # each waited for the database ...
    assert max(took) < 2.0, took            # ... and none three waits (3 s) behind the others
