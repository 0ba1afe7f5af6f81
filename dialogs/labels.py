"""How options read where space is short: the words that tell them apart."""

from __future__ import annotations

import re


def distinct(titles: list[str]) -> list[str]:
    """The labels of options: what tells them apart (the full wording stays the options' titles).

    Words all options begin or end with go when there are two or more of them: 1059-04's
    "Для назначения социальной выплаты на случай потери работы" (and four more alike) shows as
    "На случай потери работы". Options split from one list ("При утере военного билета в
    следующих случаях — 2) если военный билет похищен") show their own part: "Если военный
    билет похищен". A single shared word ("при…", "…кезде") stays: without it the title stops
    being a phrase."""
    if len(titles) < 2:
        return titles
    groups = [t.split(" — ", 1) for t in titles]
    heads = [g[0] for g in groups]
    titles = [re.sub(r"^\d+\)\s*", "", g[1]) if len(g) == 2 and heads.count(g[0]) > 1 else t
              for g, t in zip(groups, titles)]
    words = [t.split() for t in titles]
    head = 0
    while all(len(w) > head + 1 for w in words) and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while all(len(w) > head + tail + 1 for w in words) and len({w[-1 - tail] for w in words}) == 1:
        tail += 1
    head, tail = (head if head >= 2 else 0), (tail if tail >= 2 else 0)
    return [capital(" ".join(w[head:len(w) - tail])) for w in words]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
