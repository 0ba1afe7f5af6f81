"""What each appendix of a standard is: an office list (and which), a form, a quality table."""

from __future__ import annotations

import re

from knowledge.parse.segment import AppendixBlock
from knowledge.parse.source import Document
from knowledge.records import Appendix

# Checked in order against the caption and the first lines of the table: generic
# captions ("Уәкілетті органдардың тізбесі") are told apart by their first rows.
APPENDIX_KINDS = (
    ("quality", r"Сапа (?:және|мен) (?:тиімділік|қолжетімділік)|Сапа және қол жетімділік"),
    ("receipt_form", r"талон"),
    ("certificate_form", r"^АНЫҚТАМА"),
    ("application_form", r"^_{3}|^Өтініш|^ӨТІНІШ|бастығына|төрағас|^Уәкілетті органға \(кент"),
    ("gcvp_branches", r"^Уәкілетті ұйымның құрылымдық бөлімшелер"),
    ("hqo_list", r"халыққа қызмет көрсету орталықтарының|\(ХҚО\) тізбесі"),
    ("defence_departments", r"әскери басқару органдарының|Облыстардың, Астана және Алматы қалаларының жергілікті$"),
    ("police_departments", r"Ішкі істер департамент"),
    ("legal_statistics_offices", r"Құқықтық статистика және арнайы есепке алу жөніндегі комитетінің облы"),
    ("mse_departments", r"медициналық-әлеуметтік сараптама бөлім"),
    ("akim_apparatus", r"^Облыстардың, Астана және Алматы қалаларының әкімдіктерінің"),
    ("akimats", r"әкімдіктерінің тізбесі"),
    ("committee_departments", r"бақылау және (?:халықты )?әлеуметтік қорғау (?:департамент|комитет)"),
    ("oblast_employment_departments", r"^(?:Облыстардың және|Облыстық,) Астана (?:мен|және) Алматы қалаларының уәкілетті органдары"),
    ("employment_departments", r"жұмыспен қамту және әлеуметтік бағдарламалар|Уәкілетті органдардың (?:тізілімі|мекенжайлары)"),
    ("gcvp_branches", r"уәкілетті ұйым"),
)


def classify(title: str, head: str) -> str:
    for kind, pattern in APPENDIX_KINDS:
        if re.search(pattern, title, re.IGNORECASE):
            return kind
    for kind, pattern in APPENDIX_KINDS:
        if re.search(pattern, head, re.IGNORECASE):
            return kind
    return "other"


def to_appendices(doc: Document, standard_id: str, blocks: list[AppendixBlock]) -> list[Appendix]:
    out: list[Appendix] = []
    for block in blocks:
        head = " ".join(line.text for line in doc.between(block.mark + 1, min(block.end, block.mark + 40)))
        out.append(Appendix(standard_id, block.no, block.title, classify(block.title, head),
                            block.start, block.end, doc.name))
    return out
