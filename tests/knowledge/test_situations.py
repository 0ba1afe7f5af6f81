"""The reviewed readings (knowledge/situations) and complaint routes (knowledge/complaints): every
quote is in its source line, the rules a citizen relies on hold, and a broken reading is caught."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from knowledge import complaint, situation, situation_check
from knowledge.translation import read_yaml

ROOT = situation.SITUATIONS.parent.parent


def test_every_reading_and_complaint_file_checks_clean():
    out = subprocess.run([sys.executable, "-m", "qyzmet.cli", "kb", "situations"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:]
    assert "32 readings and their complaint routes, 0 problems" in out.stdout
    assert situation.available() == complaint.available() and len(situation.available()) == 32


def _reading(sid: str) -> dict:
    return copy.deepcopy(read_yaml(situation.path_of(sid)))


def test_a_quote_that_is_not_in_its_line_is_caught():
    data = _reading("363-02")
    data["fee"]["amounts"][0]["source"][0]["quote"] = "ең төменгі есептік көрсеткіштің 25 пайызын құрайды"
    data["fee"]["amounts"][0]["mrp_percent"] = 25
    found = situation_check.problems(situation.parse_reading(data))
    assert any("line 2704 does not say" in p for p in found)


def test_a_number_that_its_quote_does_not_say_is_caught():
    data = _reading("363-02")
    data["common"]["deadlines"][1]["value"] = 20          # 004:2680 says 30 minutes
    found = situation_check.problems(situation.parse_reading(data))
    assert any("20 does not appear in its quotes" in p for p in found)


def test_two_unconditional_terms_for_one_channel_are_caught():
    data = _reading("363-02")
    extra = copy.deepcopy(data["common"]["deadlines"][1])
    extra.update(kind="processing", unit="minutes")
    data["common"]["deadlines"].append(extra)
    data["common"]["deadlines"][0].update(unit="minutes", value=30, source=extra["source"])
    found = situation_check.problems(situation.parse_reading(data))
    assert any("unconditional processing terms for channel hqo" in p for p in found)


def test_a_document_line_left_out_is_caught():
    data = _reading("363-02")
    data["common"]["documents"].pop(0)                   # 004:2726, the written application
    found = situation_check.problems(situation.parse_reading(data), parsed_lines={2726, 2730, 2734})
    assert any("used by no situation and not ignored: 2726" in p for p in found)


def test_a_missing_translation_is_caught():
    data = _reading("363-02")
    del data["common"]["documents"][0]["ru"]
    assert any("no ru text" in p for p in situation_check.problems(situation.parse_reading(data)))


def test_a_complaint_phone_without_its_area_code_is_caught():
    data = copy.deepcopy(read_yaml(complaint.path_of("363-01")))
    route = next(r for r in data["routes"] if r.get("phones"))
    route["phones"][0]["number"] = "71-46-46"
    found = complaint.problems(complaint.parse_routes(data))
    assert any("has no area code" in p for p in found)


@pytest.mark.parametrize("sid", situation.available())
def test_no_two_situations_share_an_id_and_titles_are_short(sid):
    reading = situation.load(sid)
    ids = [s.id for s in reading.situations]
    assert len(ids) == len(set(ids))
    assert all(len(t) <= situation.TITLE_MAX for s in reading.situations for t in s.title.all())
