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


def units(standard: dict) -> list[Unit]:
    """Every citizen-facing Kazakh text of one exported standard, under its key."""
    out: list[Unit] = []

    def add(key: str, text: str | None) -> None:
        if text and text.strip():
            out.append(Unit(key, text.strip()))

    add("title", standard["title_kk"])
    # the name people use ("справка о несудимости"): written from the title
    add("short_name", standard["title_kk"])
    add("ministry", standard.get("ministry"))
    for i, p in enumerate(standard.get("providers") or []):
        add(f"providers.{i}", p.get("name_raw"))
    add("recipients", (standard.get("recipients") or {}).get("raw"))
    add("result", (standard.get("result") or {}).get("raw"))
    for i, d in enumerate(standard.get("durations") or []):
        add(f"durations.{i}", d.get("raw"))
    fee = standard.get("fee") or {}
    add("fee", fee.get("raw"))
    for i, e in enumerate(fee.get("exemptions") or []):
        add(f"fee.exemptions.{i}", e if isinstance(e, str) else e.get("text"))
    for i, h in enumerate((standard.get("working_hours") or {}).get("items") or []):
        add(f"working_hours.{i}", h.get("text"))
    docs = standard.get("documents") or {}
    add("documents.lead", docs.get("lead"))
    for i, sc in enumerate(docs.get("scenarios") or []):
        add(f"documents.{i}.label", sc.get("label"))
        for j, item in enumerate(sc.get("items") or []):
            add(f"documents.{i}.items.{j}", item.get("text"))
    for i, n in enumerate(docs.get("notes") or []):
        add(f"documents.notes.{i}", n.get("text"))
    for field in ("refusal_grounds", "termination_grounds", "no_suspension_grounds"):
        for i, g in enumerate(standard.get(field) or []):
            add(f"{field}.{i}", g if isinstance(g, str) else g.get("text"))
    complaint = standard.get("complaint") or {}
    for i, e in enumerate(complaint.get("explains") or []):
        add(f"complaint.explains.{i}", e.get("text"))
    for i, r in enumerate(complaint.get("routes") or []):
        add(f"complaint.routes.{i}", r.get("text"))
    add("complaint.court", (complaint.get("court") or {}).get("text"))
    return out


def load(language: str, root: Path = TRANSLATIONS) -> dict[str, dict[str, Entry]]:
    """standard id -> key -> Entry, for one language ({} when it has no folder)."""
    out: dict[str, dict[str, Entry]] = {}
    for f in sorted((root / language).glob("*.yml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
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
