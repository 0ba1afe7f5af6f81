"""Merge the copies of the office lists into distinct offices.

The same 2012 ХҚО network is printed 25 times across the five files (10 copies
in 000, 8 in 001, 2 in 002, 1 in 003, the 25-row summary ×4 in 004) with
Russian/Kazakh spelling variants, `бөлімі`/`бөлімшесі` swaps and dropped
district prefixes. Copies are matched one at a time against the offices found
so far, strongest evidence first (exact name, folded name, one-per-region
kinds, shared phone, shared address), and a copy may claim each office only
once – so two rows of one copy are never merged, however alike their names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from knowledge.normalize import KAZAKH_LOWER, KAZAKH_UPPER, cached, fold_kk, squash, to_latin
from knowledge.parse.offices import format_phone, is_local, phone_digits
from knowledge.records import Flag, Office, OfficeRow
from knowledge.regions import region_by_name

# Kinds whose lists hold one office per region: region + kind is the identity.
ONE_PER_REGION = {"hqo_filial", "defence_department", "committee_department",
                  "oblast_employment_department", "akim_apparatus", "legal_statistics_office",
                  "internal_affairs_department"}


def family(kind: str) -> str:
    return "hqo" if kind.startswith("hqo_") else kind


# --- name keys ------------------------------------------------------------------------

# Russian and Kazakh spellings of the same place (notes seeds-000-001 §4.3,
# seeds-002-004 §6), after fold_kk.
SPELLINGS = {
    "качиры": "кашыр", "петропавловск": "петропавл", "сатпаев": "сатбаев", "ленгир": "ленгир",
    "лисаковск": "лисаков", "лисоковск": "лисаков", "ушарал": "ушарал", "шемонаиха": "шемонаих",
    "сарань": "саран", "степногорск": "степногор", "зыряновск": "зырянов",
    "мамлютка": "мамлют", "таиынша": "таиынша", "таиыншы": "таиынша", "житикара": "жетикара",
    "казталов": "казталов", "моиынкум": "моиынкум", "туркисиб": "турксиб", "жетысу": "жетису",
    "тилеби": "толе би", "толеби": "толе би", "карақиян": "каракия", "каракиян": "каракия",
    "тимерязев": "тимирязев", "явленко": "явленка", "булаев": "булаево",
}


# The keys are cached: the 25 copies repeat the same few thousand names and addresses.
@cached(1 << 13)
def _strong_key(name: str) -> str:
    k = fold_kk(name).replace("«", " ").replace("»", " ")
    k = re.sub(r"\bрмк\b|\bмм\b", " ", k)
    k = re.sub(r"№\s*(\d+)", r"n\1", k)
    return squash(" ".join(SPELLINGS.get(w, w) for w in k.split()))


_WEAK = [
    (r"\b(бол\w*)\b", ""),
    (r"\b(аудандык|ауданы|ауданынын|аудан|ауд)\b", "аудан"),
    (r"\b(калалык|каласы|каласынын|кала|к)\b", "кала"),
    (r"\b(ауылынын|ауылы|ауылдык|ауыл)\b", "ауыл"),
    (r"\b(бойынша|филиалы|филилалы|филиал)\b", ""),
]


@cached(1 << 13)
def _weak_key(name: str, numbers: bool = True) -> str:
    k = _strong_key(name)
    for pat, rep in _WEAK:
        k = re.sub(pat, rep, k)
    if not numbers:
        k = re.sub(r"\bn\d+\b", " ", k)
    words = [re.sub(r"(ск|ская|ское)$", "", w) if len(w) > 6 else w for w in k.split()]
    return " ".join(words)


@cached(1 << 13)
def _address_key(address: str) -> str:
    """Street and house, without the settlement/district prefix 001 drops."""
    parts = [p.strip() for p in fold_kk(address).split(",") if p.strip()]
    parts = [p for p in parts if not re.search(r"\b(облысы|ауданы|каласы|ауылы|кенти|селосы|ко|бко)$", p)]
    k = " ".join(parts)
    k = re.sub(r"\b(коше\w*|кошеси|дангылы|д лы|уи|уи|н ж|н з|ғимараты|гимараты)\b", " ", k)
    return re.sub(r"\s+", "", k)


# --- district and settlement ---------------------------------------------------------

_SETTLEMENT_TYPES = r"(қаласы|ауылы|кенті|селосы|станциясы|қ\.|а\.|с\.|ст\.|к\.)"


def place_of(address: str, name: str, region: str) -> tuple[str | None, str | None]:
    """(district, settlement) from an address like `Ақкөл ауданы, Ақкөл қаласы, …`,
    falling back to the office name (`Аршалы аудандық бөлімі` → Аршалы ауданы)."""
    district = settlement = None
    parts = [p.strip() for p in address.split(",") if p.strip()]
    for part in parts:
        if re.fullmatch(r"\d{6}", part) or part.endswith("облысы") or part in ("БҚО", "ШҚО", "ОҚО", "СҚО"):
            continue
        # where the settlement is expected, its type word may run on into the street: "Форт-Шевченко
        # қаласы Маяулыз көшесі, 6-үй", "Талдықорған қ. Тәуелсіздік к., 38." (003:225)
        m = re.match(rf"(.+?)\s+{_SETTLEMENT_TYPES}\s", part + " ")
        if m and settlement is None and not re.search(r"көшесі|даңғылы|ауданы", m.group(1)):
            settlement = m.group(1)
            break
        m = re.fullmatch(r"(.+?)\s+ауданы", part)
        if m and "шағын" not in part and district is None:
            district = f"{m.group(1)} ауданы"
            continue
        m = re.fullmatch(rf"(.+?)\s+{_SETTLEMENT_TYPES}", part)
        if m and settlement is None:
            # "к." is кенті only where a settlement is expected (before the street)
            settlement = m.group(1)
            continue
        break
    low = name.replace("«", "").replace("»", "")
    # "Шымкент қаласының ішкі істер басқармасы, Енбекші ауданының ПБ, Абай ауданының ПБ, …" (004:2367):
    # one row for the units of several districts is in none of them
    if district is None and len(re.findall(r"ауданының", low)) < 2:
        m = re.search(r"(\S+(?:\s+би)?)\s+(аудандық|ауданы бойынша|ауданының|ауданы)", low)
        # "Красный Яр ауылы аудандық бөлімі": the word before is a settlement type, not a district name
        if m and m.group(1) not in ("облыстық", "ауылы", "қаласы", "кенті", "селосы"):
            district = f"{m.group(1)} ауданы"
    if settlement is None:
        m = re.search(r"(\S+)\s+қалалық", low)
        if m and m.group(1).lower() not in ("қалалық",) and not m.group(1)[0].islower():
            settlement = m.group(1)
    r = region_by_name(region) if region else None
    if settlement is None and r is not None and ("қаласы" in r.kk or not district):
        settlement = r.centre_kk       # city regions; oblast-level offices sit in the centre
    return district, settlement


# --- slugs ------------------------------------------------------------------------------

def slug(text: str) -> str:
    s = to_latin(text.replace("№", " no "))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "office"


# --- merging ------------------------------------------------------------------------------

def _kazakh_letters(text: str) -> int:
    return len(re.findall(f"[{KAZAKH_LOWER}{KAZAKH_UPPER}]", text))


def _quality(r: OfficeRow) -> tuple:
    corrupt = any(f.code == "corrupt_row" for f in r.flags)
    return (not corrupt, bool(r.name), sum(p.startswith("+7") for p in r.phones),
            _kazakh_letters(r.name + r.address), len(r.address))


_KEY_FIELDS = ("strong", "weak", "bare", "address")


class _Cluster:
    __slots__ = ("rows", "family", "region", "keys")

    def __init__(self, row: OfficeRow, keys: _Keys):
        self.rows: list[OfficeRow] = []
        self.family = family(row.kind)
        self.region = row.region
        # every row's key of each field: "does any row share my key" is a set look-up
        self.keys: dict[str, set[str]] = {name: set() for name in _KEY_FIELDS}
        self.add(row, keys)

    def add(self, row: OfficeRow, keys: _Keys) -> None:
        self.rows.append(row)
        for name, seen in self.keys.items():
            value = getattr(keys, name)
            if value is not None:
                seen.add(value)

    def kinds(self) -> Counter:
        return Counter(r.kind for r in self.rows)

    def has(self, test) -> bool:
        return any(test(r) for r in self.rows)


class _Keys:
    """Match keys of one row, computed once (the ХҚО merge compares ~7 000 rows)."""
    __slots__ = ("strong", "weak", "bare", "address", "phones")

    def __init__(self, r: OfficeRow):
        self.strong = _strong_key(r.name) if r.name else None
        self.weak = _weak_key(r.name) if r.name else None
        self.bare = _weak_key(r.name, numbers=False) if r.name else None
        self.address = _address_key(r.address) or None
        # 004 prints the reception ("қабылдау бөлмесі") number in a column of its own
        phones = r.phones + r.extra.get("head_phones", [])
        self.phones = {phone_digits(p)[-5:] for p in phones if len(phone_digits(p)) >= 5}


def _tiers(keys: dict[int, _Keys]):
    def field_tier(name):
        def tier(r, c):
            mine = getattr(keys[id(r)], name)
            return mine is not None and mine in c.keys[name]
        return tier

    def same_kind(r, c):
        return r.kind in ONE_PER_REGION and all(x.kind == r.kind for x in c.rows)

    def shares_phone(r, c):
        mine = keys[id(r)].phones
        return bool(mine) and any(mine & keys[id(x)].phones for x in c.rows)

    def contained(r, c):
        # 004 "Алматы қаласы Әуезов ауданының ХҚО" ⊇ 000 "Әуезов ауданының бөлімі"
        mine = set((keys[id(r)].bare or "").split())
        return bool(mine) and any(x.kind == r.kind and keys[id(x)].bare and set(keys[id(x)].bare.split()) <= mine
                                  for x in c.rows)

    return [field_tier("strong"), field_tier("weak"), same_kind, field_tier("bare"), contained,
            shares_phone, field_tier("address")]


def merge_offices(rows: list[OfficeRow]) -> list[Office]:
    """Distinct offices from all copies of all lists, with every copy's span kept."""
    copies: dict[tuple, list[OfficeRow]] = defaultdict(list)
    for r in rows:
        copies[(r.span.file, r.standard_id, family(r.kind))].append(r)
    # the fullest, cleanest copy seeds the offices; the others are matched to it
    order = sorted(copies, key=lambda k: (-len(copies[k]),
                                          sum(len(r.flags) for r in copies[k]), k[0], copies[k][0].span.start))
    clusters: list[_Cluster] = []
    keys: dict[int, _Keys] = {}
    by_place: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
    for key in order:
        pending = list(copies[key])
        taken: set[int] = set()
        for r in pending:
            keys[id(r)] = _Keys(r)
        for tier in _tiers(keys):
            rest = []
            for r in pending:
                cands = [c for c in by_place[(family(r.kind), r.region)] if id(c) not in taken and tier(r, c)]
                cands.sort(key=lambda c: c.rows[0].kind != r.kind)   # prefer an office of the same kind
                if cands:
                    cands[0].add(r, keys[id(r)])
                    taken.add(id(cands[0]))
                else:
                    rest.append(r)
            pending = rest
        for r in pending:
            c = _Cluster(r, keys[id(r)])
            clusters.append(c)
            by_place[(c.family, c.region)].append(c)
            taken.add(id(c))
    offices = [_office(c) for c in clusters]
    _area_codes(offices, clusters)
    _unique_ids(offices)
    return offices


def _office(c: _Cluster) -> Office:
    best = max(c.rows, key=_quality)
    kinds = c.kinds()
    if c.family == "hqo":
        # a copy that prints the row unnumbered marks a sub-branch (000 does, 001 numbers them)
        kind = "hqo_filial" if kinds.get("hqo_filial") else \
            "hqo_sub_branch" if kinds.get("hqo_sub_branch") else "hqo_department"
    else:
        kind = kinds.most_common(1)[0][0]
    # the spelling most copies agree on (003 names the Алматы облысы filial "Алматы қаласы")
    counts = Counter(r.name for r in c.rows if r.name)
    named = sorted((r for r in c.rows if r.name), key=lambda r: (counts[r.name], _quality(r)), reverse=True)
    name = named[0].name if named else best.name
    variants: list[dict] = []
    seen = {("name", name), ("address", best.address)}
    for r in c.rows:
        for fld, val in (("name", r.name), ("address", r.address)):
            if val and (fld, val) not in seen:
                seen.add((fld, val))
                variants.append({"field": fld, "value": val, "source": r.span.cite()})
    phones = list(best.phones) or next((r.phones for r in c.rows if r.phones), [])
    emails: list[str] = []
    for r in sorted(c.rows, key=_quality, reverse=True):
        for e in r.emails:
            if e.lower() not in {x.lower() for x in emails}:
                emails.append(e)
    hours = best.hours or next((r.hours for r in c.rows if r.hours), None)
    address = best.address or next((r.address for r in c.rows if r.address), "")
    district, settlement = place_of(address, name, c.region)
    for r in c.rows:
        if district is None or settlement is None:
            d, s = place_of(r.address, r.name, c.region)
            district, settlement = district or d, settlement or s
    flags: list[Flag] = []
    for r in c.rows:
        flags.extend(f for f in r.flags if f.code not in {x.code for x in flags} or f.code == "corrupt_row")
    if all(any(f.code == "corrupt_row" for f in r.flags) for r in c.rows):
        flags.append(Flag("only_corrupt_copies", "every copy of this office is corrupted", best.span))
    standards = sorted({r.standard_id for r in c.rows if r.standard_id})
    sources = sorted({r.span for r in c.rows}, key=lambda s: (s.file, s.start))
    return Office(id="", kind=kind, name=name, region=c.region, district=district, settlement=settlement,
                  address=address, phones=phones, emails=emails, hours=hours, standards=standards,
                  sources=list(sources), variants=variants, flags=flags)


# --- area codes ------------------------------------------------------------------------

_CODE = re.compile(r"^\+7 \((\d+)\) ")


def _code(phone: str) -> str | None:
    """The area code of a normalised phone; None for a local number or a mobile one (70x, 77x)."""
    m = _CODE.match(phone)
    return m.group(1) if m and not m.group(1).startswith(("70", "77")) else None


def _same_code(a: str, b: str) -> bool:
    """Almaty's numbers print as 8 (727) 2xx-xx-xx and 8 (7272) xx-xx-xx alike."""
    return a.startswith(b) or b.startswith(a)


def _town(o: Office) -> tuple[str, str]:
    return o.region, fold_kk(o.settlement or "")


def _area_codes(offices: list[Office], clusters: list[_Cluster]) -> None:
    """Area codes as the copies and the towns give them.

    A local number ("40-10-76": 004 prints no codes) takes the code another copy of the same office
    prints with it, else the code its town's offices use (when the digits then make a number). A code
    that belongs to another town than the office's is flagged and kept, unless it is another region's
    and came from one file only while the office's copies in other files never print it: then it is
    another office's number that slipped into that copy's cell (003:713 gives the Алматы Алмалы ХҚО
    Астана's 8(7172) 50-91-95, the phone of Астана's Есіл sub-branch, 002:2082)."""
    by_town: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for o in offices:
        for p in o.phones:
            if (code := _code(p)) is not None and o.settlement:
                by_town[_town(o)][code] += 1
    # a town's code: the one most of its offices' numbers use
    town_code = {t: c.most_common(1)[0][0] for t, c in by_town.items()
                 if c.most_common(1)[0][1] >= 2 and c.most_common(1)[0][1] * 2 > sum(c.values())}
    owner: dict[str, tuple[str, str]] = {}
    for t, code in town_code.items():
        owner.setdefault(code, t)
    for o, c in zip(offices, clusters):
        mine = town_code.get(_town(o))
        full = [p for r in c.rows for p in r.phones if _code(p) and len(phone_digits(p)) == 10]
        phones, added = [], []
        for p in o.phones:
            if is_local(p):
                digits = re.sub(r"\D", "", p)
                known = next((f for f in full if phone_digits(f).endswith(digits)), None)
                if known is None and mine and len(mine) + len(digits) == 10:
                    known = format_phone(mine + digits, len(mine))
                if known is not None:
                    added.append((p, known))
                    p = known
                phones.append(p)
                continue
            code = _code(p)
            other = owner.get(code) if code else None
            if mine and code and not _same_code(code, mine) and other is not None and other != _town(o):
                rows = [r for r in c.rows if p in r.phones]
                where = rows[0].span if rows else None
                if other[0] != o.region and len({r.span.file for r in rows}) == 1 < len({r.span.file for r in c.rows}):
                    _address_from_other_files(o, c, rows[0].span.file)
                    o.flags.append(Flag("phone_of_another_office",
                                        f"{p} (the code of {other[1].title()}, not of {o.settlement}) is printed for "
                                        f"this office by one file only; the other copies do not list it: left out",
                                        where))
                    continue
                o.flags.append(Flag("foreign_area_code",
                                    f"{p}: {code} is the code of {other[1].title()}, not of {o.settlement}; "
                                    f"kept as printed", where))
            phones.append(p)
        o.phones = list(dict.fromkeys(phones))
        if added:
            o.flags.append(Flag("area_code_added", "local numbers completed with the area code "
                                "(from another copy of the office, else its town's): "
                                + ", ".join(f"{a} -> {b}" for a, b in added), c.rows[0].span))
        if not any(is_local(p) for p in o.phones):
            o.flags = [f for f in o.flags if f.code != "local_phone_only"]


def _address_from_other_files(o: Office, c: _Cluster, file: str) -> None:
    """The copy that printed another office's number misplaced its cells: the address too is taken
    from the best copy of another file (003:713 prints Алмалы's address without its city)."""
    others = [r for r in c.rows if r.span.file != file and r.address]
    if not others or not any(r.span.file == file and r.address == o.address for r in c.rows):
        return
    best = max(others, key=_quality)
    o.variants = [v for v in o.variants if not (v["field"] == "address" and v["value"] == best.address)]
    o.variants.append({"field": "address", "value": o.address,
                       "source": next(r.span.cite() for r in c.rows if r.span.file == file)})
    o.address = best.address


def _unique_ids(offices: list[Office]) -> None:
    used: Counter = Counter()
    for o in offices:
        r = region_by_name(o.region) if o.region else None
        base = f"{o.kind}/{r.slug if r else 'unknown'}/{slug(o.name or o.address)}"
        used[base] += 1
        o.id = base if used[base] == 1 else f"{base}-{used[base]}"
