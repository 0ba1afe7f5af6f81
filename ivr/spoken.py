"""A line of an answer as the caller should hear it: every number, fee, date, time and phone number in
words, in the language and case the sentence needs, before the TTS voice sees it: a voice reading digits
picks neither the case ("до 3 месяцев") nor the way a number is said ("1414" is said digit by digit).

One pass of one compiled regex over the text; each match is read with a look at its neighbours: the word
before ("до 3 месяцев" -> "до трёх"), the noun after ("1 неделя" -> "одна"), the month after a day ("15
марта" -> "пятнадцатое"), the Kazakh suffix after a hyphen ("15-ке" -> "он беске"). The rest of the text
is left as written.
"""

from __future__ import annotations

import re

from ivr.numbers import (KK_CASE_OF, KK_DIGITS, LIMIT, PLURAL, RU_DIGITS, Case, Gender, agree, cardinal,
                         compound_prefix, decimal, digits, kk_suffix, ordinal)

_SP = "[ \u00a0\u202f\u2009]"           # thousands separators: space, no-break space, (narrow) thin space
_L = r"[^\W\d_]"                        # a letter
_TOKEN = re.compile(r"(?=[\d+№/×xх=%₸\s-])(?:" + "|".join((      # the lookahead: most characters fail at once
    # phones: "+7 (72252) 9-16-00", "8 (7172) 94-99-93", "8-800-080-7777", "87012345678", "55-12-39"; 1414
    r"(?P<phone>(?:\+7|(?<![\d+])8)[ -]?\(\d{3,5}\)[ -]?\d{1,4}(?:[ -]\d{2,4}){0,3}(?!\d)"
    r"|\+7[ -]?\d{3}[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}(?!\d)|(?<![\d-])8[ -]\d{3}[ -]\d{3}[ -]\d{2}[ -]?\d{2}(?!\d)|(?<!\d)[78]\d{10}(?!\d)"
    r"|(?<![\d.,-])\d{1,3}(?:-\d{2}){2,}(?![\d-])|(?<!\d)1414(?!\d))",
    r"(?P<date>(?<![\d.])(?P<dd>\d{1,2})\.(?P<mm>\d{1,2})\.(?P<yy>\d{4})(?!\d|[.,]\d)"
    r"(?P<dunit>\s?(?:г\.|года|ж\.|жылғы)(?!" + _L + "))?)",
    r"(?P<time>(?<![\d.,])(?P<h>[01]?\d|2[0-4])(?P<sep>[:.-])(?P<mi>[0-5]\d)"
    r"(?:[-–](?P<h2>[01]?\d|2[0-4])(?P=sep)(?P<mi2>[0-5]\d))?(?!\d|[.,:]\d))",
    r"(?P<dots>(?<![\d.,])\d+(?:\.\d+)+(?!\d|[.,]\d))",
    r"(?P<range>(?<![\d.,–-])(?P<a>\d+)[-–](?P<b>\d+)(?!\d|[.,:–-]\d))",
    r"(?P<num>\d+,\d+(?!\d)|\d{1,3}(?:" + _SP + r"\d{3})+(?!\d)|\d+)(?P<paren>\)(?!\w))?"
    r"(?P<unit>\s?%(?:\s?МРП(?!" + _L + r"))?|\s?₸|\s(?:тг\.?|МРП|АЕК|г\.|ж\.)(?!" + _L + "))?",
    r"(?P<no>№\s*)", r"(?P<slash>(?<=\d)/)", r"(?P<times>(?<=\d)\s?[×xх]\s?(?=\d))", r"(?P<eq>\s=\s)",
    r"(?P<dash>(?<=" + _L + r")-(?=\d))", r"(?P<pct>%)", r"(?P<tenge>₸)",
)) + r")(?:-(?P<suf>" + _L + r"+))?")
# a list marker at the start of a line: "•", "–", "1)", "1.", "а)"
_BULLET = re.compile(r"^[ \t]*(?:[•·▪◦*]|[-–—](?=\s)|[а-яa-zәғқңөұүһі]\)(?=\s))[ \t]*", re.M)
# ("7) тармақша" is a reference to an item, not a marker)
_MARKER = re.compile(r"^[ \t]*(\d{1,2})[.)](?=\s)(?!\s*(?:тармақ|подпункт|пункт))", re.M)
_AHEAD = re.compile(r"[^.;:()\[\]—–\n]{0,60}")
_WORDS = re.compile(r"[^\W_]+")
_NOT_DIGIT = re.compile(r"\D")
_TIMES_AHEAD = re.compile(r"\s?[×xх]\s?\d")
_KINDS = ("num", "phone", "date", "time", "dots", "range", "no", "slash", "times", "eq", "dash", "pct", "tenge")
_KK_AND_ORDINAL = re.compile(r"\s*(?:,|және|мен|немесе|не)\s*\d+-(" + _L + "+)")
_HOURS_AFTER = re.compile(r"\s+(?:бастап|дейін|до)\b")
RU_MONTHS = tuple("января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split())
KK_MONTHS = tuple("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split())
_KK_DATE_AHEAD = re.compile(r"\s*(?:\d|" + "|".join(KK_MONTHS) + ")")
# the word before a number that puts it in a case (prepositions, and nouns that govern the genitive:
# "по достижении 16 лет", "в размере 2 МРП" are said "шестнадцати", "двух")
_GEN_BEFORE = set("до от из с со около после свыше более менее сверх без для кроме у вместо старше младше "
                  "моложе больше меньше течение истечении достижении достижения возрасте возраста размере "
                  "размера сумме суммы количестве количества позднее ранее порядка".split())
_DAT_BEFORE = {"к", "ко"}
_PREP_BEFORE = {"о", "об", "обо", "при"}
_INS_MAYBE = {"с", "со", "между", "над", "под", "перед", "за"}      # instrumental when the noun says so
_PREP_MAYBE = {"в", "во", "на", "о", "об", "при"}
_LIST_GAP = re.compile(r"\s*(?:,|и|или|либо)\s+|[-–]")
# the gender of 1 and 2 from the noun after; everything else (день, месяц, год, час, тенге) is masculine
_FEM = set("неделя недели недель неделю минута минуты минут минуту тысяча тысячи тысяч штука штуки штук "
           "копия копии копий фотография фотографии фотографий секунда секунды секунд справка справки справок "
           "единица единицы единиц".split())
_NEUT = set("место места мест заявление заявления заявлений лицо лица лиц".split())
_ADJECTIVE = re.compile(r"\w{3,}(?:ых|их|ый|ий|ая|ое|ую|ого|его|ому|ым|ыми)$")
_YEAR_NOUN = {"год": Case.NOM, "года": Case.GEN, "году": Case.PREP, "годом": Case.INS, "годе": Case.PREP}
_YEAR_FORM = dict(zip(Case, "год года году год годом году".split()))
_SECTION = ("пункт", "подпункт", "стать", "глав", "раздел", "приложени", "тармақ", "бап")   # "пункта 11.4"

# Russian forms after a number: singular/plural of each case, and "few" (2-4 in the nominative: "два процента")
_PERCENT = {"few": "процента", **{c: tuple(p.split("/")) for c, p in zip(Case, (
    "процент/проценты процента/процентов проценту/процентам процент/проценты процентом/процентами "
    "проценте/процентах").split())}}
# "месячный расчётный показатель": two adjectives and a soft noun, singular and plural of each case
_MRP = {"few": "месячных расчётных показателя", **{
    c: (f"месячн{a} расчётн{a} показател{n}", f"месячн{b} расчётн{b} показател{p}") for c, a, n, b, p in zip(
        Case, "ый ого ому ый ым ом".split(), "ь я ю ь ем е".split(), "ые ых ым ые ыми ых".split(),
        "и ей ям и ями ях".split())}}
# a sign in Russian and in Kazakh ("/" between numbers: "д. 12/2" is "двенадцать дробь два"; in Kazakh it is not said)
_SIGNS = {"no": ("номер ", "нөмір "), "slash": (" дробь ", " "), "times": (" на ", " "), "eq": (", то есть ", ", яғни "),
          "dash": (" ", " "), "pct": (" процентов", " пайыз"), "tenge": (" тенге", " теңге")}
_KK_UNITS = {"%": "пайыз", "МРП": "айлық есептік көрсеткіш", "АЕК": "айлық есептік көрсеткіш", "₸": "теңге",
             "тг": "теңге"}

# Kazakh suffixes after a hyphen. A case suffix (numbers.KK_CASE_OF) is written again for the word actually
# spoken (the writer chose it for the digits: "9.00-ден" is said "тоғыздан", "13)-те" "он үшіншіде"); other
# suffixes (possessive "%-ы", "-ын") are attached as written; a word that is no suffix makes an ordinal.
_KK_ATTACH = set("ы і сы сі ын ін сын сін ына іне сына сіне ынан інен сынан сінен ында інде сында сінде ының "
                 "інің сының сінің ымен імен сымен сімен ндағы ндегі лар лер дар дер тар тер еу ау ер ар ша ше".split())
_KK_SUFFIXES = set(KK_CASE_OF) | _KK_ATTACH
_KK_ORDINAL = {"ші", "шы", "інші", "ыншы", "нші", "ншы", "сыншы"}
# Russian endings after a hyphen: ordinal case and gender ("5-й", "1-го"); "2-х", "5-ти" are cardinals
_RU_ORD = {ending: (case, gender) for endings, case, gender in (
    ("й ый ий ой", Case.NOM, Gender.MASC), ("я ая ья", Case.NOM, Gender.FEM), ("е ое ье ее", Case.NOM, Gender.NEUT),
    ("го ого его", Case.GEN, Gender.MASC), ("му ому ему", Case.DAT, Gender.MASC), ("ым им", Case.INS, Gender.MASC),
    ("ом ем", Case.PREP, Gender.MASC), ("ю ую ью", Case.ACC, Gender.FEM), ("ей", Case.GEN, Gender.FEM),
    ("ых их", Case.GEN, PLURAL), ("ми", Case.INS, PLURAL), ("м", None, Gender.MASC)) for ending in endings.split()}
_RU_CARD = {"ти": Case.GEN, "и": Case.GEN, "мя": Case.INS, "ью": Case.INS}


def _kk_attach(words: str, suf: str) -> str:
    suf = suf.lower()
    kind = KK_CASE_OF.get(suf)
    return words + (kk_suffix(words.split()[-1], kind) if kind else suf)


def _ru_noun(n: int, case: Case, forms: dict) -> str:
    if case in (Case.NOM, Case.ACC):
        return agree(n, forms[case][0], forms["few"], forms[Case.GEN][1])
    return forms[case][0] if n % 10 == 1 and n % 100 != 11 else forms[case][1]


class _Reader:
    """One text: the callback of the pass, with what it needs to remember (the last number's case, so that
    "до 1 или 3 месяцев" reads "до одного или трёх")."""

    def __init__(self, text: str, language: str) -> None:
        self.text, self.lang, self.last_end, self.last_case = text, language, -1, Case.NOM

    # ---- the neighbours
    def before(self, pos: int) -> str:
        """The word just before `pos`, only spaces between ("до 3", not "до: 3")."""
        text, i = self.text, pos
        while i > 0 and text[i - 1] in " \u00a0":
            i -= 1
        j = i
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j:i].lower() if i < pos else ""

    def after(self, pos: int, skip_adjectives: bool = True) -> str:
        """The noun after a number, past other numbers of a list and up to two adjectives ("рабочих")."""
        span = _AHEAD.match(self.text, pos).group(0)
        adjectives = 0
        for w in _WORDS.findall(span.lower()):
            if w.isdigit() or w in ("и", "или", "либо"):
                continue
            if skip_adjectives and adjectives < 2 and _ADJECTIVE.match(w):
                adjectives += 1
                continue
            return w
        return ""

    def label(self, m: re.Match) -> bool:
        """"1)", "13)-де" outside brackets: a list item named ("подпункт 1)"; Kazakh "1) тармақша" is "бірінші");
        the bracket of "(подпункты 1 и 2)" closes the brackets and is no label."""
        if not m.group("paren"):
            return False
        line = self.text[self.text.rfind("\n", 0, m.start()) + 1:m.start()]
        return line.count("(") <= line.count(")")

    def ru_case(self, pos: int, end: int, n: int, noun: str) -> Case:
        prev = self.before(pos)
        case = (Case.GEN if prev in _GEN_BEFORE else Case.DAT if prev in _DAT_BEFORE
                else Case.PREP if prev in _PREP_BEFORE else None)
        if prev == "по":    # "по одному дню", but "по два дня", "по пять дней"
            case = Case.DAT if noun.endswith(("ам", "ям")) or n % 10 == 1 and n % 100 != 11 else Case.ACC
        if noun.endswith(("ами", "ями", "ьми")) and prev in _INS_MAYBE:
            case = Case.INS
        elif noun.endswith(("ах", "ях")) and prev in _PREP_MAYBE:
            case = Case.PREP
        if case is None and self.last_end >= 0 and _LIST_GAP.fullmatch(self.text, self.last_end, pos):
            case = self.last_case
        self.last_end, self.last_case = end, case or Case.NOM
        return self.last_case

    # ---- the pass
    def __call__(self, m: re.Match) -> str:
        kind = next(k for k in _KINDS if m.group(k) is not None)
        words = (self._sign(m, kind) if kind in _SIGNS else digits(m.group(0), self.lang) if kind == "phone"
                 else getattr(self, "_" + kind)(m))
        if kind in ("phone", "pct", "tenge"):
            words = self._suffixed(m, words)        # "1414-ке": "бір төрт бір төртке"
        if not words.endswith(" ") and m.end() < len(self.text) and (self.text[m.end()].isalnum()
                                                                     or self.text[m.end()] in "«\"'"):
            words += " "        # "18б", "26«б»": the letter is a word of its own
        return words

    def _suffixed(self, m: re.Match, words: str, ordinal_words: str | None = None) -> str:
        """A Kazakh suffix after the words (or the ordinal it makes); a Russian one is read by _num."""
        suf = m.group("suf")
        if not suf:
            return words
        low = suf.lower()
        if self.lang == "kk" and low in _KK_SUFFIXES:
            return _kk_attach(words, suf)
        if self.lang == "kk" and ordinal_words and low in _KK_ORDINAL:
            return ordinal_words
        return (ordinal_words or words) + " " + suf

    def _sign(self, m, kind: str) -> str:
        if kind == "slash" and not self.text[m.end():m.end() + 1].isdigit():
            return " "      # "83/НҚ", "088/у": the slash is not said
        return _SIGNS[kind][self.lang == "kk"]

    def _date(self, m):
        d, mo, y = int(m.group("dd")), int(m.group("mm")), int(m.group("yy"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            return " ".join(cardinal(int(x), self.lang) for x in (m.group("dd"), m.group("mm"), m.group("yy")))
        if self.lang == "kk":       # the Kazakh order: year, day, month ("-ден" goes on the month)
            return self._suffixed(m, f"{ordinal(y, 'kk')} жылғы {ordinal(d, 'kk')} {KK_MONTHS[mo - 1]}")
        case = self.ru_case(m.start(), m.end(), d, "")
        case = Case.ACC if self.before(m.start()) in ("по", "на", "в", "за") else case
        return f"{ordinal(d, 'ru', case, Gender.NEUT)} {RU_MONTHS[mo - 1]} {ordinal(y, 'ru', Case.GEN)} года"

    def _is_time(self, m) -> bool:
        """"9:00" always; "9-00", "09.00" on the hour, after "сағат", "с", "до"... or before "бастап",
        "дейін" or a case suffix; "18-23", "10-15 дней" are ranges, "11.4" a section or a decimal."""
        if m.group("sep") == ":" or m.group("mi") == "00" or m.group("h2"):
            return True
        cues = ("сағат", "сағ", "час", "перерыв", "үзіліс") + (("с", "со", "до", "от", "к", "в")
                                                            if m.group("sep") == "." else ())
        if self.before(m.start()) in cues:
            return True
        return bool(m.group("suf") and m.group("suf").lower() in KK_CASE_OF) or \
            bool(_HOURS_AFTER.match(self.text, m.end()))

    def _clock(self, h: str, mi: str, case: Case) -> str:
        words = cardinal(int(h), self.lang, case)
        if mi != "00":
            zero = ("ноль " if self.lang == "ru" else "нөл ") if mi[0] == "0" else ""
            words += " " + zero + cardinal(int(mi), self.lang, case, Gender.FEM)
        return words

    def _time(self, m):
        if not self._is_time(m):
            a, b = m.group("h"), m.group("mi")
            if m.group("sep") == "-":
                return self._suffixed(m, self._span(m, a, b))
            return self._suffixed(m, self._decimal(m, f"{a},{b}"))
        h, mi, h2, mi2 = m.group("h", "mi", "h2", "mi2")
        if self.lang == "kk":
            if h2:      # "9.00-18.00": from and to are in the numbers themselves
                first = self._clock(h, mi, Case.NOM)
                then = self._clock(h2, mi2, Case.NOM)
                return f"{first}{kk_suffix(first, 'abl')} {then}{kk_suffix(then, 'dat')} дейін"
            return self._suffixed(m, self._clock(h, mi, Case.NOM))
        case = self.ru_case(m.start(), m.end(), int(h), "")
        if h2:
            if self.before(m.start()) in _GEN_BEFORE | _DAT_BEFORE:
                return f"{self._clock(h, mi, case)}-{self._clock(h2, mi2, case)}"
            return f"с {self._clock(h, mi, Case.GEN)} до {self._clock(h2, mi2, Case.GEN)}"
        return self._clock(h, mi, case)

    def _dots(self, m):
        """"11.4" after "пункт" (or "11.4-тармақ", "1.2.3"): a section, its parts joined by "точка"/"нүкте";
        any other "1.25" a decimal."""
        parts = m.group("dots").split(".")
        suf = (m.group("suf") or "").lower()
        section = self.lang == "kk" and suf and suf not in _KK_SUFFIXES
        if len(parts) > 2 or section or self.before(m.start()).startswith(_SECTION):
            point = " точка " if self.lang == "ru" else " нүкте "      # kk "нүкте": my choice, not checked
            words = point.join(cardinal(int(p), self.lang) for p in parts)
            last = words.rsplit(point, 1)[0] + point + ordinal(int(parts[-1]), "kk")    # "он бір нүкте төртінші"
            return self._suffixed(m, words, last if self.lang == "kk" else None)
        return self._suffixed(m, self._decimal(m, m.group("dots")))

    def _decimal(self, m, text: str) -> str:
        if self.lang == "kk":
            return decimal(text, "kk")
        return decimal(text, "ru", self.ru_case(m.start(), m.end(), 0, self.after(m.end())))

    def _span(self, m, a: str, b: str) -> str:
        """"3-5": a range; "1486-02", "1059-11" (a leading zero, or not rising): a code, read in its groups."""
        if b[0] == "0" or a[0] == "0" or int(a) >= int(b) or int(b) > LIMIT:
            return " ".join(self._plain(x) for x in (a, b))
        if self.lang == "kk":       # "3-5 жұмыс күні": "үш-бес", as it is said, not "үштен беске дейін"
            return f"{cardinal(int(a), 'kk')}-{cardinal(int(b), 'kk')}"
        noun = self.after(m.end())
        gender = Gender.FEM if noun in _FEM else Gender.NEUT if noun in _NEUT else Gender.MASC
        # after a preposition, or when the writer's noun agrees with the upper number ("1-2 дня"): "один-два"
        if self.before(m.start()) in _GEN_BEFORE | _DAT_BEFORE | _PREP_BEFORE | {"по"} \
                or agree(int(b), "one", "few", "many") != "many":
            case = self.ru_case(m.start(), m.end(), int(a), noun)
            return f"{cardinal(int(a), 'ru', case, gender)}-{cardinal(int(b), 'ru', case, gender)}"
        return f"от {cardinal(int(a), 'ru', Case.GEN, gender)} до {cardinal(int(b), 'ru', Case.GEN, gender)}"

    def _range(self, m):
        return self._suffixed(m, self._span(m, m.group("a"), m.group("b")))

    def _plain(self, raw: str) -> str:
        """Digits that are no quantity ("088", "02") one by one; a number too long for words likewise."""
        if raw[0] == "0" and len(raw) > 1 or int(raw) > LIMIT:
            return " ".join((RU_DIGITS if self.lang == "ru" else KK_DIGITS)[int(d)] for d in raw)
        return cardinal(int(raw), self.lang)

    def _num(self, m):
        raw, unit, suf = m.group("num"), (m.group("unit") or "").strip(), m.group("suf")
        n, words = (None, self._decimal(m, raw)) if "," in raw else (int(_NOT_DIGIT.sub("", raw)), None)
        if n is not None and (raw[0] == "0" and len(raw) > 1 or n > LIMIT):
            return self._suffixed(m, self._plain(_NOT_DIGIT.sub("", raw))) + (" " + unit if unit else "")
        words = (self._kk_num if self.lang == "kk" else self._ru_num)(m, n, words, unit, suf)
        if suf and n is None and self.lang == "ru":
            words += " " + suf
        return words + ")" if m.group("paren") and not self.label(m) else words

    def _kk_num(self, m, n, words, unit, suf):
        ahead = self.text[m.end():m.end() + 40]
        nxt = self.after(m.end(), skip_adjectives=False)
        if words is None:
            listed = _KK_AND_ORDINAL.match(ahead)      # "12 және 14-тармақтар": both are ordinals
            as_ordinal = bool(self.label(m) or unit == "ж." or nxt.startswith("жыл") and 1000 <= n <= 2100
                              or n <= 31 and nxt.startswith(KK_MONTHS)
                              or listed and listed.group(1).lower() not in _KK_SUFFIXES)
            words = ordinal(n, "kk") if as_ordinal else cardinal(n, "kk")
            if unit == "ж.":
                return words + (" жылғы" if _KK_DATE_AHEAD.match(ahead) else " жылы")    # "2012 ж. 26 қараша"
            if suf and not as_ordinal and suf.lower() not in _KK_SUFFIXES:
                return self._suffixed(m, words, ordinal(n, "kk"))
        name = next((v for k, v in _KK_UNITS.items() if k in unit), unit)
        words += " " + name if unit else ""
        if _TIMES_AHEAD.match(self.text, m.end()):      # "3×4": "үшке төрт"
            words = _kk_attach(words, "ға")
        return self._suffixed(m, words)

    def _ru_num(self, m, n, words, unit, suf):
        noun = self.after(m.end())
        if suf and n is not None:
            return self._ru_suffix(m, n, suf.lower(), noun)
        case = self.ru_case(m.start(), m.end(), n or 0, noun)
        gender = Gender.FEM if noun in _FEM else Gender.NEUT if noun in _NEUT else Gender.MASC
        year = _YEAR_NOUN.get(noun) if noun.startswith("год") else None
        if n is not None and 1000 <= n <= 2100 and (year is not None or unit == "г."):
            if year is None:    # "2012 г.": after a month "года", else the preposition's case ("в 2012 г.")
                year = Case.GEN if self.before(m.start()) in RU_MONTHS else Case.PREP \
                    if self.before(m.start()) in ("в", "во") else case if case != Case.NOM else Case.GEN
            elif year == Case.PREP and self.before(m.start()) in ("к", "по"):
                year = Case.DAT
            return ordinal(n, "ru", year) + (" " + _YEAR_FORM[year] if unit == "г." else "")
        if n is not None and 1 <= n <= 31 and noun in RU_MONTHS:
            day_case = Case.ACC if self.before(m.start()) in ("по", "на", "за") else case
            return ordinal(n, "ru", day_case, Gender.NEUT)
        if words is None:
            words = cardinal(n, "ru", case, gender if not unit else Gender.MASC)
        if unit.startswith("%"):
            words += " " + (_PERCENT[Case.GEN][0] if n is None else _ru_noun(n, case, _PERCENT))
            unit = unit[1:].strip()
            case = Case.GEN if unit else case     # "400% МРП": процентов месячного расчётного показателя
        if "МРП" in unit:
            return words + " " + (_MRP[Case.GEN][0] if n is None or "%" in m.group("unit") else _ru_noun(n, case, _MRP))
        if unit in ("₸", "тг", "тг."):
            return words + " тенге"
        return words + (" " + unit if unit else "")

    def _ru_suffix(self, m, n: int, suf: str, noun: str) -> str:
        if suf in _RU_CARD or suf == "х" and n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
            return cardinal(n, "ru", _RU_CARD.get(suf, Case.GEN))
        if suf == "х":
            suf = "ых"
        if suf in _RU_ORD:
            case, gender = _RU_ORD[suf]
            if case is None:        # "5-м": "в пятом", "пятым"
                case = Case.PREP if self.before(m.start()) in _PREP_MAYBE else Case.INS
            if gender == Gender.NEUT and noun.endswith(("ы", "и")):
                gender = PLURAL     # "90-е годы"
            return ordinal(n, "ru", case, gender)
        return compound_prefix(n) + suf if len(suf) > 2 else cardinal(n, "ru") + " " + m.group("suf")


def _marker(language: str):
    def read(m: re.Match) -> str:
        n = int(m.group(1))
        if language == "ru":
            return ordinal(n, "ru", Case.NOM, Gender.NEUT) + ":"     # "первое:"
        word = ordinal(n, "kk")
        return word + kk_suffix(word, "abl") + ":"                # "біріншіден:"
    return read


def for_ear(text: str, language: str) -> str:
    """The text with every number, date, time, phone, fee, "№", "%" and "₸" in words ("ru" or "kk")."""
    language = language[:2].lower()
    if language not in ("ru", "kk"):
        raise ValueError(f"language {language!r}: ru or kk")
    text = _MARKER.sub(_marker(language), _BULLET.sub("", text))
    return _TOKEN.sub(_Reader(text, language), text)
