"""Personal data out of logs and transcripts: ИИН/ЖСН and phone numbers are masked."""

from __future__ import annotations

import re

# A 12-digit individual number (ИИН / ЖСН), possibly typed in groups: "880101300123", "880101 300 123",
# "8801-0130-0123".
_IIN = re.compile(r"(?<![\d+])\d(?:[\s-]?\d){11}(?![\d-]?\d)")
# Kazakh mobile and city numbers: +7 701 123 45 67, 8(7172)94-99-93, 87011234567, and without the
# country code: 701 123 45 67, 7011234567.
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+7|8)[\s(-]*\d{3,4}[\s)-]*|\(?7\d{2}\)?[\s-]*)\d{2,3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")


def mask(text: str) -> str:
    """The text with every ИИН and phone number replaced, keeping the last two digits."""
    def hide(kind: str):
        def repl(m: re.Match) -> str:
            digits = re.sub(r"\D", "", m.group(0))
            return f"[{kind} …{digits[-2:]}]"
        return repl
    return _PHONE.sub(hide("phone"), _IIN.sub(hide("IIN"), text))
