"""The labelled set personal-data masking is measured against (issue 15, point 4).

Each case is what a citizen could write, with the values in it that must not survive
`dialogs.privacy.mask`; `KEEP` holds what must come out unchanged: service words, intents,
months, places, people's names that are places. The places, offices and service titles of the
knowledge base are added by the tests from the database (`knowledge_texts`), so that a new
district or service is checked too.

Every value is made up: the ИИН pass their checksum with dates of no one in particular (but the
review's 900104300126, which fails it as a mistyped one would), the
cards are the networks' published test numbers, and the names are common given names put
together with common surnames.

The figures (tests/dialogs/test_names.py holds mask() to all of them):

    .venv/bin/python -m tests.dialogs.pii_cases                      # dialogs.privacy.mask
    .venv/bin/python -m tests.dialogs.pii_cases --airlock VENV/bin/python   # airlock-pii, installed
                                                                     # in a scratch venv of its own
                                        dialogs.privacy.mask    airlock-pii 0.1.0
    names found (values)                      111 / 111               96 / 111  no name in lower case
    numbers found (values)                     77 / 77                49 / 77   none of the issue's spellings
    curated non-names kept (KEEP)             160 / 160              149 / 160  "Ұлы Отан", "Сәкен Сейфуллин"
    places of the knowledge base kept        1928 / 1928            1878 / 1928 "Абай", "Б. Момышұлы"
    office names kept                        2572 / 2572            2562 / 2572
    service titles kept (32 × kk, ru)         128 / 128              126 / 128
    precision (replacements in texts
      that hold personal data)                 99 / 99                68 / 142  (48 %)
    masked twice, unchanged (every text)     4879 / 4879            4879 / 4879
    µs per 82-character message              ~11 (mask as a whole)  ~50 (detection alone)

(2 December 2026, this machine; the µs vary with its load, these are the lowest of a few runs. mask() was 13.6 µs
before names, ~21 before a review's spellings were added: looking for numbers only where there are digits made it
faster.) These figures are on the cases the rules were written against, the review's spellings among them; a set
written without seeing the rules is the blind measure of them.
"""

from __future__ import annotations

import re

# (text, the raw values that must be gone after masking)
NUMBERS: list[tuple[str, list[str]]] = [
    ("ИИН 880101 300 123", ["880101 300 123", "880101300123"]),
    ("ЖСН 8801-0130-0123", ["8801-0130-0123", "880101300123"]),
    ("звоните 701 123 45 67", ["701 123 45 67", "7011234567"]),
    ("номер 7011234567", ["7011234567"]),
    ("8(7172)94-99-93", ["94-99-93", "87172949993"]),
    # the spellings issue 15 found raw in the log and the database
    ("ИИН 900104.300.126", ["900104.300.126", "900104300126"]),
    ("ЖСН 900112 - 300 - 134", ["900112 - 300 - 134", "900112300134"]),
    ("ИИН 900104\u200b300126", ["900104\u200b300126", "900104300126"]),
    ("тел +7.708.123.45.74", ["+7.708.123.45.74", "77081234574", "7081234574"]),
    ("тел 8/709/123/45/75", ["8/709/123/45/75", "87091234575", "7091234575"]),
    ("пишите на aigul.s-90@mail.kz", ["aigul.s-90@mail.kz"]),
    ("Почта: Nurlan.Abdibekov@gmail.com, жду ответа", ["Nurlan.Abdibekov@gmail.com"]),
    ("карта 4400 4301 2345 6789", ["4400 4301 2345 6789", "4400430123456789"]),
    ("карта 4400430123456789", ["4400430123456789"]),
    ("оплатил картой 4111 1111 1111 1111", ["4111 1111 1111 1111", "4111111111111111"]),
    ("Kaspi Gold 5169-4931-1234-5674", ["5169-4931-1234-5674", "5169493112345674"]),
    ("ИИН: 920315450215", ["920315450215"]),
    ("мой иин 850720 400 354, срочно", ["850720 400 354", "850720400354"]),
    ("жсн 010203500127", ["010203500127"]),
    ("ИИН 751112 300453 и тел. +7 (701) 555-12-34", ["751112 300453", "751112300453", "555-12-34",
                                                      "77015551234"]),
    ("Менің нөмірім 8 777 123 4567", ["8 777 123 4567", "87771234567"]),
    ("whatsapp +77051234567", ["+77051234567", "77051234567"]),
    ("тел: 8-701-765-43-21", ["8-701-765-43-21", "87017654321"]),
    ("ИИН 8801\u200c0130\u20600123", ["880101300123"]),
    ("номер +7 727 250 00 00", ["+7 727 250 00 00", "77272500000"]),
    ("сотовый 87012345678", ["87012345678"]),
    # the spellings a review found raw: another number after an ИИН or a card (900104300126 fails the checksum:
    # a mistyped ИИН), other separators, digits glued to Latin letters, spaces around the @ and a full-width one
    ("ИИН 900104300126 8 701 123 45 67", ["900104300126", "8 701 123 45 67", "87011234567"]),
    ("900104300126 87011234567", ["900104300126", "87011234567"]),
    ("ИИН 900104300126 12.05.2024", ["900104300126"]),
    ("4400430123456789 12/26", ["4400430123456789"]),
    ("ИИН 880101 300 123 2 экз", ["880101 300 123", "880101300123"]),
    ("тел 8,701,123,45,67", ["8,701,123,45,67", "87011234567"]),
    ("тел +7·701·123·45·67", ["+7·701·123·45·67", "77011234567"]),
    ("тел 8:701:123:45:67", ["8:701:123:45:67", "87011234567"]),
    ("ИИН 900104,300,126", ["900104,300,126", "900104300126"]),
    ("ИИН 900104 . 300 . 126", ["900104 . 300 . 126", "900104300126"]),
    ("ИИН 900104  -  300  -  126", ["900104  -  300  -  126", "900104300126"]),
    ("tel87011234567", ["87011234567"]),
    ("id87011234567", ["87011234567"]),
    ("почта aigul @ mail.kz", ["aigul @ mail.kz", "aigul", "mail.kz"]),
    ("почта aigul＠mail.kz", ["aigul＠mail.kz", "aigul", "mail.kz"]),
]

# (text, the names in it that must be gone)
NAMES: list[tuple[str, list[str]]] = [
    # the brief's own: a cue, Kazakh letters, a patronymic, a surname by its ending
    ("Меня зовут Айгерим Сейткали", ["Айгерим", "Сейткали"]),
    ("менің атым Нұрлан Әбдібеков", ["Нұрлан", "Әбдібеков"]),
    ("Иванов Иван Иванович", ["Иванов", "Иван", "Иванович"]),
    ("Жанар Төлеуқызы", ["Жанар", "Төлеуқызы"]),
    ("Асқар Нұрланұлы", ["Асқар", "Нұрланұлы"]),
    # in lower case
    ("меня зовут айгерим сейткали", ["айгерим", "сейткали"]),
    ("менің атым нұрлан әбдібеков", ["нұрлан", "әбдібеков"]),
    ("иванов иван иванович", ["иванов", "иван", "иванович"]),
    ("жанар төлеуқызы", ["жанар", "төлеуқызы"]),
    ("асқар нұрланұлы", ["асқар", "нұрланұлы"]),
    ("иван петров, мне нужна справка", ["иван", "петров"]),
    # in the middle of a sentence, with an ИИН next to it
    ("Добрый день, я Петрова Анна Сергеевна, нужна справка о несудимости", ["Петрова", "Анна", "Сергеевна"]),
    ("ФИО: Ахметов Ерлан Серикович, ИИН 880101300123", ["Ахметов", "Ерлан", "Серикович", "880101300123"]),
    ("Нұрланұлы Асқар 880101300123 жерлеуге төлем керек", ["Нұрланұлы", "Асқар", "880101300123"]),
    ("Сейткали Айгерим ИИН 920315450215, справка о несудимости", ["Сейткали", "Айгерим", "920315450215"]),
    ("Сәлеметсіз бе, менің есімім Гүлнар Сапарова, жерлеуге төлем туралы", ["Гүлнар", "Сапарова"]),
    ("Мой муж Серик Байжанов потерял паспорт", ["Серик", "Байжанов"]),
    ("Әкем Төлеген Жақсылықов қайтыс болды, жерлеуге төлем алғым келеді", ["Төлеген", "Жақсылықов"]),
    ("дочь Аружан Маратқызы, 2015 года рождения", ["Аружан", "Маратқызы"]),
    ("Здравствуйте! Иван Петров, город Алматы. Как получить справку?", ["Иван", "Петров"]),
    ("Я, Ким Ольга Викторовна, прошу выдать справку", ["Ким", "Ольга", "Викторовна"]),
    ("передайте Ивановой Марине Петровне, что документы готовы", ["Ивановой", "Марине", "Петровне"]),
    ("поговорите с Ерланом Ахметовым", ["Ерланом", "Ахметовым"]),
    ("фамилия Сидоренко, имя Олег", ["Сидоренко", "Олег"]),
    ("ФИО Кенжебаева Динара", ["Кенжебаева", "Динара"]),
    ("Тегі: Омаров, аты: Данияр", ["Омаров", "Данияр"]),
    ("Ахметов Е.С. подал заявление на пенсию", ["Ахметов", "Е.С."]),
    ("подскажите, Айдана Қасымова из Шымкента, где ЦОН", ["Айдана", "Қасымова"]),
    ("меня зовут Абай, я из Жамбылской области", ["Абай"]),
    ("Бауыржан Серікұлы Жұмабеков, зейнетақы туралы", ["Бауыржан", "Серікұлы", "Жұмабеков"]),
    # in Latin letters
    ("Menya zovut Aigerim Seitkali", ["Aigerim", "Seitkali"]),
    ("my name is Nurlan Abdibekov", ["Nurlan", "Abdibekov"]),
    ("Ivanov Ivan Ivanovich", ["Ivanov", "Ivan", "Ivanovich"]),
    ("Zhanar Toleukyzy", ["Zhanar", "Toleukyzy"]),
    ("Askar Nurlanuly, spravka o nesudimosti", ["Askar", "Nurlanuly"]),
    ("soobshchenie ot Dana Serikova", ["Dana", "Serikova"]),
    # the spellings a review found raw: a zero-width space between the words, hyphenated names, a comma, short
    # surnames, the cue's other word orders, given names the list missed
    ("Иван\u200bПетров подал заявление", ["Иван", "Петров"]),
    ("Мария Иванова-Петрова, справка о несудимости", ["Мария", "Иванова", "Петрова"]),
    ("Қасым-Жомарт Тоқаев", ["Қасым", "Жомарт", "Тоқаев"]),
    ("Петров, Иван, нужна справка", ["Петров", "Иван"]),
    ("Ольга Ким", ["Ольга", "Ким"]),
    ("Цой Виктор Андреевич", ["Цой", "Виктор", "Андреевич"]),
    ("моя мама Анна Ли", ["Анна", "Ли"]),
    ("Зовут меня Зарина", ["Зарина"]),
    ("Меня Зарина зовут", ["Зарина"]),
    ("Малика Нурбекова", ["Малика", "Нурбекова"]),
    ("мой сын Ильяс Ерденов", ["Ильяс", "Ерденов"]),
    ("Медина Рамазанова из Тараза", ["Медина", "Рамазанова"]),
    ("Ляззат Самалқызы", ["Ляззат", "Самалқызы"]),
    ("Гульнур Асиева", ["Гульнур", "Асиева"]),
]

# what must come out of mask() unchanged: service words, intents, months, places, offices
KEEP: list[str] = [
    # intents and service words, some with the words a name cue is made of
    "справка о несудимости", "Справка о несудимости", "жерлеуге төлем", "Жерлеуге төлем керек",
    "замена паспорта", "Пенсия по возрасту", "пособие по уходу за ребенком до года",
    "сменила фамилию, нужен новый паспорт", "Как поменять фамилию после замужества?",
    "фамилия изменилась после брака", "имя ребенка в свидетельстве о рождении", "на имя матери",
    "тегімді ауыстырдым", "аты-жөнім өзгерді", "баланың аты өзгерді ме",
    "Позовите оператора", "оператормен сөйлескім келеді", "Спасибо большое!", "Рахмет",
    "Сәлеметсіз бе", "Здравствуйте", "Добрый день", "Алло", "Сәлем",
    "Мама умерла, что делать?", "Документы какие нужны?", "Справка нужна срочно",
    "Мүгедектігі бар балаға жәрдемақы", "Адресная социальная помощь", "Атаулы әлеуметтік көмек",
    "Военный билет офицера запаса", "Запастағы офицердің әскери билеті",
    "Ұлы Отан соғысының қатысушылары", "участникам Великой Отечественной войны",
    "Вера в то, что всё получится", "Надежда есть?", "арман", "Мақсатым — анықтама алу",
    "азаматтығы бар", "Азамат ретінде", "Сағат неше?", "сағат 9-да", "Қанат", "Бақыт",
    # months, days, the country, offices
    "Январь", "в мае", "Наурыз", "Наурыз мерекесі", "Қаңтар айында", "Мамыр", "Маусым", "Шілде",
    "Тамыз", "Қыркүйек", "Қазан", "Қараша", "Желтоқсан", "Ақпан", "Сәуір", "Жұма күні", "Сенбіде",
    "в понедельник", "Қазақстан", "Республика Казахстан", "Қазақстан Республикасы", "ЦОН", "ХҚО",
    "ЦОН Алматы", "eGov", "egov.kz", "Kaspi", "Halyk Bank", "Министерство юстиции",
    "Әділет министрлігі", "Генеральная прокуратура", "Комитет по правовой статистике и специальным учетам",
    # places: the brief's, and places named after people (a district, a street, a town)
    "Алматы", "Абай ауданы", "Есік", "в Есике", "Абай даңғылы 10", "ул. Кунаева 12",
    "проспект Назарбаева", "Медеу ауданы", "Жамбыл облысы", "Сәтбаев қаласы", "Қонаев", "Конаев",
    "в Конаеве", "Курчатов", "в Сатпаеве", "Шымкент", "Мағжан Жұмабаев ауданы", "район Магжана Жумабаева",
    "район имени Габита Мусрепова", "Бауыржан Момышұлы", "Тұрар Рысқұлов ауданы", "Әуезов ауданы",
    "Наурызбай ауданы", "Райымбек ауданы", "Сәкен Сейфуллин", "Бейімбет Майлин ауданы", "Әлихан Бөкейхан ауданы",
    "ул. Мухтара Ауэзова, 5", "улица Сакена Сейфуллина", "пр. Абая 52", "где ЦОН в Абайском районе",
    "ХҚО Алматыда қайда", "Жетісу облысы", "Ұлытау облысы", "Байзақ ауданы", "Қазыбек би ауданы",
    "Төле би ауданы", "Әйтеке би ауданы", "Шал ақын ауданы", "Біржан сал ауданы",
    "Я живу в Караганде", "Мен Ақтөбеде тұрамын", "Павлодар, Железин ауданы", "Уәлиханов ауданы",
    "Тимирязев ауданы", "Федоров ауданы", "Денисовский район", "Қызылорда облысы",
    "Назарбаев Университет", "проспект Нурсултана Назарбаева", "Абай Құнанбайұлы атындағы мектеп",
    "Мағжан Жұмабаев ауданына қалай барамын", "Бауыржан Момышұлы ауылында ХҚО бар ма", "г. Қонаев, Д. Қонаев к., 9.",
    "Мемлекеттік корпорация «Азаматтарға арналған үкімет»", "Государственная корпорация «Правительство для граждан»",
    "у Ивана документов нет", "Иван или Пётр, неважно",
    # numbers that are no one's: a decree, dates, sums, office hours (beside the spellings above)
    "№ 1486", "постановление № 1486 от 26.11.2012", "26.11.2012", "3 000 тенге", "1 МРП", "09:00-18:00",
    "с 09:00 до 18:00, обед 13:00-14:00", "с 01.01.2024 по 31.12.2024", "01.01.2024-31.12.2024",
    "1 000 000 000 000 тенге", "пошлина 1 000, 2 000 или 3 000 тенге", "1,5 МРП", "стандарт 1486-02, пункт 11.4",
    # words a short surname or a new given name could be taken for
    "Нам Айгерим сказала, что справка готова", "Тень Ольги", "меня так зовут", "есть ли у Анны справка",
    "Жеңіс даңғылы", "Жеңіс күні", "Назар аударыңыз", "Рамазан айы", "мкр. Самал-2", "Қымбат емес", "Темір жол",
    "Кіру үшін ЭЦҚ керек", "Аягөз ауданы",
]


def knowledge_texts(db) -> dict[str, list[str]]:
    """The knowledge base's own names, which masking must leave alone: every region, town and district
    an office is in (both languages), the gazetteer's places, every office's name, every service's
    title and everyday name in kk and ru."""
    from sqlalchemy.orm import Session

    from knowledge import geo, query
    from knowledge.catalog import OfficeCatalog
    from knowledge.standard import Standard

    places, offices, titles = set(geo.place_names()), set(), set()
    with Session(db) as session:
        catalog = OfficeCatalog.load(session)
        for sid, _ in query.standard_ids(session):
            standard = Standard.from_export(query.standard(session, sid))
            for language in ("kk", "ru"):
                titles |= {standard.title.text(language), standard.short_name.text(language)}
    for office in catalog.offices:
        for field in ("region", "district", "settlement", "region_ru", "district_ru", "settlement_ru"):
            places.add(office.get(field) or "")
        offices |= {office["name"], office.get("name_ru") or ""}
    return {"places": sorted(p for p in places if p), "offices": sorted(o for o in offices if o),
            "titles": sorted(t for t in titles if t)}


# ---------------------------------------------------------------- the figures

SAMPLE = "Здравствуйте, мне нужна справка о несудимости, как получить её через ЦОН в Алматы?"
_AIRLOCK = """
import json, sys, time
from airlock_pii import detect
def masked(text):
    for e in sorted(detect(text), key=lambda e: -e.start):
        text = text[:e.start] + "[" + e.type.value + "]" + text[e.end:]
    return text
texts, sample = json.load(sys.stdin)
out = [masked(t) for t in texts]
start = time.perf_counter()
for _ in range(2000):
    masked(sample)
json.dump([out, (time.perf_counter() - start) / 2000 * 1e6], sys.stdout)
"""


def _with_airlock(python: str, texts: list[str]) -> tuple[list[str], float]:
    import json
    import subprocess

    done = subprocess.run([python, "-c", _AIRLOCK], input=json.dumps([texts, SAMPLE]), capture_output=True,
                          text=True, check=True)
    return tuple(json.loads(done.stdout))


def figures(airlock: str | None = None) -> dict[str, tuple[int, int]]:
    """(found or unchanged, of how many) for each part of the set, and µs per call on SAMPLE."""
    import time

    from knowledge.db import database_url, make_engine

    kb = knowledge_texts(make_engine(database_url("")))
    labelled = {"names": NAMES, "numbers": NUMBERS}
    kept = {"keep": KEEP, **kb}
    texts = [t for cases in labelled.values() for t, _ in cases] + [t for group in kept.values() for t in group]
    if airlock:
        out, per_call = _with_airlock(airlock, texts)
        twice, _ = _with_airlock(airlock, out)
    else:
        from dialogs.privacy import mask

        out = [mask(t) for t in texts]
        twice = [mask(t) for t in out]
        start = time.perf_counter()
        for _ in range(2000):
            mask(SAMPLE)
        per_call = (time.perf_counter() - start) / 2000 * 1e6
    said = dict(zip(texts, out))
    result = {name: (sum(v not in said[t] for t, values in cases for v in values), sum(len(v) for _, v in cases))
              for name, cases in labelled.items()}
    result |= {name: (sum(said[t] == t for t in group), len(group)) for name, group in kept.items()}
    # precision: of the parts replaced, those in a text that holds personal data (a replacement in a text
    # that holds none is a false alarm)
    true = sum(len(_PLACEHOLDER.findall(said[t])) for cases in labelled.values() for t, _ in cases)
    false = sum(len(_PLACEHOLDER.findall(said[t])) for group in kept.values() for t in group)
    result["precision"] = (true, true + false)
    # masked again (as logs do with a transcript's words), nothing changes
    result["idempotent"] = (sum(a == b for a, b in zip(out, twice)), len(texts))
    result["µs per call"] = (round(per_call), len(SAMPLE))
    return result


# what each detector puts in place of what it found: ours ("[name]", "[IIN …23]"), airlock-pii's ("[PERSON]")
_PLACEHOLDER = re.compile(r"\[(?:name|email|IIN|phone|card|number|PERSON|PHONE|CARD|EMAIL|BIN|KZ_IBAN|SECRET)"
                          r"(?: …\d*)?\]")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="How well a detector masks this labelled set.")
    parser.add_argument("--airlock", metavar="PYTHON", help="a Python with airlock-pii installed: measure it instead")
    args = parser.parse_args()
    for part, (good, of) in figures(args.airlock).items():
        if part == "µs per call":
            print(f"{good} µs per call on a {of}-character message")
        else:
            print(f"{part:12} {good:>6} / {of}")
