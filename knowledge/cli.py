"""`qyzmet kb …`: build, export, show and check the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
import time

from sqlalchemy import inspect, select

from knowledge import models, office_translation, query, translation
from knowledge.build import build, build_info, fingerprint
from knowledge.db import database_url, make_engine, session_factory
from knowledge.export import export_all
from knowledge.parse.source import SourceError, bundled_sources, read_document
from knowledge.show import render

REQUIRED_FIELDS = ("title_kk", "ministry", "channels", "form", "durations", "result", "documents", "refusal_grounds")


def add_parser(subparsers) -> None:
    kb = subparsers.add_parser("kb", help="the knowledge base of service standards and offices")
    sub = kb.add_subparsers(dest="kb_command", required=True)
    build_parser = sub.add_parser("build", help="(re)build the database from the bundled sources")
    build_parser.add_argument("--if-stale", action="store_true",
                              help="only when the sources, translations, data or build code changed since the last build")
    export = sub.add_parser("export", help="print the whole knowledge base")
    export.add_argument("--json", action="store_true", help="as JSON (the only format)")
    show = sub.add_parser("show", help="one standard, readable, in Kazakh or another language")
    show.add_argument("id")
    show.add_argument("--lang", default="kk", metavar="LANG",
                      help="kk (the source, default) or a language with translations, e.g. ru")
    offices = sub.add_parser("offices", help="offices near a point or in a place")
    where = offices.add_mutually_exclusive_group(required=True)
    where.add_argument("--near", metavar="LAT,LON")
    where.add_argument("--place", metavar="NAME")
    offices.add_argument("--kind", help="office kind, e.g. hqo, gcvp_branch, mse_department")
    offices.add_argument("--limit", type=int, default=5)
    offices.add_argument("--json", action="store_true")
    check = sub.add_parser("check", help="quality flags and parse warnings; exit 1 if a required field is missing")
    check.add_argument("--lang", metavar="LANG",
                       help="instead: every missing or stale translation into LANG (knowledge/translations/LANG); exit 1 if any")
    situations = sub.add_parser("situations", help="check the situation readings (knowledge/situations) against the "
                                                   "source: quotes, terms, coverage of every document line; exit 1 if any problem")
    situations.add_argument("ids", nargs="*", metavar="ID", help="standard ids (default: every reading)")
    kb.set_defaults(handler=run)


def _engine(args: argparse.Namespace):
    """The configured database (qyzmet.cli puts the settings on args)."""
    return make_engine(database_url(args.settings.database_url))


def _session(args: argparse.Namespace):
    engine = _engine(args)
    if not inspect(engine).has_table("standards"):
        raise SystemExit("The knowledge base is empty: run `qyzmet kb build` first.")
    return session_factory(engine)()


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def run(args: argparse.Namespace) -> int:
    command = args.kb_command
    if command == "build":
        started = time.perf_counter()
        engine = _engine(args)
        if args.if_stale:
            built = build_info(engine)
            if built.get("fingerprint") == fingerprint():
                print(f"knowledge base up to date (built {built.get('built_at', '?')} from the same inputs, "
                      f"fingerprint {built['fingerprint'][:12]}; checked in {time.perf_counter() - started:.2f} s)")
                return 0
        try:
            parsed = build(engine)
        except SourceError as exc:
            print(f"error: {exc}\nThe database was left as it was.", file=sys.stderr)
            return 2
        n_std = sum(len(d.standards) for d in parsed.decrees)
        print(f"built: {len(parsed.decrees)} acts, {n_std} standards, {len(parsed.offices)} offices "
              f"in {time.perf_counter() - started:.1f} s")
        return 0
    if command == "situations":
        return _check_situations(args.ids)
    with _session(args) as session:
        if command == "export":
            _print_json(export_all(session))
            return 0
        if command == "show":
            standard = query.standard(session, args.id)
            if standard is None:
                known = ", ".join(sid for sid, _ in query.standard_ids(session))
                print(f"No standard {args.id!r}. Known ids: {known}", file=sys.stderr)
                return 1
            known = ["kk", *translation.languages()]
            if args.lang not in known:
                print(f"No language {args.lang!r}. Known: {', '.join(known)}", file=sys.stderr)
                return 1
            print(render(standard, args.lang))
            return 0
        if command == "offices":
            return _offices(session, args)
        if command == "check":
            return _check_translations(session, args.lang) if args.lang else _check(session)
    return 2


def _offices(session, args) -> int:
    if args.limit < 1:
        print("--limit must be at least 1", file=sys.stderr)
        return 2
    if args.near:
        try:
            lat, lon = (float(x) for x in args.near.split(","))
        except ValueError:
            print(f"--near expects LAT,LON such as 43.25,76.91; got {args.near!r}", file=sys.stderr)
            return 2
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            print(f"--near {args.near}: not a point on Earth", file=sys.stderr)
            return 2
        found = query.offices_near(session, lat, lon, kind=args.kind, limit=args.limit)
        result = [o.office | {"distance_km": o.distance_km} for o in found]
        if args.json:
            _print_json(result)
        else:
            for o in result:
                print(f"{o['distance_km']:8.1f} km  {o['name']} — {o['address']} {' '.join(o['phones'])}")
        return 0
    match = query.offices_in_place(session, args.place, kind=args.kind, limit=args.limit)
    if args.json:
        _print_json({"place": match.place, "offices": match.offices, "regions": match.regions})
    elif match.place is None:
        print(f"Place {args.place!r} not found. Regions: {', '.join(match.regions)}")
    else:
        for o in match.offices:
            print(f"{o['name']} — {o['address']} {' '.join(o['phones'])}")
    return 0


def _check_translations(session, language: str) -> int:
    data = export_all(session)
    standards = data["standards"]
    problems = translation.check(standards, language)
    for p in problems:
        kk = " ".join(p.kk.split())
        print(f"{p.kind.upper()} {language} {p.standard} {p.key}: {kk[:100]}{'…' if len(kk) > 100 else ''}")
    total = sum(len(translation.units(s)) for s in standards)
    stale = sum(p.kind == "stale" for p in problems)
    print(f"{language}: {total - len(problems)} of {total} texts translated and current, "
          f"{len(problems) - stale} missing, {stale} stale")
    office_problems = office_translation.check(data["offices"], language)
    for p in office_problems:
        print(f"{p.kind.upper()} {language} office {p.office} {p.key}: {p.kk[:100]}")
    offices = data["offices"]
    bad = len(offices) if any(p.office == "*" for p in office_problems) else len({p.office for p in office_problems})
    print(f"{language}: {len(offices) - bad} of {len(offices)} offices rendered completely, {bad} with problems")
    return 1 if problems or office_problems else 0


def _check(session) -> int:
    missing = 0
    data = export_all(session)   # the same view the bot and evaluators read
    for s in data["standards"]:
        for field in REQUIRED_FIELDS:
            if not s.get(field):
                missing += 1
                print(f"MISSING {s['id']}: {field} ({s['source']['file']}:{s['source']['lines'][0]})")
        if not s["fee"]["free"] and not s["fee"]["amounts"]:
            missing += 1
            print(f"MISSING {s['id']}: fee amount of a paid service")
    flags = session.scalars(select(models.QualityFlag).order_by(models.QualityFlag.subject,
                                                                 models.QualityFlag.subject_id)).all()
    for f in flags:
        where = f"{f.file}:{f.line_start}" if f.file else "-"
        print(f"FLAG {f.subject} {f.subject_id} {f.code}: {f.message} [{where}]")
    print(f"{len(data['standards'])} standards, {len(data['offices'])} offices, {len(flags)} quality flags, "
          f"{missing} missing required fields")
    return 1 if missing else 0


def _check_situations(ids: list[str]) -> int:
    from knowledge import situation, situation_check
    from knowledge.parse.offices import OFFICE_KINDS
    from knowledge.parse.standards import parse_decree

    wanted = ids or situation.available()
    unknown = [i for i in wanted if not situation.path_of(i).exists()]
    for i in unknown:
        print(f"PROBLEM {i}: no file {situation.path_of(i)}")
    document_lines: dict[str, set[int]] = {}
    for path in bundled_sources():
        for parsed in parse_decree(read_document(path)).standards:
            rec = parsed.record
            document_lines[rec["id"]] = {item["provenance"]["lines"][0] for sc in rec["documents"]["scenarios"]
                                         for item in sc["items"]}
    found = len(unknown)
    for sid in wanted:
        if sid in unknown:
            continue
        reading = situation.load(sid)
        for problem in situation_check.problems(reading, document_lines.get(sid)):
            found += 1
            print(f"PROBLEM {problem}")
        print(f"{sid}: {len(reading.situations)} situations checked")
    from knowledge import complaint
    kinds = frozenset({"hqo", *OFFICE_KINDS})          # "hqo": any ЦОН, whichever its rank
    for sid in ids or complaint.available():
        routes = complaint.load(sid)
        if routes is None:
            found += 1
            print(f"PROBLEM {sid}: no file {complaint.path_of(sid)}")
            continue
        for problem in complaint.problems(routes, kinds):
            found += 1
            print(f"PROBLEM {problem}")
    print(f"{len(wanted)} readings and their complaint routes, {found} problems")
    return 1 if found else 0
