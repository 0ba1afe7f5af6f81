"""The office to go to: the nearest ХҚО, or the provider's own office (for services ХҚО do not take,
or when the citizen asks for the provider itself)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dialogs.messages import OfficeCard, Precision
from knowledge.catalog import OfficeCatalog
from knowledge.standard import Standard
from knowledge.regions import REGIONS, TODAY, successor, today_by_slug
from locales import N_, translations

KINDS = {"hqo": N_("Public service centre (PSC)"), "gcvp_branch": N_("State pension payment centre"),
         "mse_department": N_("Medical and social expert examination (MSE) department"),
         "employment_department": N_("Employment and social programmes department"),
         "oblast_employment_department": N_("Regional employment coordination department"),
         "akimat": N_("Akimat"), "akim_apparatus": N_("Akim's office"),
         "migration_police_unit": N_("Internal affairs (migration police)"),
         "internal_affairs_department": N_("Regional internal affairs department"),
         "defence_department": N_("Defence affairs department"),
         "committee_department": N_("Control and social protection department"),
         "legal_statistics_office": N_("Legal statistics office")}


# Offices where citizens apply in person, best first. A standard's appendices also list
# regional departments and akims' offices, but as addresses for complaints.
FRONT_OFFICES = ("mse_department", "gcvp_branch", "employment_department", "migration_police_unit",
                 "legal_statistics_office", "akimat", "defence_department")


def kind_for(catalog: OfficeCatalog, standard: Standard | None, channel: str | None = None) -> str | None:
    """The kind of office to send the citizen to, or None when the service has none for that channel.

    channel None: whatever the citizen can use, the ХҚО when the standard takes applications there,
    else the provider's own front office; "hqo": the ХҚО only; "authority": the provider's own front
    office as the standard's appendices list it (migration police, a defence department, a legal
    statistics office…), never a ХҚО. Any other channel (the portal) has no office. No service named
    yet: the ХҚО."""
    if channel not in (None, "hqo", "authority"):
        return None
    if standard is None:
        return "hqo" if channel != "authority" else None
    if channel != "authority" and "hqo" in standard.channels:
        return "hqo"
    if channel == "hqo":
        return None
    linked = catalog.kinds(standard.id)
    return next((k for k in FRONT_OFFICES if k in linked), None)


def _kind_and_standard(catalog: OfficeCatalog, standard: Standard | None,
                       channel: str | None, kind: str | None = None) -> tuple[str | None, str | None]:
    """(kind, the standard whose lists to keep to): every ХҚО takes every service they take; a provider's
    offices are those its standard lists. `kind`, when given, is asked for by name (a complaint route's
    addressee: the regional internal affairs department)."""
    kind = kind or kind_for(catalog, standard, channel)
    return kind, None if kind == "hqo" or standard is None else standard.id


def card(office: dict, language: str, distance_km: float | None = None) -> OfficeCard:
    def pick(field: str):
        return office.get(f"{field}_{language}") or office.get(field)
    kind = "hqo" if office["kind"].startswith("hqo") else office["kind"]
    label = translations(language).gettext(KINDS[kind]) if kind in KINDS else ""
    name = pick("name")
    precision = _precision(office)
    located_at = pick(precision) or pick("region") if precision in AREAS else None
    return OfficeCard(name=f"{label}: {name}" if label and name else name or label, address=pick("address"),
                      phones=tuple(office["phones"]), hours=pick("hours"), lat=office["lat"], lon=office["lon"],
                      distance_km=distance_km, office_id=office["id"], precision=precision, located_at=located_at,
                      language=language)


AREAS = (Precision.SETTLEMENT, Precision.DISTRICT, Precision.REGION)
# the knowledge base places some city offices at their city district's centre ("city_district"):
# for a card that is a district whose centre stands for the office
_SAME_AS = {"city_district": Precision.DISTRICT}


def _precision(office: dict) -> Precision:
    """The knowledge base's geo_precision: an office is placed at its town's, district's or region's
    centre unless its own position is known."""
    if office.get("lat") is None:
        return Precision.UNKNOWN
    precision = office.get("geo_precision") or "unknown"
    try:
        return _SAME_AS.get(precision) or Precision(precision)
    except ValueError:
        return Precision.UNKNOWN


def near_point(catalog: OfficeCatalog, standard: Standard | None, lat: float, lon: float, language: str,
               limit: int = 1, channel: str | None = None, kind: str | None = None) -> list[OfficeCard]:
    kind, standard_id = _kind_and_standard(catalog, standard, channel, kind)
    if kind is None:
        return []
    found = catalog.near(lat, lon, kind=kind, limit=limit, standard_id=standard_id)
    return [card(o.office, language, o.distance_km) for o in found]


def in_place(catalog: OfficeCatalog, standard: Standard | None, name: str, language: str,
             limit: int = 1, channel: str | None = None, kind: str | None = None) -> tuple[dict | None, list[OfficeCard]]:
    """(the place understood, its offices); (None, []) when the name is not a place we know; (place, [])
    when the service has no office for the channel."""
    kind, standard_id = _kind_and_standard(catalog, standard, channel, kind)
    match = catalog.in_place(name, kind=kind, limit=limit if kind else 0, standard_id=standard_id)
    if match.place is None or kind is None:
        return match.place, []
    if not match.offices and match.place.get("lat") is not None:
        # nothing listed inside that region: the nearest one anywhere
        return match.place, near_point(catalog, standard, match.place["lat"], match.place["lon"], language, limit,
                                       channel, kind)
    return match.place, [card(o, language) for o in match.offices]


PAGE = 3            # offices per message: a city may have a dozen, a screen shows three well
MOST = 30


def for_place(catalog: OfficeCatalog, standard: Standard | None, place: dict, language: str,
              start: int = 0, channel: str | None = None, kind: str | None = None) -> tuple[list[OfficeCard], bool]:
    """A page of offices for the place the citizen gave, and whether there are more.

    A shared location ranks by distance and says how far; a named district or region
    lists its own offices; a named town lists those nearest its centre, without a
    distance (the distance from a town's centre is not the distance from the citizen);
    a district picked from a region's list (`district_place`) lists the offices it was picked for."""
    want = min(start + PAGE + 1, MOST)
    cards: list[OfficeCard] = []
    if place.get("offices"):
        by_id = {o["id"]: o for o in catalog.offices}
        cards = [card(by_id[i], language) for i in place["offices"] if i in by_id][:want]
        return cards[start:start + PAGE], len(cards) > start + PAGE and start + PAGE < MOST
    if place.get("kind") in ("district", "region") and place.get("name"):
        _, cards = in_place(catalog, standard, place["name"], language, limit=want, channel=channel, kind=kind)
    if not cards and place.get("lat") is not None:
        cards = near_point(catalog, standard, place["lat"], place["lon"], language, limit=want, channel=channel,
                           kind=kind)
        if not place.get("shared"):
            cards = [replace(c, distance_km=None) for c in cards]
    return cards[start:start + PAGE], len(cards) > start + PAGE and start + PAGE < MOST


@dataclass(frozen=True, slots=True)
class District:
    """A district or town of a region, as its offices name it, with the offices there."""
    name_kk: str
    name_ru: str
    offices: tuple[str, ...]

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" and self.name_ru else self.name_kk


def _area_of(office: dict) -> tuple[str, str] | None:
    """(kk, ru) of the district, else the town, an office is in; None when the source's words are not a
    name (a parsing remnant such as "ауылының ауданы" starts with a small letter): such an office is
    still listed for the whole region, never under a garbled name."""
    for field in ("district", "settlement"):
        name = (office.get(field) or "").strip()
        if name[:1].isupper():
            return name, (office.get(f"{field}_ru") or "").strip() or name
    return None


def districts(catalog: OfficeCatalog, standard: Standard | None, slug: str, language: str,
              channel: str | None = None, kind: str | None = None) -> list[District]:
    """The districts and towns of today's region `slug` that have an office of the kind the service
    needs, in the language's alphabetical order; [] when the region is unknown or has none."""
    centre = region_centre(slug)
    kind, standard_id = _kind_and_standard(catalog, standard, channel, kind)
    if centre is None or kind is None:
        return []
    match = catalog.in_place(centre["name"], kind=kind, limit=len(catalog.offices), standard_id=standard_id)
    # one entry per district even where the source spells it two ways in one language
    # ("Осакаров ауданы", "Осақаров ауданы" are both "Осакаровский район")
    groups: list[tuple[str, str, list[str]]] = []
    for office in match.offices:
        area = _area_of(office)
        if area is None:
            continue
        same = next((g for g in groups if g[0] == area[0] or g[1] == area[1]), None)
        if same is None:
            groups.append((area[0], area[1], [office["id"]]))
        else:
            same[2].append(office["id"])
    found = [District(kk, ru, tuple(ids)) for kk, ru, ids in groups]
    return sorted(found, key=lambda d: alphabetical(d.name(language), language))


# the letters in the order of each alphabet (code points put Қ after Я)
_ALPHABETS = {"kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя", "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"}


def alphabetical(text: str, language: str) -> tuple[int, ...]:
    order = _ALPHABETS.get(language, _ALPHABETS["ru"])
    return tuple(order.find(ch) if ch in order else 100 + ord(ch) for ch in text.casefold())


def district_place(region_slug: str, district: District) -> dict:
    """A district picked from its region's list, as a place whose offices are those listed for it."""
    return {"name": district.name_kk, "name_ru": district.name_ru, "kind": "picked", "region": region_slug,
            "offices": list(district.offices), "lat": None, "lon": None, "shared": False}


def region_choices(language: str) -> list[tuple[str, str]]:
    """(slug, name) of today's 20 regions (17 oblasts, 3 cities): offered when a place cannot be found."""
    return [(r.slug, getattr(r, language, None) or r.kk) for r in TODAY]


def region_centre(slug: str) -> dict | None:
    """Today's region a slug names, as a place whose offices to list, nearest its centre first. A slug
    of 2012 (an earlier conversation's button, "south-kazakhstan") stands for its successor."""
    r = today_by_slug(slug)
    if r is None:
        old = next((x for x in REGIONS if x.slug == slug), None)
        r = successor(old) if old is not None else None
    if r is None:
        return None
    return {"name": r.kk, "name_ru": r.ru, "kind": "region", "lat": r.lat, "lon": r.lon, "shared": False}
