"""The personal-data masker against a held-out set written without reading it (tests/dialogs/pii_heldout.py).

The floors below were chosen on 2026-12-02 at 07:48 UTC, before the masker was first run on the set, and are
not to be moved to fit what it does: a miss is a finding, not a reason to lower the bar. They are modest on
purpose — the set has spellings no rule was written for (transliterated names, lowercase, typos).

    numbers (ИИН, phone, card) recall ≥ 0.95 each — the labelled value gone, and no 6 of its digits in a row
    e-mail recall                      ≥ 0.95
    names recall                       ≥ 0.80 — the labelled name no longer there as written
    clean messages changed             ≤ 3 %  — money, dates, decrees, addresses, places, streets named for people

`python -m tests.dialogs.pii_heldout` prints the whole table with every miss.
"""

from __future__ import annotations

import re

from tests.dialogs.pii_heldout import Kind, iin_check_digit, problems, score

FLOORS = {Kind.IIN: 0.95, Kind.PHONE: 0.95, Kind.CARD: 0.95, Kind.EMAIL: 0.95, Kind.NAME: 0.80}
MOST_CLEAN_CHANGED = 0.03


def test_the_masker_hides_held_out_personal_data_and_leaves_clean_messages_alone():
    from dialogs.privacy import mask

    report = score(mask)
    short = {kind: f"{report.recall(kind):.3f} < {floor}" for kind, floor in FLOORS.items()
             if report.recall(kind) < floor}
    assert not short, f"recall below the floor: {short}\n{report.table()}"
    assert report.clean_changed_rate() <= MOST_CLEAN_CHANGED, report.table()


def test_the_set_is_labelled_consistently():
    """Every label stands once in its message, every ИИН and card passes its checksum, no message is repeated."""
    assert problems() == []
    assert iin_check_digit("92031545021") == 5 and iin_check_digit("90010430012") == 2     # worked out by hand


def test_the_score_counts_a_value_as_hidden_only_when_no_six_of_its_digits_are_left():
    nothing = score(lambda text: text)
    assert all(nothing.recall(kind) == 0 for kind in Kind) and nothing.clean_changed_rate() == 0
    everything = score(lambda text: "…")
    assert all(everything.recall(kind) == 1 for kind in Kind) and everything.clean_changed_rate() == 1
    # a masker that hides only the last two digits of a message leaves every card at least 14: none hidden
    tail_only = score(lambda text: re.sub(r"\d\d(?=\D*$)", "**", text))
    assert tail_only.hidden[Kind.CARD] == 0
