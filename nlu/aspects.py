"""What a message asks about a service: its documents, cost, deadline, where, result, refusal
grounds or how to complain — or the whole of it.

"сколько стоит паспорт?" asks the cost; "төлқұжат қанша тұрады, қанша күнде дайын?" the cost and
the deadline; "паспорт" alone asks everything. Read from words, not from the service classifier:
the same words ask the same thing of every service, and follow-ups name no service at all
("а сколько ждать?"). Every phrase is a sequence of word prefixes, matched on the classifiers'
normalised words (nlu.normalize), so Latin Kazakh, translit and missing Kazakh letters read alike.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from nlu.phrases import Phrase, contains, phrase, words


class Aspect(StrEnum):
    DOCUMENTS = "documents"
    COST = "cost"
    DEADLINE = "deadline"
    WHERE = "where"
    RESULT = "result"
    REFUSAL = "refusal"
    COMPLAINT = "complaint"


# Each phrase: words that must follow one another, each a prefix of a word of the message.
PHRASES: dict[Aspect, tuple[str, ...]] = {
    Aspect.DOCUMENTS: (
        "документ", "докум", "бумаг", "какие справки", "что нужно", "что надо", "что нужн", "что необходимо",
        "что взять", "что принести", "что брать", "что собрать", "что с собой", "перечень", "список",
        "құжат", "кужат", "кужаттар", "кагаз", "не керек", "не кажет", "не алып", "не апар", "не ал бару",
        "не дайында", "тізім", "кужат тізім", "kuzhat", "qujat",
    ),
    Aspect.COST: (
        "стоит", "стоимост", "скока стоит", "сколько плат", "цена", "цену", "цены", "плати", "платн", "оплат",
        "пошлин", "бесплатн", "денег", "деньги", "тенге", "мрп",
        "канша тур", "канша турад", "канша акша", "акысы", "акылы", "тегін бе", "тегін ба", "тегін ме", "тегин бе", "баж", "куны", "багасы",
        "акша", "теңге", "тенге", "төлеу керек", "толеу керек", "канша толе", "qansha turady",
    ),
    Aspect.DEADLINE: (
        "срок", "сколько ждать", "скока ждать", "сколько дней", "сколько делает", "скока делает",
        "сколько времени", "как долго", "как быстро", "когда будет", "когда готов", "когда получ",
        "через сколько", "за сколько", "долго", "быстрее", "срочно",
        "мерзім", "мерзим", "канша кун", "неше кун", "канша уакыт", "кашан дайын", "кашан бер",
        "кашан ал", "канша кут", "неше кунде", "тез", "канша уакытта", "qansha kun", "qashan",
    ),
    Aspect.WHERE: (
        "где", "куда обрат", "куда идти", "куда пойти", "куда сдать", "куда подать", "адрес", "ближайш",
        "в каком цон", "какой цон",
        "кайда", "кай жерде", "кай жерге", "мекенжай", "жакын", "кай хко", "qaida", "kaida",
    ),
    Aspect.RESULT: (
        "что получ", "что выда", "что дадут", "что мне дадут", "результат", "на руки",
        "не бер", "не алам", "нәтиже", "нәтижесі", "натиже", "колыма не",
    ),
    Aspect.REFUSAL: (
        "отказ", "откаж", "могут ли отказ", "почему отказ", "не примут", "не выдадут",
        "бас тарт", "кабылдама", "бермей", "бермеу",
    ),
    Aspect.COMPLAINT: (
        "жалоб", "жаловат", "пожаловат", "обжал", "нахамил", "хамит", "грубил", "нагрубил",
        "шагым", "шағым", "арыз жаз", "дорекі",
    ),
}

# "куда жаловаться" asks how to complain, not where an office is; "отказали, куда жаловаться" too.
OUTRANKS = {Aspect.COMPLAINT: (Aspect.WHERE, Aspect.REFUSAL)}


@functools.cache
def _phrases() -> tuple[tuple[Aspect, Phrase], ...]:
    return tuple((aspect, phrase(p)) for aspect, phrases in PHRASES.items() for p in phrases)


def read(text: str) -> tuple[Aspect, ...]:
    """The aspects a message asks about, in a fixed order; empty: none in particular (the whole service)."""
    said = words(text)
    found = {aspect for aspect, p in _phrases() if contains(said, p)}
    for winner, losers in OUTRANKS.items():
        if winner in found:
            found -= set(losers)
    return tuple(a for a in Aspect if a in found)
