"""Text repair for the source documents: what the dumps got wrong at character level.

The raw text stays untouched in the sources; parsers read the repaired form and
record every substitution so `qyzmet kb check` can list them.

The tables and functions live in knowledge.normalize, once for the whole project;
these names stay importable from here (dialogs/ uses fold_kk).
"""

from __future__ import annotations

from knowledge.normalize import (
    CYRILLIC_TO_LATIN,
    LATIN_TO_CYRILLIC,
    SPLIT_WORDS,
    fix_token,
    fold,
    fold_kk,
    repair,
    squash,
    to_latin,
)

__all__ = ["CYRILLIC_TO_LATIN", "LATIN_TO_CYRILLIC", "SPLIT_WORDS", "fix_token", "fold", "fold_kk", "repair",
           "squash", "to_latin"]
