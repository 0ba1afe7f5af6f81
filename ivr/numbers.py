"""Numbers as words, Russian and Kazakh, for the voice line: neither TTS voice is given a digit.

Russian cardinals decline in all six cases, with the gender of 1 and 2 and the plural agreement of
тысяча/миллион/миллиард; ordinals decline as adjectives (all cases, three genders and the plural).
Kazakh has no gender and no number agreement, and its case is a suffix on the last word (spoken.py
attaches it), so `case` and `gender` do not change a Kazakh number.

Choices, said once: Russian "тысяча", "миллион" without "один"/"одна" in front ("тысяча двести
тенге", "тысяча девятьсот сорок первого года": how they are said aloud; "двадцать одна тысяча" keeps
it). Kazakh "жүз", not "бір жүз" (the ordinary spoken form, also inside a number: "бір мың жүз"), but
"бір мың", "бір миллион" (said so, and years are read "бір мың тоғыз жүз қырық бірінші жыл").
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from babel import Locale

__all__ = ["Case", "Gender", "cardinal", "ordinal", "decimal", "agree", "digits"]    # the rest serves spoken.py

_RU_PLURAL = Locale("ru").plural_form      # CLDR: "one" / "few" / "many" / "other"


class Case(StrEnum):
    NOM = "nom"
    GEN = "gen"
    DAT = "dat"
    ACC = "acc"
    INS = "ins"
    PREP = "prep"


class Gender(StrEnum):
    MASC = "masc"
    FEM = "fem"
    NEUT = "neut"


PLURAL = "plural"      # for ordinals only ("девяностые годы", "в 90-х"): not a gender, kept private to spoken.py
_C = tuple(Case)       # the order every table below is written in: nom, gen, dat, acc, ins, prep


def _row(text: str) -> dict[Case, str]:
    return dict(zip(_C, text.split()))


# ---- Russian cardinals ---------------------------------------------------------------------------
_ONE = {Gender.MASC: _row("один одного одному один одним одном"),
        Gender.FEM: _row("одна одной одной одну одной одной"),
        Gender.NEUT: _row("одно одного одному одно одним одном")}
_TWO = {Gender.MASC: _row("два двух двум два двумя двух"), Gender.FEM: _row("две двух двум две двумя двух")}
_TWO[Gender.NEUT] = _TWO[Gender.MASC]
_FIXED = {0: _row("ноль ноля нолю ноль нолём ноле"), 3: _row("три трёх трём три тремя трёх"),
          4: _row("четыре четырёх четырём четыре четырьмя четырёх"),
          40: _row("сорок сорока сорока сорок сорока сорока"),
          90: _row("девяносто девяноста девяноста девяносто девяноста девяноста"),
          100: _row("сто ста ста сто ста ста")}
# 5..20 and 30 end in a soft sign: пять, пяти, пятью (восемь loses its е: восьми)
_SOFT = {5: "пять", 6: "шесть", 7: "семь", 8: "восемь", 9: "девять", 10: "десять", 11: "одиннадцать",
         12: "двенадцать", 13: "тринадцать", 14: "четырнадцать", 15: "пятнадцать", 16: "шестнадцать",
         17: "семнадцать", 18: "восемнадцать", 19: "девятнадцать", 20: "двадцать", 30: "тридцать"}
_HUNDREDS_NOM = {2: "двести", 3: "триста", 4: "четыреста", 5: "пятьсот", 6: "шестьсот", 7: "семьсот",
                 8: "восемьсот", 9: "девятьсот"}
# the scale nouns: singular and plural of each case (тысяча is a feminine noun, the others masculine)
_SCALES = ((10**9, Gender.MASC, _row("миллиард миллиарда миллиарду миллиард миллиардом миллиарде"),
            _row("миллиарды миллиардов миллиардам миллиарды миллиардами миллиардах")),
           (10**6, Gender.MASC, _row("миллион миллиона миллиону миллион миллионом миллионе"),
            _row("миллионы миллионов миллионам миллионы миллионами миллионах")),
           (10**3, Gender.FEM, _row("тысяча тысячи тысяче тысячу тысячей тысяче"),
            _row("тысячи тысяч тысячам тысячи тысячами тысячах")))
LIMIT = 10**12 - 1


def _simple(n: int, case: Case, gender: Gender) -> str:
    """One word: 0..20, the tens, 100..900."""
    if n == 1:
        return _ONE[gender][case]
    if n == 2:
        return _TWO[gender][case]
    if n in _FIXED:
        return _FIXED[n][case]
    if n in _SOFT:
        nom = _SOFT[n]
        if case in (Case.NOM, Case.ACC):
            return nom
        if case == Case.INS:
            return nom + "ю"
        return "восьми" if n == 8 else nom[:-1] + "и"
    if n in (50, 60, 70, 80):       # пятьдесят: both halves decline (пятидесяти, пятьюдесятью)
        unit = _simple(n // 10, case, Gender.MASC)
        return unit + "десят" if case in (Case.NOM, Case.ACC) else unit + ("десятью" if case == Case.INS else "десяти")
    if n % 100 == 0 and n < 1000:   # двести: двухсот, двумстам, двумястами, двухстах
        if case in (Case.NOM, Case.ACC):
            return _HUNDREDS_NOM[n // 100]
        unit = _simple(n // 100, case, Gender.MASC)
        return unit + {Case.GEN: "сот", Case.DAT: "стам", Case.INS: "стами", Case.PREP: "стах"}[case]
    raise ValueError(n)


def _triple(n: int, case: Case, gender: Gender) -> list[str]:
    words, rest = [], n % 100
    if n >= 100:
        words.append(_simple(n - rest, case, gender))
    if 0 < rest <= 20 or rest % 10 == 0 and rest:
        words.append(_simple(rest, case, gender))
    elif rest:
        words += [_simple(rest - rest % 10, case, gender), _simple(rest % 10, case, gender)]
    return words


def _ru_noun(q: int, case: Case, singular: dict, plural: dict) -> str:
    """The noun after q: nominative/accusative by CLDR (one / few -> genitive singular / many -> genitive
    plural), the other cases singular after ...1 and plural otherwise ("двадцати одной тысячи", "пяти тысячам")."""
    if case in (Case.NOM, Case.ACC):
        form = _RU_PLURAL(q)
        return singular[case] if form == "one" else singular[Case.GEN] if form == "few" else plural[Case.GEN]
    return singular[case] if q % 10 == 1 and q % 100 != 11 else plural[case]


def _ru_cardinal(n: int, case: Case, gender: Gender) -> str:
    if n == 0:
        return _FIXED[0][case]
    words = []
    for scale, scale_gender, singular, plural in _SCALES:
        q = n // scale % 1000
        if q:
            words += _triple(q, case, scale_gender) if q != 1 else []
            words.append(_ru_noun(q, case, singular, plural))
    return " ".join(words + _triple(n % 1000, case, gender))


# ---- Russian ordinals ----------------------------------------------------------------------------
# stem and type: "ый" (hard), "ой" (stressed ending: второй), "ий" (третий, its own soft declension)
_ORD_SIMPLE = {1: "перв", 2: "втор:ой", 3: "трет:ий", 4: "четвёрт", 5: "пят", 6: "шест:ой", 7: "седьм:ой",
               8: "восьм:ой", 9: "девят", 10: "десят", 11: "одиннадцат", 12: "двенадцат", 13: "тринадцат",
               14: "четырнадцат", 15: "пятнадцат", 16: "шестнадцат", 17: "семнадцат", 18: "восемнадцат",
               19: "девятнадцат", 20: "двадцат", 30: "тридцат", 40: "сороков:ой", 50: "пятидесят",
               60: "шестидесят", 70: "семидесят", 80: "восьмидесят", 90: "девяност", 100: "сот",
               200: "двухсот", 300: "трёхсот", 400: "четырёхсот", 500: "пятисот", 600: "шестисот",
               700: "семисот", 800: "восьмисот", 900: "девятисот"}
# per case: masculine, feminine, neuter, plural
_ENDINGS = {"ый": {Case.NOM: "ый ая ое ые", Case.GEN: "ого ой ого ых", Case.DAT: "ому ой ому ым",
                   Case.ACC: "ый ую ое ые", Case.INS: "ым ой ым ыми", Case.PREP: "ом ой ом ых"},
            "ий": {Case.NOM: "ий ья ье ьи", Case.GEN: "ьего ьей ьего ьих", Case.DAT: "ьему ьей ьему ьим",
                   Case.ACC: "ий ью ье ьи", Case.INS: "ьим ьей ьим ьими", Case.PREP: "ьем ьей ьем ьих"}}
_SLOT = {Gender.MASC: 0, Gender.FEM: 1, Gender.NEUT: 2, PLURAL: 3}


def _adjective(stem: str, case: Case, gender) -> str:
    stem, _, kind = stem.partition(":")
    ending = _ENDINGS["ий" if kind == "ий" else "ый"][case].split()[_SLOT[gender]]
    return stem + ("ой" if kind == "ой" and ending == "ый" else ending)


def compound_prefix(n: int) -> str:
    """The first half of "двухтысячный", "двадцатипятилетний": genitives run together; 1 is "одно",
    90 and 100 keep their nominative (девяностотысячный, стотысячный)."""
    words = _triple(n, Case.GEN, Gender.MASC)
    return "".join("одно" if w == "одного" else "девяносто" if w == "девяноста" else "сто" if w == "ста" else w
                   for w in words)


def _ru_ordinal(n: int, case: Case, gender) -> str:
    if n == 0:
        return _adjective("нулев:ой", case, gender)
    rest, head = n % 100, n % 1000 - n % 100
    if rest:
        last = rest if rest <= 20 or rest % 10 == 0 else rest % 10
        stem, before = _ORD_SIMPLE[last], n - last
    elif head:
        stem, before = _ORD_SIMPLE[head], n - head
    else:       # a round thousand, million, billion: "двухтысячный", "миллионный"
        for scale, _, singular, _ in _SCALES:
            q = n // scale % 1000
            if q:
                stem = ("" if q == 1 else compound_prefix(q)) + singular[Case.NOM].removesuffix("а") + "н"
                before = n - q * scale
                break
    prefix = _ru_cardinal(before, Case.NOM, Gender.MASC) + " " if before else ""
    return prefix + _adjective(stem, case, gender)


# ---- Kazakh ----------------------------------------------------------------------------------------
_KK_UNITS = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_KK_SCALES = ((10**9, "миллиард"), (10**6, "миллион"), (10**3, "мың"))
KK_DIGITS = ("нөл",) + _KK_UNITS[1:]
RU_DIGITS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
KK_BACK, KK_FRONT = set("аоұыя"), set("әеөүіэ")       # и, у, ю: no harmony of their own


def _kk_triple(n: int) -> list[str]:
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = ([_KK_UNITS[h]] if h > 1 else []) + (["жүз"] if h else [])
    return words + ([_KK_TENS[t]] if t else []) + ([_KK_UNITS[u]] if u else [])


def _kk_cardinal(n: int) -> str:
    if n == 0:
        return "нөл"
    words = []
    for scale, name in _KK_SCALES:
        q = n // scale % 1000
        if q:
            words += _kk_triple(q) + [name]
    return " ".join(words + _kk_triple(n % 1000))


def kk_back(word: str) -> bool:
    """Back vowel harmony by the last vowel that has one ("елу": е, front); a word without one is back."""
    for ch in reversed(word.lower()):
        if ch in KK_BACK or ch in KK_FRONT:
            return ch in KK_BACK
    return True


def kk_ordinal_word(word: str) -> str:
    """-ыншы/-інші after a consonant, -ншы/-нші after a vowel; у is a consonant here (елуінші).
    жиырма takes -сыншы (жиырмасыншы), қырық drops its second ы (қырқыншы)."""
    if word == "жиырма":
        return "жиырмасыншы"
    if word == "қырық":
        return "қырқыншы"
    back = kk_back(word)
    if word[-1] in "аәеөүіыоұэя":
        return word + ("ншы" if back else "нші")
    return word + ("ыншы" if back else "інші")


# Kazakh case suffixes: the written forms, and the form for each class of the word's last letter
# (V vowel, N nasal, L sonorant, Z voiced з/ж, U voiceless, final б, г, д too), back/front
_KK_CASES = {"dat": ("ға ге қа ке", "ға/ге ға/ге ға/ге ға/ге қа/ке"),
             "abl": ("дан ден тан тен нан нен", "дан/ден нан/нен дан/ден дан/ден тан/тен"),
             "loc": ("да де та те", "да/де да/де да/де да/де та/те"),
             "gen": ("ның нің дың дің тың тің", "ның/нің ның/нің дың/дің дың/дің тың/тің"),
             "acc": ("ны ні ды ді ты ті", "ны/ні ды/ді ды/ді ды/ді ты/ті"),
             "ins": ("мен бен пен", "мен/мен мен/мен мен/мен бен/бен пен/пен"),
             "adj": ("дағы дегі тағы тегі", "дағы/дегі дағы/дегі дағы/дегі дағы/дегі тағы/тегі"),
             "sim": ("дай дей тай тей", "дай/дей дай/дей дай/дей дай/дей тай/тей")}
KK_CASE_OF = {s: kind for kind, (written, _) in _KK_CASES.items() for s in written.split()}
_KK_FORMS = {kind: dict(zip("VNLZU", (f.split("/") for f in forms.split())))
             for kind, (_, forms) in _KK_CASES.items()}


def kk_suffix(word: str, kind: str) -> str:
    """The case suffix `kind` for the Kazakh `word`, by vowel harmony and its last letter."""
    ch = word[-1].lower()
    cls = "V" if ch in "аәеөүіыоұэяю" else "N" if ch in "мнң" else "L" if ch in "лрйуи" else "Z" if ch in "зж" else "U"
    back, front = _KK_FORMS[kind][cls]
    return back if kk_back(word) else front


def _kk_ordinal(n: int) -> str:
    words = _kk_cardinal(n).split()
    return " ".join(words[:-1] + [kk_ordinal_word(words[-1])])


# ---- the public functions --------------------------------------------------------------------------
def _check(n: int, language: str) -> None:
    if n < 0 or n > LIMIT:
        raise ValueError(f"{n}: only 0..{LIMIT} are spoken")
    if language not in ("ru", "kk"):
        raise ValueError(f"language {language!r}: ru or kk")


@lru_cache(maxsize=4096)
def cardinal(n: int, language: str, case: Case = Case.NOM, gender: Gender = Gender.MASC) -> str:
    _check(n, language)
    return _ru_cardinal(n, Case(case), gender) if language == "ru" else _kk_cardinal(n)


@lru_cache(maxsize=4096)
def ordinal(n: int, language: str, case: Case = Case.NOM, gender: Gender = Gender.MASC) -> str:
    """`gender` may also be numbers.PLURAL for Russian ("девяностых")."""
    _check(n, language)
    return _ru_ordinal(n, Case(case), gender) if language == "ru" else _kk_ordinal(n)


_DENOMINATORS_RU = ("десят", "сот", "тысячн", "десятитысячн", "стотысячн", "миллионн")
_DENOMINATORS_KK = ("оннан", "жүзден", "мыңнан", "он мыңнан", "жүз мыңнан", "миллионнан")
_WHOLE_ONE = _row("целая целой целой целую целой целой")
_WHOLE_MANY = _row("целых целых целым целых целыми целых")


def decimal(text: str, language: str, case: Case = Case.NOM) -> str:
    """"0,5" / "1.25": Russian "одна целая пять десятых" (fractions are feminine: целая, часть), declined
    in `case` when given; Kazakh "бүтін" and the denominator in the ablative: "екі бүтін жүзден жиырма бес"."""
    whole, sep, frac = text.strip().replace(".", ",").partition(",")
    if not sep or not whole.isdigit() or not frac.isdigit() or len(frac) > len(_DENOMINATORS_RU):
        raise ValueError(f"{text!r} is not a decimal number")
    i, f, places = int(whole), int(frac), len(frac) - 1
    if language == "kk":
        return f"{cardinal(i, 'kk')} бүтін {_DENOMINATORS_KK[places]} {cardinal(f, 'kk')}"
    _check(i, language)
    case = Case(case)
    one_i, one_f = i % 10 == 1 and i % 100 != 11, f % 10 == 1 and f % 100 != 11
    whole_word = (_WHOLE_ONE if one_i else _WHOLE_MANY)[case]
    if one_f:
        denominator = _adjective(_DENOMINATORS_RU[places], case, Gender.FEM)
    else:
        denominator = _adjective(_DENOMINATORS_RU[places], Case.GEN if case in (Case.NOM, Case.ACC) else case, PLURAL)
    return (f"{cardinal(i, 'ru', case, Gender.FEM)} {whole_word} "
            f"{cardinal(f, 'ru', case, Gender.FEM)} {denominator}")


def agree(n: int, one: str, few: str, many: str, language: str = "ru") -> str:
    """The noun after n in the nominative: Babel's CLDR plural rules ("1 день", "2 дня", "5 дней";
    "other", said of fractions, takes the genitive singular like "few"). A Kazakh noun stays singular."""
    if language == "kk":
        return one
    form = _RU_PLURAL(n)
    return one if form == "one" else many if form == "many" else few


_GROUP = re.compile(r"\+?\d+")


def digits(text: str, language: str) -> str:
    """A phone number in the groups it is written in: a group of two digits without a leading zero is a
    number ("16"), any other group digit by digit ("7172", "02"); "+7" is "плюс семь". Groups are joined
    by commas, so that the voice pauses where the writer put a dash or a bracket."""
    names = RU_DIGITS if language == "ru" else KK_DIGITS
    groups = []
    for g in _GROUP.findall(text):
        sign, g = ("плюс ", g[1:]) if g.startswith("+") else ("", g)
        if len(g) == 2 and g[0] != "0":
            groups.append(sign + cardinal(int(g), language))
        else:
            groups.append(sign + " ".join(names[int(d)] for d in g))
    return ", ".join(groups)
