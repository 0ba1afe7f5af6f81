"""Section 5 "Шағымдану тәртібі": to whom and how to complain, response terms, court, contacts."""

from __future__ import annotations

import re

from knowledge.normalize import fold_kk
from knowledge.parse.numbers import quantities
from knowledge.parse.paragraphs import Paragraph

PHONE = re.compile(r"(?:\+?[78][\s-]*)?\(?\d{3,5}\)?[\s-]*\d{1,3}[\s-]\d{2}[\s-]\d{2,3}|\b\d{2,3}-\d{2}-\d{2}\b")
EMAIL = re.compile(r"[\w.-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\bwww\.[\w.-]+\w|https?://\S+")
ADDRESS = re.compile(r"(?:мекенжайы|мекенжай бойынша)[:\s]+([^;]*?\d[^;]*?)(?=[;.]\s|$|, (?:интернет|телефон|электрондық))")
TARGET = re.compile(
    r"((?:[\w«»()\-]+\s){0,5}?(?:басшысына|басшылығына|блогына|телефонына|жәшікке|жәшігіне|министрлігіне"
    r"|басқармасына|комитетіне|прокуратурасына|бөліміне|органына|ұйымына|кеңсесіне|орталығына|әкіміне|министріне))"
)
APPLICATIONS_LAW = re.compile(r"2007 жылгы 12 кантардагы|отиништерин карау тартиби туралы")   # folded
HOW = (
    ("in_person", r"ауызша|жеке қабылда|қолма-қол|тікелей"),
    ("in_writing", r"жазбаша"),
    ("post", r"пошта"),
    ("online", r"электрондық|интернет|портал|www\.|сұрақ-жауап"),
    ("call_centre", r"1414|call-орталы"),
    ("trust_phone", r"сенім телефон"),
    ("blog", r"блог"),
    ("box", r"жәшік"),
)


def _how(text: str) -> list[str]:
    low = text.lower()
    return [name for name, pattern in HOW if re.search(pattern, low)]


def _route(about: str, text: str, paragraph: int, line: int, file: str) -> dict:
    target = TARGET.search(text)
    return {"about": about, "to": target.group(1).strip() if target else None, "how": _how(text),
            "text": text.rstrip(";. "), "paragraph": paragraph, "source": {"file": file, "lines": [line, line]}}


def parse_complaints(paragraphs: list[Paragraph], file: str) -> dict:
    section5 = [p for p in paragraphs if p.section == 5]
    out: dict = {"explains": [], "routes": [], "response_deadlines": [], "response_by_law": None,
                 "reply_slip": None, "court": None,
                 "phones": [], "emails": [], "urls": [], "addresses": [], "mentions_1414": False}
    for p in section5:
        text = p.text
        lead = p.lead.lower()
        if "1414" in text:
            out["mentions_1414"] = True
        if re.search(r"түсіндіретін|шағымдану тәртібі туралы ақпарат", text):
            out["explains"].append({"text": text, "paragraph": p.number, "source": p.span(file).as_dict()})
        folded = fold_kk(text)
        if out["response_by_law"] is None and "мерзим" in folded \
                and (APPLICATIONS_LAW.search(folded) or "заннамасында белгиленген" in folded):
            # no number of days: "considered within the terms of the 2007 law on applications"
            # (000, 001, 002) or "…set by legislation" (004)
            out["response_by_law"] = {"law": "applications_2007" if APPLICATIONS_LAW.search(folded) else "legislation",
                                      "paragraph": p.number, "source": p.span(file).as_dict()}
        if out["reply_slip"] is None and "талон" in folded:
            # a slip for the complaint: with the date of the reply (000, 001), or only its number and date (004)
            out["reply_slip"] = {"reply_date": "жауап" in folded, "paragraph": p.number,
                                 "source": p.span(file).as_dict()}
        if "сотқа" in text and out["court"] is None:
            sentence = next(s for s in re.split(r"(?<=\.)\s+", text) if "сотқа" in s)
            out["court"] = {"text": sentence.strip(), "paragraph": p.number, "source": p.span(file).as_dict()}
        about = None
        if re.search(r"дөрекі|дұрыс көрсетілмеу|сапасыз|тиісінше көрсетілмеу", lead):
            about = "service"
        elif "келіспеген" in lead and "сотқа" not in lead:
            about = "result"
        if about:
            subs = [item for item in p.items[1:] if item.marker]
            if not subs and p.lead.rstrip().endswith(":"):
                subs = p.items[1:]          # "Дөрекі қызмет көрсетуге шағымдану:" + unnumbered routes
            if subs:
                out["routes"].extend(_route(about, item.text, p.number, item.start, file) for item in subs)
            else:
                out["routes"].append(_route(about, p.lead, p.number, p.start, file))
        for item in p.items:
            low = item.text.lower()
            if re.search(r"қаралады|қарау|хабарланады|жауап|қарастырылады", low):
                for q in quantities(item.text):
                    if q.unit in ("working_day", "calendar_day", "month"):
                        out["response_deadlines"].append({"value": q.value, "unit": q.unit, "raw": item.text,
                                                          "paragraph": p.number,
                                                          "source": {"file": file, "lines": [item.start, item.start]}})
        for phone in PHONE.findall(text):
            if phone.strip() not in out["phones"]:
                out["phones"].append(phone.strip())
        out["emails"].extend(e for e in EMAIL.findall(text) if e not in out["emails"])
        out["urls"].extend(u.rstrip(".") for u in URL.findall(text) if u.rstrip(".") not in out["urls"])
        for m in ADDRESS.finditer(text):
            addr = m.group(1).strip(" ,")
            if addr not in out["addresses"]:
                out["addresses"].append(addr)
    return out
