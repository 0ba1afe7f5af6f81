"""The read API other components use (dialogs/): standards by id, offices near a point or in a place."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from knowledge import geo, models
from knowledge.export import languages, office_dict, standard_dict, translations
from knowledge.normalize import fold_kk


def _kind_filter(kind: str | None):
    """"hqo" matches every ХҚО level (hqo_filial, hqo_department, hqo_sub_branch)."""
    if not kind:
        return None
    return or_(models.Office.kind == kind, models.Office.kind.like(f"{kind}\\_%", escape="\\"))


def standard(session: Session, standard_id: str) -> dict | None:
    row = session.get(models.Standard, standard_id)
    if row is None:
        return None
    flags = session.scalars(select(models.QualityFlag).where(
        models.QualityFlag.subject == "standard", models.QualityFlag.subject_id == standard_id)).all()
    return standard_dict(row, list(flags), translations(session, "standard", [standard_id]).get(standard_id),
                         languages(session))


def standard_ids(session: Session) -> list[tuple[str, str]]:
    return list(session.execute(select(models.Standard.id, models.Standard.title_kk).order_by(models.Standard.id)))


def office_kinds(session: Session, standard_id: str) -> set[str]:
    """The kinds of office a standard's appendices list."""
    return set(session.scalars(select(models.Office.kind).distinct().where(
        models.Office.standards.any(models.OfficeStandard.standard_id == standard_id))))


@dataclass(slots=True)
class NearbyOffice:
    office: dict
    distance_km: float


# How well an office's position is known, best first (knowledge.geo.GeoPoint.precision).
PRECISION = ("office", "city_district", "settlement", "district", "region")


def _get(office, name: str):
    """A field of an office as a dict (the catalogue), an ORM row or a result row (the database)."""
    return office[name] if isinstance(office, dict) else getattr(office, name)


def nearest_first(lat: float, lon: float):
    """Sort key of offices from a point: the nearest first; at the same distance, the office known
    to be in that town before one placed there only because its region's centre stands for it."""
    def key(office) -> tuple:
        olat, olon, precision = _get(office, "lat"), _get(office, "lon"), _get(office, "geo_precision")
        d = geo.distance_km(lat, lon, olat, olon) if olat is not None else math.inf
        return d, PRECISION.index(precision) if precision in PRECISION else len(PRECISION), _get(office, "id")
    return key


def in_region(place: geo.Place, office) -> bool:
    """Is the office in the region the place is in: its 2012 region, and today's part of it
    when the place is a region of today ("Абай облысы" is Шығыс Қазақстан's west)?"""
    if _get(office, "region") != place.region:
        return False
    if place.today is None:
        return True
    today = geo.today_region(place.region, _get(office, "lat"), _get(office, "lon"), _get(office, "geo_precision"))
    return today is not None and today.slug == place.today


def rank_in_place(place: geo.Place, offices) -> list:
    """The offices of the place's region (or today's part of it), the nearest to the place first: to the
    town, to the district's centre (its own offices first) or to the region's centre."""
    near = nearest_first(place.lat, place.lon)
    rows = [o for o in offices if in_region(place, o)]
    if place.kind == "district":
        return sorted(rows, key=lambda o: (not (_get(o, "district") and _same_name(_get(o, "district"), place.name_kk)),
                                           near(o)))
    return sorted(rows, key=near)


def place_info(place: geo.Place) -> dict:
    return {"kind": place.kind, "name_kk": place.name_kk, "name_ru": place.name_ru, "region": place.region,
            "lat": place.lat, "lon": place.lon, "today": place.today}


def offices_near(session: Session, lat: float, lon: float, kind: str | None = None, limit: int = 5,
                 standard_id: str | None = None) -> list[NearbyOffice]:
    # rank on coordinates alone, then load the few chosen offices whole: a turn of the
    # dialog must not materialise 1432 offices with their 30 000 standard links
    query = select(models.Office.id, models.Office.lat, models.Office.lon, models.Office.geo_precision).where(
        models.Office.lat.is_not(None))
    if (cond := _kind_filter(kind)) is not None:
        query = query.where(cond)
    if standard_id:
        query = query.where(models.Office.standards.any(models.OfficeStandard.standard_id == standard_id))
    keys = sorted(map(nearest_first(lat, lon), session.execute(query)))[:max(0, limit)]
    ranked = [(d, office_id) for d, _, office_id in keys]
    rows = {o.id: o for o in session.scalars(select(models.Office).where(models.Office.id.in_([i for _, i in ranked]))
                                             .options(selectinload(models.Office.standards)))}
    chosen = [rows[i] for _, i in ranked]
    return [NearbyOffice(o, round(d, 2)) for o, (d, _) in zip(_office_dicts(session, chosen), ranked)]


def _office_dicts(session: Session, rows: list[models.Office]) -> list[dict]:
    """Offices as plain data with their translated names and addresses."""
    texts = translations(session, "office", [r.id for r in rows])
    langs = languages(session)
    return [office_dict(r, texts=texts.get(r.id), langs=langs) for r in rows]


def _same_name(a: str, b: str) -> bool:
    """"Ақкөл ауданы" and "Ақкөл" name the same district."""
    return fold_kk(a).split()[:1] == fold_kk(b).split()[:1]


@dataclass(slots=True)
class PlaceMatch:
    place: dict | None          # the place understood, None if nothing matched
    offices: list[dict]
    regions: list[str]          # offered when the place is unknown: never a dead end


def offices_in_place(session: Session, name: str, kind: str | None = None, limit: int = 20,
                     standard_id: str | None = None) -> PlaceMatch:
    """Offices in a settlement, district or region named in Kazakh or Russian."""
    from knowledge.regions import REGIONS

    places = geo.find_places(name)
    if not places:
        return PlaceMatch(None, [], [r.kk for r in REGIONS])
    place = places[0]
    query = select(models.Office).where(models.Office.region == place.region).options(selectinload(models.Office.standards))
    if (cond := _kind_filter(kind)) is not None:
        query = query.where(cond)
    if standard_id:
        query = query.where(models.Office.standards.any(models.OfficeStandard.standard_id == standard_id))
    ranked = rank_in_place(place, session.scalars(query).all())
    return PlaceMatch(place_info(place), _office_dicts(session, ranked[:limit]), [])
