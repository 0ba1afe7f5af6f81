"""What a message asks about a service: its documents, cost, deadline, where, result, refusal
grounds or how to complain — or the whole of it.

"сколько стоит паспорт?" asks the cost; "төлқұжат қанша тұрады, қанша күнде дайын?" the cost and
the deadline; "паспорт" alone asks everything. Read from words, not from the service classifier:
the same words ask the same thing of every service, and follow-ups name no service at all
("а сколько ждать?"). Every phrase is a sequence of word prefixes, matched on the classifiers'
normalised words (nlu.normalize), so Latin Kazakh, translit and missing Kazakh letters read alike.

How words that only look like a question are kept from being read as one:
  * the most specific reading of a stretch of words wins: "сколько платят (пособие)" is the
    benefit's amount, not "сколько плат(ить)"; "справка об адресной регистрации" names a service,
    not an address; "потерял документы" tells what happened and asks nothing (NOT_ASKED);
  * tiers: plain questions (PHRASES) first; cues (CUES) count only when no plain question is
    there — a refusal told ("отказали, куда жаловаться"), "нужна ли копия?", a payment told
    ("куда идти, чтобы начали платить"); a bare "документы" / "құжат" (NOUNS) only when nothing
    else is ("куда сдавать документы" asks where, "құжатым дайын ба" the deadline, "а документы?"
    the documents). A refusal told with "почему" / "неге" asks its grounds (WHY);
  * a way of applying asked about ("через егов можно?") is where; one merely named ("а через ЦОН?") is not;
  * the application form is one of the documents: "где взять бланк" asks for documents, not
    where to apply (FORMS); a complaint outranks the story around it (OUTRANKS): "куда жаловаться"
    is not where, "вымогали деньги за быстрое оформление" is neither cost nor deadline.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import NamedTuple

from nlu.phrases import phrase, words


class Aspect(StrEnum):
    DOCUMENTS = "documents"
    COST = "cost"
    DEADLINE = "deadline"
    WHERE = "where"
    RESULT = "result"
    REFUSAL = "refusal"
    COMPLAINT = "complaint"


# Tier 0: plain questions. Each phrase: words that must follow one another, each a prefix of a
# word of the message, except words of one or two letters ("ли", "не", "по", "бе"), which must be
# the whole word. Short stems on purpose: "скол жда" reads "сколько ждать" and "skolko zhdat".
PHRASES: dict[Aspect, tuple[str, ...]] = {
    Aspect.DOCUMENTS: (
        "какие документ", "каких документ", "какие докум", "какие доки", "какие бумаг", "какие справк",
        "список документ", "перечень", "пакет документ", "документы нужн", "нужны документ", "документ каки",
        "доки каки", "что нужн", "что надо", "что необходимо", "что требу", "что взять", "что принести",
        "что брать", "что собрать", "что там нужн", "шо нужн", "шо надо", "че нужн", "че надо", "чо нужн",
        "чо надо", "с собой", "принес", "принест", "приложит", "подготов",
        "кужат керек", "кужат кажет", "кажетти кужат", "кужат тизим", "кужаттар тизим", "тизим",
        "кужат кандаи", "кужат апар", "кужат әкел", "кужат жина", "кужат дайында", "жинау керек",
        "не керек", "не кажет", "не алып", "не апар", "не ал бару", "не дайында", "не әкел", "не жина",
    ),
    Aspect.COST: (
        "стоит", "стоимост", "стоет", "стоить", "скол плати", "скок плати", "ли плати", "надо плати",
        "нужно плати", "плати надо", "плати нужно", "плати за", "заплат", "цена", "цену", "цены", "почем",
        "платн", "оплат", "пошлин", "госпошл", "бесплатн", "тенге", "мрп", "обоид", "скол выид",
        "канша тур", "канша акша", "акша толе", "акысы", "акылы", "тегин бе", "тегин ба", "тегин ме",
        "тегин ма", "баж", "куны", "багасы", "толеим", "толеис", "канша толеим", "канша толеис",
        "толеу керек", "толеу кажет",
    ),
    Aspect.DEADLINE: (
        "срок", "скол жда", "скок жда", "скол дне", "скок дне", "скол дня", "скок дня", "скол времен",
        "скок времен", "по времен", "скол делает", "скок делает", "скол делают", "скок делают", "скол займ",
        "заимет", "рабоч дне", "рабоч дня", "как долго", "как быстро", "быстро", "быстрее", "побыстр",
        "долго", "срочно", "когда будет", "когда готов", "когда получ", "когда можно", "когда забр", "когда выда", "когда приде", "когда сдела",
        "когда жда", "и когда", "через скол", "за скол", "жда", "готово", "готовы", "готова", "готов$",
        "сразу да", "сразу выда", "сразу получ", "выда сразу", "дают сразу", "тот же ден", "в ден обращ",
        "к какому числу",
        "мерзим", "канша кун", "неше кун", "канша уакыт", "кашан", "канша кут", "куту керек", "тез", "жедел",
        "даиын бол", "даиын ба", "даиын ма", "даиин бол", "даиин ба", "даиин ма", "битед", "сол кун",
        "бирден$", "жакын арада",
    ),
    Aspect.WHERE: (
        "где", "куда", "адрес", "ближаиш", "в каком цон", "какои цон", "в каком окн", "в каком отдел",
        "в каком орган", "в какои орган", "к кому обра", "кому обра",
        "каида", "каи жерде", "каи жерге", "каи хко", "мекенжаи", "жакын", "кимге",
    ),
    Aspect.RESULT: (
        "что получ", "что выда", "что дадут", "что мне дадут", "результат", "на руки", "итог", "бумажн",
        "в каком вид", "электрон вид", "сумм пособ", "сумм выплат", "размер пособ", "размер выплат",
        "скол платя", "скок платя", "скол дают", "скок дают", "денег дают", "деньги дают",
        "не бер", "не алам", "нәтиже", "натиже", "колыма не", "колга не", "кагаз тур", "кагаз нуска",
        "электронды тур", "канша бер", "кужат береди", "жардемакы молшер", "жардемакысы молшер",
    ),
    Aspect.REFUSAL: (
        "почему отказ", "причин отказ", "основан отказ", "основан для отказ", "могут ли отказ", "могут отказ",
        "откаж", "не примут", "могут не приня",
        "бас тарт мумкин", "бас тарту негиз", "бас тарту себеб", "неге бас тарт", "бас тартпа", "бас тартса",
        "неге берм", "бермеу",
    ),
    Aspect.COMPLAINT: (
        "жалоб", "жолоб", "жаловат", "пожаловат", "обжал", "нахамил", "хамит", "грубил", "нагрубил",
        "вымога", "взятк", "о коррупц", "не соглас с", "нарушил", "закон наруш", "наруша закон",
        "шагым", "кимге арыз", "каида арыз", "устинен арыз", "арыз тусир", "арыздан", "дорекі", "нараз",
        "заң бузд", "заңды бузд",
    ),
}

# Whether one document is needed: "нужна ли копия?", "фото нужно?", "анықтама керек пе?". Only with
# "ли" or the Kazakh question particle, or for a paper that is never a service itself: "нужна справка"
# and "анықтама керек" ask for the certificate (the service).
_DOCUMENT_NAMES = ("свидетельств", "справк", "выписк", "куалик", "аныктама")
_SUPPORTING = ("фото", "сурет", "копи", "коширме", "оригинал", "нотариал", "квитанц", "чек", "согласи",
               "доверенност", "келисим", "сенимхат", "направлени")
_NEEDED = tuple(
    [f"{q} {n}" for q in ("нужн ли", "нужен ли", "нужна ли", "надо ли", "требует ли", "обязательно ли")
     for n in _DOCUMENT_NAMES + _SUPPORTING]
    + [f"{n} {w}" for n in _SUPPORTING for w in ("нужн", "нужен", "нужна", "надо", "обязател")]
    + [f"{n} керек {q}" for n in _DOCUMENT_NAMES + _SUPPORTING for q in ("пе", "па", "ме", "ма", "бе", "ба")]
    + ["жетеди ме"])

# Tier 1: cues that count only when no plain question (tier 0) is in the message: a refusal or a
# payment told, not asked about ("отказали, куда жаловаться"; "куда идти, чтобы начали платить").
CUES: dict[Aspect, tuple[str, ...]] = {
    Aspect.DOCUMENTS: _NEEDED + ("кандаи кужат", "кандаи кагаз", "кандаи аныктама", "кандаи документ"),
    Aspect.COST: ("плати", "оплач", "денег", "деньг", "акша"),
    Aspect.REFUSAL: ("отказ", "бас тарт", "кабылдама", "не приня", "не выда", "не берут", "бермед", "бермеи"),
    Aspect.RESULT: ("выдад", "жардемакы канша", "жардемакысы канша", "толем канша", "толеми канша",
                    "канша толеи"),
    Aspect.WHERE: ("идти",),
}

# Tier 2: a document named bare counts only when nothing else is asked: "а документы?".
NOUNS: dict[Aspect, tuple[str, ...]] = {
    Aspect.DOCUMENTS: ("документ", "докум", "доки", "бумаг", "кужат", "кагаз"),
}

# Stretches that look like an aspect's words but ask nothing: a service's name, a lost document,
# a figure of speech, a document's old or new style. They only silence the phrases they contain.
NOT_ASKED: tuple[str, ...] = (
    "адресн", "мекенжаи аныктам", "мекенжаилык",
    "потер документ", "утер документ", "украл документ", "восстанов документ", "замен документ",
    "поменя документ", "документ удостовер", "кужат жогалт", "кужаттарымды жогалт", "кужат ауыстыр",
    "кужаттарды ауыстыр", "кужат калпына",
    "где то", "куда то", "почему", "стоит ли", "стоит на", "стоит в", "не готов", "срочнои",
    "даиын болганша", "даиин болганша",
    "старого образц", "нового образц", "советского образц", "единого образц", "ески улги", "жана улги",
    "совет улги", "улгиге", "улгиде", "жакын туыс", "кимге бер", "кимге тиесил", "никуда не бер",
)

# A way of applying asked about ("можно ли через егов?", "онлайн жасауға бола ма?") is where;
# one merely named ("а через ЦОН?") is not an aspect (dialogs.situations reads the channel).
CHANNELS = ("онлаин", "егов", "портал", "через интернет", "интернет аркылы")
POSSIBLE = ("можно", "бола", "болад", "мумкин")

# The application form is one of the documents: where to get it is not where to apply.
FORMS = ("бланк", "образец", "образц", "форм заявлен", "форму заявлен", "анкет", "улги", "заполн", "толтыр")
_FORM = "form"

# A refusal told with "why" asks its grounds: "почему мне отказали?", "неге маған бас тартты?".
WHY = ("почему", "неге", "за что", "по какой причин", "себеб")

# Complaining, the rest is the story: "куда жаловаться" asks how to complain, not where an office is;
# "жду паспорт месяц, куда жаловаться" and "вымогали деньги" ask neither the deadline nor the cost.
# Refusal grounds asked as well stay ("почему отказали и куда жаловаться").
OUTRANKS = {Aspect.COMPLAINT: (Aspect.WHERE, Aspect.COST, Aspect.DEADLINE, Aspect.DOCUMENTS, Aspect.RESULT)}

TIERS = (PHRASES, CUES, NOUNS)

_Word = tuple[str, bool]        # a prefix, and whether it must be the whole word


class _Match(NamedTuple):
    label: Aspect | str | None  # an aspect, _FORM, or None: NOT_ASKED
    tier: int
    start: int
    end: int
    letters: int                # how specific: the letters of its prefixes


def _compile(text: str) -> tuple[_Word, ...]:
    exact = [w.endswith("$") for w in text.split()]
    folded = phrase(text.replace("$", ""))
    assert len(folded) == len(exact), text
    return tuple((w, e or len(w) <= 2) for w, e in zip(folded, exact))


@functools.cache
def _phrases() -> dict[str, tuple[tuple[Aspect | str | None, int, tuple[_Word, ...]], ...]]:
    """Every phrase, by the first letter of its first word."""
    out = [(aspect, tier, _compile(p)) for tier, table in enumerate(TIERS)
           for aspect, phrases in table.items() for p in phrases]
    out += [(None, 0, _compile(p)) for p in NOT_ASKED] + [(_FORM, 0, _compile(p)) for p in FORMS]
    index: dict[str, list] = {}
    for entry in out:
        index.setdefault(entry[2][0][0][0], []).append(entry)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _group(stems: tuple[str, ...]) -> tuple[tuple[_Word, ...], ...]:
    return tuple(_compile(s) for s in stems)


def _fits(word: str, wanted: _Word) -> bool:
    prefix, whole = wanted
    return word == prefix if whole else word.startswith(prefix)


def _matches(said: list[str]) -> list[_Match]:
    found = []
    index = _phrases()
    for i, first in enumerate(said):
        for label, tier, p in index.get(first[:1], ()):
            n = len(p)
            if i + n <= len(said) and all(_fits(said[i + k], p[k]) for k in range(n)):
                found.append(_Match(label, tier, i, i + n, sum(len(w) for w, _ in p)))
    return found


def _covered(m: _Match, by: _Match) -> bool:
    """`by` reads a stretch holding `m`'s words more specifically, as something else."""
    return (by.label != m.label and by.start <= m.start and m.end <= by.end
            and (by.end - by.start, by.letters) > (m.end - m.start, m.letters))


def _any(said: list[str], stems: tuple[str, ...]) -> bool:
    return any(all(_fits(said[i + k], p[k]) for k in range(len(p)))
               for p in _group(stems) for i in range(len(said) - len(p) + 1))


def read(text: str) -> tuple[Aspect, ...]:
    """The aspects a message asks about, in a fixed order; empty: none in particular (the whole service)."""
    said = words(text)
    matches = _matches(said)
    kept = [m for m in matches if m.label is not None and not any(_covered(m, other) for other in matches)]
    if _any(said, WHY):
        kept = [m._replace(tier=0) if m.label == Aspect.REFUSAL else m for m in kept]
    if _any(said, CHANNELS) and _any(said, POSSIBLE):
        kept.append(_Match(Aspect.WHERE, 0, 0, 0, 0))
    best = min((m.tier for m in kept), default=None)
    found = {m.label for m in kept if m.tier == best and m.label != _FORM}
    if any(m.label == _FORM for m in kept):
        found.add(Aspect.DOCUMENTS)
        found.discard(Aspect.WHERE)
    for winner, losers in OUTRANKS.items():
        if winner in found:
            found -= set(losers)
    return tuple(a for a in Aspect if a in found)
