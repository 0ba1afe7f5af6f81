"""The in-memory office catalogue answers exactly as the database queries do."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from knowledge import query
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
