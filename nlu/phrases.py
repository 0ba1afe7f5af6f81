"""Phrases as sequences of word prefixes, matched on the classifiers' normalised words.

"сменила фамилию" matches "я недавно сменила фамилию после свадьбы"; "жоғалт" matches
"жоғалтып алдым" and "joghaltyp aldym" alike, because both sides go through nlu.normalize.
"""

from __future__ import annotations

import functools

from nlu.normalize import fold, normalize

Phrase = tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def phrase(text: str) -> Phrase:
    """A phrase as written in the data ("сменил фамил") as the prefixes it matches."""
    return tuple(w for w in (fold(x) for x in normalize(text).split()) if w)


def words(text: str) -> list[str]:
    return normalize(text).split()


def contains(said: list[str], wanted: Phrase) -> bool:
    """`wanted`'s prefixes, one after another, at the start of consecutive words of `said`."""
    n = len(wanted)
    if not n:
        return False
    return any(all(said[i + k].startswith(wanted[k]) for k in range(n)) for i in range(len(said) - n + 1))
