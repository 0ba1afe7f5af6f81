"""People's names in what citizens write, found by rules: a list of given names, the endings of
patronymics and surnames, and the words people introduce themselves with. No model: it runs on
every citizen's line and every log record.

What is a name here (each span is then replaced by `dialogs.privacy.mask`):
  * after "меня зовут", "менің атым", "есімім", "my name is": the next word, whatever it is, and
    the name-like words after it ("меня зовут айгерим сейткали");
  * after a form's field ("ФИО:", "фамилия", "имя", "тегі", "аты"): the name-like words that follow
    ("фамилия Сидоренко", but not "фамилия изменилась");
  * a given name of dialogs/names.txt next to a surname ending (-ов, -ева, -ин, -ский, -енко, -бек,
    -бай, -қали …), a patronymic (-ович, -овна, -ұлы, -қызы …) or initials, and two capitalised given
    names side by side; the words of the same kind around them join the name ("Иванов Иван Иванович",
    "Ким Ольга Викторовна", "Ахметов Е.С.");
  * a surname in -ов, -ев, -ова, -ева, -бек, -бай with a Kazakh case ending next to a given name
    ("Серік Ахметовтың", "Айгерім Сапарованың", "Айдос Сұлтанбекпен"; "Өзбекке", "Ойбай", "Дубайда",
    "Мумбайға" are no one's);
  * a patronymic made of a given name ("Нұрланұлы", "Нұрлан-ұлы", "Петровна"), even alone; one in two
    words ("Нұрлан ұлы", "Марат қызы") with another name word beside it ("Асқар Нұрлан ұлы Бекетов");
  * a family in the plural ("Омаровтарға", "Серікбаевтардың"), even alone; a surname with a title
    after it ("Оспанов мырза", "Бейсенова ханымға") or before it ("господин Оспанов", "гр. Ахметов";
    not "гражданин Российской Федерации");
  * a hyphenated name by its parts ("Қасым-Жомарт", "Иванова-Петрова"); a surname, a comma and a
    given name ("Петров, Иван"); a short surname of the list below next to a given name ("Ольга Ким",
    "Цой Виктор"), those that are everyday words too ("Ли", "Нам", "Хан") only after it or with a
    patronymic ("Анна Ли", "Ли Анна Сергеевна": "Нам Айгерим сказала" is no name);
  * the words between "меня" and "зовут" ("Меня Зарина зовут"), and after "зовут меня".

What is not: a given name alone (it names no one, and "Абай", "Жамбыл", "Махамбет" are districts);
a surname ending alone ("документов", "магазин", "Курчатов", "у Жандосовой": as often a street);
a name that is a place — next to a place word ("Мағжан Жұмабаев ауданы", "ул. Мухтара Ауэзова",
"Д. Қонаев к."; but "от имени Ахметова Ерлана" is on a person's behalf), a place of the gazetteer as
a whole ("Бауыржан Момышұлы", "Сәкен Сейфуллин"), a Russian village ("Ивановка"). The price: a person
who shares the name of a village is not masked, unless they introduce themselves; a town in -ов, -ев
in a Kazakh case next to a given name is ("Нұрлан Ростовқа", "Ерлан Курчатовқа").

Words are compared folded (knowledge.normalize.fold_kk, and ы/и, ь dropped), Latin ones through
transliteration, so "Айгерім", "Айгерим" and "Aigerim" are one name.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from pathlib import Path
from typing import NamedTuple

from knowledge.normalize import cached, fold_kk, transliterate

DATA = Path(__file__).resolve().with_name("names.txt")
LONGEST = 4                  # words in one name: surname, two given names, patronymic

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")     # written so: twice as fast
_LATIN = re.compile(r"[a-z'’-]+")
_JOINED = re.compile(r"[-‐'’]")                   # what joins the parts of one name: "Қасым-Жомарт", "О'Брайен"
# "меня зовут …": the next word is a name whatever it is
_INTRODUCED = re.compile(r"(?i)(?<!\w)(?:меня\s+зовут|зовут\s+меня|зовут|менің\s+атым|атым|менің\s+есімім|есімім|my\s+name\s+is|"
                         r"menya\s+zovut|menin\s+atym)(?!\w)[\s,:—–-]*")
# "Меня Зарина зовут": the name-like words between (not "меня так зовут", "меня все зовут")
_INTRODUCED_BETWEEN = re.compile(r"(?i)(?<!\w)меня\s+(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})\s+зовут(?!\w)")
# a form's field: the name-like words after it are the name
_FIELD = re.compile(r"(?i)(?<!\w)(?:ф\.\s?и\.\s?о\.?|фио|фамилия|фамилию|имя|отчество|тегі|тегім|аты-жөні|аты-жөнім|"
                    r"аты|есімі|surname|full\s+name|familiya|fio)(?!\w)\s*[:—–-]?\s*")
# either of the two above, in a lower-cased text: most messages have neither, and this tells it at
# a third of the cost
_ANY_CUE = re.compile(r"\b(?:зовут|атым|есім|name|zovut|atym|ф\.\s?и\.|фио|фамили|имя|отчество|тегі|аты|familiya|fio)")
# words that follow "зовут" without being a name ("зовут на работу", "как его зовут и…")
_NOT_A_NAME = frozenset("не так как и а но я мне меня его её ее их на в во с со по же бы ли мен және да де "
                        "сізді сені оны қалай что кто".split())

# endings, on the folded word
_PATRONYMIC = re.compile(r"(\w{2,}?)(?:(?:ович|евич)(?:а|у|ем|е)?|(?:овн|евн)(?:а|и|е|у|ои|ою)|(?:ули|кизи)\w{0,4})")
_SURNAME = re.compile(r"\w{2,}(?:(?:ов|ев|ин)(?:а|ои|ою|у|им|ом|е|их|ими)?|(?:ск|цк)(?:ии|ая|ои|ого|ому|им|ую|ом)"
                      r"|енко|чук|бек|баи|кали|гали|хан)")           # "баи": й is folded to и (see key)
# surnames too short for an ending to tell them (Korean-Kazakh, mostly), counted next to a given name, written
# with a capital letter; the second list are everyday words as well ("ли", "нам", "хан", "шин", "сон"): a surname
# only after a given name or before one with a patronymic
_SHORT_SURNAMES = frozenset("ким цой пак тен югай огай кан тян хегай шегай когай лигай тягай лим хван мун чой чон юн "
                            "тхай пен".split())
_SHORT_SURNAMES_AFTER = frozenset("ли нам хан шин ан ни со сон пай".split())


def _declined(surname: str) -> set[str]:
    """A man's short surname as Russian declines it: "Кима", "Цоем"."""
    if surname.endswith("й"):
        return {surname[:-1] + e for e in ("я", "ю", "ем", "е")}
    return {surname + e for e in ("а", "у", "ом", "е")}


@functools.cache
def _short_surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(every form of a short surname, those only after a given name), as written in Cyrillic and as keys (a Latin
    word is looked up by its key: "Tsoi" is "цои")."""
    forms = {f for s in _SHORT_SURNAMES for f in {s} | _declined(s)}
    return frozenset(forms | {key(f) for f in forms}), frozenset(_SHORT_SURNAMES_AFTER)
# a name whose next word is one of these is a place: "Абай ауданы", "Жұмабаев атындағы", "Абай к."
_PLACE_AFTER = ("аудан", "облыс", "қалас", "ауыл", "көше", "даңғыл", "кент", "селос", "атындағы", "гүлзар", "шағын",
                "мектеб", "район", "област", "улиц", "проспект", "бульвар", "street", "avenue", "district")
_PLACE_AFTER_EXACT = ("к-сі", "д-лы", "м-н", "р-н", "обл", "ауд", "көш", "батыр", "би", "ақын", "сал", "жырау", "хан",
                      "мкр")
_PLACE_AFTER_SHORT = ("к", "қ", "а", "с", "д", "ш")          # "Абай к.", "Махамбет а.": with their full stop
# …and one whose word before is one of these: "ул. Мухтара Ауэзова", "район Магжана Жумабаева"
_PLACE_BEFORE = ("ул", "улица", "улицы", "улице", "пр", "пр-т", "проспект", "проспекта", "город", "города", "гор",
                 "село", "села", "пос", "посёлок", "посёлка", "мкр", "микрорайон", "район", "района", "р-н", "имени",
                 "им", "бульвар", "переулок", "пер", "аул", "аула", "станция", "ст")
_PLACE_BEFORE_SHORT = ("г", "с")                           # "г. Қонаев", "с. Махамбет": with their full stop
# Kazakh endings that fold to a surname's -ин: "Комитеттің", "құжатын", "жерін"
_KAZAKH_CASE = re.compile(r"(?i)(?:ң|(?<!ц)ын|ін)$")
# Kazakh case endings a name takes as it is ("Айгерімге", "Нұрланның"), folded
_KAZAKH_ENDINGS = ("га", "ге", "ка", "ке", "на", "не", "нин", "тин", "дин", "ди", "ти", "ни", "мен", "бен", "пен",
                   "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан", "нен", "ми", "сиз")
# …and a surname in -ов, -ев, -ова, -ева, -бек, -бай takes them too ("Ахметовтың", "Сапарованың", "Сұлтанбекпен"),
# folded, and in the plural of a family ("Омаровтарға"). Not -ин(а): "машинаға", "магазинге" would be surnames;
# -бек, -бай after three letters at least ("Дубайда", "Өзбекке" are no one)
_ENDING = f"(?:{'|'.join(_KAZAKH_ENDINGS)})"
_SURNAME_KAZAKH_CASE = re.compile(rf"(?:\w{{2,}}(?:ов|ев)а?|\w{{3,}}бек|\w{{2,}}баи)(?:тар|тер)?{_ENDING}")
# words in -бай that are no one's, folded, as they begin any of their forms ("Дубайда")
_NOT_SURNAMES = ("оибаи", "дубаи", "мумбаи", "бомбеи")
# a Russian village in -овка, -евка is no surname in the dative ("Ивановка", "Березовка"; but "Ахметовқа")
_VILLAGE = re.compile(r"(?i)[ое]вка$")
# a family by its surname in the plural ("Омаровтар", "Серікбаевтардың"): a name by itself, as a patronymic is
_FAMILY = re.compile(rf"\w{{2,}}(?:ов|ев)(?:тар|тер){_ENDING}?")
# a patronymic in two words: "Нұрлан ұлы", "Марат қызы", "Бакыт уулу" (folded); a name only with a third word
# beside it ("Асқар Нұрлан ұлы", "Нұрлан ұлы Бекетов"): "Абай ұлы ойшыл" is "Abai, a great thinker"
_PATRONYMIC_WORD = frozenset({"ули", "кизи", "уулу"})
# a surname with one of these after it is a person's: "Оспанов мырза", "Бейсенова ханымға" (folded, with their cases)
_HONORIFIC_AFTER = frozenset(b + e for b in ("мирза", "ханим", "апаи", "агаи") for e in ("", *_KAZAKH_ENDINGS))
# …and with one of these before it: "господин Оспанов", "гражданке Бейсеновой" (folded: й is и)
_HONORIFIC_BEFORE = frozenset("господин господина господину господином господине госпожа госпожи госпоже госпожу "
                              "госпожои гражданин гражданина гражданину гражданином гражданине гражданка гражданки "
                              "гражданке гражданку гражданкои гр".split())
# …unless the word is a country's adjective: "гражданин Российской Федерации", "гражданки Казахской ССР", "гражданин
# Иранской Исламской Республики". "Господин Чайковский" is a person: a surname agrees with its title ("гражданина
# Чайковского", "гражданке Ковальской"), so one in -ский that does not ("гражданина Российской") is no surname; where
# it does, a country's word after it still says it is a country's ("гражданки Кыргызской Республики"). The endings
# each title's case allows, folded (й is и): "гр." may be either.
_ADJECTIVE = re.compile(r"\w+[сц]к(?:ии|ая|ои|ого|ому|им|ую|ом|ое|ие|их|ими)")
_AGREEING = {title: endings for titles, endings in (
    ("господин гражданин", ("ии",)), ("госпожа гражданка", ("ая",)), ("гр", ("ии", "ая")),
    ("господина гражданина", ("ого",)), ("господину гражданину", ("ому",)), ("господином гражданином", ("им",)),
    ("господине гражданине", ("ом",)), ("госпожу гражданку", ("ую",)),
    ("госпожи госпоже госпожои гражданки гражданке гражданкои", ("ои",))) for title in titles.split()}
_COUNTRY_WORD = re.compile(
    r"(?:федерац|федератив|республик|королевств|государств|импери|конфедерац|советск|социалист|исламск|ханств"
    r"|демократ|объединен|соединен|арабск|происхожд|подданств|гражданств|национальн|казахстан|кыргызстан"
    r"|узбекистан|таджикистан|туркменистан)\w*|народн(?:ая|ои|ого|ому|ую|ых)|союз(?:а|у|ом|е)?|корон(?:а|ы|е|у|ои)"
    r"|росси(?:я|и|ю|еи)|фед|респ|сср|ссср|рк|рф")


class Kinds(NamedTuple):
    """What a word may be of a name, whatever its place. (Tuples, not an enum.Flag: this runs on every
    word of every message, and Flag's operators cost a message 60 µs.)"""
    key: str                  # folded: see key()
    given: bool               # a given name of names.txt, in any of its forms
    patronymic: bool          # -ович, -овна, -ұлы, -қызы …
    own: bool                 # a name by itself: a patronymic of a given name ("Нұрланұлы"), a family ("Омаровтар")
    surname: bool             # ends as surnames do, or a short surname of the list
    surname_after: bool       # a short surname that is an everyday word too: only after a given name
    capital: bool             # written with a capital letter, not in capitals throughout (not "ЦОН")
    initial: bool             # a capital letter alone: an initial, if a full stop follows
    named: bool               # any of given, patronymic, surname


class Word(NamedTuple):
    """A word where it stands: its kinds, and whether it is an initial ("Е." of "Ахметов Е.С.")."""
    start: int
    end: int
    key: str
    given: bool
    patronymic: bool
    own: bool
    surname: bool
    surname_after: bool
    capital: bool
    initial: bool
    named: bool


def key(word: str) -> str:
    """The folded form names are compared in: Kazakh letters, й, ы, ь and Latin letters folded away."""
    lower = word.lower()
    if _LATIN.fullmatch(lower):
        lower = transliterate(lower.replace("’", "").replace("'", ""))
    return fold_kk(lower).replace(" ", "-").replace("ы", "и").replace("ь", "").replace("ъ", "")


def _russian_forms(k: str) -> set[str]:
    if k.endswith("а"):
        return {k[:-1] + e for e in ("и", "е", "у", "ои", "ою")}
    if k.endswith("я"):
        return {k[:-1] + e for e in ("и", "е", "ю", "еи", "ею")}
    if k.endswith("и"):                              # Сергей, Николай (й folded to и)
        return {k[:-1] + e for e in ("я", "ю", "ем", "е")}
    return {k + e for e in ("а", "у", "ом", "е", "я", "ю", "ем", "им")}


# forms that are everyday words ("Илья" → "или", "or"): never a given name
_EVERYDAY = frozenset({"или", "тем", "том", "нам", "вам", "над", "мае", "маю", "ане", "оне"})


@functools.cache
def given_names() -> tuple[frozenset[str], frozenset[str]]:
    """(the keys of every form of a given name, those that are everyday words as well)."""
    strong: set[str] = set()
    weak: set[str] = set()
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k = key(line.lstrip("~"))
        forms = {k} | _russian_forms(k) | {k + e for e in _KAZAKH_ENDINGS}
        (weak if line.startswith("~") else strong).update(forms - _EVERYDAY)
    return frozenset(strong | weak), frozenset(weak - strong)


def _is_given(k: str) -> bool:
    return k in given_names()[0]


@cached(1 << 14)              # words up to 256 letters: a megabyte-long "word" is looked at, never kept
def _kind(word: str) -> Kinds:
    k = key(word)
    capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
    names, weak = given_names()
    given = k in names and (k not in weak or word[0].isupper())
    patronymic = own = surname = surname_after = False
    pieces = _JOINED.split(word)
    if len(pieces) > 1 and all(pieces):          # "Қасым-Жомарт", "Иванова-Петрова": by its parts
        parts = [_kind(piece) for piece in pieces]
        given = all(p.given for p in parts)
        patronymic, own, surname = parts[-1].patronymic, parts[-1].own, parts[-1].surname
        if len(parts) == 2 and parts[0].given and parts[1].key in _PATRONYMIC_WORD:
            given, patronymic, own = False, True, True          # "Нұрлан-ұлы", as "Нұрланұлы"
    else:
        if len(k) >= 5:
            found = _PATRONYMIC.fullmatch(k)
            if found:
                patronymic = True
                stem = found.group(1)
                own = any(_is_given(s) for s in (stem, stem + "и", stem + "ии"))
            surname = ((bool(_SURNAME.fullmatch(k)) and not _KAZAKH_CASE.search(word)) or _in_a_case(word, k)) \
                and not k.startswith(_NOT_SURNAMES)
            if _FAMILY.fullmatch(k):
                surname = own = True
        if k in _HONORIFIC_BEFORE:
            surname = False                     # "гражданин" ends as a surname does, and is a title before one
        if not surname and len(k) <= 5 and word[0].isupper():
            # as written ("Тень" is no "Тен", "Қана" no "Кана"); a Latin word as it reads in Cyrillic
            plain = k if _LATIN.fullmatch(word.lower()) else word.lower().replace("ё", "е")
            short, after = _short_surnames()
            surname = plain in short
            surname_after = plain in after
    initial = len(word) == 1 and word.isupper()
    return Kinds(k, given, patronymic, own, surname, surname_after, capital, initial, given or patronymic or surname)


def _in_a_case(word: str, k: str) -> bool:
    """A surname with a Kazakh case ending, unless it is a Russian village's name ("Ивановка"). Not checked against
    the gazetteer: many villages bear a person's surname ("Жұмабаев"), and the person in a case would go unmasked."""
    return bool(_SURNAME_KAZAKH_CASE.fullmatch(k)) and not _VILLAGE.search(word)


def words(text: str) -> list[Word]:
    found = []
    for m in _WORD.finditer(text):
        k = _kind(m.group())
        start, end = m.span()
        initial = k.initial and text[end:end + 1] == "."
        found.append(Word(start, end, k.key, k.given, k.patronymic, k.own, k.surname, k.surname_after, k.capital,
                          initial, k.named or initial))
    for i in range(1, len(found)):
        before, word = found[i - 1], found[i]
        if word.key in _PATRONYMIC_WORD and before.given and _next_to(text, before, word) and (
                (i >= 2 and found[i - 2].named and _next_to(text, found[i - 2], before))
                or (i + 1 < len(found) and found[i + 1].named and _next_to(text, word, found[i + 1]))):
            # "Асқар Нұрлан ұлы": the patronymic's second word, written as the given name is
            found[i] = word._replace(patronymic=True, named=True, capital=before.capital)
        elif before.surname and before.capital and word.key in _HONORIFIC_AFTER and _next_to(text, before, word):
            found[i - 1] = before._replace(own=True)                   # "Оспанов мырза"
        elif word.surname and word.capital and _titled(text, before, word, next(iter(found[i + 1:i + 2]), None)):
            found[i] = word._replace(own=True)                         # "господин Оспанов", "гр. Ахметов"
            # the title is no part of the name ("Гражданин" ends as surnames do)
            found[i - 1] = before._replace(given=False, surname=False, named=False)
    return found


def _titled(text: str, before: Word, word: Word, after: Word | None) -> bool:
    if before.key not in _HONORIFIC_BEFORE:
        return False
    if _ADJECTIVE.fullmatch(word.key) and (
            not word.key.endswith(_AGREEING.get(before.key, ()))
            or (after is not None and text[word.end:after.start].isspace() and _COUNTRY_WORD.fullmatch(after.key))):
        return False
    gap = text[before.end:word.start]
    return gap.strip() == "." if before.key == "гр" else bool(gap) and gap.isspace()


def _may_hold_a_name(kinds: list[Kinds]) -> bool:
    """Whether two words side by side, or one word with what is around it, could make a name: told from the words
    alone, before where each stands."""
    if not any(k.named for k in kinds):
        return False
    pairs = list(itertools.pairwise(kinds))
    if any(k.own for k in kinds) or any(_pair(a, b) or (a.surname_after and b.given) for a, b in pairs):
        return True
    return any((a.given and b.key in _PATRONYMIC_WORD) or (a.surname and b.key in _HONORIFIC_AFTER)
               or (b.surname and a.key in _HONORIFIC_BEFORE) for a, b in pairs)


def _next_to(text: str, a: Word, b: Word) -> bool:
    """b follows a within one name: only spaces between (and the full stop of an initial)."""
    gap = text[a.end:b.start]
    if a.initial and gap.startswith("."):
        gap = gap[1:]
    if not gap:
        return a.initial
    return len(gap) <= 2 and not gap.strip() and "\n" not in gap


def _same_case(a: Word | Kinds, b: Word | Kinds) -> bool:
    """A name is written in one way: "Иван Петров", "иван петров"; not "Ивана документов"."""
    return a.initial or b.initial or a.capital == b.capital


def _pair(a: Word | Kinds, b: Word | Kinds) -> bool:
    """Two words side by side that make a name between them."""
    if not _same_case(a, b):
        return False
    if a.given and b.surname_after:                  # "Анна Ли"
        return True
    for x, y in ((a, b), (b, a)):
        if x.given and (y.surname or y.patronymic or y.initial):
            return True
        if x.surname and x.capital and y.initial:
            return True
        if x.patronymic and x.capital and (y.named or y.capital):
            return True
    return a.given and b.given and a.capital and b.capital


def _surname_comma_given(text: str, a: Word, b: Word) -> bool:
    """"Петров, Иван": a surname, a comma, a given name or initials, as lists and forms write them."""
    return a.surname and a.capital and not a.given and (b.given or b.initial) and _same_case(a, b) \
        and text[a.end:b.start].strip(" ") == ","


def _short_first(text: str, a: Word, b: Word) -> bool:
    """"Я, Ли Анна": a short surname that is an everyday word too, before a given name, counts where no sentence
    begins (a capital letter there is the name's) or when the two are the whole text."""
    before = text[:a.start].rstrip()
    return a.surname_after and b.given and b.capital and (
        (before and before[-1] not in ".!?…") or (not before and not text[b.end:].strip(" .,!?")))


def _cores(text: str, ws: list[Word]) -> list[tuple[int, int]]:
    """(first, last) word indexes of each name found by its words alone."""
    linked = [i + 1 < len(ws) and (_next_to(text, ws[i], ws[i + 1]) or _surname_comma_given(text, ws[i], ws[i + 1]))
              for i in range(len(ws))]
    marked = [w.own for w in ws]
    for i in range(len(ws) - 1):
        if linked[i] and (_pair(ws[i], ws[i + 1]) or _short_first(text, ws[i], ws[i + 1])):
            marked[i] = marked[i + 1] = True
    spans = []
    i = 0
    while i < len(ws):
        if not marked[i]:
            i += 1
            continue
        first = last = i
        while last + 1 < len(ws) and linked[last] and (marked[last + 1] or ws[last + 1].named) \
                and _same_case(ws[last], ws[last + 1]) and last - first + 1 < LONGEST:
            last += 1
        # the surname before a given name and a patronymic ("Ким Ольга Викторовна")
        has_patronymic = any(ws[j].patronymic for j in range(first, last + 1))
        while first > 0 and linked[first - 1] and last - first + 1 < LONGEST and _same_case(ws[first - 1], ws[first]) \
                and (ws[first - 1].named or (has_patronymic and ws[first - 1].capital
                                             and not _COUNTRY_WORD.fullmatch(ws[first - 1].key))):
            first -= 1
        spans.append((first, last))
        i = last + 1
    return spans


@functools.cache
def _place_phrases() -> frozenset[tuple[str, ...]]:
    """Every run of two or more words inside a place's name, folded: "бауиржан момишули"."""
    from knowledge.geo import place_names

    phrases = set()
    for name in place_names():
        ks = tuple(key(w) for w in _WORD.findall(name))
        for i in range(len(ks)):
            for j in range(i + 2, len(ks) + 1):
                phrases.add(ks[i:j])
                # with one word by its initial: "Б. Момышұлы" is the village Бауыржан Момышұлы
                phrases.update(ks[i:n] + (ks[n][0],) + ks[n + 1:j] for n in range(i, j))
    return frozenset(phrases)


@functools.cache
def _place_words() -> dict[str, frozenset[str] | tuple[str, ...]]:
    """The place words above, folded as words are."""
    def keys(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(key(w) for w in words)
    return {"after": tuple(key(w) for w in _PLACE_AFTER), "after_exact": keys(_PLACE_AFTER_EXACT),
            "after_short": keys(_PLACE_AFTER_SHORT), "before": keys(_PLACE_BEFORE),
            "before_short": keys(_PLACE_BEFORE_SHORT), "prefix": keys(_PLACE_BEFORE) | keys(_PLACE_BEFORE_SHORT)
            | keys(("ауыл", "мкр", "м-н", "р-н", "обл", "к", "а", "с", "д", "ш"))}


def _a_place(text: str, ws: list[Word], first: int, last: int, after_a_name: bool = False) -> bool:
    place = _place_words()
    after = ws[last + 1] if last + 1 < len(ws) else None
    # on the same line ("Ахметов Н. С.\nС. Сапаров": the "С." is the next name's), and a suffix of this name, not
    # the prefix of the next place's ("Сапаров Нурлан с. Абай", "Нурлан Сапаров мкр. Самал")
    if after is not None and "\n" not in text[ws[last].end:after.start] \
            and text[ws[last].end:after.start].strip() in ("", ".") and not _before_a_place(text, ws, last + 1) and (
            after.key in place["after_exact"] or after.key.startswith(place["after"])
            or (after.key in place["after_short"] and text[after.end:after.end + 1] == ".")):
        return True
    before = ws[first - 1] if first > 0 else None
    if before is not None and not after_a_name and not _on_behalf_of(text, ws, first):
        gap = text[before.end:ws[first].start].strip()
        if (gap in ("", ".") and before.key in place["before"]) or (gap == "." and before.key in place["before_short"]):
            return True
    return tuple(w.key for w in ws[first:last + 1]) in _place_phrases()


def _before_a_place(text: str, ws: list[Word], i: int) -> bool:
    """Whether the place word ws[i] is written before its place's name, as Russian writes it ("с. Абай", "мкр.
    Самал", "ауыл Абай"), not after it as Kazakh does ("Абай ауданы"): a capitalised word follows on its line."""
    nxt = ws[i + 1] if i + 1 < len(ws) else None
    if nxt is None or not nxt.capital or ws[i].key not in _place_words()["prefix"]:
        return False
    gap = text[ws[i].end:nxt.start]
    return "\n" not in gap and gap.strip() in ("", ".")


def _on_behalf_of(text: str, ws: list[Word], first: int) -> bool:
    """"от имени Ахметова Ерлана": on a person's behalf, not a street or a school "имени" someone."""
    return first >= 2 and ws[first - 1].key == "имени" and ws[first - 2].key == "от" \
        and not text[ws[first - 2].end:ws[first - 1].start].strip()


def _after_cue(text: str, ws: list[Word], cue: re.Pattern, anything_first: bool) -> list[tuple[int, int]]:
    spans = []
    starts = {w.start: n for n, w in enumerate(ws)}
    for m in cue.finditer(text):
        i = starts.get(m.end())             # the word right after the cue (a dict: a text of cues stays linear)
        if i is None:
            continue
        first = ws[i]
        if anything_first:
            if first.key.split("-")[0] in _NOT_A_NAME:
                continue
        elif not (first.named or first.capital):
            continue
        last = i
        while last + 1 < len(ws) and last - i + 1 < LONGEST and _next_to(text, ws[last], ws[last + 1]) \
                and (ws[last + 1].named or ws[last + 1].capital):
            last += 1
        spans.append((ws[i].start, ws[last].end + (1 if ws[last].initial else 0)))
    return spans


def _between_cue(text: str, ws: list[Word]) -> list[tuple[int, int]]:
    """"Меня Зарина зовут", "меня Зарина Мусаева зовут": the words between, when each could be a name's."""
    spans = []
    starts = [w.start for w in ws]
    for m in _INTRODUCED_BETWEEN.finditer(text):
        inner = ws[bisect.bisect_left(starts, m.start("name")):bisect.bisect_left(starts, m.end("name"))]
        if inner and inner[0].key not in _NOT_A_NAME and all(w.named or w.capital for w in inner):
            spans.append((inner[0].start, inner[-1].end))
    return spans


def find(text: str) -> list[tuple[int, int]]:
    """Where the names in `text` are: (start, end) character spans, in order, not overlapping."""
    cued = _ANY_CUE.search(text.lower()) is not None
    # most messages have no two words that could make a name: told from the words alone, before where
    # each stands (an initial's full stop, the gaps, the places around)
    if not cued and not _may_hold_a_name(list(map(_kind, _WORD.findall(text)))):
        return []
    ws = words(text)
    spans: list[tuple[int, int]] = []
    previous = -2
    for first, last in _cores(text, ws):
        # "Ахметов Н. С.\nНурлан Сапаров": the "С." before the second is the first one's initial, not a village's
        if not _a_place(text, ws, first, last, after_a_name=previous >= first - 1):
            spans.append((ws[first].start, ws[last].end + (1 if ws[last].initial else 0)))
        previous = last
    if cued:
        spans += _after_cue(text, ws, _INTRODUCED, anything_first=True)
        spans += _after_cue(text, ws, _FIELD, anything_first=False)
        spans += _between_cue(text, ws)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
