"""A standard's complaint routes, resolved and cited: to whom, where, the phones with their area
codes, by when the answer comes, and the court (knowledge/complaints/<id>.yml, described in its README).

The quotes are checked against the source like the situation readings' (knowledge.situation).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from knowledge.situation import SOURCES, Cite, Fact, Flag, FlagKind, Unit, read_cites, read_fact, read_text
from knowledge.situation_check import check_cites, check_fact, number_quoted, source_lines
from knowledge.translation import read_yaml

COMPLAINTS = Path(__file__).resolve().parent / "complaints"
HOW = frozenset({"in_person", "in_writing", "post", "online", "phone", "box", "blog", "call_centre"})


class About(StrEnum):
    RESULT = "result"            # the decision: a refusal, the outcome
    CONDUCT = "conduct"          # how the citizen was served


class Whose(StrEnum):
    HQO = "hqo"                  # a ЦОН's staff
    AUTHORITY = "authority"      # the provider's staff or decision
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Phone:
    number: str
    sources: tuple[Cite, ...]
    area_code_added: bool
    why: str


@dataclass(frozen=True, slots=True)
class Route:
    about: About
    whose: Whose
    to: Fact
    how: tuple[str, ...]
    offices: str | None            # the kind of office an appendix lists: the citizen's nearest one
    address: Fact | None
    phones: tuple[Phone, ...]


@dataclass(frozen=True, slots=True)
class Term:
    value: int | float | None
    unit: Unit | None
    law: Fact | None
    sources: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Routes:
    standard: str
    source_file: str
    routes: tuple[Route, ...]
    response: tuple[Term, ...]
    court: Fact | None
    flags: tuple[Flag, ...]

    def about(self, about: About, whose: Whose | None = None) -> tuple[Route, ...]:
        return tuple(r for r in self.routes if r.about == about and (whose is None or r.whose in (whose, Whose.ANY)))


def parse_routes(d: dict) -> Routes:
    def term(x: dict) -> Term:
        if x.get("law"):
            return Term(None, None, read_fact(x["law"]), read_cites(x["law"].get("source")))
        return Term(x.get("value"), Unit(x["unit"]), None, read_cites(x.get("source")))

    return Routes(
        standard=str(d["standard"]), source_file=str(d["source"]),
        routes=tuple(Route(
            About(r["about"]), Whose(r.get("whose") or "any"), read_fact(r["to"]), tuple(r.get("how") or ()),
            r.get("offices"), read_fact(r.get("address")),
            tuple(Phone(str(p["number"]), read_cites(p.get("source")), bool(p.get("area_code_added")), str(p.get("why") or ""))
                  for p in r.get("phones") or ())) for r in d.get("routes") or ()),
        response=tuple(term(x) for x in d.get("response") or ()),
        court=read_fact(d.get("court")),
        flags=tuple(Flag(FlagKind(f["kind"]), read_text(f), read_cites(f.get("source"))) for f in d.get("flags") or ()))


def path_of(standard_id: str) -> Path:
    return COMPLAINTS / f"{standard_id}.yml"


@functools.cache
def load(standard_id: str) -> Routes | None:
    path = path_of(standard_id)
    return parse_routes(read_yaml(path)) if path.exists() else None


def available() -> list[str]:
    return sorted(p.stem for p in COMPLAINTS.glob("*.yml"))


def problems(routes: Routes, office_kinds: frozenset[str] | None = None) -> list[str]:
    """What is wrong with a file of routes: quotes, texts in both languages, kinds, phones, terms."""
    out: list[str] = []
    if not (SOURCES / routes.source_file).exists():
        return [f"{routes.standard} complaints: no source file {routes.source_file}"]
    lines = source_lines(routes.source_file)
    where = f"{routes.standard} complaints"
    if not routes.routes:
        out.append(f"{where}: no routes")
    for i, r in enumerate(routes.routes, 1):
        here = f"{where} route {i}"
        check_fact(f"{here} to", r.to, lines, out)
        if r.address is not None:
            check_fact(f"{here} address", r.address, lines, out)
        if not set(r.how) <= HOW:
            out.append(f"{here}: unknown ways {sorted(set(r.how) - HOW)}")
        if r.offices and office_kinds is not None and r.offices not in office_kinds:
            out.append(f"{here}: no office kind {r.offices!r}")
        for p in r.phones:
            check_cites(f"{here} phone {p.number}", p.sources, lines, out)
            if p.number != "1414" and not p.number.lstrip("+8 ").startswith("("):
                out.append(f"{here}: phone {p.number} has no area code")
            if p.area_code_added and not p.why:
                out.append(f"{here}: phone {p.number}: an area code added without saying why")
    for i, t in enumerate(routes.response, 1):
        if t.law is not None:
            check_fact(f"{where} response {i}", t.law, lines, out)
        else:
            check_cites(f"{where} response {i}", t.sources, lines, out)
            if not number_quoted(t.value, t.sources):
                out.append(f"{where} response {i}: {t.value} does not appear in its quotes")
    if routes.court is not None:
        check_fact(f"{where} court", routes.court, lines, out)
    for i, f in enumerate(routes.flags, 1):
        check_cites(f"{where} flag {i}", f.sources, lines, out)
    return out
