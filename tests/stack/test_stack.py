"""The compose stack run natively (bench/stack.py: PostgreSQL, Redis, the migration job, two `qyzmet serve`
workers, nginx in front) under a small load of REST, Telegram and voice conversations (bench/stack_load.py)
while one piece fails; what the clients were told is counted in the database afterwards.

One stack for the module, with the Rasa server where its environment is built (scripts/rasa.sh, as
compose runs NLU_BACKEND=rasa); each test runs its own conversations through it. The same scenarios at
full size: `python bench/stack_load.py --kill` (and --restart-postgres, --stop-redis, --stop-rasa).
"""

from __future__ import annotations

import pytest

from bench.stack import missing, rasa_available
from bench.stack_load import Channel, Failure, Plan, Report, Rig

LACKS = missing()
pytestmark = pytest.mark.skipif(bool(LACKS), reason="; ".join(LACKS))
RASA = not LACKS and rasa_available()
# about 20 conversations at once, a few hand over to an operator; paced, so that every channel is still
# talking when the failure comes
SMALL = {"rest": 8, "telegram": 6, "voice": 6, "turns": 9, "voice_pause": 0.1, "pause": 0.1}


@pytest.fixture(scope="module")
def rig():
    with Rig(workers=2, rasa=RASA) as running:
        yield running


def nothing_lost(report: Report) -> None:
    """Every delivery a client was answered for is in the transcript once; every hand-over it was told of too."""
    for channel, counts in report.counts.items():
        assert counts.acknowledged >= 20, (channel, counts.line())
        assert (counts.lost, counts.duplicated, counts.handoffs_lost) == (0, 0, 0), (channel, counts.line())
        assert counts.engine_mismatch == 0, (channel, counts.line())
    # the load did hand conversations over: the count above had something to find
    assert sum(c.handoffs_told for c in report.counts.values()) >= 2, report.render()
    assert report.counts[Channel.VOICE].queued == report.counts[Channel.VOICE].handoffs_told, report.render()


def errors_were_clear(report: Report) -> None:
    """A failed attempt was a connection error or the worker's JSON error, never the proxy's error page;
    nobody gave up."""
    for channel, tally in report.tallies.items():
        assert not [kind for kind in tally.errors if kind.endswith("page")], (channel, tally.errors)
        assert tally.gave_up == 0, (channel, tally.errors)


def test_without_redis_the_bot_answers_degraded_and_health_says_so(rig):
    report = rig.run(Plan(**SMALL, failure=Failure.STOP_REDIS))
    outcome = report.failure
    assert outcome.ok, report.render()
    said = outcome.facts["health_without_redis"]
    assert (said["status"], said["parts"]["redis"]) == ("degraded", "down"), said
    # Telegram went on without Redis: answered after it stopped, nobody told "something went wrong"
    assert outcome.facts["turns_after"]["telegram"] > 0, report.render()
    telegram = report.tallies[Channel.TELEGRAM]
    assert (telegram.error_replies, telegram.unanswered) == (0, 0), report.render()
    assert outcome.facts["ok_again_after"] is not None            # Redis back: /health "ok" again by itself
    nothing_lost(report)
    errors_were_clear(report)


def test_a_postgresql_restart_under_load_is_retried_and_the_workers_recover_by_themselves(rig):
    report = rig.run(Plan(**SMALL, failure=Failure.RESTART_POSTGRES))
    outcome = report.failure
    # the same two processes answer /health "ok" and a turn sent to each directly: nothing restarted them
    assert outcome.ok, report.render()
    assert all(n > 0 for n in outcome.facts["turns_after"].values()), report.render()
    nothing_lost(report)
    errors_were_clear(report)


def test_a_worker_killed_mid_conversation_loses_no_message_and_no_handoff(rig):
    report = rig.run(Plan(**SMALL, failure=Failure.KILL))
    outcome = report.failure
    assert outcome.ok, report.render()                            # … and it was started again, healthy
    assert all(n > 0 for n in outcome.facts["turns_after"].values()), report.render()
    nothing_lost(report)
    errors_were_clear(report)
    assert report.tallies[Channel.TELEGRAM].unanswered == 0, report.render()


@pytest.mark.skipif(not RASA, reason="no Rasa environment and model here: `make rasa-train` (needs Python 3.10)")
def test_without_rasa_the_built_in_classifier_answers_and_metrics_count_the_fallbacks(rig):
    report = rig.run(Plan(**SMALL, failure=Failure.STOP_RASA))
    outcome = report.failure
    assert outcome.ok, report.render()
    assert all(n > 0 for n in outcome.facts["turns_after"].values()), report.render()
    assert outcome.facts["fallbacks_after"] > outcome.facts["fallbacks_before"]
    said = outcome.facts["health_without_rasa"]
    assert (said["status"], said["parts"]["rasa"]) == ("degraded", "down"), said
    nothing_lost(report)
    errors_were_clear(report)
