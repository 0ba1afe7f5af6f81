"""`qyzmet retention run`: what is older than the period goes, what is newer stays, and nobody else's rows
are touched — on SQLite and on a real PostgreSQL, in batches, and from several processes at once."""

from __future__ import annotations

import os
import subprocess
import time
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.db import migrate as migrate_telegram
from bot.db.models import Citizen, Desk, HandledUpdate, MessagePair
from dialogs import retention as dialogs_retention
from dialogs.models import Conversation, Delivery, Turn, UserSettings
from dialogs.store import migrate as migrate_dialogs
from ivr.models import Call, Outcome, Sms
from ivr.models import migrate as migrate_voice
from knowledge.db import database_url, make_engine
from qyzmet import retention
from qyzmet.cli import main

CUTOFF = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)      # the fixed clock: "now" minus the period
OUTSIDE = CUTOFF - timedelta(seconds=1)               # just older than the period: goes
INSIDE = CUTOFF + timedelta(seconds=1)                # just within it: stays
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    """An empty database with the engine's, Telegram's and the voice line's tables, on each engine."""
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'retention.sqlite3'}"
    else:
        found = request.getfixturevalue("new_postgres_database")("ret")
    db = make_engine(database_url(found))
    for migrate in (migrate_dialogs, migrate_telegram, migrate_voice):
        migrate(db)
    db.dispose()
    return found


@pytest.fixture
def db(url):
    engine = make_engine(database_url(url))
    yield engine
    engine.dispose()


def conversation(s: Session, cid: str, updated: datetime, lines: dict[int, datetime] = {},
                 deliveries: dict[str, datetime] = {}, language: str | None = "ru") -> None:
    """A conversation as the engine keeps it: its row, transcript lines, remembered deliveries, the language."""
    s.add(Conversation(id=cid, channel=cid.split(":")[0], user=cid, state={"language": "ru", "place": "Актобе"},
                       created=updated - timedelta(days=3), updated=updated))
    s.flush()
    for line_id, at in lines.items():
        s.add(Turn(id=line_id, conversation_id=cid, at=at, speaker="citizen", text="мой ИИН [ИИН]", data={}))
    for event_id, at in deliveries.items():
        s.add(Delivery(conversation_id=cid, event_id=event_id, digest="0" * 32, at=at, answer=[]))
    if language:
        s.add(UserSettings(user=cid, language=language))


def seed(db) -> None:
    """Three people on the REST channel, three Telegram citizens and two callers, either side of the cutoff."""
    with Session(db) as s, s.begin():
        # gone: not updated within the period; its lines and deliveries are old too
        conversation(s, "rest:old", OUTSIDE, {1: OUTSIDE - timedelta(hours=1), 2: OUTSIDE},
                     {"m-1": OUTSIDE})
        # live: its old line and old delivery go, the recent ones and the conversation stay
        conversation(s, "rest:live", INSIDE + timedelta(days=30), {3: OUTSIDE, 4: INSIDE, 5: INSIDE + timedelta(days=30)},
                     {"m-2": OUTSIDE, "m-3": INSIDE})
        # just inside: all of it stays
        conversation(s, "rest:inside", INSIDE, {6: INSIDE}, {"m-4": INSIDE})
        # a language remembered for a person whose conversation is old: goes with it
        s.add(UserSettings(user="rest:gone-earlier", language="kk"))
        # Telegram: 111 talked long ago (goes), 222 lately (stays), 333 long ago but barred by operators (stays),
        # 444 long ago but waiting for an operator right now (stays)
        conversation(s, "telegram:111", OUTSIDE, {7: OUTSIDE})
        conversation(s, "telegram:222", INSIDE, {8: INSIDE})
        conversation(s, "telegram:333", OUTSIDE, {9: OUTSIDE})
        for user, banned, desk in ((111, False, Desk.NONE), (222, False, Desk.NONE), (333, True, Desk.NONE),
                                   (444, False, Desk.WAITING)):
            s.add(Citizen(user_id=user, chat_id=user, language="ru", blocked=False, banned=banned, desk=desk,
                          topic_id=user * 10))
        s.add_all([MessagePair(id=1, citizen_id=222, citizen_message_id=1, topic_message_id=11, from_citizen=True,
                               at=OUTSIDE),
                   MessagePair(id=2, citizen_id=222, citizen_message_id=2, topic_message_id=12, from_citizen=False,
                               at=INSIDE)])
        s.add_all([HandledUpdate(bot_id=1, update_id=1, at=OUTSIDE), HandledUpdate(bot_id=1, update_id=2, at=INSIDE)])
        # the voice line: a call long ago (goes, with its SMS), one lately (stays)
        for sid, at in (("CA" + "0" * 32, OUTSIDE), ("CA" + "1" * 32, INSIDE)):
            s.add(Call(call_sid=sid, caller="h" * 40, language="kk", view={}, step=3, status="completed",
                       outcome=Outcome.SMS, answer="Жауап", started_at=at - timedelta(minutes=5), updated_at=at))
            conversation(s, f"voice:{sid}", at, {10 + int(sid[2]): at})
        s.flush()
        s.add_all([Sms(call_sid="CA" + "0" * 32, step=2, parts=1, sent=1, created_at=OUTSIDE),
                   Sms(call_sid="CA" + "1" * 32, step=2, parts=1, sent=1, created_at=INSIDE)])


def kept(db) -> dict[str, set]:
    """What is left in each table, by key."""
    with Session(db) as s:
        return {"conversations": set(s.scalars(select(Conversation.id))),
                "turns": set(s.scalars(select(Turn.id))),
                "deliveries": set(map(tuple, s.execute(select(Delivery.conversation_id, Delivery.event_id)))),
                "user_settings": set(s.scalars(select(UserSettings.user))),
                "tg_citizens": set(s.scalars(select(Citizen.user_id))),
                "tg_message_pairs": set(s.scalars(select(MessagePair.id))),
                "tg_updates": set(s.scalars(select(HandledUpdate.update_id))),
                "ivr_calls": set(s.scalars(select(Call.call_sid))),
                "ivr_sms": set(s.scalars(select(Sms.created_at)))}


EXPECTED = {
    "conversations": {"rest:live", "rest:inside", "telegram:222", "voice:CA" + "1" * 32},
    "turns": {4, 5, 6, 8, 11},
    "deliveries": {("rest:live", "m-3"), ("rest:inside", "m-4")},
    "user_settings": {"rest:live", "rest:inside", "telegram:222", "voice:CA" + "1" * 32},
    "tg_citizens": {222, 333, 444},
    "tg_message_pairs": {2},
    "tg_updates": {2},
    "ivr_calls": {"CA" + "1" * 32},
}
REMOVED = {"turns": 6, "deliveries": 2, "conversations": 4, "user_settings": 5, "tg_message_pairs": 1,
           "tg_updates": 1, "tg_citizens": 1, "ivr_sms": 1, "ivr_calls": 1, "voice private audio files": 2}


def private_audio(folder: Path) -> dict[str, Path]:
    """A caller's own words said back, as ivr.audio keeps them: one file pair older than the period, one newer."""
    private = folder / "cache" / "kk" / "private"
    private.mkdir(parents=True)
    files = {}
    for name, at in (("c-" + "a" * 16 + "-" + "b" * 24, OUTSIDE), ("c-" + "c" * 16 + "-" + "d" * 24, INSIDE)):
        for suffix in (".wav", ".txt"):
            path = private / f"{name}{suffix}"
            path.write_text("сөздер")
            os.utime(path, (at.timestamp(), at.timestamp()))
            files[f"{name}{suffix}"] = path
    return files


def test_what_is_older_than_the_period_goes_and_the_rest_stays(db, tmp_path):
    seed(db)
    audio = private_audio(tmp_path / "voice")
    before = kept(db)
    assert retention.remove_older(db, CUTOFF, tmp_path / "voice", dry_run=True) == REMOVED
    assert kept(db) == before and all(p.exists() for p in audio.values())          # a dry run deletes nothing

    assert retention.remove_older(db, CUTOFF, tmp_path / "voice") == REMOVED
    left = kept(db)
    assert {k: v for k, v in left.items() if k != "ivr_sms"} == EXPECTED
    assert {at.replace(tzinfo=None) for at in left["ivr_sms"]} == {INSIDE.replace(tzinfo=None)}
    assert sorted(p.name for p in audio.values() if p.exists()) == ["c-" + "c" * 16 + "-" + "d" * 24 + ".txt",
                                                                     "c-" + "c" * 16 + "-" + "d" * 24 + ".wav"]
    with Session(db) as s:
        live = s.get(Conversation, "rest:live")
        assert live.state == {"language": "ru", "place": "Актобе"}            # a live conversation goes on as it was
        barred = s.get(Citizen, 333)
        assert (barred.banned, barred.topic_id) == (True, 3330)
    # a second run finds nothing more
    assert set(retention.remove_older(db, CUTOFF, tmp_path / "voice").values()) == {0}


def test_batches_walk_each_table_once_and_leave_the_recent_rows_between_them(db):
    """Old and recent lines interleaved in key order, swept two rows per transaction."""
    with Session(db) as s, s.begin():
        conversation(s, "rest:mixed", INSIDE, {i: OUTSIDE if i % 3 else INSIDE for i in range(1, 31)},
                     {f"e-{i:02d}": OUTSIDE if i % 2 else INSIDE for i in range(1, 12)})
        conversation(s, "rest:other", INSIDE, {100: INSIDE})
    statements = []

    from sqlalchemy import event

    @event.listens_for(db, "before_cursor_execute")
    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("DELETE"):
            statements.append(statement)

    assert dialogs_retention.remove_older(db, CUTOFF, batch=2) == {"turns": 20, "deliveries": 6, "conversations": 0,
                                                                   "user_settings": 0}
    event.remove(db, "before_cursor_execute", count)
    assert len(statements) == 10 + 3            # 20 lines two at a time, 6 deliveries two at a time
    left = kept(db)
    assert left["turns"] == {3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 100}
    assert left["deliveries"] == {("rest:mixed", f"e-{i:02d}") for i in range(2, 12, 2)}


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["postgresql"], indirect=True)     # SQLite: one writer, nothing comes between
def test_a_conversation_that_comes_back_to_life_during_the_sweep_stays(db):
    """The delete repeats the condition: a turn that updates an old conversation between the sweep's two
    statements keeps it (and its new lines)."""
    with Session(db) as s, s.begin():
        conversation(s, "rest:revived", OUTSIDE, {1: OUTSIDE})
    sweep = dialogs_retention.Sweep(Conversation, (Conversation.id,), Conversation.updated < CUTOFF)
    from sqlalchemy import event

    came: list[bool] = []

    @event.listens_for(db, "before_cursor_execute")
    def a_turn_first(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("DELETE") and not came:
            came.append(True)
            with make_engine(str(db.url.render_as_string(hide_password=False))).begin() as other:
                other.execute(Conversation.__table__.update().values(updated=INSIDE))
                other.execute(insert(Turn).values(id=2, conversation_id="rest:revived", at=INSIDE,
                                                  speaker="citizen", text="я снова здесь", data={}))

    assert dialogs_retention.sweep(db, sweep) == 0
    event.remove(db, "before_cursor_execute", a_turn_first)
    assert came and kept(db)["conversations"] == {"rest:revived"} and kept(db)["turns"] == {1, 2}


def test_citizens_are_matched_to_their_conversations_as_the_bot_names_them():
    from bot.conversation import conversation_of
    from bot.retention import CONVERSATION_PREFIX

    assert conversation_of(5_000_000_000) == f"{CONVERSATION_PREFIX}5000000000"


# ---------------------------------------------------------------- the command

def qyzmet(url: str, *args: str, **env: str) -> subprocess.Popen:
    """`qyzmet retention run …` as cron starts it: a process of its own."""
    environment = {**os.environ, "DATABASE_URL": url, **env}
    environment.pop("TWILIO_AUTH_TOKEN", None)
    environment.pop("BOT_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "qyzmet", "retention", "run", *args], cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def seed_aged(db, now: datetime, people: int = 300, lines: int = 10) -> None:
    """People 200 days quiet and people who wrote yesterday, many lines each (a run that takes a while)."""
    with Session(db) as s, s.begin():
        for age, prefix in ((200, "rest:aged"), (1, "rest:fresh")):
            at = now - timedelta(days=age)
            s.execute(insert(Conversation), [
                {"id": f"{prefix}-{i}", "channel": "rest", "user": f"{prefix}-{i}", "state": {}, "created": at,
                 "updated": at} for i in range(people)])
            s.execute(insert(Turn), [{"conversation_id": f"{prefix}-{i}", "at": at, "speaker": "citizen",
                                      "text": "справка", "data": {}} for i in range(people) for _ in range(lines)])
            s.execute(insert(UserSettings), [{"user": f"{prefix}-{i}", "language": "kk"} for i in range(people)])


def test_the_command_removes_by_the_period_and_prints_counts_only(db, url, monkeypatch, capsys):
    seed_aged(db, datetime.now(UTC), people=3, lines=2)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("RETENTION_DAYS", "300")
    assert main(["retention", "run"]) == 0                        # 300 days: nothing is that old
    out = capsys.readouterr().out
    assert "older than 300 days" in out and "conversations" in out
    assert kept(db)["conversations"] == {f"rest:{k}-{i}" for k in ("aged", "fresh") for i in range(3)}

    assert main(["retention", "run", "--days", "90", "--dry-run"]) == 0      # --days wins over RETENTION_DAYS
    out = capsys.readouterr().out
    assert "would be removed" in out and len(kept(db)["conversations"]) == 6
    assert main(["retention", "run", "--days", "90"]) == 0
    out = capsys.readouterr().out
    counts = dict(line.split() for line in out.splitlines()[1:] if len(line.split()) == 2)
    assert (counts["conversations"], counts["turns"], counts["user_settings"]) == ("3", "6", "3")
    assert "rest:" not in out                                      # counts, never whose
    assert kept(db)["conversations"] == {f"rest:fresh-{i}" for i in range(3)}


@pytest.mark.parametrize("given, says", [("0", "must be from 1 to 3650 days, not 0"),
                                         ("3651", "must be from 1 to 3650 days, not 3651"),
                                         ("-5", "must be from 1 to 3650 days, not -5"),
                                         ("ninety", "must be a whole number of days, not 'ninety'"),
                                         ("", "must be a whole number of days, not ''")])
def test_a_bad_period_is_one_clear_line_and_exit_2(given, says, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["retention", "run", f"--days={given}"])
    assert ended.value.code == 2
    assert f"argument --days: {says}" in capsys.readouterr().err


@pytest.mark.parametrize("given, says", [("59", "must be from 60 seconds to a year, not 59"),
                                         ("daily", "must be a whole number of seconds, not 'daily'")])
def test_a_bad_interval_is_one_clear_line_and_exit_2(given, says, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["retention", "run", f"--every={given}"])
    assert ended.value.code == 2
    assert f"argument --every: {says}" in capsys.readouterr().err


def test_where_there_is_no_cron_it_runs_now_and_stays_for_the_next_round(db, url):
    """The compose stack's `retention` service: the first sweep at once, then the process waits for the next."""
    seed_aged(db, datetime.now(UTC), people=2, lines=1)
    sweeper = qyzmet(url, "--days", "90", "--every", "3600")
    try:
        logged = sweeper.stderr.readline()                 # a service: its log line, no table on stdout
        while logged and "retention (90 days)" not in logged:
            logged = sweeper.stderr.readline()
        assert "conversations=2" in logged, logged
        deadline = time.monotonic() + 20
        while kept(db)["conversations"] != {"rest:fresh-0", "rest:fresh-1"} and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kept(db)["conversations"] == {"rest:fresh-0", "rest:fresh-1"}
        time.sleep(0.5)
        assert sweeper.poll() is None                  # waiting for its next round, not ended
    finally:
        sweeper.terminate()
        sweeper.wait(10)


def test_a_bad_retention_days_setting_is_one_clear_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("RETENTION_DAYS", "0")
    assert main(["retention", "run"]) == 2
    assert "RETENTION_DAYS must be from 1 to 3650, not 0" in capsys.readouterr().err


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["postgresql"], indirect=True)
def test_a_run_while_another_holds_the_lock_leaves_the_work_to_it(db, url):
    seed_aged(db, datetime.now(UTC), people=2, lines=1)
    with retention.alone(db) as first:
        assert first
        other = qyzmet(url, "--days", "90")
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        assert out.strip() == "qyzmet retention: another run is in progress; this one leaves the work to it"
        assert len(kept(db)["conversations"]) == 4                   # it did nothing
    with retention.alone(db) as first:
        assert first                                                  # the lock was let go


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["postgresql"], indirect=True)
def test_three_runs_started_at_once_all_succeed_and_the_end_state_is_right(db, url):
    now = datetime.now(UTC)
    seed_aged(db, now, people=300, lines=10)
    runs = [qyzmet(url, "--days", "90") for _ in range(3)]
    ended = [(run.wait(), out, err) for run in runs for out, err in [run.communicate(timeout=120)]]
    assert [code for code, _, _ in ended] == [0, 0, 0], [err for _, _, err in ended]
    removed = [dict(line.split() for line in out.splitlines()[1:] if len(line.split()) == 2) for _, out, _ in ended
               if "another run is in progress" not in out]
    # each run that was not turned away by the lock reports what it removed; together, every aged row once,
    # and all of it by one run: runs that overlap step aside (the lock), runs that come after find nothing
    assert sum(int(r["conversations"]) for r in removed) == 300
    assert sum(int(r["turns"]) for r in removed) == 3000
    assert sorted(int(r["turns"]) for r in removed)[-1] == 3000
    left = kept(db)
    assert left["conversations"] == {f"rest:fresh-{i}" for i in range(300)}
    assert len(left["turns"]) == 3000 and left["user_settings"] == left["conversations"]
