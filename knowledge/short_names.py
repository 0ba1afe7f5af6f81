"""The name people use for a service, in Kazakh ("Соттылығы жоқ екені туралы анықтама").

The official titles are long ("Соттылықтың болуы не болмауы туралы анықтама беру");
buttons and answers need the everyday name. The Russian one is a translation like
any other (translations/ru/<id>.yml, key `short_name`); the Kazakh one is curated in
short_names.yml against the fingerprint of the title it shortens.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from knowledge.translation import fingerprint

SHORT_NAMES = Path(__file__).resolve().parent / "short_names.yml"


@functools.cache
def _curated() -> dict[str, dict]:
    return yaml.safe_load(SHORT_NAMES.read_text(encoding="utf-8"))["short_names"]


def kazakh(standard_id: str, title_kk: str) -> str | None:
    """The curated short name, or None when there is none or the title has changed since."""
    entry = _curated().get(standard_id)
    if entry is None or entry["title_sha"] != fingerprint(title_kk):
        return None
    return entry["text"]
