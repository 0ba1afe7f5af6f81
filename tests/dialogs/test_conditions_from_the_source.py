"""No rendered document carries a condition its source lacks.

The parser once attached "(при наличии)" to the state-duty receipt for registration (004:5458) and
to the applicant's identity document for the birth allowance; neither line says so. Every answer
of every standard, situation and way of applying is composed here, in both languages: an "if
any" shown must stand on a source line that says it, and every other condition shown (" — …") is
one the reading cites with a quote checked against the source (tests/knowledge/test_situations.py).
"""

from __future__ import annotations

import re

import pytest

from dialogs.answers import Mrp, compose
from dialogs.messages import BlockKind
from knowledge.situation_check import fold_quote, source_lines

IF_ANY_SHOWN = re.compile(r"при наличии|если имеется|если есть|болған жағдайда|бар болса|бар болған", re.IGNORECASE)
IF_ANY_IN_SOURCE = re.compile(r"болған жағдайда|бар болған|болған кезде|бар болса|болса|болуына қарай|қажет болған",
                              re.IGNORECASE)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_document_shown_with_an_if_any_its_source_lacks(engine, language):
    problems, shown = [], 0
    for sid, std in engine.standards.items():
        reading = std.reading
        lines = source_lines(reading.source_file)
        for situation in [None, *(s.id for s in reading.situations)]:
            for channel in [None, "authority", "hqo", "portal"]:
                for part in compose(std, situation, ["documents"], channel, language, Mrp(4325, 2026)):
                    for block in (b for b in part if b.kind == BlockKind.DOCUMENTS):
                        for text, cited in zip(block.lines, block.sources):
                            if not IF_ANY_SHOWN.search(text):
                                continue
                            shown += 1
                            said = " ".join(fold_quote(lines[n - 1]) for n in cited)
                            if not IF_ANY_IN_SOURCE.search(said):
                                problems.append((sid, situation, text[:80], cited))
    assert shown, "no document with an 'if any' at all: the check would prove nothing"
    assert not problems, problems[:10]


def test_the_registration_duty_receipt_is_not_if_any(engine):
    # 004:5458 (363-03 §11, 9): the state-duty receipt; the fee is 10 % of the index (004:5376)
    std = engine.standards["363-03"]
    for part in compose(std, None, ["documents"], None, "ru", Mrp(4325, 2026)):
        for block in (b for b in part if b.kind == BlockKind.DOCUMENTS):
            receipt = [t for t, cited in zip(block.lines, block.sources) if 5458 in cited]
            assert receipt and not any("при наличии" in t for t in receipt)
