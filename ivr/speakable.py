"""Text as a voice can say it: what the TTS gets, in Russian (Twilio's voice) and Kazakh (espeak-ng).

    masked data said as such → short forms written out → lines into sentences → numbers into
    words (ivr.spoken) → pictures and symbols dropped

A chat shows "📄", "ул.", "egov.kz" and line breaks; a voice would read the picture's name, say
"у-эл", switch to English for the address, and run two lines into one sentence.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ivr.numbers import Case, Gender, ordinal
from ivr.spoken import for_ear

# what dialogs.privacy.mask leaves of an ИИН or a phone number: the words, not "IIN" and two digits
_MASKED = re.compile(r"\[(?:IIN|phone|card|number)(?: …\d{0,2})?\]")
_MASKED_EMAIL = re.compile(r"\[email\]")
_MASKED_NAME = re.compile(r"\[name\]")
HIDDEN = {"kk": "нөмір жасырылған", "ru": "номер скрыт"}
HIDDEN_EMAIL = {"kk": "мекенжай жасырылған", "ru": "адрес скрыт"}
HIDDEN_NAME = {"kk": "аты жасырылған", "ru": "имя скрыто"}

# short forms of addresses and names, each only where it stands before a word (a name, a number)
SHORT = {
    "ru": [(r"\bг\.\s?(?=[А-ЯЁ])", "город "), (r"\bул\.\s?", "улица "), (r"\bд\.\s?(?=\d)", "дом "),
           (r"\bмкр\.?\s?(?=[\dА-ЯЁ«\"])", "микрорайон "), (r"\bпр-т\b\.?\s?", "проспект "),
           (r"\bпр\.\s?(?=[А-ЯЁ«\"])", "проспект "), (r"\bпос\.\s?", "посёлок "), (r"\bс\.\s?(?=[А-ЯЁ])", "село "),
           (r"\bобл\.", "области"), (r"\bр-н\b\.?", "район"), (r"\bкаб\.\s?", "кабинет "),
           (r"\bтел\.\s?", "телефон "), (r"\bкв\.\s?(?=\d)", "квартира ")],
    "kk": [(r"\bкөш\.", "көшесі"), (r"\bауд\.", "ауданы"), (r"\bобл\.", "облысы"), (r"\bшағ\.", "шағын ауданы"),
           (r"\bдаңғ\.", "даңғылы"), (r"(?<=[А-ЯӘҒҚҢӨҰҮҺІа-яәғқңөұүһі])\sқ\.", " қаласы"),
           (r"(?<![-\w])ХҚО(?![-\w])", "халыққа қызмет көрсету орталығы"), (r"\bтел\.\s?", "телефон "),
           (r"(?<=\d)\s?см\b", " сантиметр")],
}
# a short form in brackets after the name it stands for: "Халыққа қызмет көрсету орталығы (ХҚО)"
_BRACKETED = re.compile(r"\s*\((?:ХҚО|ЦОН|ХҚКО|МСЭ|МӘС|ГФСС|МӘСҚ|ЕНПФ|БЖЗҚ)\)")
# Roman numerals (disability groups, chapters), Latin or Cyrillic І: "I и II группы", "ІІ топ"
_ROMAN = re.compile(r"(?<![\w])(I{1,3}|IV|VI{0,3}|І{1,3}|ІV)(?![\w])")
_ROMAN_VALUE = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
# a Latin i typed inside a Kazakh word ("мiндеттi"): the voice would switch alphabets mid-word
_LATIN_I = re.compile(r"(?<=[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі])[iI]|[iI](?=[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі])")
# the portal's address, said as what it is (a voice switches to English for "egov.kz")
PORTAL = {"kk": "электрондық үкімет порталы", "ru": "портал электронного правительства"}
_PORTAL = re.compile(r"(?:https?://)?(?:www\.)?egov\.kz\b/?", re.I)
_COMPILED = {language: [(re.compile(p), to) for p, to in table] for language, table in SHORT.items()}
_ENDS = ".!?:;…"


def _unsayable(ch: str) -> bool:
    # pictures (📄, ⚠️), their joiners and variation selectors, list bullets, brackets around nothing
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or ch in "\ufe0f\u200d•◦▪*#_"


def _roman(language: str):
    def said(m: re.Match) -> str:
        value = _ROMAN_VALUE[m.group(1).replace("І", "I")]
        after = m.string[m.end():m.end() + 12].lower()
        if language == "ru" and "груп" in after:          # "I и II группы": of the first and second group
            return ordinal(value, "ru", Case.GEN, Gender.FEM)
        return ordinal(value, language)
    return said


@functools.lru_cache(maxsize=4096)
def words(text: str, language: str) -> str:
    """What the voice says for `text`: each line a sentence, everything in words. (The prompts and the
    menus are the same on every call: each is made speakable once.)"""
    text = _LATIN_I.sub("і" if language == "kk" else "и", text)
    text = _BRACKETED.sub("", text)
    text = _ROMAN.sub(_roman(language), text)
    text = _MASKED.sub(HIDDEN[language], text)
    text = _MASKED_EMAIL.sub(HIDDEN_EMAIL[language], text)
    text = _MASKED_NAME.sub(HIDDEN_NAME[language], text)
    text = _PORTAL.sub(PORTAL[language], text)
    for pattern, long in _COMPILED[language]:
        text = pattern.sub(long, text)
    said = []
    for line in text.splitlines():
        line = for_ear(line, language)         # "№" and the numbers first: then symbols may go
        line = " ".join("".join(" " if _unsayable(ch) else ch for ch in line).split())
        if line:
            said.append(line if line[-1] in _ENDS else line + ".")
    return " ".join(said)
