"""Every standard and every applicant's situation, in Kazakh and in Russian, checked against the source.

The expected facts (tests/answers/expected/<id>.yml) were typed from the source files, with their
lines, by a reader who never saw the assistant's own reading (knowledge/situations) nor its code.
A citizen says their case in their own words; the answer must then show:
- every document the source asks of that case, and no document it does not ask of it, unless the
  answer says when it is needed (a condition);
- each document the source makes conditional, with its condition;
- every processing term of that case for the way of applying, with its number;
- the fee (or "free"), the act and its repeal.
Documents, terms and fees are compared by the source lines each shown line cites (Block.sources),
so the test reads what the answer says it is based on, not how it words it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dialogs.messages import BlockKind, Reply
from locales import translations

EXPECTED = Path(__file__).resolve().parents[1] / "answers" / "expected"
FILES = sorted(EXPECTED.glob("*.yml"))
CASES = [(f.stem, i, case["name"]) for f in FILES for i, case in enumerate(yaml.safe_load(f.read_text())["cases"])]
CONDITION_MARK = " — "


def expected(sid: str) -> dict:
    return yaml.safe_load((EXPECTED / f"{sid}.yml").read_text(encoding="utf-8"))


def blocks(out: list, kind: BlockKind) -> list:
    return [b for m in out if isinstance(m, Reply) for b in m.blocks if b.kind == kind]


def shown(out: list, kind: BlockKind) -> list[tuple[str, tuple[int, ...]]]:
    return [(line, block.sources[i] if i < len(block.sources) else ())
            for block in blocks(out, kind) for i, line in enumerate(block.lines)]


def _situation_of(engine, sid: str, heading: int | None) -> str | None:
    """The reading's situation a case's heading line belongs to (for navigating only, never expected)."""
    reading = engine.standards[sid].reading
    for s in reading.situations:
        lines = {c.line for c in s.sources} | {c.line for d in s.documents for c in d.sources}
        if heading in lines:
            return s.id
    return None


def converse(chat, engine, sid: str, case: dict, language: str, channel: str | None) -> tuple[list, list[str], str | None]:
    """Say the case in words; answer what is still asked (who, which situation, where); then "more".
    Returns everything answered, the questions that had to be asked about the situation, and the way
    of applying chosen when it was asked."""
    c = chat()
    c.press(f"/lang {language}")
    out = c.send(case["says"][language])
    asked, chosen = [], channel
    for _ in range(5):
        payloads = c.payloads(out)
        if f"/service {sid}" in payloads:                  # "did you mean": the right one is offered
            out = c.press(f"/service {sid}")
        elif any(p.startswith("/answer family ") for p in payloads):
            out = c.press(f"/answer family {sid}")
        elif any(p.startswith("/answer situation ") for p in payloads):
            asked.append("situation")
            wanted = _situation_of(engine, sid, case.get("heading"))
            options = [p for p in payloads if p.startswith("/answer situation ")]
            out = c.press(f"/answer situation {wanted}" if f"/answer situation {wanted}" in options else options[0])
        elif any(p.startswith("/answer channel ") for p in payloads):
            options = [p for p in payloads if p.startswith("/answer channel ")]
            want = f"/answer channel {channel or 'hqo'}"
            pressed = want if want in options else options[0]
            chosen = pressed.rsplit(" ", 1)[-1]
            out = c.press(pressed)
        else:
            break
    answer = list(out)
    if "/more" in c.payloads(out):
        answer += c.press("/more")
    return answer, asked, chosen


def _channels(case: dict) -> list[str | None]:
    # a mobile PSC takes what a PSC takes: one list, asked as "at a PSC"
    return list(dict.fromkeys("hqo" if c == "mobile_hqo" else c for c in case.get("channel_documents") or {})) or [None]


def _same_way(a: str, b: str) -> bool:
    return {a, b} <= {"hqo", "mobile_hqo"} or a == b


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("sid,index,name", CASES, ids=[f"{s}:{n}" for s, _, n in CASES])
def test_the_answer_for_a_case_carries_the_source_facts(chat, engine, sid, index, name, language):
    data = expected(sid)
    case = data["cases"][index]
    problems = []
    for channel in _channels(case):
        answer, _, chosen = converse(chat, engine, sid, case, language, channel)
        titles = [line for b in blocks(answer, BlockKind.TITLE) for line in b.lines]
        if not any(engine.standards[sid].name(language) in t for t in titles):
            problems.append(f"[{channel}] not answered about {sid}: {titles[:2]}")
            continue
        want_docs = set(case["channel_documents"][channel]) if channel else set(case["documents"])
        docs = shown(answer, BlockKind.DOCUMENTS)
        cited = {n for _, lines in docs for n in lines}
        missing = sorted(want_docs - cited)
        if missing:
            problems.append(f"[{channel}] documents of the source not shown: lines {missing}")
        for text, lines in docs:
            if lines and not set(lines) & want_docs and CONDITION_MARK not in text:
                problems.append(f"[{channel}] a document the source does not ask of this case, "
                                f"shown unconditionally: {text[:80]!r} (lines {list(lines)})")
        for cond in case.get("conditional") or ():
            if cond["line"] not in want_docs or cond["line"] == case.get("heading"):
                continue                # the case itself is the condition ("at 16: the birth certificate")
            said = [t for t, lines in docs if cond["line"] in lines]
            if said and not any(CONDITION_MARK in t for t in said):
                problems.append(f"[{channel}] line {cond['line']} is conditional in the source "
                                f"({cond['condition'][:50]!r}) but shown without its condition")
        terms = shown(answer, BlockKind.DEADLINES)
        for d in case.get("deadlines") or ():
            if chosen and not _same_way(d["channel"], chosen):
                continue
            hits = [t for t, lines in terms if d["line"] in lines]
            number = "" if d["value"] is None else str(int(d["value"]) if float(d["value"]).is_integer() else d["value"])
            if not hits or number and not any(re.search(rf"(?<!\d){number}(?!\d)", t) for t in hits):
                problems.append(f"[{channel}] term {d['value']} {d['unit']} ({d['channel']}, line {d['line']}) not shown")
    fee = data["fee"]
    cost = " ".join(t for t, _ in shown(answer, BlockKind.COST))
    if fee["free"]:
        if translations(language).gettext("Free of charge.") not in cost:
            problems.append(f"not said to be free: {cost[:80]!r}")
    else:
        for amount in fee["amounts"]:
            if f"{amount['mrp_percent']}%" not in cost:
                problems.append(f"fee {amount['mrp_percent']}% (line {amount['line']}) not shown")
    text = " ".join(line for m in answer if isinstance(m, Reply) for b in m.blocks for line in b.lines)
    if "⚠️" not in text or engine.standards[sid].source.act_number not in text:
        problems.append("no source notice with the act and its repeal")
    assert not problems, "\n".join(problems)


def test_every_standard_has_expected_facts_and_a_reading(engine):
    assert sorted(f.stem for f in FILES) == sorted(engine.standards)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_case_named_in_words_is_mostly_not_asked_again(chat, engine, language):
    """Of the cases of standards with several situations, the share whose "says" picks the situation
    without the question "which is yours?" (measured at 81/90 kk and 89/90 ru when written)."""
    cases = [(f.stem, case) for f in FILES for case in yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]
             if len(engine.standards[f.stem].reading.situations) >= 2]
    asked = [case["name"] for sid, case in cases if converse(chat, engine, sid, case, language, None)[1]]
    assert len(asked) <= 0.15 * len(cases), asked
