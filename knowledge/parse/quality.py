"""Defects of the source recorded as data: copy-paste between standards, wrong
appendix references, missing fields. Never repaired silently: the bot must be able
to say "the document itself is inconsistent here"."""

from __future__ import annotations

import re

from knowledge.parse.paragraphs import Paragraph
from knowledge.parse.source import Span
from knowledge.records import Appendix, Flag

# Objects that belong to one service; seeing one in another service's §7 means the
# text was copied from a sibling standard (000 S8 has military-ID terms, 001 S10 the
# basic pension's wording).
SERVICE_OBJECTS = ("әскери билет", "базалық зейнетақы", "паспорт", "әлеуметтік жеке код")

# What a reference points at is said by the words right after it
# ("…1-қосымшада көрсетілген мекенжайлар…", "…3-қосымшаға сәйкес сапа…").
EXPECTED_FOR_REF = (
    ("offices", r"мекенжай|телефон|тізбе|кесте|басшы", None),   # any office list
    ("quality", r"сапа", {"quality"}),
    ("form", r"нысан|үлгі|бланк|өтініш", {"application_form", "receipt_form", "certificate_form"}),
)


def copied_durations(title: str, result: str, p7: Paragraph, file: str) -> list[Flag]:
    own = (title + " " + result).lower()
    text = p7.text.lower()
    return [Flag("copy_paste_durations",
                 f"§7 speaks of «{obj}», which is not what this standard issues: terms copied from another standard",
                 Span(file, p7.start, p7.end))
            for obj in SERVICE_OBJECTS if obj in text and obj not in own]


def appendix_refs(paragraphs: list[Paragraph], appendices: list[Appendix], file: str) -> list[Flag]:
    kinds = {a.no: a.kind for a in appendices}
    flags: list[Flag] = []
    for p in paragraphs:
        for item in p.items:
            for sentence in re.split(r"(?<=[.;])\s+", item.text):
                for m in re.finditer(r"(?:стандарт\w*|осы)\s+(\d+)(?:\s*(?:,|және)\s*(\d+))?\s*-\s*қосымша", sentence):
                    for no in filter(None, m.groups()):
                        n = int(no)
                        span = Span(file, item.start, item.end)
                        if n not in kinds:
                            flags.append(Flag("missing_appendix_ref", f"§{p.number} cites appendix {n}, which does not exist", span))
                            continue
                        after = sentence[m.end():m.end() + 70].lower()
                        before = sentence[max(0, m.start() - 30):m.start()].lower()
                        window = after if any(re.search(pat, after) for _, pat, _ in EXPECTED_FOR_REF) else before
                        for what, pattern, expected in EXPECTED_FOR_REF:
                            if re.search(pattern, window):
                                ok = kinds[n].endswith(("_list", "departments", "branches", "offices", "akimats", "apparatus")) \
                                    if expected is None else kinds[n] in expected
                                if not ok:
                                    flags.append(Flag("wrong_appendix_ref",
                                                      f"§{p.number} cites appendix {n} for the {what}, but appendix {n} is a {kinds[n]}",
                                                      span))
                                break
    return flags
