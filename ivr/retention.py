"""Retention of the voice line's tables and of a caller's own words said back (the sweep: dialogs.retention).

- calls not updated since the cutoff (the caller's keyed hash, the menus heard, the last answer, the
  operators' card), with their SMS records; SMS records older than the cutoff;
- the private audio of a caller's own words ("did you say …?", ivr.audio) older than the cutoff. It is
  deleted when the call ends; what is left is of a call whose end was never reported.

The conversation of a call ("voice:<CallSid>") is the engine's and goes by the engine's own sweep.
Nothing is kept to be counted: a call's outcome and length are counted by the metrics, not these rows.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from dialogs.retention import BATCH, Sweep, present, sweep
from ivr.models import Call, Sms

PRIVATE = Path("cache") / "kk" / "private"          # under the audio directory, as ivr.audio.Audio keeps them
PRIVATE_FILES = "c-*"                                # c-<call key>-<hash>.wav, its .txt, a .part being rendered


def sweeps(cutoff: datetime) -> list[Sweep]:
    return [Sweep(Sms, (Sms.id,), Sms.created_at < cutoff),
            Sweep(Call, (Call.call_sid,), Call.updated_at < cutoff)]


def remove_private_audio(audio_dir: Path, cutoff: datetime, *, dry_run: bool = False) -> int:
    """Files of callers' own words last written before `cutoff`; how many went (or would go)."""
    folder = audio_dir / PRIVATE
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob(PRIVATE_FILES):
        try:
            if path.stat().st_mtime >= cutoff.timestamp():
                continue
            if not dry_run:
                path.unlink()
        except FileNotFoundError:          # another replica's sweep, or the call's end, got there first
            continue
        removed += 1
    return removed


def remove_older(db: Engine, cutoff: datetime, audio_dir: Path | None = None, *, dry_run: bool = False,
                 batch: int = BATCH) -> dict[str, int]:
    """Rows (and private audio files) removed per table of the voice line's, for everything older than `cutoff`."""
    removed = {s.table: sweep(db, s, dry_run=dry_run, batch=batch) for s in present(db, sweeps(cutoff))}
    if audio_dir is not None:
        removed["voice private audio files"] = remove_private_audio(audio_dir, cutoff, dry_run=dry_run)
    return removed
