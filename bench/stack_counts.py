"""Counting in the database what the simulated clients were told (bench/stack_load.py): every delivery
acknowledged has its line in the transcript exactly once, and every hand-over a client was told of is
in the transcript and, for a call, in the operators' queue.

What a client knows of each chat (`Sent.lines`) is matched against the conversation's transcript in
order: a delivery acknowledged but missing is lost; a line no acknowledged delivery explains is extra (a
duplicate, unless the client was told that message failed and so sent it again). A call is counted by
its steps: each webhook answered moves `ivr_calls.step` on once, and a repeat gets the answer it got.
For every conversation the engine's own ledger must agree: one remembered delivery per line taken in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import psycopg


@dataclass
class Sent:
    """One conversation as its client saw it."""
    conversation: str
    lines: list[str] = field(default_factory=list)     # the line each acknowledged delivery must have written
    unsure: int = 0                 # deliveries that may be written though the client was told they failed
    handoffs: int = 0               # hand-overs the client was told of
    steps: int | None = None        # a call: its webhooks answered as steps (ivr_calls.step), not lines


@dataclass
class Counts:
    conversations: int = 0
    acknowledged: int = 0           # deliveries the client was answered for
    kept: int = 0                   # … found in the database, once each
    lost: int = 0                   # … not found
    extra: int = 0                  # lines (or call steps) no acknowledged delivery explains
    tolerated: int = 0              # … of which the client was told had failed (and sent again)
    engine_mismatch: int = 0        # conversations whose remembered deliveries ≠ lines the engine took in
    handoffs_told: int = 0
    handoffs_kept: int = 0
    handoffs_lost: int = 0
    queued: int = 0                 # calls in the operators' queue table (a card, the outcome "operator")
    examples: list[str] = field(default_factory=list)     # a few conversations that did not add up, shown

    @property
    def duplicated(self) -> int:
        return self.extra - self.tolerated

    def line(self) -> str:
        out = (f"{self.acknowledged} acknowledged, {self.kept} in the database once, messages lost {self.lost}, "
               f"duplicated {self.duplicated}; handoffs told {self.handoffs_told}, in the transcript "
               f"{self.handoffs_kept}, handoffs lost {self.handoffs_lost}")
        if self.queued:
            out += f" ({self.queued} calls in the queue table)"
        if self.tolerated:
            out += f"; {self.tolerated} kept though the client was told they failed"
        if self.engine_mismatch:
            out += f"; {self.engine_mismatch} conversations whose remembered deliveries ≠ lines taken in"
        return out


def incoming(speaker: str, text: str) -> bool:
    """A line the engine writes for what came in: the citizen's words, or a channel's signal ("[start]")."""
    return speaker == "citizen" or speaker == "system" and text.startswith("[")


def count(database_url: str, sent: list[Sent]) -> Counts:
    counts = Counts(conversations=len(sent))
    if not sent:
        return counts
    ids = [s.conversation for s in sent]
    lines: dict[str, list[tuple[str, str]]] = defaultdict(list)
    deliveries: dict[str, int] = defaultdict(int)
    calls: dict[str, tuple[int, str, bool]] = {}
    with psycopg.connect(database_url) as db:
        for conversation, speaker, text in db.execute(
                "SELECT conversation_id, speaker, text FROM turns WHERE conversation_id = ANY(%s) ORDER BY id", [ids]):
            lines[conversation].append((speaker, text))
        for conversation, n in db.execute("SELECT conversation_id, count(*) FROM deliveries "
                                          "WHERE conversation_id = ANY(%s) GROUP BY conversation_id", [ids]):
            deliveries[conversation] = n
        sids = [s.conversation.split(":", 1)[1] for s in sent if s.steps is not None]
        if sids:
            for sid, step, outcome, card in db.execute(
                    "SELECT call_sid, step, outcome, card IS NOT NULL FROM ivr_calls WHERE call_sid = ANY(%s)",
                    [sids]):
                calls[f"voice:{sid}"] = (step, outcome, card)
    for s in sent:
        said = [text for speaker, text in lines[s.conversation] if incoming(speaker, text)]
        counts.engine_mismatch += deliveries[s.conversation] != len(said)
        handoffs = sum(1 for speaker, text in lines[s.conversation]
                       if speaker == "system" and text.startswith("handoff:"))
        counts.handoffs_told += s.handoffs
        counts.handoffs_kept += min(handoffs, s.handoffs)
        counts.handoffs_lost += max(0, s.handoffs - handoffs)
        if s.steps is not None:
            step, outcome, card = calls.get(s.conversation, (0, "", False))
            found, extra = min(step, s.steps), max(0, step - s.steps)
            counts.acknowledged += s.steps
            counts.queued += outcome == "operator" and card
        else:
            found = _in_order(s.lines, said)
            extra = len(said) - found
            counts.acknowledged += len(s.lines)
        lost = (s.steps if s.steps is not None else len(s.lines)) - found
        counts.kept += found
        counts.lost += lost
        counts.extra += extra
        counts.tolerated += min(extra, s.unsure)
        if (lost or extra > s.unsure or handoffs < s.handoffs) and len(counts.examples) < 3:
            counts.examples.append(f"{s.conversation}: told {s.lines or s.steps} (unsure {s.unsure}, handoffs "
                                   f"{s.handoffs}); the database: {lines[s.conversation]}")
    return counts


def _in_order(expected: list[str], found: list[str]) -> int:
    """How many of `expected` appear in `found` in the same order (each line of `found` used once)."""
    matched, i = 0, 0
    for line in expected:
        j = i
        while j < len(found) and found[j] != line:
            j += 1
        if j < len(found):
            matched += 1
            i = j + 1
    return matched
