"""`qyzmet retention run`: everything kept about people that is older than RETENTION_DAYS goes.

Each component sweeps its own tables (dialogs.retention, bot.retention, ivr.retention) in batches of
a thousand rows per transaction. Safe from cron in every replica at once: on PostgreSQL one run holds
an advisory lock (`pg_try_advisory_lock`) and the others say so and end successfully, rather than
walk the same tables side by side (they would only find each other's deleted rows, and contend for
the same locks). A run that dies releases the lock with its connection. On SQLite (one machine) the
database lets one writer at a time anyway, and a second run finds only what the first left.

It prints, and logs, how many rows went from each table: counts only, never what they held.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

log = logging.getLogger("qyzmet.retention")
LOCK = 0x71797A6D6572      # the PostgreSQL advisory lock of a retention run (the migrations' is …6574)
RETRY_AFTER = 300         # seconds before a failed round (--every) is tried again
LEAST_DAYS, MOST_DAYS = 1, 3650        # as RETENTION_DAYS allows (qyzmet.settings)


def days(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of days, not {raw!r}") from None
    if not LEAST_DAYS <= value <= MOST_DAYS:
        raise argparse.ArgumentTypeError(f"must be from {LEAST_DAYS} to {MOST_DAYS} days, not {value}")
    return value


def interval(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds, not {raw!r}") from None
    if not 60 <= value <= 366 * 86400:
        raise argparse.ArgumentTypeError(f"must be from 60 seconds to a year, not {value}")
    return value


def add_parser(subparsers) -> None:
    retention = subparsers.add_parser("retention", help="delete what is kept about people after the retention "
                                                        "period")
    sub = retention.add_subparsers(dest="retention_command", required=True)
    run_ = sub.add_parser("run", help="delete conversations, transcripts, deliveries, Telegram and voice records "
                                      "older than the period (safe from cron in every replica at once)")
    run_.add_argument("--days", type=days, default=None, help=f"the period in days, {LEAST_DAYS} to {MOST_DAYS} "
                                                               "(default: RETENTION_DAYS or 90)")
    run_.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    run_.add_argument("--every", type=interval, default=None, metavar="SECONDS",
                      help="run again every SECONDS (at least 60) until stopped, where there is no cron "
                           "(the compose stack's `retention` service); a failed run is logged and retried")
    run_.set_defaults(handler=run)


@contextmanager
def alone(db: Engine) -> Iterator[bool]:
    """Whether this is the only run at the moment (always, but on PostgreSQL: whether it got the lock)."""
    if db.dialect.name != "postgresql":
        yield True
        return
    with db.connect() as connection:
        got = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK}))
        connection.commit()                 # a session-level lock: held on, outside any transaction
        try:
            yield got
        finally:
            if got:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK})
                connection.commit()


def remove_older(db: Engine, cutoff: datetime, audio_dir: Path | None, dry_run: bool = False) -> dict[str, int]:
    """Every component's sweep: rows (and files) removed per table."""
    from bot import retention as bot_retention
    from dialogs import retention as dialogs_retention
    from ivr import retention as ivr_retention

    removed = dialogs_retention.remove_older(db, cutoff, dry_run=dry_run)
    removed |= bot_retention.remove_older(db, cutoff, dry_run=dry_run)
    removed |= ivr_retention.remove_older(db, cutoff, audio_dir, dry_run=dry_run)
    return removed


def run(args) -> int:
    from qyzmet import logs

    settings = args.settings
    logs.setup(settings.log_format, settings.log_level)
    if args.every is None:
        return once(args)
    while True:
        try:
            once(args, quiet=True)             # the log line says what went; no table in a service's log
            pause = args.every
        except Exception:          # noqa: BLE001 — the database away for a moment (a reboot): tried again soon,
            pause = min(args.every, RETRY_AFTER)              # not a whole period later
            log.exception("retention run failed; the next try is in %d s", pause)
        time.sleep(pause)


def once(args, quiet: bool = False) -> int:
    from ivr.config import DEFAULT_AUDIO
    from knowledge.db import database_url, make_engine

    settings = args.settings
    period = args.days or settings.retention_days
    cutoff = datetime.now(UTC) - timedelta(days=period)
    audio_dir = settings.voice.audio_dir if settings.voice is not None else DEFAULT_AUDIO
    db = make_engine(database_url(settings.database_url))
    try:
        with alone(db) as first:
            if not first:
                if not quiet:
                    print("qyzmet retention: another run is in progress; this one leaves the work to it")
                log.info("retention: another run is in progress")
                return 0
            removed = remove_older(db, cutoff, audio_dir, dry_run=args.dry_run)
    finally:
        db.dispose()
    done = "would be removed" if args.dry_run else "removed"
    if not quiet:
        print(f"qyzmet retention: older than {period} days (before {cutoff:%Y-%m-%d %H:%M} UTC), {done}:")
        width = max(map(len, removed), default=0)
        for table, count in removed.items():
            print(f"  {table:<{width}}  {count:>9}", flush=True)
    log.info("retention (%d days)%s: %s", period, " dry run" if args.dry_run else "",
             " ".join(f"{table.replace(' ', '_')}={count}" for table, count in removed.items()))
    return 0
