"""The masker against the second probe (tests/dialogs/pii_probe.py): its first run's figures as floors, so that
nothing it caught then is lost; its misses then became rules, so this is a guard, not a held-out measure."""

from __future__ import annotations

from dialogs.privacy import mask
from tests.dialogs.pii_probe import CLEAN, LABELLED, card, iin, score

# the first run, 2026-12-02, before any rule was written for what it found
FLOORS = {"iin": 1.0, "phone": 0.97, "card": 1.0, "email": 1.0, "name": 0.81}


def test_the_masker_keeps_what_it_caught_of_the_second_probe_and_changes_no_clean_message():
    recall, misses, changed = score(mask)
    short = {k: round(recall[k], 3) for k, floor in FLOORS.items() if recall[k] < floor}
    assert not short, (short, misses)
    assert not changed


def test_the_probe_is_labelled_consistently():
    assert all(value in message for message, labels in LABELLED for value, _ in labels)
    assert len({m for m, _ in LABELLED}) == len(LABELLED) and len(set(CLEAN)) == len(CLEAN)
    assert not {m for m, _ in LABELLED} & set(CLEAN)
    # the generators' checks, against values worked out by hand: 900104300122 (ИИН), 4400430123456789 (Luhn)
    assert iin("900104", 3, 12) == "900104300122"
    assert card("440043012345678") == "4400430123456789"
