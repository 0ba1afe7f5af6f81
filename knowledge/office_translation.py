"""Offices for readers of another language: names and hours translated, addresses rendered by rules.

All of it is data in `knowledge/translations/<language>/offices.yml`:

    names:   {<fingerprint>: {kk: …, text: …}}   # each distinct office name, reviewed
    hours:   {<fingerprint>: {kk: …, text: …}}   # each distinct working-hours text
    places:  {Өскемен: Усть-Каменогорск, …}      # place names the shared tables lack
    address:
      types:      # the Kazakh type word follows a name: "Абай көшесі" -> "ул. Абай"
        - {kk: [қаласы, қ.], text: "г. {name}", place: settlement}   # a place: its name is translated too
        - {kk: [көшесі, к-сі], text: "ул. {name}"}                   # a street keeps the source's spelling
      numbers: [{kk: [үй], text: "д. {n}"}, …]     # a number and what it numbers
      words: {нөмірсіз үй: б/н, …}                 # whole parts said differently
      kazakh_letters: fold                         # written as the language writes them (ә -> а, қ -> к…)
      people:                                      # streets named after a person: the name's case
        types: [көшесі, даңғылы, …]                # the street types whose name is declined
        titles: [батыр, би, хан, …]                # "Қабанбай батыр" names a person
        names: [Абай, Жамбыл, …]                   # people a street is named after by one name
        not_people: [Красноармейский, …]           # names that only look like a surname
        surname_endings: [ов, ев, ин, …]
        endings: [[ова, овой], [ов, ова], …]        # the last word's ending -> the case's ending
        consonant: а                               # added to a last word ending in a consonant

An address is not translated line by line: 1432 addresses are the same few shapes
("Ақкөл қаласы, Абай көшесі, 12-үй"), so rules render them. Street names keep the
source's words in the language's letters ("Бейбітшілік көшесі" -> "ул. Бейбитшилик"),
a person's name in the case the language uses ("Мұқанов көшесі" -> "ул. Муканова",
"Қабанбай батыр көшесі" -> "ул. Кабанбай батыра"); the Kazakh original stays the
office's own address. Place names come from `places`, then from
the shared tables' columns for the language (`name_<lang>` in places.csv,
`district_<lang>` in districts.csv, `<lang>_guess` in the GeoNames extract, the
region's attribute), so a new language is a new folder.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.normalize import KAZAKH_FOLD, KAZAKH_LOWER, KAZAKH_UPPER, fold_kk
from knowledge.regions import REGIONS
from knowledge.translation import TRANSLATIONS, fingerprint, read_yaml

DATA = Path(__file__).resolve().parent / "data"
KAZAKH_LETTERS = re.compile(f"[{KAZAKH_LOWER}{KAZAKH_UPPER}]")


@dataclass(frozen=True, slots=True)
class AddressType:
    words: frozenset[str]     # the Kazakh type words: "көшесі", "к-сі"
    text: str                 # the rendering: "ул. {name}"
    place: str | None         # "region" | "district" | "settlement": the name is a place, looked up
    only_known: bool          # applies only to a known place while the address has no settlement yet


@dataclass(frozen=True, slots=True)
class People:
    """How a street named after a person is declined: which names are people, and the endings."""
    types: frozenset[str]                      # Kazakh type words whose names are declined
    titles: frozenset[str]                     # lower case
    names: frozenset[str]                      # folded
    not_people: frozenset[str]                 # folded
    surname_endings: tuple[str, ...]
    endings: tuple[tuple[str, str], ...]       # longest first
    consonant: str


@dataclass(frozen=True, slots=True)
class Rules:
    language: str
    names: dict[str, str]                      # fingerprint of the Kazakh name -> translation
    hours: dict[str, str]
    places: dict[str, str]                     # folded Kazakh place name -> translation
    types: list[AddressType]
    numbers: list[tuple[frozenset[str], str]]
    words: dict[str, str]
    letters: dict[int, str] | None = None      # str.translate table for Kazakh letters, None: kept
    people: People | None = None

    @property
    def type_words(self) -> frozenset[str]:
        return frozenset().union(*(t.words for t in self.types), *(w for w, _ in self.numbers))


@dataclass(slots=True)
class Rendered:
    texts: dict[str, str] = field(default_factory=dict)   # name, address, hours, region, district, settlement
    missing: list[str] = field(default_factory=list)      # "name", "hours": no translation for the Kazakh text
    unrendered: list[str] = field(default_factory=list)   # parts of the address no rule understood


def _entries(section) -> dict[str, str]:
    return {str(sha): str(e["text"]).strip() for sha, e in (section or {}).items()
            if isinstance(e, dict) and str(e.get("text") or "").strip()}


def _shared_places(language: str) -> dict[str, str]:
    """Kazakh -> language from the gazetteer's tables, by column naming convention."""
    out: dict[str, str] = {}

    def add(kk: str | None, other: str | None) -> None:
        if kk and other and fold_kk(kk) not in out:
            out[fold_kk(kk)] = other

    with (DATA / "places.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            add(row["name_kk"], row.get(f"name_{language}"))
    with (DATA / "districts.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            add(row["district_kk"], row.get(f"district_{language}"))
    with (DATA / "geonames_kz.tsv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f, delimiter="\t"), key=lambda r: -int(r["population"] or 0))
        for row in rows:   # the most populous of namesakes wins
            add(row["kk_guess"], row.get(f"{language}_guess"))
    for r in REGIONS:
        translated = getattr(r, language, None)
        for name in (r.kk, *r.aliases):
            add(name, translated)
        add(r.centre_kk, getattr(r, f"centre_{language}", None))
    return out


@functools.cache
def rules(language: str, root: Path = TRANSLATIONS) -> Rules | None:
    path = root / language / "offices.yml"
    if not path.exists():
        return None
    doc = read_yaml(path) or {}
    places = _shared_places(language)
    places.update({fold_kk(k): str(v) for k, v in (doc.get("places") or {}).items() if v})
    address = doc.get("address") or {}
    people = address.get("people")
    return Rules(
        language=language, names=_entries(doc.get("names")), hours=_entries(doc.get("hours")), places=places,
        types=[AddressType(frozenset(t["kk"]), t["text"], t.get("place"), bool(t.get("only_known")))
               for t in address.get("types") or []],
        numbers=[(frozenset(t["kk"]), t["text"]) for t in address.get("numbers") or []],
        words={fold_kk(k): v for k, v in (address.get("words") or {}).items()},
        letters=str.maketrans({**KAZAKH_FOLD, **{k.upper(): v.upper() for k, v in KAZAKH_FOLD.items()}})
        if address.get("kazakh_letters") == "fold" else None,
        people=People(
            types=frozenset(people.get("types") or ()), titles=frozenset(w.lower() for w in people.get("titles") or ()),
            names=frozenset(fold_kk(n) for n in people.get("names") or ()),
            not_people=frozenset(fold_kk(n) for n in people.get("not_people") or ()),
            surname_endings=tuple(people.get("surname_endings") or ()),
            endings=tuple(sorted(((str(a), str(b)) for a, b in people.get("endings") or ()), key=lambda e: -len(e[0]))),
            consonant=str(people.get("consonant") or ""),
        ) if people else None,
    )


def place_name(r: Rules, kk: str | None) -> str | None:
    """A settlement, district or region name in the language; None when unknown."""
    return r.places.get(fold_kk(kk)) if kk else None


# ------------------------------------------------------------------ addresses

_NUMBER = re.compile(r"^(?:№\s*)?\d+(?:\s*[«\"]?[а-яa-zәіөүұқғң][»\"]?)?(?:/\d+)?$", re.I)
_LINK = re.compile(r"\s*\b(?:www\.)?[\w.-]+\.(?:kz|ru|gov|com)\b\S*|\s*\b[\w.]+\.\s+kz\b", re.A)
# "19-үй", "9 «а»-үй", "15-шағынаудан": the hyphen only joins a number to its word
_JOINED = re.compile(r"(?<=[\d»а-яa-z])\s*-\s*(?=(?:үй|ғимарат|пәтер|кеңсе|қабат|шағын)\w*)", re.I)


def _units(part: str, type_words: frozenset[str]) -> list[tuple[list[str], str | None]]:
    """'Ақтау қаласы 15-шағынаудан 67 б ғимарат' -> [(['Ақтау'], 'қаласы'), (['15'], 'шағынаудан'), (['67','б'], 'ғимарат')]."""
    tokens = part.split()
    units: list[tuple[list[str], str | None]] = []
    name: list[str] = []
    i = 0
    while i < len(tokens):
        # type words are written in lower case: "А." in "А. Бөкейхан" is an initial
        word = tokens[i]
        pair = f"{word} {tokens[i + 1]}".rstrip(".") if i + 1 < len(tokens) else ""
        kind = next((k for k in (pair, word, word.rstrip(".")) if k and k in type_words), None)
        step = 2 if kind is not None and kind == pair else 1
        if kind is None or (not name and not (units and units[-1][1])):
            name.extend(tokens[i:i + step])          # a plain word, or a type word naming nothing
        elif name:
            units.append((name, kind))
            name = []
        # else: "даңғылы көшесі" — a second type word says nothing new
        i += step
    if name:
        units.append((name, None))
    return units


_INITIAL = re.compile(rf"^[А-ЯЁ{KAZAKH_UPPER}][а-яё{KAZAKH_LOWER}]{{0,3}}\.")   # "М.", "Ак.", "Қ.Сәтпаев"
_VOWELS = f"аеёиоуыэюя{KAZAKH_LOWER}".replace("ғ", "").replace("қ", "").replace("ң", "").replace("һ", "")


def _is_person(p: People, name: str) -> bool:
    """Does a street name name a person: an initial, a title ("батыр", "би"), a surname's ending
    ("Мұқанов", "Мәметова", "Чайковский") or a name listed as one ("Абай", "Гоголь")?"""
    words = name.split()
    if not words or fold_kk(name) in p.not_people or fold_kk(words[-1]) in p.not_people:
        return False
    return bool(_INITIAL.match(words[0])) or words[-1].lower() in p.titles or fold_kk(words[-1]) in p.names \
        or (len(words[-1]) > 4 and words[-1].lower().endswith(p.surname_endings))


def _declined(p: People, name: str) -> str:
    """The name with its last word in the case: "Мұқанов" -> "Мұқанова", "Абай" -> "Абая",
    "Қабанбай батыр" -> "Қабанбай батыра", "Төле би" (a vowel) -> "Төле би"."""
    head, _, last = name.rpartition(" ")
    low = last.lower()
    for ending, case in p.endings:
        if low.endswith(ending):
            last = last[: len(last) - len(ending)] + case
            break
    else:
        if low[-1:] not in _VOWELS and low[-1:].isalpha():
            last += p.consonant
    return f"{head} {last}" if head else last


def _street(r: Rules, name: str, kind: str) -> str:
    if r.people and kind in r.people.types and _is_person(r.people, name):
        return _declined(r.people, name)
    return name


def _render_unit(r: Rules, name_tokens: list[str], kind: str | None, has_settlement: bool) -> tuple[str, bool, str | None]:
    """(text, understood, the place level it named)."""
    name = " ".join(name_tokens).strip(" .")
    if kind is None:
        said = r.words.get(fold_kk(name))
        if said is not None:
            return said, True, None
        understood = not KAZAKH_LETTERS.search(name) or name[:1].isupper() or bool(_NUMBER.match(name))
        return name, understood, None
    for words, template in r.numbers:
        if kind in words and _NUMBER.match(name):
            return template.format(n=name), True, None
    for t in r.types:
        if kind not in t.words:
            continue
        if t.place is None:                      # a street: the source's name, a person's declined
            return t.text.format(name=_street(r, name, kind)), True, None
        if t.place in ("region", "district"):
            full = place_name(r, f"{name} {kind}")
            if full:
                return full, True, t.place       # "Ақкөл ауданы" -> "Аккольский район", not "район Акколь"
        known = place_name(r, name)
        if t.only_known and (not known or has_settlement):
            continue
        return t.text.format(name=known or name), True, t.place
    return f"{name} {kind}", False, None


def render_address(r: Rules, address: str) -> tuple[str, list[str]]:
    """The address for readers of the language, and the parts no rule understood."""
    text = re.sub(r"(\b[кқа]\.)(?=\d)", r"\1 ", address)      # "к.12" -> "к. 12"
    text = _JOINED.sub(" ", text)
    text = re.sub(r",\s*(?=(?:көшесі|даңғылы)\b)", " ", text)    # "Егемен Қазақстан, көшесі"
    out, unrendered = [], []
    has_settlement = False
    for part in text.split(","):
        links = [link.strip() for link in _LINK.findall(part)]   # some akimat rows carry their web site
        part = _LINK.sub("", part).strip()
        if not part:
            out.extend(links)
            continue
        said = r.words.get(fold_kk(part.rstrip(".")))
        if said is not None:
            out.append(" ".join([said, *links]))
            continue
        pieces = []
        for name_tokens, kind in _units(part, r.type_words):
            piece, understood, level = _render_unit(r, name_tokens, kind, has_settlement)
            has_settlement = has_settlement or level == "settlement"
            pieces.append(piece)
            if not understood:
                unrendered.append(piece)
        out.append(" ".join(pieces + links))
    text = ", ".join(p for p in out if p)
    return (text.translate(r.letters) if r.letters else text), unrendered


# ------------------------------------------------------------------ offices

def as_dict(office) -> dict:
    """The fields rendering reads, from a parsed office record."""
    return {k: getattr(office, k) for k in ("name", "address", "hours", "region", "district", "settlement")}


def render(office: dict, r: Rules) -> Rendered:
    """One exported office in the rules' language."""
    done = Rendered()
    name = r.names.get(fingerprint(office["name"])) if office["name"].strip() else ""
    if name is None:
        done.missing.append("name")
    else:
        done.texts["name"] = name
    if office.get("hours"):
        hours = r.hours.get(fingerprint(office["hours"]))
        if hours is None:
            done.missing.append("hours")
        else:
            done.texts["hours"] = hours
    done.texts["address"], done.unrendered = render_address(r, office["address"])
    for key in ("region", "district", "settlement"):
        if office.get(key):
            done.texts[key] = place_name(r, office[key]) or _fallback_place(r, office[key])
    return done


def _fallback_place(r: Rules, kk: str) -> str:
    """A district or settlement the tables lack: rendered by the address rules ("X ауданы" -> "район X")."""
    text, _ = render_address(r, kk)
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    office: str
    key: str      # name | hours | address | offices.yml
    kind: str     # "missing" (no translation of the Kazakh text) | "unrendered" (no address rule understood a part)
    kk: str


def check(offices: list[dict], language: str, root: Path = TRANSLATIONS) -> list[Problem]:
    """Every office text the language cannot show: untranslated names and hours, address parts no rule reads."""
    r = rules(language, root)
    if r is None:
        return [Problem("*", "offices.yml", "missing", str(root / language / "offices.yml"))]
    problems = []
    for office in offices:
        done = render(office, r)
        problems += [Problem(office["id"], key, "missing", office[key]) for key in done.missing]
        problems += [Problem(office["id"], "address", "unrendered", part) for part in done.unrendered]
    return problems
