"""Training and test examples, read from Rasa's NLU YAML files.

Layout (Rasa reads `nlu/data/train` as it is):
    nlu/data/train/<language>/<topic>.yml   what the models learn from
    nlu/data/test/<language>/<topic>.yml    the held-out split: never trained on
The language of an example is the folder it sits in: the language of its grammatical
frame, so "военный билет жоғалттым" is Kazakh.

Intent names: `service_<act>_<position>` for a service standard (`service_1486_02` is
standard 1486-02), otherwise one of GENERAL_INTENTS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# Written separately, by someone who never saw the training data: harder text, one file per style
# (life stories, phone transcripts, Latin script, code-switching, confusable families, near-domain topics),
# and aspects.yml, what each message asks of a service.
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
LANGUAGES = ("kk", "ru")
GENERAL_INTENTS = ("greet", "goodbye", "thanks", "affirm", "deny", "find_office", "complaint",
                   "ask_operator", "change_language", "out_of_scope")
SERVICE = "service"

_SERVICE_INTENT = re.compile(r"^service_(\d+)_(\d+)$")
# Rasa's inline entity annotation: "[Қарағанды](settlement)" or "[x]{"entity": …}".
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


class DataError(ValueError):
    """A training file that cannot be used; names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str            # "service" or a general intent
    service: str | None    # standard id ("1486-02") when intent == "service"
    language: str          # "kk" | "ru"
    source: str            # file it came from, relative to nlu/data

    @property
    def label(self) -> str:
        """One flat label per class: the service id, or the general intent."""
        return self.service or self.intent


def service_id(intent_name: str) -> str | None:
    m = _SERVICE_INTENT.match(intent_name)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def intent_name(service: str) -> str:
    """The Rasa intent name of a standard id: "1486-02" -> "service_1486_02"."""
    return "service_" + service.replace("-", "_")


def read_file(path: Path, root: Path = DATA_DIR) -> list[Example]:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    language = next((p for p in path.parts if p in LANGUAGES), None)
    if language is None:
        raise DataError(f"{rel}: not under a language folder ({'/'.join(LANGUAGES)})")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise DataError(f"{rel}: {e}") from e
    out = []
    for block in (doc or {}).get("nlu", []):
        name = block.get("intent")
        if not name:
            continue   # lookup tables, synonyms, regexes: not examples
        service = service_id(name)
        if service is None and name not in GENERAL_INTENTS:
            raise DataError(f"{rel}: unknown intent {name!r}")
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line.startswith("- "):
                if line:
                    raise DataError(f"{rel}: intent {name}: not a '- ' example line: {line[:60]!r}")
                continue
            text = _ANNOTATION.sub(r"\1", line[2:].strip())
            if text:
                out.append(Example(text, SERVICE if service else name, service, language, rel))
    return out


def load(split: str, root: Path = DATA_DIR) -> list[Example]:
    """All examples of one split ("train" or "test"; "heldout" with root=HELDOUT_DIR.parent), in a stable order."""
    folder = root / split
    files = sorted(folder.glob("*/*.yml"))          # <language>/<topic or style>.yml
    if not files:
        raise DataError(f"no training files under {folder}")
    return [e for f in files for e in read_file(f, root)]


@dataclass(frozen=True, slots=True)
class AspectExample:
    text: str
    language: str
    aspects: frozenset[str]


def load_aspects(path: Path = HELDOUT_DIR / "aspects.yml") -> list[AspectExample]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [AspectExample(str(r["text"]), str(r["language"]), frozenset(r.get("aspects") or ())) for r in rows]
