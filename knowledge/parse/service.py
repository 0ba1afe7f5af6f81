"""The short fields of a standard: §1 providers and channels, §2 form, §3 legal basis,
§4 information sources, §5 result, §6 recipients, §9 working hours."""

from __future__ import annotations

import re
from collections import Counter

from knowledge.parse.paragraphs import Paragraph

FORMS = (
    ("partially_automated", r"ішінара\s+автоматтандырылған"),
    ("fully_automated", r"толық\s+автоматтандырылған|электрондық"),
    ("non_automated", r"автоматтандырылмаған"),
)

# Who provides a service, as §1 names them. Role: who takes the decision, who
# accepts the application, who hands out the result.
PROVIDERS = (
    # "Халыққа қызмет көрсету орталықтарында" starts 363-02's and 363-04's §1 (004:2652, 004:8053)
    ("hqo", r"(?i:халыққа қызмет көрсету орталықтар)|\bорталықтар\b.*арқылы|\bХҚО\b", ("accepts", "issues")),
    ("committee", r"Бақылау және (?:халықты )?әлеуметтік қорғау комитет", ("decides",)),
    ("gcvp", r"Зейнетақы төлеу жөніндегі мемлекеттік орталы|уәкілетті ұйым", ("accepts", "issues")),
    ("mse", r"медициналық-әлеуметтік сараптама", ("decides", "accepts", "issues")),
    ("employment_department", r"жұмыспен қамту және әлеуметтік бағдарламалар", ("decides", "accepts", "issues")),
    ("rural_akim", r"(?:кент|ауыл|селолық|ауылдық)\S*\s+(?:\S+\s+){0,3}әкім", ("accepts", "issues")),
    ("defence_authority", r"жергілікті әскери басқару органдары", ("decides", "accepts", "issues")),
    ("migration_police", r"көші-қон полициясы", ("decides", "accepts", "issues")),
    ("legal_statistics", r"Құқықтық статистика және арнайы есепке алу жөніндегі комитет", ("decides", "accepts", "issues")),
    ("prosecutor_general", r"Бас прокуратура", ("decides", "accepts", "issues")),
    ("local_executive", r"әкімдер\w*|жергілікті атқарушы орган|ауыл шаруашылығы бөлім", ("decides", "accepts", "issues")),
)

MINISTRIES = (
    ("Қазақстан Республикасы Қорғаныс министрлігі", r"Қорғаныс министрліг"),
    ("Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі", r"Еңбек және халықты әлеуметтік қорғау министрліг"),
    ("Қазақстан Республикасы Бас прокуратурасы", r"Бас прокуратура"),
    ("Қазақстан Республикасы Ішкі істер министрлігі", r"Ішкі істер министрліг"),
    ("Қазақстан Республикасы Ауыл шаруашылығы министрлігі", r"Ауыл шаруашылығы министрліг"),
)


def parse_form(paragraph: Paragraph) -> dict:
    text = paragraph.text
    for code, pattern in FORMS:
        if re.search(pattern, text, re.IGNORECASE):
            return {"code": code, "raw": text}
    return {"code": None, "raw": text}


def parse_providers(paragraph: Paragraph) -> tuple[list[dict], list[str]]:
    text = paragraph.text
    providers: list[dict] = []
    for kind, pattern, roles in PROVIDERS:
        m = re.search(pattern, text)
        if m:
            sentence_start = text.rfind(".", 0, m.start()) + 1
            providers.append({"kind": kind, "roles": list(roles), "name_raw": m.group(0),
                              "context": text[sentence_start:text.find(".", m.end()) + 1 or None].strip()})
    channels: list[str] = []
    if any(p["kind"] != "hqo" for p in providers):
        channels.append("authority")
    if any(p["kind"] == "hqo" for p in providers):
        channels.append("hqo")
    if re.search(r"мобильді|ұтқыр", text):
        channels.append("mobile_hqo")
    if re.search(r"портал|e\.gov\.kz|egov", text, re.IGNORECASE):
        channels.append("portal")
    return providers, channels


def detect_ministry(texts: list[str]) -> str | None:
    counts: Counter[str] = Counter()
    for text in texts:
        for name, pattern in MINISTRIES:
            counts[name] += len(re.findall(pattern, text))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


def parse_legal_basis(paragraph: Paragraph) -> dict:
    text = paragraph.text
    acts = re.findall(r"«([^«»]+(?:«[^«»]+»[^«»]*)?)»|\"([^\"]+)\"", text)
    return {"raw": text, "acts": [a or b for a, b in acts]}


def parse_info(paragraph: Paragraph) -> dict:
    text = paragraph.text
    return {"raw": text, "items": [i.text for i in paragraph.items[1:]],
            "urls": sorted({u.rstrip(".") for u in re.findall(r"www\.[\w.-]+\w|https?://\S+", text)})}


def parse_recipients(paragraph: Paragraph) -> dict:
    text = paragraph.text
    low = text.lower()
    return {
        "raw": text,
        "physical": bool(re.search(r"жеке тұлға|азамат|адамдар|тұтынушы|оралман", low)),
        "legal": "заңды тұлға" in low,
        "foreigners": "шетел" in low,
        "stateless": "азаматтығы жоқ" in low,
        "exclusions": [i.text.rstrip(";.") for i in paragraph.items[1:] if "қоспағанда" not in i.text]
        if "қоспағанда" in low else [],
    }


def parse_hours(paragraph: Paragraph) -> list[dict]:
    items = paragraph.items[1:] or paragraph.items
    return [{"text": i.text, "line": i.start} for i in items]


def mentions_hqo(text: str) -> bool:
    """§11/§13 saying documents may be handed in at a ХҚО ("…уәкілетті ұйымға немесе орталыққа…")."""
    return bool(re.search(r"\bорталыққа\b|\bорталық арқылы|\bорталықтарға\b", text))
