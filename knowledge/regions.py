"""The 16 top-level regions the 2012–2014 documents use (14 oblasts and two cities).

Names are as the documents write them; Russian names are the official ones of
the time. Later reforms (Түркістан, Абай, Жетісу, Ұлытау oblasts; Шымкент as a
city of republican significance) are not part of these sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.normalize import fold_kk


@dataclass(frozen=True, slots=True)
class Region:
    slug: str
    kk: str          # as in the sources, e.g. "Ақмола облысы"
    ru: str          # e.g. "Акмолинская область"
    centre_kk: str   # administrative centre as in the sources
    centre_ru: str
    lat: float       # the centre's coordinates (GeoNames)
    lon: float
    aliases: tuple[str, ...] = ()   # abbreviations and other spellings seen in the sources or in use


REGIONS: tuple[Region, ...] = (
    Region("akmola", "Ақмола облысы", "Акмолинская область", "Көкшетау", "Кокшетау", 53.28245, 69.39692, ("Ақмола",)),
    Region("aktobe", "Ақтөбе облысы", "Актюбинская область", "Ақтөбе", "Актобе", 50.27969, 57.20718, ("Ақтөбе",)),
    Region("almaty-oblast", "Алматы облысы", "Алматинская область", "Талдықорған", "Талдыкорган", 45.01556, 78.37389),
    Region("atyrau", "Атырау облысы", "Атырауская область", "Атырау", "Атырау", 47.11667, 51.88333, ("Атырау",)),
    Region("east-kazakhstan", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "Өскемен", "Усть-Каменогорск", 49.97143, 82.60586, ("ШҚО", "ВКО")),
    Region("zhambyl", "Жамбыл облысы", "Жамбылская область", "Тараз", "Тараз", 42.89799, 71.37334, ("Жамбыл",)),
    Region("west-kazakhstan", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "Орал", "Уральск", 51.24601, 51.42558, ("БҚО", "ЗКО")),
    Region("karaganda", "Қарағанды облысы", "Карагандинская область", "Қарағанды", "Караганда", 49.80187, 73.10211, ("Қарағанды",)),
    Region("kostanay", "Қостанай облысы", "Костанайская область", "Қостанай", "Костанай", 53.21435, 63.62463, ("Қостанай",)),
    Region("kyzylorda", "Қызылорда облысы", "Кызылординская область", "Қызылорда", "Кызылорда", 44.85278, 65.50917, ("Қызылорда",)),
    Region("mangystau", "Маңғыстау облысы", "Мангистауская область", "Ақтау", "Актау", 43.65, 51.2, ("Маңғыстау",)),
    Region("pavlodar", "Павлодар облысы", "Павлодарская область", "Павлодар", "Павлодар", 52.27601, 76.96881, ("Павлодар",)),
    Region("north-kazakhstan", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "Петропавл", "Петропавловск", 54.86667, 69.15, ("СҚО", "СКО")),
    Region("south-kazakhstan", "Оңтүстік Қазақстан облысы", "Южно-Казахстанская область", "Шымкент", "Шымкент", 42.30988, 69.60042, ("ОҚО", "ЮКО", "Түркістан облысы")),
    Region("almaty-city", "Алматы қаласы", "город Алматы", "Алматы", "Алматы", 43.25249, 76.9115),
    Region("astana-city", "Астана қаласы", "город Астана", "Астана", "Астана", 51.1801, 71.44598),
)

_BY_KEY: dict[str, Region] = {}
for _r in REGIONS:
    for _name in (_r.kk, _r.ru, _r.slug, *_r.aliases):
        _BY_KEY[fold_kk(_name)] = _r


def region_by_name(name: str) -> Region | None:
    """Find a region by any of its names ("Ақмола облысы", "Акмолинская область", "ВКО")."""
    return _BY_KEY.get(fold_kk(name))


def region_in_text(text: str) -> Region | None:
    """The region a caption or header names, e.g. "«Ақмола облысы бойынша ХҚО» РМК филиалы".

    "Алматы облысы" and "Алматы қаласы" share a word, so the longest match wins.
    """
    key = fold_kk(text)
    best: tuple[int, Region] | None = None
    for r in REGIONS:
        for name in (r.kk, r.ru, *r.aliases):
            k = fold_kk(name)
            if len(k) >= 3 and f" {k} " in f" {key} " and (best is None or len(k) > best[0]):
                best = (len(k), r)
    if best is None:
        # declined forms: "Ақмола облысының", "Алматы қаласының", "облыстық филиалы"
        for r in REGIONS:
            stem = fold_kk(r.kk).split()[0]
            kind = "облыс" if "облыс" in r.kk else "кала"
            if f" {stem} {kind}" in f" {key}":
                return r
    return best[1] if best else None
