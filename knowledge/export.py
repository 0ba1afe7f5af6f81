"""The knowledge base as plain data (what `qyzmet kb export --json` prints)."""

from __future__ import annotations

import copy

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge import models, short_names, translation

OFFICE_TEXTS = ("name", "address", "hours", "region", "district", "settlement")

# subject id -> language -> key -> text
Translations = dict[str, dict[str, dict[str, str]]]


def languages(session: Session) -> list[str]:
    """The languages the database holds translations in, besides Kazakh."""
    return list(session.scalars(select(models.Translation.language).distinct().order_by(models.Translation.language)))


def translations(session: Session, subject: str, ids: list[str] | None = None) -> Translations:
    query = select(models.Translation).where(models.Translation.subject == subject)
    if ids is not None:
        query = query.where(models.Translation.subject_id.in_(ids))
    out: Translations = {}
    for t in session.scalars(query):
        out.setdefault(t.subject_id, {}).setdefault(t.language, {})[t.key] = t.text
    return out


def _prov(file: str, start: int, end: int | None = None) -> dict:
    return {"file": file, "lines": [start, end if end is not None else start]}


def standard_dict(row: models.Standard, flags: list[models.QualityFlag],
                  texts: dict[str, dict[str, str]] | None = None, langs: list[str] = ()) -> dict:
    """One standard; each Kazakh text gets its `_<lang>` counterpart (None when untranslated)."""
    out = _standard_dict(row, flags)
    for language in langs:
        translation.attach(out, language, (texts or {}).get(language, {}))
    return out


def _standard_dict(row: models.Standard, flags: list[models.QualityFlag]) -> dict:
    data = copy.deepcopy(row.data)      # translations are attached inside; the row's JSON stays as loaded
    form = data.pop("form")
    documents = dict(data.pop("documents"))
    labels = documents.pop("scenario_labels")
    scenarios = [{"label": label, "channel": None, "items": []} for label in labels]
    for d in row.documents:
        scenario = scenarios[d.scenario]
        scenario["channel"] = d.scenario_channel
        scenario["items"].append({
            "text": d.text, "copy": d.copy, "original": d.original, "notarized": d.notarized,
            "conditional": d.conditional, "condition": d.condition, "one_of": d.one_of, "form_ref": d.form_ref,
            "source": d.source, "provenance": _prov(row.file, d.line)})
    documents["scenarios"] = scenarios
    return {
        "id": row.id,
        "title_kk": row.title_kk,
        "short_name_kk": short_names.kazakh(row.id, row.title_kk),
        "title_aliases": [{"text": a.text, "source": _prov(row.file, a.line)} for a in row.aliases],
        "ministry": row.ministry,
        "form": form["code"],
        "form_detail": form,
        **{k: data[k] for k in ("providers", "channels", "channels_source", "recipients", "legal_basis",
                                "information", "result")},
        "durations": [{"channel": d.channel, "kind": d.kind, "value": d.value, "unit": d.unit,
                       "condition": d.condition, "raw": d.raw, "source": _prov(row.file, d.line)} for d in row.durations],
        "fee": data["fee"],
        "working_hours": data["working_hours"],
        "documents": documents,
        "refusal_grounds": [{"text": g.text, "channel": g.channel, "source": _prov(row.file, g.line)}
                            for g in row.grounds if g.kind == "refusal"],
        "termination_grounds": [{"text": g.text, "source": _prov(row.file, g.line)}
                                for g in row.grounds if g.kind == "termination"],
        "no_suspension_grounds": data["no_suspension_grounds"],
        "complaint": data["complaint"],
        "mentions_1414": row.mentions_1414,
        "mentions_1411": data["mentions_1411"],
        "source": data["source"],
        "appendices": data["appendices"],
        "paragraphs": [{"number": p.number, "section": p.section, "text": p.text,
                        "source": _prov(row.file, p.line_start, p.line_end)} for p in row.paragraphs],
        "quality_flags": [flag_dict(f) for f in flags],
    }


def flag_dict(f: models.QualityFlag) -> dict:
    return {"code": f.code, "message": f.message,
            "source": _prov(f.file, f.line_start, f.line_end) if f.file else None}


def office_dict(row: models.Office, flags: list[models.QualityFlag] | None = None,
                texts: dict[str, dict[str, str]] | None = None, langs: list[str] = ()) -> dict:
    out = {
        "id": row.id, "kind": row.kind, "name": row.name, "region": row.region, "district": row.district,
        "settlement": row.settlement, "address": row.address, "phones": row.phones, "emails": row.emails,
        "hours": row.hours, "lat": row.lat, "lon": row.lon, "geo_precision": row.geo_precision,
        "standards": sorted(s.standard_id for s in row.standards), "sources": row.sources,
        "variants": row.variants, "quality_flags": [flag_dict(f) for f in flags or []],
    }
    for language in langs:
        got = (texts or {}).get(language, {})
        out.update({f"{key}_{language}": got.get(key) for key in OFFICE_TEXTS})
    return out


def export_all(session: Session) -> dict:
    flags: dict[tuple[str, str], list[models.QualityFlag]] = {}
    for f in session.scalars(select(models.QualityFlag).order_by(models.QualityFlag.id)):
        flags.setdefault((f.subject, f.subject_id), []).append(f)
    standards = session.scalars(
        select(models.Standard).order_by(models.Standard.act_number, models.Standard.ordinal).options(
            selectinload(models.Standard.aliases), selectinload(models.Standard.durations),
            selectinload(models.Standard.documents), selectinload(models.Standard.grounds),
            selectinload(models.Standard.paragraphs)))
    offices = session.scalars(select(models.Office).order_by(models.Office.id)
                              .options(selectinload(models.Office.standards)))
    acts = session.scalars(select(models.Act).order_by(models.Act.number))
    langs = languages(session)
    standard_texts, office_texts = translations(session, "standard"), translations(session, "office")
    return {
        "acts": [{"number": a.number, "date": a.date, "title": a.title, "status": a.status,
                  "repealed_by": {"number": a.repealed_by_number, "date": a.repealed_by_date}, "file": a.file,
                  "notes": a.notes, "amendment_fragments": a.fragments} for a in acts],
        "standards": [standard_dict(s, flags.get(("standard", s.id), []), standard_texts.get(s.id), langs)
                      for s in standards],
        "offices": [office_dict(o, flags.get(("office", o.id), []), office_texts.get(o.id), langs) for o in offices],
    }
