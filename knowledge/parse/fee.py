"""§8: free or paid, the state duty as a percentage of the monthly calculation index (МРП),
and who is exempt."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.parse.paragraphs import Paragraph

PERCENT = re.compile(r"(\d+)\s*(?:%|пайыз)")
FREE = re.compile(r"\bтегін\s+(?:көрсетіледі|жүргізіледі)")


@dataclass(slots=True)
class Fee:
    free: bool
    amounts: list[dict] = field(default_factory=list)      # [{"what", "mrp_percent", "line"}]
    exemptions: list[str] = field(default_factory=list)
    exemptions_line: int | None = None
    raw: str = ""

    def as_dict(self) -> dict:
        return {"free": self.free, "amounts": self.amounts, "exemptions": self.exemptions, "raw": self.raw}


def _what(clause: str) -> str:
    """The thing paid for: the clause up to "үшін" before the percentage."""
    m = re.search(r"([^.;]*?\bүшін)\b", clause)
    text = m.group(1) if m else clause
    text = re.sub(r"^\s*(?:ал|және)\s+", "", text.split(", ал ")[-1])
    return text.strip(" ,")


def parse_fee(paragraph: Paragraph) -> Fee:
    raw = paragraph.text
    fee = Fee(free=bool(FREE.search(raw)) and "ақылы" not in raw, raw=raw)
    for item in paragraph.items:
        for clause in re.split(r";|, ал ", item.text):
            for m in PERCENT.finditer(clause):
                if "көрсеткіш" not in item.text:
                    continue
                fee.amounts.append({"what": _what(clause[:m.start()]), "mrp_percent": int(m.group(1)),
                                    "line": item.start})
        if "босатыл" in item.text or (fee.amounts and ":" in item.text and not item.marker and item is not paragraph.items[0]
                                      and re.search(r"кезінде:", item.text)):
            body = item.text.split(":", 1)[1] if ":" in item.text else item.text
            parts = [p.strip(" .;") for p in re.split(r";", body)]
            fee.exemptions.extend(p for p in parts if p)
            fee.exemptions_line = item.start
    if not fee.amounts and not fee.free and re.search(r"баж|ақылы", raw):
        fee.free = False
    return fee
