"""The masker against the two phones probes (tests/dialogs/pii_phones.py): today's figures as floors. Their first runs,
before any rule was written for them, hid the phones of 107 of 130 and 62 of 90 messages; their misses became rules."""

from __future__ import annotations

import re

import pytest

from dialogs.privacy import mask
from tests.dialogs.pii_phones import NOTES, SET, Case, cases, leaked, score

# on 2026-12-03 after the rules (first runs: 107 of 130, 62 of 90); what is left is listed by the module's run
HIDDEN_FLOOR = {SET: 125, NOTES: 75}
SIZES = {SET: (220, 130), NOTES: (160, 90)}


@pytest.mark.parametrize("path", [SET, NOTES], ids=["chat", "notes"])
def test_the_masker_hides_the_phones_of_the_probe_and_changes_no_clean_message_but_twelve_digit_numbers(path):
    found = score(mask, path)
    assert found.hidden >= HIDDEN_FLOOR[path], found.misses
    # a run of 12 digits is masked whatever it is, as an ИИН with a wrong checksum would be: nothing else changes
    assert all(re.search(r"\d{12}", text) for text, _ in found.changed), found.changed


@pytest.mark.parametrize("path", [SET, NOTES], ids=["chat", "notes"])
def test_the_probe_is_labelled_consistently(path):
    every = cases(path)
    assert (len(every), sum(bool(c.phones) for c in every)) == SIZES[path]
    assert all(phone in c.text for c in every for phone in c.phones)
    assert len({c.text for c in every}) == len(every)


def test_a_phone_counts_as_leaked_when_four_of_its_digits_in_a_row_are_left():
    case = Case("тел 25-12-34, каб. 12", ("25-12-34",), "a test of the scorer")
    assert leaked(case, "тел [phone …34], каб. 12") == []
    assert leaked(case, "тел 25-12-34, каб. 12") == ["25-12-34"]
    assert leaked(case, "тел 25-[phone …34], каб. 12") == []          # "25" alone: fewer than four digits
    assert leaked(case, "тел [phone …12]-34, каб. 12") == []
    assert leaked(Case("тел 251234", ("251234",), ""), "тел 2512[phone …34]") == ["251234"]
