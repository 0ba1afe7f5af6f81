"""The in-memory office catalogue answers exactly as the database queries do."""

from __future__ import annotations

import random

import pytest
from sqlalchemy.orm import Session

from knowledge import geo, query
from knowledge.catalog import OfficeCatalog


@pytest.fixture(scope="module")
def catalog(sqlite_engine):
    with Session(sqlite_engine) as session:
        return OfficeCatalog.load(session)


@pytest.mark.parametrize("lat, lon, kind, standard_id", [
    (51.1605, 71.4704, "hqo", None),                    # Астана
    (43.2567, 76.9286, "hqo", None),                    # Алматы
    (52.2873, 76.9674, "mse_department", "1059-08"),     # Павлодар, a provider's own office (МСЭ)
    (49.8047, 73.1094, None, "1059-01"),                 # Караганда, any kind linked to the standard
])
def test_nearest_offices_match_the_database_query(sqlite_engine, catalog, lat, lon, kind, standard_id):
    with Session(sqlite_engine) as session:
        expected = query.offices_near(session, lat, lon, kind=kind, limit=6, standard_id=standard_id)
    got = catalog.near(lat, lon, kind=kind, limit=6, standard_id=standard_id)
    assert [(o.office["id"], o.distance_km) for o in got] == [(o.office["id"], o.distance_km) for o in expected]
    assert got and got[0].office == expected[0].office


@pytest.mark.parametrize("name, kind", [("Өскемен", "hqo"), ("Алматы", "hqo"), ("Павлодар облысы", None),
                                        ("Блаблаград", "hqo")])
def test_offices_in_a_place_match_the_database_query(sqlite_engine, catalog, name, kind):
    with Session(sqlite_engine) as session:
        expected = query.offices_in_place(session, name, kind=kind, limit=8)
    got = catalog.in_place(name, kind=kind, limit=8)
    assert got.place == expected.place and got.regions == expected.regions
    assert [o["id"] for o in got.offices] == [o["id"] for o in expected.offices]


def test_the_kinds_a_standard_lists(sqlite_engine, catalog):
    with Session(sqlite_engine) as session:
        for sid in ("1059-08", "1486-02", "363-01", "1059-13"):
            assert catalog.kinds(sid) == query.office_kinds(session, sid)


def test_nearest_offices_match_the_database_query_across_the_country(sqlite_engine, catalog):
    """The catalogue's distances are computed from what it keeps of each office (geo.Located), not by
    geo.distance_km: the same offices, in the same order, at the same rounded distances, from points
    all over the country (and beyond it) and for every kind of selection."""
    rng = random.Random(2026)
    points = [(rng.uniform(40.0, 56.0), rng.uniform(46.0, 88.0)) for _ in range(40)] + [(0.0, 0.0), (89.9, -179.9)]
    with Session(sqlite_engine) as session:
        for i, (lat, lon) in enumerate(points):
            kind, standard_id = [("hqo", None), (None, None), (None, "1059-01"), ("mse_department", "1059-08")][i % 4]
            expected = query.offices_near(session, lat, lon, kind=kind, limit=7, standard_id=standard_id)
            got = catalog.near(lat, lon, kind=kind, limit=7, standard_id=standard_id)
            assert [(o.office["id"], o.distance_km) for o in got] == \
                [(o.office["id"], o.distance_km) for o in expected], (lat, lon, kind, standard_id)


def test_distances_are_the_very_floats_of_the_haversine():
    rng = random.Random(7)
    points = [geo.Located.at(rng.uniform(-89, 89), rng.uniform(-180, 180)) for _ in range(300)]
    for lat, lon in [(51.1605, 71.4704), (43.2567, 76.9286), (0.0, 0.0), (-33.9, 151.2)]:
        assert geo.distances_km(lat, lon, points) == [geo.distance_km(lat, lon, p.lat, p.lon) for p in points]
