"""The offices in memory: read once, then ranked and filtered without a query per turn.

`knowledge.query.offices_near` and `offices_in_place` answer the same questions from
the database; a running assistant asks them on every office turn, and 1,432 offices
with their 30,000 standard links fit easily in memory. The knowledge base does not
change under a running assistant (a `kb build` is picked up at the next start), so a
snapshot taken at start-up is what every turn sees.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge import geo, models
from knowledge.export import languages, office_dict, translations
from knowledge.query import NearbyOffice, PlaceMatch, nearest_first, place_info, rank_in_place


def _is_kind(office: dict, kind: str | None) -> bool:
    """"hqo" matches every ХҚО level (hqo_filial, hqo_department, hqo_sub_branch), as the query does."""
    return not kind or office["kind"] == kind or office["kind"].startswith(kind + "_")


@dataclass(frozen=True)
class OfficeCatalog:
    offices: tuple[dict, ...]                                # sorted by id, as office_dict gives them
    by_standard: dict[str, frozenset[str]] = field(default_factory=dict)
    # (kind, standard) -> its offices: a few dozen combinations, each filtered once rather than per turn
    _selected: dict = field(default_factory=dict, compare=False, repr=False)
    _points: dict = field(default_factory=dict, compare=False, repr=False)      # the same, as `_located` needs

    @classmethod
    def load(cls, session: Session) -> OfficeCatalog:
        rows = session.scalars(select(models.Office).order_by(models.Office.id)
                               .options(selectinload(models.Office.standards))).all()
        texts = translations(session, "office", [r.id for r in rows])
        langs = languages(session)
        offices = tuple(office_dict(r, texts=texts.get(r.id), langs=langs) for r in rows)
        by_standard: dict[str, set[str]] = {}
        for office in offices:
            for sid in office["standards"]:
                by_standard.setdefault(sid, set()).add(office["id"])
        return cls(offices, {sid: frozenset(ids) for sid, ids in by_standard.items()})

    def _select(self, kind: str | None, standard_id: str | None) -> tuple[dict, ...]:
        found = self._selected.get((kind, standard_id))
        if found is None:
            linked = self.by_standard.get(standard_id, frozenset()) if standard_id else None
            found = self._selected[(kind, standard_id)] = tuple(
                o for o in self.offices if _is_kind(o, kind) and (linked is None or o["id"] in linked))
        return found

    def kinds(self, standard_id: str) -> set[str]:
        """The kinds of office a standard's appendices list."""
        linked = self.by_standard.get(standard_id, frozenset())
        return {o["kind"] for o in self.offices if o["id"] in linked}

    def near(self, lat: float, lon: float, kind: str | None = None, limit: int = 5,
             standard_id: str | None = None) -> list[NearbyOffice]:
        """The nearest first, as `query.nearest_first` ranks them (at the same distance, the office whose
        position is known better, then by id)."""
        offices, points, ranks = self._located(kind, standard_id)
        ranked = heapq.nsmallest(max(0, limit), zip(geo.distances_km(lat, lon, points), ranks, range(len(ranks))))
        return [NearbyOffice(offices[i], round(d, 2)) for d, _, i in ranked]

    def _located(self, kind: str | None, standard_id: str | None) -> tuple[tuple[dict, ...], tuple, tuple]:
        """The selection's offices with coordinates, their points, and their rank at the same distance."""
        found = self._points.get((kind, standard_id))
        if found is None:
            offices = tuple(o for o in self._select(kind, standard_id) if o["lat"] is not None)
            ranks = tuple(nearest_first(o["lat"], o["lon"])(o)[1:] for o in offices)     # (precision, id)
            found = self._points[(kind, standard_id)] = (
                offices, tuple(geo.Located.at(o["lat"], o["lon"]) for o in offices), ranks)
        return found

    def in_place(self, name: str, kind: str | None = None, limit: int = 20,
                 standard_id: str | None = None) -> PlaceMatch:
        """Offices in a settlement, district or region named in Kazakh or Russian."""
        from knowledge.regions import REGIONS

        places = geo.find_places(name)
        if not places:
            return PlaceMatch(None, [], [r.kk for r in REGIONS])
        place = places[0]
        return PlaceMatch(place_info(place), rank_in_place(place, self._select(kind, standard_id))[:limit], [])
