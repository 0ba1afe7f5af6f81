"""Translations of the standards' citizen-facing texts: reviewed data, not code.

The sources are Kazakh only. Each text a citizen may read gets a stable key from its
place in the parsed standard ("title", "documents.1.items.3", "refusal_grounds.0"…);
a translation lives in `knowledge/translations/<language>/<standard id>.yml`:

    standard: 1486-02
    language: ru
    entries:
      title:
        kk_sha: 3f9c0a1b2c4d          # fingerprint of the Kazakh text translated
        kk: Соттылықтың болуы …       # the Kazakh text, for the reviewer
        text: Выдача справки о наличии либо отсутствии судимости

When the Kazakh text under a key changes, its fingerprint no longer matches and the
translation is reported stale until someone reviews it. A new language is a new
folder; nothing in the code names a language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

TRANSLATIONS = Path(__file__).resolve().parent / "translations"

# libyaml's safe loader where PyYAML was built with it: the same documents (checked on
# every file here), ten times faster on the ~1.5 MB of translations a build reads.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """A YAML file as yaml.safe_load reads it; a malformed one fails with its error."""
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)   # the pure-Python loader's error, which shows the line


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    kk: str


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    kk_sha: str


def fingerprint(kk: str) -> str:
    """Whitespace-insensitive: re-wrapping a line is not a change of meaning."""
    return hashlib.sha256(re.sub(r"\s+", " ", kk).strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one text sits in an exported standard, so a translation can be put beside it."""
    key: str
    kk: str
    holder: dict
    field: str              # the Kazakh text is holder[field] (or holder[field][index])
    index: int | None = None
    name: str | None = None  # the translated field's base name when it is not `field` ("title" for "title_kk")


def slots(standard: dict) -> list[Slot]:
    """Every citizen-facing Kazakh text of one exported standard, under its key."""
    out: list[Slot] = []

    def add(key: str, holder: dict | None, field: str, index: int | None = None, name: str | None = None) -> None:
        if not holder:
            return
        text = holder.get(field) if index is None else holder[field][index]
        if isinstance(text, dict):
            text = text.get("text")
        if text and text.strip():
            out.append(Slot(key, text.strip(), holder, field, index, name))

    add("title", standard, "title_kk", name="title")
    # the name people use ("справка о несудимости"): written from the title
    add("short_name", standard, "title_kk", name="short_name")
    add("ministry", standard, "ministry")
    for i, p in enumerate(standard.get("providers") or []):
        add(f"providers.{i}", p, "name_raw", name="name")
    add("recipients", standard.get("recipients"), "raw")
    add("result", standard.get("result"), "raw")
    for i, d in enumerate(standard.get("durations") or []):
        add(f"durations.{i}", d, "raw")
    fee = standard.get("fee") or {}
    add("fee", fee, "raw")
    for i, a in enumerate(fee.get("amounts") or []):
        add(f"fee.amounts.{i}.what", a, "what")
    for i, _ in enumerate(fee.get("exemptions") or []):
        add(f"fee.exemptions.{i}", fee, "exemptions", i)
    for i, h in enumerate((standard.get("working_hours") or {}).get("items") or []):
        add(f"working_hours.{i}", h, "text")
    docs = standard.get("documents") or {}
    add("documents.lead", docs, "lead")
    for i, sc in enumerate(docs.get("scenarios") or []):
        add(f"documents.{i}.label", sc, "label")
        for j, item in enumerate(sc.get("items") or []):
            add(f"documents.{i}.items.{j}", item, "text")
    for i, n in enumerate(docs.get("notes") or []):
        add(f"documents.notes.{i}", n, "text")
    for field in ("refusal_grounds", "termination_grounds", "no_suspension_grounds"):
        for i, g in enumerate(standard.get(field) or []):
            if isinstance(g, dict):
                add(f"{field}.{i}", g, "text")
            else:
                add(f"{field}.{i}", standard, field, i)
    complaint = standard.get("complaint") or {}
    for i, e in enumerate(complaint.get("explains") or []):
        add(f"complaint.explains.{i}", e, "text")
    for i, r in enumerate(complaint.get("routes") or []):
        add(f"complaint.routes.{i}", r, "text")
    add("complaint.court", complaint.get("court"), "text")
    return out


def text_in(holder: dict | None, field: str, language: str):
    """A field in the language, or the Kazakh source where it has no current translation."""
    if not holder:
        return None
    return holder.get(f"{field}_{language}") or holder.get(field)


def units(standard: dict) -> list[Unit]:
    return [Unit(s.key, s.kk) for s in slots(standard)]


def attach(standard: dict, language: str, texts: dict[str, str]) -> dict:
    """Put each translation beside its Kazakh text: title_ru, documents…items[j].text_ru,
    fee.exemptions_ru[i], complaint.court_ru…; None where there is no current translation."""
    for s in slots(standard):
        name = f"{s.name or s.field}_{language}"
        text = texts.get(s.key)
        if s.index is None:
            s.holder[name] = text
        else:
            s.holder.setdefault(name, [None] * len(s.holder[s.field]))[s.index] = text
    return standard


def load(language: str, root: Path = TRANSLATIONS) -> dict[str, dict[str, Entry]]:
    """standard id -> key -> Entry, for one language ({} when it has no folder)."""
    out: dict[str, dict[str, Entry]] = {}
    for f in sorted((root / language).glob("*.yml")):
        doc = read_yaml(f) or {}
        sid = str(doc.get("standard") or f.stem)
        entries = {}
        for key, e in (doc.get("entries") or {}).items():
            if isinstance(e, dict) and str(e.get("text") or "").strip():
                entries[str(key)] = Entry(str(e["text"]).strip(), str(e.get("kk_sha") or ""))
        out[sid] = entries
    return out


def languages(root: Path = TRANSLATIONS) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


@dataclass(frozen=True, slots=True)
class Problem:
    standard: str
    key: str
    kind: str     # "missing" | "stale"
    kk: str


def check(standards: list[dict], language: str, root: Path = TRANSLATIONS) -> list[Problem]:
    """Every citizen-facing text without a translation, or translated from other Kazakh."""
    table = load(language, root)
    problems = []
    for std in standards:
        entries = table.get(std["id"], {})
        for unit in units(std):
            entry = entries.get(unit.key)
            if entry is None:
                problems.append(Problem(std["id"], unit.key, "missing", unit.kk))
            elif entry.kk_sha != fingerprint(unit.kk):
                problems.append(Problem(std["id"], unit.key, "stale", unit.kk))
    return problems


def translate(standard: dict, language: str, table: dict[str, dict[str, Entry]]) -> dict[str, str]:
    """key -> translated text, only for entries whose fingerprint still matches."""
    entries = table.get(standard["id"], {})
    return {u.key: entries[u.key].text for u in units(standard)
            if u.key in entries and entries[u.key].kk_sha == fingerprint(u.kk)}


def skeleton(standard: dict, language: str, existing: dict[str, Entry] | None = None) -> str:
    """The YAML file a translator fills in: every unit with its Kazakh text; kept
    translations stay, stale ones are kept too but marked for review."""
    existing = existing or {}
    entries = {}
    for u in units(standard):
        old = existing.get(u.key)
        entry = {"kk_sha": fingerprint(u.kk), "kk": u.kk, "text": old.text if old else ""}
        if old and old.kk_sha != entry["kk_sha"]:
            entry["review"] = "the Kazakh text changed since this was translated"
        entries[u.key] = entry
    doc = {"standard": standard["id"], "language": language, "entries": entries}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
