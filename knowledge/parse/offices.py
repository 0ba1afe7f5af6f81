"""Office rows from one office-list appendix: region, name, address, phones, e-mails, hours.

`tables.read_table` gives positional cells; this module names the columns from
the header, assigns regions (group captions, or the row's own name for lists
with one row per region), splits e-mails out of addresses and normalises phones.
Every defect is kept as a `Flag` with the row's span; nothing is dropped silently
except rows with no name and no address at all (empty merged-cell rows).
"""

from __future__ import annotations

import re
from collections import Counter

from knowledge.normalize import cached, fold_kk, squash
from knowledge.parse.source import Document
from knowledge.parse.tables import Row, Group, read_table
from knowledge.records import Appendix, Flag, OfficeRow
from knowledge.regions import REGIONS, Region, region_in_text

OFFICE_KINDS = (
    "hqo_filial", "hqo_department", "hqo_sub_branch", "defence_department", "gcvp_branch",
    "committee_department", "mse_department", "employment_department",
    "oblast_employment_department", "akimat", "akim_apparatus", "legal_statistics_office",
    "internal_affairs_department", "migration_police_unit",
)

APPENDIX_OFFICE_KINDS: dict[str, tuple[str, ...]] = {
    "hqo_list": ("hqo_filial", "hqo_department", "hqo_sub_branch"),
    "defence_departments": ("defence_department",),
    "gcvp_branches": ("gcvp_branch", "committee_department"),
    "committee_departments": ("committee_department",),
    "mse_departments": ("mse_department",),
    "employment_departments": ("employment_department",),
    "oblast_employment_departments": ("oblast_employment_department",),
    "akimats": ("akimat",),
    "akim_apparatus": ("akim_apparatus",),
    "legal_statistics_offices": ("legal_statistics_office",),
    "police_departments": ("internal_affairs_department", "migration_police_unit"),
}

# Lists with one row per region: the row's own name says where it is.
REGION_LEVEL = {"defence_departments", "committee_departments", "oblast_employment_departments",
                "akim_apparatus", "legal_statistics_offices"}


# --- regions ---------------------------------------------------------------------

def _stem(r: Region) -> tuple[str, str]:
    words = fold_kk(r.kk).split()
    return " ".join(words[:-1]), ("облыс" if words[-1] == "облысы" else "кала")


_STEMS = [(r, *_stem(r)) for r in REGIONS]
_CENTRES = {fold_kk(n): r for r in REGIONS for n in {r.centre_kk, r.centre_ru}}
_CENTRES[fold_kk("Петропавловск")] = _CENTRES[fold_kk("Петропавл")]


def region_of(text: str, centres: bool = False) -> Region | None:
    """The region a name or address mentions; declined forms ("облысының",
    "облыстық") count. With `centres`, a region centre ("Тараз қаласы") counts too."""
    key = " " + fold_kk(text) + " "
    best: tuple[int, int, Region] | None = None
    for r, stem, kind in _STEMS:
        m = re.search(rf" {re.escape(stem)} {kind}\w*", key)
        # the first region named wins ("Павлодар облысы … Солтүстік Қазақстан облысы" in a glued row)
        if m and (best is None or (m.start(), -len(stem)) < (best[0], best[1])):
            best = (m.start(), -len(stem), r)
    if best:
        return best[2]
    if centres:
        # before aliases: "БҚО, Орал қаласы, Жамбыл көшесі" is in Орал, not Жамбыл
        for name, r in _CENTRES.items():
            if re.search(rf" {re.escape(name)}( каласы| к | кала)", key):
                return r
    return region_in_text(text)


def _is_group(text: str) -> bool:
    """A caption naming one region (never a data cell: those have digits)."""
    if re.search(r"\d", text) or re.search(r"(?i)облыстар|қалалар", text) or len(text) > 160:
        return False
    return region_of(text) is not None


# --- e-mails ------------------------------------------------------------------------

EMAIL = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9_.\-/]*)\s*@\s*([A-Za-z0-9\-]+(?:\s[A-Za-z0-9\-]+(?=\s*\.))?(?:\s*[./]\s*[A-Za-z0-9\-]+)*\.?)")
_EMAIL_LABEL = re.compile(r"(?i)\b(e\s*-?\s*mail|email)\s*:?|эл\.?\s*пошта\s*:?")
URL = re.compile(r"(?i)\bwww\s*\.\s*[\w\-]+(?:\s*\.\s*[\w\-]+)*")


def split_emails(text: str) -> tuple[str, list[str], list[str]]:
    """(text without e-mails, e-mails, problems). A house number glued in front of
    an e-mail ("23mseomk_akmola@gcvp.kz") goes back to the text."""
    emails: list[str] = []
    problems: list[str] = []

    def take(m: re.Match) -> str:
        local, domain = m.group(1), m.group(2)
        glued = re.match(r"^([\d/\-]+)(?=[A-Za-z_])", local)
        keep = ""
        if glued:
            keep, local = glued.group(1), local[glued.end():]
        clean = re.sub(r"\s+", "", domain).rstrip(".")
        if re.search(r"\s", domain.strip().rstrip(".")):
            problems.append(f"e-mail with spaces repaired: {m.group(0).strip()!r}")
        if "/" in clean:
            problems.append(f"e-mail with '/' for '.': {m.group(0).strip()!r}")
            clean = clean.replace("/", ".")
        if "." not in clean:
            problems.append(f"broken e-mail: {m.group(0).strip()!r}")
        emails.append(f"{local}@{clean}")
        return f" {keep} " if keep else " "

    rest = EMAIL.sub(take, text)
    if re.search(r"\S@|@\S", rest) or rest.rstrip().endswith("@"):
        problems.append(f"unparsed e-mail fragment in {text!r}")
    rest = _EMAIL_LABEL.sub(" ", rest)
    return squash(rest).strip(" ,;"), emails, problems


# --- phones -------------------------------------------------------------------------

_PHONE_TOKEN = re.compile(r"\(\s*\d[\d\s\-]*\)|\d+(?:\s*-\s*\d+)*-?")
_FAX = re.compile(r"(?i)(?<!/)факс|\bф\s*:|fax")   # "тел/факс" is a phone


def code_length(national: str) -> int:
    """Area-code length of a 10-digit national number when the print does not say.

    Oblast centres have 4-digit codes ending in 2 (7162, 7282…), districts 5-digit
    codes, Almaty city 727 with 7-digit local numbers (Almaty oblast: 7277x)."""
    if national.startswith("727") and national[3] != "7":
        return 3
    return 4 if national[3] == "2" else 5


def group_local(local: str) -> str:
    if len(local) == 7:
        return f"{local[:3]}-{local[3:5]}-{local[5:]}"
    if len(local) == 6:
        return f"{local[:2]}-{local[2:4]}-{local[4:]}"
    if len(local) == 5:
        return f"{local[0]}-{local[1:3]}-{local[3:]}"
    return local


def format_phone(national: str, code_len: int | None = None) -> str:
    """'+7 (7162) 25-00-67' for a 10-digit national number."""
    n = code_len or code_length(national)
    return f"+7 ({national[:n]}) {group_local(national[n:])}"


@cached(1 << 13)   # the merge compares every copy's phones
def phone_digits(phone: str) -> str:
    """Digits for comparing phones across copies (national, or the local part)."""
    d = re.sub(r"\D", "", phone)
    return d[1:] if d.startswith("7") and len(d) == 11 else d


def parse_phones(text: str) -> tuple[list[str], list[str], list[str]]:
    """(phones, faxes, problems). A number without an area code inherits the
    previous number's ("8(7172) 72-18-54 38-27-09"); one with none at all stays
    local ("71-61-98") and is reported."""
    phones: list[str] = []
    faxes: list[str] = []
    problems: list[str] = []
    prev: tuple[str, int] | None = None        # (national, code length) of the last full number
    pos_fax = [m.start() for m in _FAX.finditer(text)]
    code: tuple[str, bool] | None = None       # pending area code (digits, printed in brackets?)

    def add(p: str, at: int) -> None:
        (faxes if any(f < at for f in pos_fax) else phones).append(p)

    for m in _PHONE_TOKEN.finditer(text):
        tok, at = m.group(0), m.start()
        d = re.sub(r"\D", "", tok)
        if tok.startswith("("):
            d = d[1:] if d.startswith("8") and len(d) >= 5 else d
            code = (d, True)
            continue
        if d == "8" and "-" not in tok:
            continue                           # trunk prefix before "(7162)"
        if code:
            national = code[0] + d
            if len(national) == 10:
                n = len(code[0]) if code[1] else code_length(national)
                prev = (national, n)
                add(format_phone(national, n), at)
            else:
                problems.append(f"phone with a wrong number of digits: 8 ({code[0]}) {tok}")
                add(f"8 ({code[0]}) {tok}", at)      # kept as printed, never guessed
            code = None
            continue
        if d.startswith("8") and len(d) == 11:
            prev = (d[1:], code_length(d[1:]))
            add(format_phone(*prev), at)
        elif d.startswith("8") and 4 <= len(d) - 1 <= 5 and "-" in tok:
            code = (d[1:], False)              # "8-71622 5-26-49", "8-7163" / "64-50-52"
        elif len(d) == 10 and d.startswith("7"):
            prev = (d, code_length(d))
            add(format_phone(*prev), at)
        elif 5 <= len(d) <= 7:
            if prev and len(prev[0]) - len(d) >= 3:
                national = prev[0][:10 - len(d)] + d
                n = prev[1] if prev[1] + len(d) == 10 else code_length(national)
                add(format_phone(national, n), at)
            else:
                add(group_local(d), at)
        elif len(d) >= 4:
            problems.append(f"unreadable phone {tok!r}")
    if code:
        problems.append(f"area code without a number: {code[0]}")
    return phones, faxes, problems


def is_local(phone: str) -> bool:
    """A bare local number such as '71-61-98' (not a malformed one kept as printed)."""
    return bool(re.fullmatch(r"\d[\d-]+", phone))


# --- columns --------------------------------------------------------------------------

def column_roles(header: list[str], ncols: int) -> list[str]:
    """Name each column from its header text; unknown headers fall back to position."""
    roles: list[str] = []
    for h in header:
        k = h.lower()
        if re.match(r"^(р\s*/\s*с|№)", k):
            role = "number"
        elif "кесте" in k:
            role = "hours"
        elif "басшының телефон" in k:
            role = "head_phone"
        elif "көші-қон" in k:
            role = "migration_phone"
        elif "телефон" in k or "байланыс" in k:
            role = "phone"
        elif "интернет" in k:
            role = "website"
        elif "мекенжай" in k and ("орналасқан" in k or "заңды" in k or k.startswith("(")):
            role = "address"
        elif "пошта" in k or "электрон" in k:
            role = "email"
        elif "атау" in k or "департамент" in k:
            role = "unit" if "name" in roles else "name"
        else:
            role = "?"
        roles.append(role)
    if len(roles) < 4 or "name" not in roles or "address" not in roles:
        roles = ["number", "name", "address", "phone", "hours", "extra"][:max(ncols, 4)]
    return roles


# --- rows -----------------------------------------------------------------------------

def _hqo_kind(name: str, number: str | None) -> str:
    k = name.lower()
    if re.search(r"филиал|филил|бойынша\s*(хқо|орталық|халыққа)|облысының\s+(№\s*1\s+)?хқк?о$", k):
        return "hqo_filial"          # "«Ақтөбе облысы бойынша ХҚО» РМК филилалы" (sic)
    if number is None and ("бөлімше" in k or not re.search(r"бөлімі|бөлім$", k)):
        return "hqo_sub_branch"      # 000 leaves sub-branches unnumbered; 001 numbers them like departments
    return "hqo_department"


def _row_kind(appendix_kind: str, name: str, number: str | None, lost: bool = False) -> str:
    if appendix_kind == "hqo_list" and lost and not name:
        return "hqo_filial"              # the 14 lost rows of 000 are all oblast filials (notes §5.6)
    if appendix_kind == "hqo_list":
        return _hqo_kind(name, number)
    if appendix_kind == "gcvp_branches":
        return "committee_department" if "департамент" in name.lower() else "gcvp_branch"
    if appendix_kind == "police_departments":
        return "migration_police_unit" if number and ")" in number else "internal_affairs_department"
    return APPENDIX_OFFICE_KINDS[appendix_kind][0]


def _cells_by_role(row: Row, roles: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    cells = row.texts()
    if row.glued:
        # the row lost cells and the survivors were glued on: place them by content
        for t in cells[1:]:
            role = "phone" if re.fullmatch(r"[\d\s()\-,;.]+", t) else \
                "address" if re.search(r"көшесі|даңғылы|қаласы,|ауылы|\d", t) else "name"
            out[role] = squash(f"{out.get(role, '')} {t}")
        return out
    for i, t in enumerate(cells):
        role = roles[i] if i < len(roles) else "extra"
        out[role] = squash(f"{out.get(role, '')} {t}")
    return out


def parse_office_appendix(doc: Document, appendix: Appendix) -> list[OfficeRow]:
    """The office rows of one office-list appendix, in document order."""
    if appendix.kind not in APPENDIX_OFFICE_KINDS:
        raise ValueError(f"{appendix.kind!r} is not an office list")
    table = read_table(doc.between(appendix.start, appendix.end), _is_group)
    ncols = max((len(r.cells) for r in table.rows), default=4)
    roles_for: dict[tuple[str, ...], list[str]] = {}
    has_groups = any(isinstance(i, Group) for i in table.items)
    region: Region | None = None
    fresh_group = False          # a group caption came right before this row
    hours: str | None = None
    out: list[OfficeRow] = []

    for item in table.items:
        if isinstance(item, Group):
            r = region_of(item.text)
            if r is not None and r != region:
                hours = None
            region, fresh_group = r or region, True
            continue
        row = item
        span = doc.span(row.start, row.end)
        flags: list[Flag] = []
        header = row.header or tuple(table.header)
        if header not in roles_for:
            roles_for[header] = column_roles(list(header), min(ncols, 6))
        c = _cells_by_role(row, roles_for[header])
        name = c.get("name", "")
        raw_addr = c.get("address", "")
        if c.get("hours"):
            hours = c["hours"]
        if not name and not raw_addr:
            continue                     # an empty merged-cell row (001:28391)
        number = row.number
        lost = row.glued and not name
        kind = _row_kind(appendix.kind, name, number, lost)

        # --- region: captions set it; region-level rows name their own
        own = None
        if appendix.kind in REGION_LEVEL or kind in ("hqo_filial", "committee_department",
                                                      "internal_affairs_department") \
                or (appendix.kind == "hqo_list" and not has_groups) or lost:
            own = region_of(name) or region_of(raw_addr, centres=True)
        if own is None and lost and appendix.kind == "hqo_list":
            own = _next_region(region)   # a lost filial: the next region in list order
        if own is not None and kind == "hqo_filial" and region is not None and own != region:
            if fresh_group:
                # 003:462 names Алматы қаласы under the Алматы облысы caption
                flags.append(Flag("region_mismatch", f"row names {own.kk} under the {region.kk} caption; caption kept", span))
                own = region
            elif has_groups and name:
                flags.append(Flag("missing_region_header", f"no caption before the {own.kk} rows", span))
        if own is not None and kind in ("hqo_filial", "internal_affairs_department") and own != region:
            region = own                 # the rows below belong to this filial/department
            if has_groups:
                hours = c.get("hours")
        row_region = own or region
        fresh_group = False
        if row_region is None:
            flags.append(Flag("unknown_region", "no region caption or region name for this row", span))

        # --- contacts
        address, emails, problems = split_emails(raw_addr)
        contact_text = " ".join(c.get(k, "") for k in ("phone", "migration_phone", "email", "extra", "?"))
        contact_rest, more_emails, more_problems = split_emails(contact_text)
        emails += [e for e in more_emails if e not in emails]
        problems += more_problems
        website = None
        if c.get("website"):
            website = re.sub(r"\s+", "", c["website"])
        phones, faxes, phone_problems = parse_phones(URL.sub(" ", contact_rest))
        problems += phone_problems
        extra: dict = {}
        if faxes:
            extra["fax"] = faxes
        if website:
            extra["website"] = website
        if c.get("head_phone"):
            extra["head_phones"] = parse_phones(c["head_phone"])[0]
            extra["head_phone_raw"] = c["head_phone"]
        if c.get("unit"):
            extra["unit"] = c["unit"]
        if appendix.kind == "police_departments":
            extra["secretariat_phones"] = parse_phones(c.get("phone", ""))[0]
            extra["migration_police_phones"] = parse_phones(c.get("migration_phone", ""))[0]
        for p in problems:
            code = "email_repaired" if "spaces" in p or "'/'" in p else "bad_contact"
            flags.append(Flag(code, p, span))

        # --- structural defects
        if row.glued:
            if name:
                flags.append(Flag("glued_row", "row glued onto the previous one (' \\t'); the caption above it was lost", span))
            else:
                flags.append(Flag("corrupt_row", "row lost its number (and name); the surviving cells were glued "
                                                 "onto the previous row with ' \\t'", span))
        if "after_glued" in row.notes:
            flags.append(Flag("corrupt_row", "unnumbered cells right after a glued row: part of the same damage", span))
        if "number_without_tab" in row.notes:
            flags.append(Flag("number_without_tab", f"row number {number!r} printed without its TAB", span))
        for note in row.notes:
            if note.startswith("displaced_contacts:"):
                flags.append(Flag("corrupt_row", f"contacts cell displaced onto line {note.split(':')[1]}; "
                                                 "rejoined with this row", span))
        if not name:
            flags.append(Flag("missing_name", "row has no name", span))
        if number is None and appendix.kind != "hqo_list" and not row.glued:
            flags.append(Flag("missing_number", "row printed without its number", span))
        if not phones and not faxes:
            flags.append(Flag("missing_phone", "row has no phone number", span))

        out.append(OfficeRow(
            kind=kind, region=row_region.kk if row_region else "", number=number, name=name,
            address=address, phones=phones, emails=emails, hours=hours, span=span,
            standard_id=appendix.standard_id, extra=extra, flags=flags))
    _carry_region_codes(out)
    return out


def _next_region(region: Region | None) -> Region | None:
    if region is None:
        return REGIONS[0]
    i = REGIONS.index(region)
    return REGIONS[i + 1] if i + 1 < len(REGIONS) else None


def _carry_region_codes(rows: list[OfficeRow]) -> None:
    """Local numbers get the area code used by the other numbers of the same region
    list when exactly one code fits; otherwise they stay local and are flagged."""
    codes: dict[str, Counter] = {}
    for r in rows:
        for p in r.phones:
            m = re.match(r"\+7 \((\d+)\)", p)
            if m:
                codes.setdefault(r.region, Counter())[m.group(1)] += 1
    for r in rows:
        if not any(is_local(p) for p in r.phones):
            continue
        fixed, guessed = [], []
        for p in r.phones:
            if not is_local(p) or p.startswith("+7"):
                fixed.append(p)
                continue
            d = re.sub(r"\D", "", p)
            fits = [c for c in codes.get(r.region, ()) if len(c) + len(d) == 10]
            if len(fits) == 1:
                fixed.append(format_phone(fits[0] + d, len(fits[0])))
                guessed.append(p)
            else:
                fixed.append(p)
        r.phones = fixed
        if guessed:
            r.flags.append(Flag("area_code_inferred", f"area code taken from the region list for {guessed}", r.span))
        if any(is_local(p) for p in fixed):
            r.flags.append(Flag("local_phone_only", "phone printed without an area code", r.span))
