"""Build the knowledge base: parse every bundled source, then write it in one transaction.

Parsing happens before the database is touched, so a malformed document stops the
build with "file:line: what is wrong" and leaves the previous database as it was.

The database records the fingerprint of what it was built from (`fingerprint`: the
bundled inputs and the build code), so `qyzmet kb build --if-stale` rebuilds only
when one of them changed.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, inspect, select

from knowledge import geo, models, office_translation, translation
from knowledge.db import PROJECT_ROOT, migrate, session_factory
from knowledge.parse.merge import merge_offices
from knowledge.parse.offices import parse_office_appendix
from knowledge.parse.source import bundled_sources, read_document
from knowledge.parse.standards import ParsedDecree, parse_decree
from knowledge.records import Flag, Office, OfficeRow
from knowledge.short_names import SHORT_NAMES

OFFICE_LISTS = {
    "hqo_list", "defence_departments", "gcvp_branches", "committee_departments", "mse_departments",
    "employment_departments", "oblast_employment_departments", "akimats", "akim_apparatus",
    "legal_statistics_offices", "police_departments",
}


@dataclass(slots=True)
class Parsed:
    decrees: list[ParsedDecree]
    offices: list[Office]
    row_flags: list[tuple[str, Flag]] = field(default_factory=list)   # (office id or "", flag)


def parse_sources(paths: list[Path] | None = None) -> Parsed:
    decrees: list[ParsedDecree] = []
    rows: list[OfficeRow] = []
    for path in paths or bundled_sources():
        doc = read_document(path)
        decree = parse_decree(doc)
        decrees.append(decree)
        for standard in decree.standards:
            for appendix in standard.appendices:
                if appendix.kind in OFFICE_LISTS:
                    rows.extend(parse_office_appendix(doc, appendix))
    offices = merge_offices(rows)
    for office in offices:
        point = geo.locate(office.region, office.district, office.settlement)
        if point is not None:
            office.lat, office.lon, office.geo_precision = point.lat, point.lon, point.precision
    return Parsed(decrees, offices)


def _standard_rows(decree: ParsedDecree) -> list[models.Standard]:
    out: list[models.Standard] = []
    for parsed in decree.standards:
        r = parsed.record
        data = {k: v for k, v in r.items() if k not in ("id", "title_kk", "title_aliases", "durations",
                                                          "refusal_grounds", "termination_grounds", "paragraphs")}
        data["documents"] = {k: v for k, v in r["documents"].items() if k != "scenarios"}
        data["documents"]["scenario_labels"] = [s["label"] for s in r["documents"]["scenarios"]]
        row = models.Standard(
            id=r["id"], act_number=decree.act.number, ordinal=r["source"]["appendix_of_act"], title_kk=r["title_kk"],
            ministry=r["ministry"], form=r["form"]["code"], fee_free=r["fee"]["free"], mentions_1414=r["mentions_1414"],
            file=r["source"]["file"], line_start=r["source"]["lines"][0], line_end=r["source"]["lines"][1], data=data,
        )
        row.aliases = [models.Alias(text=a["text"], line=a["source"]["lines"][0]) for a in r["title_aliases"]]
        row.durations = [models.Duration(position=i, channel=d["channel"], kind=d["kind"], value=d["value"],
                                         unit=d["unit"], condition=d["condition"], raw=d["raw"],
                                         line=d["source"]["lines"][0]) for i, d in enumerate(r["durations"])]
        position = 0
        for scenario_no, scenario in enumerate(r["documents"]["scenarios"]):
            for item in scenario["items"]:
                row.documents.append(models.DocumentItem(
                    position=position, scenario=scenario_no, scenario_label=scenario["label"],
                    scenario_channel=scenario["channel"], text=item["text"], copy=item["copy"],
                    original=item["original"], notarized=item["notarized"], conditional=item["conditional"],
                    condition=item["condition"], one_of=item["one_of"], form_ref=item["form_ref"],
                    source=item["source"], line=item["provenance"]["lines"][0]))
                position += 1
        grounds = [("refusal", g) for g in r["refusal_grounds"]] + [("termination", g) for g in r["termination_grounds"]]
        row.grounds = [models.Ground(position=i, kind=kind, text=g["text"], channel=g.get("channel"),
                                     line=g["source"]["lines"][0]) for i, (kind, g) in enumerate(grounds)]
        row.paragraphs = [models.Paragraph(number=p["number"], section=p["section"], text=p["text"],
                                           line_start=p["source"]["lines"][0], line_end=p["source"]["lines"][1])
                          for p in r["paragraphs"]]
        out.append(row)
    return out


def _flag_row(subject: str, subject_id: str, flag: Flag) -> models.QualityFlag:
    span = flag.span
    return models.QualityFlag(subject=subject, subject_id=subject_id, code=flag.code, message=flag.message,
                              file=span.file if span else None, line_start=span.start if span else None,
                              line_end=span.end if span else None)


def write(engine: Engine, parsed: Parsed, translations: Path = translation.TRANSLATIONS,
          built_from: str | None = None) -> None:
    """Replace the whole knowledge base, translations attached, in one transaction.

    `built_from` is the `fingerprint` of the inputs parsed; None (other sources, other
    translations) records none, so the next `build --if-stale` rebuilds."""
    migrate(engine)
    with session_factory(engine).begin() as session:
        for table in (models.BuildInfo, models.Translation, models.QualityFlag, models.OfficeStandard, models.Office,
                      models.Paragraph, models.Ground, models.DocumentItem, models.Duration, models.Alias, models.Standard, models.Act):
            session.execute(delete(table))
        known = set()
        for decree in parsed.decrees:
            a = decree.act
            session.add(models.Act(number=a.number, date=a.date, title=a.title, status=a.status,
                                   repealed_by_number=a.repealed_by_number, repealed_by_date=a.repealed_by_date,
                                   file=a.file, notes=a.notes,
                                   fragments=[{"title": t, "line": n} for t, n in decree.fragments]))
            session.flush()
            for row in _standard_rows(decree):
                session.add(row)
                known.add(row.id)
            session.flush()
            for parsed_standard in decree.standards:
                for flag in parsed_standard.flags:
                    session.add(_flag_row("standard", parsed_standard.record["id"], flag))
        for office in parsed.offices:
            row = models.Office(id=office.id, kind=office.kind, name=office.name, region=office.region,
                                district=office.district, settlement=office.settlement, address=office.address,
                                phones=office.phones, emails=office.emails, hours=office.hours, lat=office.lat,
                                lon=office.lon, geo_precision=office.geo_precision,
                                sources=[s.as_dict() for s in office.sources], variants=office.variants)
            row.standards = [models.OfficeStandard(standard_id=sid) for sid in sorted(set(office.standards)) if sid in known]
            session.add(row)
            for flag in office.flags:
                session.add(_flag_row("office", office.id, flag))
        session.add_all(_translation_rows(parsed, translations))
        if built_from is not None:
            now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            session.add_all([models.BuildInfo(key="fingerprint", value=built_from),
                             models.BuildInfo(key="built_at", value=now)])


def _translation_rows(parsed: Parsed, root: Path) -> list[models.Translation]:
    """Every current translation in every language folder, attached to its standard or office."""
    rows = []
    for language in translation.languages(root):
        table = translation.load(language, root)
        for decree in parsed.decrees:
            for standard in decree.standards:
                record = standard.record
                rows += [models.Translation(subject="standard", subject_id=record["id"], language=language,
                                            key=key, text=text)
                         for key, text in translation.translate(record, language, table).items()]
        rules = office_translation.rules(language, root)
        if rules is None:
            continue
        for office in parsed.offices:
            rendered = office_translation.render(office_translation.as_dict(office), rules)
            rows += [models.Translation(subject="office", subject_id=office.id, language=language, key=key, text=text)
                     for key, text in rendered.texts.items()]
    return rows


def build(engine: Engine, paths: list[Path] | None = None) -> Parsed:
    built_from = fingerprint() if paths is None else None   # before reading: an edit during the build is seen next time
    parsed = parse_sources(paths)
    write(engine, parsed, built_from=built_from)
    return parsed


# ------------------------------------------------------------ what a build is made from
KNOWLEDGE = Path(__file__).resolve().parent


def inputs() -> list[Path]:
    """Every file a build of the bundled knowledge base depends on: the sources, the
    translations, the curated short names, the data tables, and the code that parses and
    writes them (all of knowledge/, migrations included)."""
    files = [*bundled_sources(), *translation.TRANSLATIONS.rglob("*"), SHORT_NAMES,
             *(KNOWLEDGE / "data").glob("*"), *KNOWLEDGE.rglob("*.py")]
    return sorted({f for f in files if f.is_file()})


def fingerprint(files: list[Path] | None = None) -> str:
    """sha256 over the names and contents of `inputs()`: changes when any of them does."""
    h = hashlib.sha256()
    for f in files if files is not None else inputs():
        name = f.relative_to(PROJECT_ROOT).as_posix() if f.is_relative_to(PROJECT_ROOT) else f.as_posix()
        data = f.read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def build_info(engine: Engine) -> dict[str, str]:
    """What the database says it was built from ({} for an empty or older database)."""
    if not inspect(engine).has_table("build_info"):
        return {}
    with session_factory(engine)() as session:
        return {key: value for key, value in session.execute(select(models.BuildInfo.key, models.BuildInfo.value))}
