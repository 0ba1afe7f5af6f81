"""Parse one decree into its act and full standard records (plain dicts with provenance)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse import complaints, documents, durations, fee, grounds, quality, service
from knowledge.parse.appendices import to_appendices
from knowledge.parse.decree import attach_aliases, parse_act, quoted_titles
from knowledge.parse.paragraphs import Paragraph, split_paragraphs
from knowledge.parse.segment import find_standards
from knowledge.parse.source import Document, Span
from knowledge.records import Act, Appendix, Flag

REQUIRED_PARAGRAPHS = {1: "providers", 2: "form", 5: "result", 7: "durations", 8: "fee", 11: "documents", 16: "refusal"}


@dataclass(slots=True)
class ParsedStandard:
    record: dict                      # the standard as exported (see knowledge.export)
    paragraphs: list[Paragraph]
    appendices: list[Appendix]
    flags: list[Flag] = field(default_factory=list)


@dataclass(slots=True)
class ParsedDecree:
    act: Act
    standards: list[ParsedStandard]
    fragments: list[tuple[str, int]]  # titles of partially amended standards (aliases at most)


def standard_id(act: Act, ordinal: int) -> str:
    """Stable id: the approving act's number and the standard's position in it ("1741-06")."""
    return f"{act.number}-{ordinal:02d}"


def _form_notes(doc: Document, appendices: list[Appendix]) -> list[tuple[str, int]]:
    """Lines of the "Ескертпе:" lists at the end of application forms."""
    out: list[tuple[str, int]] = []
    for app in appendices:
        if app.kind != "application_form":
            continue
        lines = doc.between(app.start, app.end)
        starts = [i for i, line in enumerate(lines) if line.text == "Ескертпе:"]
        if not starts:
            continue
        for line in lines[starts[0] + 1:]:
            if not line.text or line.text == "Ескертпе:" or line.is_cell:
                continue
            if re.fullmatch(r"[_\s()«»\w.]*_{3,}[_\s()«»\w.]*", line.text):
                break
            out.append((line.text, line.no))
    return out


def _cite(p: Paragraph, file: str) -> dict:
    return p.span(file).as_dict() | {"paragraph": p.number}


def parse_standard(doc: Document, act: Act, block, aliases: list[tuple[str, int]]) -> ParsedStandard:
    sid = standard_id(act, block.ordinal)
    paragraphs = split_paragraphs(doc, block)
    by_no = {p.number: p for p in paragraphs}
    missing = [f"§{n} ({what})" for n, what in REQUIRED_PARAGRAPHS.items() if n not in by_no]
    if missing:
        raise doc.error(block.anchor, f"standard «{block.title[:60]}» lacks {', '.join(missing)}")
    file = doc.name
    appendices = to_appendices(doc, sid, block.appendices)
    providers, channels = service.parse_providers(by_no[1])
    if "hqo" not in channels and 13 in by_no and service.mentions_hqo(by_no[11].text + " " + by_no[13].text):
        channels.insert(1, "hqo")
    docs = documents.parse_documents(by_no[11])
    extra = documents.form_note_items(_form_notes(doc, appendices))
    if extra:
        docs.scenarios.append(documents.Scenario("Өтініш нысанындағы ескертпе бойынша қосымша құжаттар", None,
                                                 extra[0].line, extra))
    g = grounds.parse_grounds(by_no[16])
    all_text = "\n".join(p.text for p in paragraphs)
    result = by_no[5].text
    flags = quality.copied_durations(block.title, result, by_no[7], file) + quality.appendix_refs(paragraphs, appendices, file)
    for item in (i for s in docs.scenarios for i in s.items if i.form_ref):
        kind = next((a.kind for a in appendices if a.no == item.form_ref), None)
        if kind not in ("application_form", "receipt_form", "certificate_form"):
            flags.append(Flag("wrong_form_ref", f"a document refers to appendix {item.form_ref} for its form, "
                                                f"but that appendix is {kind or 'missing'}", Span(file, item.line, item.line)))
    record = {
        "id": sid,
        "title_kk": block.title,
        "title_aliases": [{"text": t, "source": {"file": file, "lines": [n, n]}} for t, n in aliases],
        "ministry": service.detect_ministry([all_text, act.title]),
        "providers": [p | {"source": _cite(by_no[1], file)} for p in providers],
        "channels": channels,
        "channels_source": [_cite(by_no[n], file) for n in (1, 11, 13) if n in by_no],
        "recipients": service.parse_recipients(by_no[6]) | {"source": _cite(by_no[6], file)} if 6 in by_no else None,
        "form": service.parse_form(by_no[2]) | {"source": _cite(by_no[2], file)},
        "legal_basis": service.parse_legal_basis(by_no[3]) | {"source": _cite(by_no[3], file)} if 3 in by_no else None,
        "information": service.parse_info(by_no[4]) | {"source": _cite(by_no[4], file)} if 4 in by_no else None,
        "result": {"raw": result, "source": _cite(by_no[5], file)},
        "durations": [d.as_dict(file) for d in durations.parse_durations(by_no[7])],
        "fee": fee.parse_fee(by_no[8]).as_dict() | {"source": _cite(by_no[8], file)},
        "working_hours": {"items": service.parse_hours(by_no[9]), "source": _cite(by_no[9], file)} if 9 in by_no else None,
        "documents": {
            "lead": docs.lead,
            "scenarios": [{"label": s.label, "channel": s.channel, "items": [i.as_dict(file) for i in s.items]}
                          for s in docs.scenarios],
            "notes": [{"text": t, "source": {"file": file, "lines": [n, n]}} for t, n in docs.notes],
            "source": _cite(by_no[11], file),
        },
        "refusal_grounds": [{"text": x.text, "channel": x.channel, "source": {"file": file, "lines": [x.line, x.line]}}
                            for x in g.of("refusal")],
        "termination_grounds": [{"text": x.text, "source": {"file": file, "lines": [x.line, x.line]}}
                                for x in g.of("termination")],
        "no_suspension_grounds": [t for t, _ in g.no_suspension],
        "complaint": complaints.parse_complaints(paragraphs, file),
        "mentions_1414": "1414" in all_text,
        "mentions_1411": "1411" in all_text,
        "source": {
            "file": file, "lines": [block.start, block.end], "body": [block.anchor, block.body_end],
            "act_number": act.number, "act_date": act.date, "status": act.status,
            "repealed_by": {"number": act.repealed_by_number, "date": act.repealed_by_date} if act.repealed_by_number else None,
            "appendix_of_act": block.ordinal,
        },
        "paragraphs": [{"number": p.number, "section": p.section, "text": p.text, "source": p.span(file).as_dict()}
                       for p in paragraphs],
        "appendices": [{"no": a.no, "kind": a.kind, "title": a.title, "source": a.span.as_dict()} for a in appendices],
    }
    return ParsedStandard(record, paragraphs, appendices, flags)


def parse_decree(doc: Document) -> ParsedDecree:
    blocks = find_standards(doc)
    act = parse_act(doc, blocks[0].start)
    titles = {b.ordinal: b.title for b in blocks}
    candidates = quoted_titles(doc, 1, blocks[0].start - 1)
    for b in blocks:
        candidates += quoted_titles(doc, b.start, b.end)
    aliases, fragments = attach_aliases(candidates, titles)
    standards = [parse_standard(doc, act, b, aliases[b.ordinal]) for b in blocks]
    # The same §11 under two different titles: the documents were copied (000 S3 = S1).
    seen: dict[str, str] = {}
    for s in standards:
        key = "\n".join(i["text"] for sc in s.record["documents"]["scenarios"] for i in sc["items"])
        if key in seen:
            p11 = next(p for p in s.paragraphs if p.number == 11)
            s.flags.append(Flag("documents_copied", f"§11 is word for word the list of standard {seen[key]}",
                                Span(doc.name, p11.start, p11.end)))
        else:
            seen[key] = s.record["id"]
    return ParsedDecree(act, standards, fragments)
