"""§11: the documents to bring, grouped by the applicant's situation (scenario).

Shapes met in the seeds: a flat list; lists per channel ("уәкілетті органға:",
"орталыққа:", "порталға:"); lists per situation ("11.1. … кезінде:", "1) … кезде:",
"мүгедектігі бойынша … үшін:"), nested once (11.4 → 1)–3)); conditional
additions ("Бұған қоса, олардың болуына қарай…:", "әскери міндеттілер бұған қоса:");
"one of" lists ("…мына құжаттардың біреуін ұсынады:"). Unnumbered sentences that
start with a capital letter are rules about the documents (originals for checking,
notarised copies through ХҚО), kept as notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse.durations import channel_of
from knowledge.parse.paragraphs import Paragraph

FORM_REF = re.compile(r"(\d+)\s*-\s*қосымша")
CONDITIONAL_LEAD = re.compile(r"бұған қоса|болуына қарай|бағып-күтумен|сондай-ақ мынадай", re.IGNORECASE)
ONE_OF_LEAD = re.compile(r"біреуін|бірін\b|біреуі\b")
CONDITION_WORDS = re.compile(r"\b(?:жағдайда|кезде|кезінде|болса)\b|(?:адамдар|тұлғалар|балалар|оралмандар) үшін")


@dataclass(slots=True)
class DocumentItem:
    text: str
    line: int
    copy: bool = False
    original: bool = False
    notarized: bool = False
    conditional: bool = False
    condition: str | None = None
    one_of: bool = False
    form_ref: int | None = None
    source: str = "body"         # body | form_note

    def as_dict(self, file: str) -> dict:
        return {"text": self.text, "copy": self.copy, "original": self.original, "notarized": self.notarized,
                "conditional": self.conditional, "condition": self.condition, "one_of": self.one_of,
                "form_ref": self.form_ref, "source": self.source,
                "provenance": {"file": file, "lines": [self.line, self.line]}}


@dataclass(slots=True)
class Scenario:
    label: str | None
    channel: str | None
    line: int | None
    items: list[DocumentItem] = field(default_factory=list)


@dataclass(slots=True)
class Documents:
    lead: str
    scenarios: list[Scenario]
    notes: list[tuple[str, int]]


def _without_parens(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def make_item(text: str, line: int, group_condition: str | None, one_of: bool) -> DocumentItem:
    text = text.strip().rstrip(";.").strip()
    low = text.lower()
    bare = _without_parens(low)
    own_condition = bool(CONDITION_WORDS.search(bare)) and not bare.startswith("осы стандарт")
    ref = FORM_REF.search(text)
    return DocumentItem(
        text=text, line=line,
        copy="көшірме" in low,
        original="түпнұсқа" in low,
        notarized=bool(re.search(r"нотариа|нотариус", low)),
        conditional=bool(group_condition) or own_condition or one_of,
        condition=group_condition,
        one_of=one_of,
        form_ref=int(ref.group(1)) if ref and re.search(r"өтініш|нысан|үлгі", low) else None,
    )


# Rules about the documents, not documents (the notes list these openers).
BOILERPLATE = re.compile(r"^(?:Мемлекеттік ақпараттық жүйе|Мемлекеттік электрон|Құжаттарды қабылдау кезінде|Құжаттар пакетін"
                         r"|Салыстырып тексеру|Уәкілетті ұйым бөлімшесіне өтініш бергенде|Мемлекеттік қызмет алу үшін"
                         r"|Мемлекеттік қызметті алу үшін алушы|Барлық ұсынылған|Жазба жүргізілгеннен)")
CHANNEL_CASE = re.compile(r"^(\S+(?:\s+\S+)?\s+(?:өтініш жасаған|жүгінген|өтініш берген)\s+кезде)\s+(.+)$")
EXTRA_SENTENCE = re.compile(r"^(.{3,80}?)\s+(?:бұған қоса,?\s+)(.+)$")


def _extra_sentence(text: str) -> tuple[str, str] | None:
    """"Шетелдіктер … бұған қоса, X ұсынады." / "Оралмандар оралман куәлігін ұсынады.":
    a document only some applicants bring, written as a sentence of its own."""
    m = EXTRA_SENTENCE.match(text)
    if m:
        return m.group(1), m.group(2)
    # "Бала асырап алушылар, қамқоршылар (қорғаншылар) … шешімін ұсынады."
    m = re.match(r"^((?:\w+\s){0,2}\w+(?:лар|лер|тар|тер|дар|дер)\b(?:,?\s*\w+(?:лар|лер|тар|тер|дар|дер)\b)*(?:\s*\([^)]*\))?)"
                 r",?\s+(.{3,250}?)\s+(?:ұсынады|тапсырады)\.?$", text)
    if m and not re.match(r"Мемлекеттік|Салыстырып|Құжаттар", text):
        return m.group(1), m.group(2)
    return None


def _is_lead(text: str) -> bool:
    return text.rstrip().endswith(":")


def parse_documents(paragraph: Paragraph) -> Documents:
    lead = paragraph.items[0].text
    scenarios: list[Scenario] = [Scenario(None, None, None)]
    notes: list[tuple[str, int]] = []
    group: str | None = None
    one_of = False
    parent: Scenario | None = None     # an "11.4." lead whose cases are numbered 1)–3)
    previous = ""
    for item in paragraph.items[1:]:
        text = item.text.strip()
        starts_upper = text[:1].isupper()
        if _is_lead(text):
            if CONDITIONAL_LEAD.search(text) or (starts_upper and not item.marker and scenarios[-1].items):
                group, one_of = text.rstrip(":").strip(), False
                continue
            if ONE_OF_LEAD.search(text):
                # "…фотосуреттерді және мына құжаттардың біреуін ұсынады:" is itself a document line
                scenarios[-1].items.append(make_item(text.rstrip(":"), item.start, None, False))
                group, one_of = None, True
                continue
            label = text.rstrip(":").strip()
            if item.marker and item.marker.endswith(".") and "." in item.marker[:-1]:
                parent = Scenario(f"{item.marker} {label}", channel_of(label), item.start)
                scenarios.append(parent)
            elif parent is not None and item.marker and item.marker.endswith(")") and not parent.items:
                scenarios.append(Scenario(f"{parent.label} — {item.marker} {label}", parent.channel, item.start))
            else:
                parent = None
                scenarios.append(Scenario(label, channel_of(label), item.start))
            group, one_of = None, False
            continue
        if not item.marker and re.search(r"бұған қоса,", text) and (extra := _extra_sentence(text)):
            scenarios[-1].items.append(make_item(extra[1], item.start, extra[0], False))
            previous = text
            continue
        if BOILERPLATE.match(text):
            notes.append((text, item.start))
            previous = text
            continue
        in_list = bool(scenarios[-1].items) and previous.endswith(";")
        if starts_upper and not item.marker and not text.endswith(";") and not in_list:
            extra = _extra_sentence(text)
            if extra:
                scenarios[-1].items.append(make_item(extra[1], item.start, extra[0], False))
            else:
                notes.append((text, item.start))
            previous = text
            continue
        previous = text
        if not (text.endswith(";") or text.endswith(".") or item.marker):
            notes.append((text, item.start))
            continue
        per_channel = CHANNEL_CASE.match(text)
        if item.marker and per_channel:
            # "1) ЖАО-ға өтініш жасаған кезде … ұсынады;": a situation and its documents on one line
            label = per_channel.group(1)
            scenarios.append(Scenario(label, channel_of(label), item.start))
            scenarios[-1].items.append(make_item(per_channel.group(2), item.start, None, False))
            scenarios.append(Scenario(None, None, None))
            continue
        scenarios[-1].items.append(make_item(text, item.start, group, one_of))
    # Drop the empty default scenario and empty parents ("11.4." whose cases carry the items).
    kept = [s for s in scenarios if s.items]
    if not kept:
        # a one-sentence §11: "…ерікті нысанда жазбаша өтініш – сұрату береді."
        kept = [Scenario(None, None, None, [make_item(lead, paragraph.start, None, False)])]
    return Documents(lead, kept, notes)


def form_note_items(lines: list[tuple[str, int]]) -> list[DocumentItem]:
    """The "Ескертпе:" list at the end of an application form: extra documents to bring."""
    items: list[DocumentItem] = []
    for text, line in lines:
        text = re.sub(r"^(?:\d+[.)]|-)\s*", "", text).strip()
        if text:
            item = make_item(text, line, None, False)
            item.source = "form_note"
            items.append(item)
    return items
