"""The regions: the 16 the 2012–2014 documents use (14 oblasts and two cities), and today's 20.

`REGIONS` are as the documents write them; Russian names are the official ones of
the time, and every office of the sources belongs to one of them. `TODAY` are the
regions a citizen names now, each mapped to the 2012 region whose office lists
cover it: Шымкент became a city of its own and Оңтүстік Қазақстан was renamed
Түркістан (2018); Абай oblast was made of Шығыс Қазақстан's west (Семей, Курчатов,
Абай, Аягөз, Бесқарағай, Бородулиха, Жарма, Көкпекті, Үржар, Мақаншы, Ақсуат),
Жетісу of Алматы oblast's north-east (Талдықорған, Текелі, Алакөл, Ақсу, Ескелді,
Кербұлақ, Көксу, Қаратал, Панфилов, Сарқан) and Ұлытау of Қарағанды's south-west
(Жезқазған, Сәтбаев, Қаражал, Ұлытау, Жаңаарқа), and Алматы oblast's centre moved
to Қонаев (all 2022). Which part a place is in is GeoNames' today's admin1 code
(`admin1`), as geonames_kz.tsv records it for each settlement.
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
    Region("south-kazakhstan", "Оңтүстік Қазақстан облысы", "Южно-Казахстанская область", "Шымкент", "Шымкент", 42.30988, 69.60042, ("ОҚО", "ЮКО")),
    Region("almaty-city", "Алматы қаласы", "город Алматы", "Алматы", "Алматы", 43.25249, 76.9115),
    Region("astana-city", "Астана қаласы", "город Астана", "Астана", "Астана", 51.1801, 71.44598),
)



@dataclass(frozen=True, slots=True)
class TodayRegion:
    """A region as it is today, and the 2012 region whose office lists cover it."""
    slug: str
    kk: str
    ru: str
    centre_kk: str
    centre_ru: str
    lat: float       # the centre's coordinates (GeoNames, as in geonames_kz.tsv)
    lon: float
    was: str         # slug of the 2012 region it lies in
    admin1: str      # GeoNames' admin1 code of today's region
    since: int | None = None        # the year it got today's name or borders
    aliases: tuple[str, ...] = ()


# The 17 oblasts and 3 cities of republican significance of today, in the order a list offers them.
TODAY: tuple[TodayRegion, ...] = (
    TodayRegion("abai", "Абай облысы", "Абайская область", "Семей", "Семей", 50.42064, 80.25025, "east-kazakhstan",
                "12510143", 2022, ("Абай обл",)),
    TodayRegion("akmola", "Ақмола облысы", "Акмолинская область", "Көкшетау", "Кокшетау", 53.28245, 69.39692, "akmola",
                "03", aliases=("Ақмола",)),
    TodayRegion("aktobe", "Ақтөбе облысы", "Актюбинская область", "Ақтөбе", "Актобе", 50.27969, 57.20718, "aktobe",
                "04", aliases=("Ақтөбе",)),
    TodayRegion("almaty-oblast", "Алматы облысы", "Алматинская область", "Қонаев", "Конаев", 43.86681, 77.06304,
                "almaty-oblast", "01", 2022),
    TodayRegion("atyrau", "Атырау облысы", "Атырауская область", "Атырау", "Атырау", 47.11667, 51.88333, "atyrau",
                "06", aliases=("Атырау",)),
    TodayRegion("west-kazakhstan", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "Орал", "Уральск",
                51.24601, 51.42558, "west-kazakhstan", "07", aliases=("БҚО", "ЗКО")),
    TodayRegion("zhambyl", "Жамбыл облысы", "Жамбылская область", "Тараз", "Тараз", 42.89799, 71.37334, "zhambyl",
                "17", aliases=("Жамбыл",)),
    TodayRegion("zhetisu", "Жетісу облысы", "Жетысуская область", "Талдықорған", "Талдыкорган", 45.01556, 78.37389,
                "almaty-oblast", "12510144", 2022, ("Жетысу облысы", "Жетісу обл")),
    TodayRegion("karaganda", "Қарағанды облысы", "Карагандинская область", "Қарағанды", "Караганда", 49.80187,
                73.10211, "karaganda", "12", aliases=("Қарағанды",)),
    TodayRegion("kostanay", "Қостанай облысы", "Костанайская область", "Қостанай", "Костанай", 53.21435, 63.62463,
                "kostanay", "13", aliases=("Қостанай",)),
    TodayRegion("kyzylorda", "Қызылорда облысы", "Кызылординская область", "Қызылорда", "Кызылорда", 44.85278,
                65.50917, "kyzylorda", "14", aliases=("Қызылорда",)),
    TodayRegion("mangystau", "Маңғыстау облысы", "Мангистауская область", "Ақтау", "Актау", 43.65, 51.2, "mangystau",
                "09", aliases=("Маңғыстау",)),
    TodayRegion("pavlodar", "Павлодар облысы", "Павлодарская область", "Павлодар", "Павлодар", 52.27601, 76.96881,
                "pavlodar", "11", aliases=("Павлодар",)),
    TodayRegion("north-kazakhstan", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "Петропавл",
                "Петропавловск", 54.86667, 69.15, "north-kazakhstan", "16", aliases=("СҚО", "СКО")),
    TodayRegion("turkistan", "Түркістан облысы", "Туркестанская область", "Түркістан", "Туркестан", 43.29458, 68.25685,
                "south-kazakhstan", "10", 2018),
    TodayRegion("ulytau", "Ұлытау облысы", "Улытауская область", "Жезқазған", "Жезказган", 47.79411, 67.70628,
                "karaganda", "12510145", 2022),
    TodayRegion("east-kazakhstan", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "Өскемен",
                "Усть-Каменогорск", 49.97143, 82.60586, "east-kazakhstan", "15", aliases=("ШҚО", "ВКО")),
    TodayRegion("astana-city", "Астана қаласы", "город Астана", "Астана", "Астана", 51.1801, 71.44598, "astana-city", "05"),
    TodayRegion("almaty-city", "Алматы қаласы", "город Алматы", "Алматы", "Алматы", 43.25249, 76.9115, "almaty-city", "02"),
    TodayRegion("shymkent-city", "Шымкент қаласы", "город Шымкент", "Шымкент", "Шымкент", 42.30988, 69.60042,
                "south-kazakhstan", "1537272", 2018),
)
# GeoNames codes the extract also uses: "08" is Байқоңыр (leased, inside Қызылорда oblast).
_ADMIN1_ALIASES = {"08": "14"}

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


_TODAY_BY_KEY: dict[str, TodayRegion] = {}
for _t in TODAY:
    for _name in (_t.kk, _t.ru, _t.slug, *_t.aliases):
        _TODAY_BY_KEY[fold_kk(_name)] = _t
_TODAY_BY_SLUG = {t.slug: t for t in TODAY}
_TODAY_BY_ADMIN1 = {t.admin1: t for t in TODAY}
_REGION_BY_SLUG = {r.slug: r for r in REGIONS}


def today_by_name(name: str) -> TodayRegion | None:
    """Today's region by any of its names ("Абай облысы", "Жетысуская область", "ВКО")."""
    return _TODAY_BY_KEY.get(fold_kk(name))


def today_by_slug(slug: str) -> TodayRegion | None:
    return _TODAY_BY_SLUG.get(slug)


def was(today: TodayRegion) -> Region:
    """The 2012 region whose office lists cover today's region."""
    return _REGION_BY_SLUG[today.was]


def successor(region: Region) -> TodayRegion:
    """Today's region that kept the 2012 region's core: the same slug, or Түркістан for Оңтүстік Қазақстан."""
    return _TODAY_BY_SLUG.get(region.slug) or _TODAY_BY_SLUG["turkistan"]


def today_of(region: Region, admin1: str | None) -> TodayRegion:
    """Today's region of a place in a 2012 region whose GeoNames admin1 code is known (or not)."""
    t = _TODAY_BY_ADMIN1.get(_ADMIN1_ALIASES.get(admin1 or "", admin1 or ""))
    return t if t is not None and t.was == region.slug else successor(region)
