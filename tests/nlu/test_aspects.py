"""nlu.aspects: what a message asks of a service, read from its words in either language and any script."""

import pytest

from nlu.aspects import read

CASES = [
    # a service named or a situation told: the whole service
    ("справка о несудимости нужна", "ru", []),
    ("тегімді өзгерттім, енді не істеймін", "kk", []),                    # тегі: surname, not тегін: free
    ("анамды жерледік, жерлеуге төлем бар ма", "kk", []),                  # төлем: a benefit, not a fee
    ("потеряла документы на остановке", "ru", []),
    ("мекенжай анықтамасы керек еді", "kk", []),                          # a service, not an address
    # one aspect, in every script
    ("а скока стоит загран?", "ru", ["cost"]),
    ("ал қанша күн күтеміз?", "kk", ["deadline"]),
    ("qandai qujattar kerek tolqujatqa", "kk", ["documents"]),
    ("где взять бланк заявления на пособие", "ru", ["documents"]),         # the form is a document
    ("куда сдавать документы на прописку", "ru", ["where"]),
    ("неге бас тартты екен", "kk", ["refusal"]),
    ("отказали в пособии, куда жаловаться?", "ru", ["complaint"]),         # the refusal is the story
    ("тезірек жасатуға бола ма, ертең керек", "kk", ["deadline"]),
    # two at once
    ("skolko stoit i skolko zhdat", "ru", ["cost", "deadline"]),
    ("тегін бе, ХҚО-ға не алып бару керек", "kk", ["cost", "documents"]),
    ("почему мне отказали и как это обжаловать", "ru", ["refusal", "complaint"]),
]


@pytest.mark.parametrize(("text", "language", "expected"), CASES, ids=[c[0] for c in CASES])
def test_aspects_read_from_the_words(text, language, expected):
    assert sorted(read(text)) == sorted(expected)
