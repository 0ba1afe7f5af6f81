"""E-mail addresses spelled so that no "@" is in them, as people write them to keep them from robots or because
their keyboard has none: "dauren[at]mail.ru", "dauren (at) mail (dot) ru", "nurlan dot b at gmail dot com",
"DAUREN AT GMAIL DOT COM", "dauren собака mail.ru". A part of dialogs.privacy.mask, apart because telling them from
English sentences ("look at egov.kz") is a matter of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# looked for only after "at" or "собака", from the start of a run only (tried at every letter of a long word, a
# search takes seconds). The domain in Latin letters (or .рф): "Рекс (собака) убежал.Помогите" is a dog. A
# bracketed "at" says it is an address; a bare "at" or "собака" is an everyday word ("look at egov.kz", "at
# work.Call me"), so there more must say so (see _spelled_address). A few parts at most each side: with spaced
# "dot"s every word could begin one, and a long text of them would be searched again from each.
# a domain's last part in lower case or in capitals, not a sentence's next word ("at gmail.com.Thanks")
_ZONE = r"(?-i:[a-z]{2,6}|[A-Z]{2,6}|Ru|Kz|Com|Net|Org)"
_SPELLED_DOT = (r"(?:\.|[^\S\n]{0,2}[\[({<][^\S\n]?(?:dot|точка|\.)[^\S\n]?[\])}>][^\S\n]{0,2}"
                r"|[^\S\n]{1,2}(?:dot|точка)[^\S\n]{1,2})")
_BRACKETED = (rf"(?P<bracketed>(?<![\w.+-])(?:[a-z0-9][a-z0-9._+-]*(?:{_SPELLED_DOT}[a-z0-9_+-]+){{0,5}}"
              r"|[^\W_][\w.+-]*)"                      # "Даурен[at]mail.ru": no "dot" in a Cyrillic one
              rf"[^\S\n]{{0,2}}[\[({{<][^\S\n]?(?:at|собака|@)[^\S\n]?[\])}}>][^\S\n]{{0,2}}"
              rf"(?:[a-z0-9-]+(?:{_SPELLED_DOT}[a-z0-9-]+){{0,3}}{_SPELLED_DOT}{_ZONE}"
              rf"|[а-яё0-9-]+(?:{_SPELLED_DOT}[а-яё0-9-]+){{0,3}}{_SPELLED_DOT}рф)(?![^\W\d_]|-))")
_BARE = (rf"(?<![\w.+-])(?P<name>[a-z0-9_][a-z0-9._+-]*(?:{_SPELLED_DOT}[a-z0-9_+-]+){{0,5}})"
         rf"[^\S\n]{{1,2}}(?:at|собака)[^\S\n]{{1,2}}"
         rf"(?P<domain>[a-z0-9-]+(?:{_SPELLED_DOT}[a-z0-9-]+){{0,3}})"
         rf"(?P<dot>{_SPELLED_DOT})(?P<zone>{_ZONE})"
         r"(?![^\W\d_]|-)")
_SPELLED_ADDRESS = re.compile(f"(?i){_BRACKETED}|{_BARE}")
_SPELLED_DOT_ALONE = re.compile(f"(?i){_SPELLED_DOT}")
_MAIL_HOST = re.compile(r"(?i)\w*mail|yandex|ya|inbox|list|bk|yahoo|outlook|icloud|rambler|proton\w*|live|msn|ukr|tut")
# what says a name before a bare "at" is an address's: a dot (written or spelled), a digit, "_" or "+" in it
# ("d.bekov at kaspi.kz", "nurlan dot b at …")
_ADDRESS_SIGN = re.compile(r"(?i)[._+\d]|dot|точка")
_SPELLED = re.compile(r"(?i)dot|точка|[\[({<]")
# English words "at" follows in a sentence ("look at egov.kz", "I work at kaspi.kz"): before a bare "at" they make no
# address unless something else says so; any other word does (a leak costs more than a site's name in a log)
_BEFORE_AT = frozenset("""
    look looks looked looking work works worked working is am are was were be been being me us him her them it
    this that these those there here apply applied register registered sign signed up available stay stayed
    staying book booked meet met meeting arrive arrived find found visit visited shop shopping buy bought pay
    paid subscribe subscribed follow live lives lived living study studied studying check checked go goes went
    get got see saw seen only also even not just now then but and or as right stop stopped born located based
    sold open opened listed posted published hosted online job home school office else everyone people someone
    anyone nobody we you they i he she staff student students teacher employee engineer manager intern""".split())
# what says an address follows: "почта: ", "e-mail ", "my email is ", "электрондық пошта: " (up to the address)
_LABEL = re.compile(r"(?i)(?:e-?mail|почт\w{0,2}|пошта\w{0,2}|мейл|имейл|эл\.?\s*адрес\w{0,2})(?:\s+is)?"
                    r"[^\S\n]*[:—–-]?[^\S\n]*\Z")
_HINTS = ("at", "At", "AT", "aT", "обак", "ОБАК", "@")      # what the cue needs: told at a tenth of its cost
_CUE = re.compile(r"(?i)(?<![^\W\d_])(?:at|собака)(?![^\W\d_])|[\[({<][^\S\n]?@")


def _spelled_address(plain: str, m: re.Match) -> bool:
    """Whether an address spelled with "at" (see _SPELLED_ADDRESS) is one: bracketed; to a mail service ("DAUREN AT
    GMAIL DOT COM", "d at corp.mail.ru", "Mail.Ru"); or with a name that is no English word "at" follows in a
    sentence ("john at example.com"; "look at egov.kz", "I work at kaspi.kz" are kept), or
    where something else says it is an address: a word before it ("email: look at …"), a dot spelled in the domain,
    a dot, a digit or "_" in the name."""
    if m.group("bracketed"):
        return True
    name = m.group("name")
    if any(_MAIL_HOST.fullmatch(label) for label in _SPELLED_DOT_ALONE.split(m.group("domain"))):
        return True
    return name.lower() not in _BEFORE_AT or _ADDRESS_SIGN.search(name) is not None \
        or _SPELLED.search(m.group("domain") + m.group("dot")) is not None \
        or _LABEL.search(plain, max(0, m.start() - 40), m.start()) is not None


def spelled(plain: str, take: Callable[[int, int, str], bool]) -> None:
    """Each address spelled with "at" in `plain`, handed to `take` as "[email]"; where a match is none ("me at
    dauren.bek at gmail.com"), or `take` refuses it (it overlaps an address found already), the search goes on
    from its next word."""
    if not any(hint in plain for hint in _HINTS) or _CUE.search(plain) is None:
        return                                      # most messages: no "at", no "собака"
    at = 0
    while (m := _SPELLED_ADDRESS.search(plain, at)) is not None:
        if _spelled_address(plain, m) and take(m.start(), m.end(), "[email]"):
            at = m.end()
        else:
            at = m.start() + 1
