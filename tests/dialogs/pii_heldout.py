"""A held-out set for the personal-data masker (issue 15, point 4), written without reading the masker,
its word lists or its own test cases, so that it measures the rules instead of repeating them.

Two lists of what a citizen might type to a public-services bot, in Kazakh, Russian, both at once, Latin
letters, lowercase and with typos:

  * LABELLED — messages holding personal data, each with the exact substrings that are personal data and
    their kind (ИИН, phone, e-mail, card, name). Every ИИН has a valid checksum and every card passes Luhn:
    they are made below by the real algorithms, so a masker that checks them is measured fairly.
  * CLEAN — messages with none, chosen to look like some: money, dates, times, decree numbers, postal codes,
    house numbers, places, services, streets named after people, words capitalised at the start.

`score(mask)` runs a masker over both and counts, per kind, how many labelled values it hid, and how many clean
messages it changed. A value counts as hidden when it no longer appears as written and — for numbers — no six of
its digits survive in a row (whatever stands between them: "[IIN …26]" hides, "900104 …" does not).

    .venv/bin/python -m tests.dialogs.pii_heldout      prints the table and every miss
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import partial


class Kind(Enum):
    IIN = "ИИН"
    PHONE = "phone"
    EMAIL = "e-mail"
    CARD = "card"
    NAME = "name"


NUMBERS = (Kind.IIN, Kind.PHONE, Kind.CARD)


@dataclass(frozen=True)
class Span:
    kind: Kind
    text: str        # exactly as it stands in the message


@dataclass(frozen=True)
class Case:
    text: str
    spans: tuple[Span, ...]


# --- the numbers, made by their real algorithms -------------------------------------------------------------

_IIN_WEIGHTS = (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def iin_check_digit(first11: str) -> int | None:
    """The ИИН's 12th digit: the sum of the first 11 weighted 1..11, mod 11; if that is 10, again with weights
    3..11, 1, 2; if that is 10 too, no ИИН has these 11 digits (None)."""
    for weights in _IIN_WEIGHTS:
        rest = sum(int(d) * w for d, w in zip(first11, weights)) % 11
        if rest != 10:
            return rest
    return None


def iin(born: str, century_and_sex: int, serial: int) -> str:
    """A valid ИИН: birth date YYMMDD, the century/sex digit (3/4: a man/woman born in the 1900s, 5/6: 2000s),
    a 4-digit serial — the next serial up when this one has no check digit."""
    while (check := iin_check_digit(f"{born}{century_and_sex}{serial:04d}")) is None:
        serial += 1
    return f"{born}{century_and_sex}{serial:04d}{check}"


def card(first15: str) -> str:
    """A 16-digit card number whose last digit makes the Luhn sum a multiple of 10."""
    total = 0
    for i, d in enumerate(reversed(first15)):      # the check digit will stand right of these: double every other
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return first15 + str(-total % 10)


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    return sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(reversed(digits))) % 10 == 0


def spell(digits: str, groups: tuple[int, ...], sep: str) -> str:
    """'900104300126', (6, 3, 3), '.' -> '900104.300.126': a number as people type it."""
    assert sum(groups) == len(digits), (digits, groups)
    parts, at = [], 0
    for g in groups:
        parts.append(digits[at:at + g])
        at += g
    return sep.join(parts)


def case(template: str, **spans: Span) -> Case:
    """The message with each {field} filled by its span's text, so the label is exactly what stands there."""
    return Case(template.format(**{k: s.text for k, s in spans.items()}), tuple(spans.values()))


# the label makers the messages below use: _iin("850317300218") is an ИИН standing as written
_iin, _phone, _email, _card, _name = (partial(Span, k)
                                      for k in (Kind.IIN, Kind.PHONE, Kind.EMAIL, Kind.CARD, Kind.NAME))

ZWSP, NBSP, SHY = "\u200b", "\u00a0", "\u00ad"      # a zero-width space, a no-break space, a soft hyphen
# cards of the kinds people here hold (Kaspi, Halyk and Jusan Visa/Mastercard, Mir), each passing Luhn
KASPI, HALYK, JUSAN = card("440043018275391"), card("440563721904468"), card("539545810062731")
MASTER, MASTER2, VISA2, MIR = card("516949230017752"), card("522204377618490"), card("427801556290014"), \
    card("220070114835906")

# --- messages with personal data ------------------------------------------------------------------------------

LABELLED: tuple[Case, ...] = (
    # ИИН / ЖСН, in the spellings people type and paste
    case("Здравствуйте! Мой ИИН {a}, нужна справка о несудимости", a=_iin(iin("850317", 3, 21))),
    case("ЖСН {a} жәрдемақы қашан түседі?", a=_iin(iin("780924", 4, 155))),
    case("иин {a} проверьте пожалуйста очередь на жилье", a=_iin(spell(iin("910205", 3, 87), (6, 6), " "))),
    case("Мой ИИН: {a}.", a=_iin(spell(iin("880611", 4, 302), (3, 3, 3, 3), " "))),
    case("ИИН {a} - подскажите статус заявки", a=_iin(spell(iin("930807", 3, 1140), (6, 3, 3), "."))),
    case("жсн: {a}", a=_iin(spell(iin("670130", 4, 2231), (6, 3, 3), "-"))),
    case("ИИН ребенка {a}, мой {b}", a=_iin(iin("160404", 5, 318)), b=_iin(iin("890719", 4, 1502))),
    case("{a} справка о пенсионных отчислениях нужна", a=_iin(iin("720512", 3, 640))),
    case("IIN {a}, pomogite s posobiem", a=_iin(iin("950228", 4, 911))),
    case("Баламның ЖСН-і {a}, балабақшаға кезек", a=_iin(spell(iin("190911", 6, 77), (6, 6), ZWSP))),
    case("ИИН{a} не могу войти в egov", a=_iin(iin("810126", 3, 4410))),
    case("мой инн {a} (ИИН то есть)", a=_iin(iin("940303", 3, 2718))),
    case("ИИН {a}", a=_iin(spell(iin("870815", 4, 56), (4, 4, 4), NBSP))),
    case("Менің ЖСН нөмірім {a}, анам үшін сұрап тұрмын", a=_iin(spell(iin("980421", 3, 333), (2,) * 6, " "))),
    case("«{a}» — это мой ИИН, проверьте пособие по уходу", a=_iin(iin("960617", 4, 1207))),
    case("иин:\n{a}\nфио в личном кабинете не совпадает", a=_iin(iin("830909", 3, 5001))),
    case("Вот ИИН мамы {a} и мой {b}, нам нужно оформить опекунство",
         a=_iin(iin("550212", 4, 88)), b=_iin(iin("820730", 3, 1919))),
    case("Жсн {a} зейнетақы есептеу", a=_iin(spell(iin("610518", 3, 2405), (6, 3, 3), " - "))),
    case("ИИН № {a}", a=_iin(iin("011122", 5, 730))),
    case("ИИН: {a}; дата рождения 14.03.1993", a=_iin(iin("930314", 4, 408))),
    case("Прошу проверить налог на ИИН {a}", a=_iin(iin("751003", 3, 3377))),
    case("жсн {a} әкемнің атына жерлеуге төлем", a=_iin(iin("480106", 3, 119))),
    case("мой иин {a}  срочно", a=_iin(spell(iin("900920", 3, 6042), (7, 5), " "))),
    case("IIN: {a} / ЖСН", a=_iin(spell(iin("770101", 4, 4500), (6, 6), "-"))),
    case("ИИН {a}, ИИН супруга {b}", a=_iin(iin("920505", 4, 2290)), b=_iin(iin("900112", 3, 845))),
    case("Менің ЖСН {a}. Мекенжай анықтамасы керек", a=_iin(iin("000101", 5, 1330))),
    case("Сәлеметсіз бе, {a} ЖСН бойынша айыппұл бар ма?", a=_iin(iin("990808", 4, 616))),
    case("иин {a},,, помогите", a=_iin(iin("840229", 3, 2004))),
    case("ИИН {a} (зарегистрирован в Шымкенте)", a=_iin(iin("700725", 3, 1801))),
    case("ИИН: {a}", a=_iin(spell(iin("860614", 4, 3012), (6, 6), SHY))),
    case("моя иин {a}, мне 17 лет, справка для колледжа", a=_iin(iin("080512", 5, 2650))),
    case("иин  {a} мамин, она в больнице", a=_iin(spell(iin("630321", 4, 1160), (6, 6), "  "))),
    case("Сообщите пожалуйста по ИИН {a} назначена ли АСП", a=_iin(spell(iin("970430", 3, 509), (6, 6), "/"))),

    # phones: mobiles and landlines, every way they get written
    case("Перезвоните мне: {p}", p=_phone("+7 701 318 44 27")),
    case("мой номер {p}", p=_phone("87053164429")),
    case("Телефон {p}, звонить после 18:00", p=_phone("8 (747) 215-33-90")),
    case("Менің нөмірім {p}", p=_phone("8 702 447 12 06")),
    case("{p} ватсап", p=_phone("+77771239045")),
    case("whatsapp: {p}", p=_phone("+7 (778) 540 21 17")),
    case("тел. {p}", p=_phone("8-700-911-23-45")),
    case("Номер для связи {p} или {q}", p=_phone("7014456732"), q=_phone("+7 775 201 98 11")),
    case("позвоните на {p} пожалуйста", p=_phone("+7.747.302.18.66")),
    case("Тел: {p}", p=_phone("8/771/220/15/43")),
    case("домашний {p}", p=_phone("8 (727) 390-14-62")),
    case("Астанадағы үй телефоны {p}", p=_phone("8 7172 53 18 94")),
    case("рабочий тел {p} (Караганда)", p=_phone("8(7212)41-27-85")),
    case("мой сотовый {p}", p=_phone("+7 701 5553219")),
    case("{p} это мой номер, на нем ватсап", p=_phone("8 708 123 4567")),
    case("нөмір: {p}", p=_phone("+7-776-310-42-88")),
    case("Телефон: {p}", p=_phone(NBSP.join(("+7", "705", "612", "33", "21")))),
    case("можете написать на {p}?", p=_phone("87089917425")),
    case("tel {p}", p=_phone("+7(701)7764512")),
    case("Хабарласыңыз: {p}", p=_phone("8 (775) 908 44 31")),
    case("звоните {p}", p=_phone("8 7 0 2 6 1 4 3 3 9 0")),
    case("сотка {p}", p=_phone("+7 707 44 555 12")),
    case("мой номер {p}, но лучше писать в телеграм", p=_phone("77017023315")),
    case("Нөміріме хабарласыңызшы {p}", p=_phone("+7 747 3012266")),
    case("контакт: {p}", p=_phone("7 (705) 612-90-45")),
    case("номер мамы {p}, она пенсионерка", p=_phone("8-701-390-77-12")),
    case("тел:{p}", p=_phone("87773214590")),
    case("тел{p}", p=_phone("87024415566")),
    case("мой номер {p}.", p=_phone("+7 702 115 69 04")),
    case("Шымкент, тел. {p}", p=_phone("8 (7252) 53-22-17")),
    case("Ақтөбе {p} хабарласыңыз", p=_phone("8 7132 55 41 09")),
    case("позвоните по номеру {p} с 10 до 12", p=_phone("+7 771 408 3326")),
    case("call me {p}", p=_phone("+7 700 411 22 85")),
    case("Менің нөмірім: {p}, ал ағамның нөмірі {q}", p=_phone("8 707 321 1009"), q=_phone("+7 776 550 3318")),
    case("домашний телефон {p}, код Алматы", p=_phone("2 77 45 18")),
    case("номер {p} (Kcell)", p=_phone("8 701 8021155")),
    case("{p}", p=_phone("+77012225467")),
    case("WhatsApp/Telegram: {p}", p=_phone("+7 (747) 900-12-13")),
    case("мне не пришла смс на номер {p}", p=_phone("8 705 771 0348")),

    # e-mail addresses
    case("Почта: {e}", e=_email("aidana.seitova@mail.ru")),
    case("пишите на {e}", e=_email("erlan_k1987@gmail.com")),
    case("Менің поштам: {e}", e=_email("nurzhan.abenov@inbox.kz")),
    case("email {e} для ответа", e=_email("Dinara.Tulegenova@yandex.kz")),
    case("ответ на {e}.", e=_email("s.mukanov@bk.ru")),
    case("{e} — моя почта", e=_email("AZAMAT.ZHUMABAYEV@MAIL.RU")),
    case("<{e}>", e=_email("gulnur+egov@gmail.com")),
    case("почта:{e}", e=_email("a_nurlanuly@list.ru")),
    case("напишите ответ на почту {e}", e=_email("madina.ergaliyeva@outlook.com")),
    case("электронды пошта {e}", e=_email("bekzat2001@mail.ru")),
    case("{e}", e=_email("timur.akhmetov@kaznu.edu.kz")),
    case("мой имейл {e} пожалуйста отправьте туда", e=_email("zhanar-k@yahoo.com")),
    case("почта {e}", e=_email("aigerim.s@icloud.com")),
    case("mail: {e}", e=_email("olga.petrenko1979@rambler.ru")),
    case("поштаға жазыңыз: {e}", e=_email("askar.bekov@gmail.com")),
    case("адрес почты {e} (рабочая)", e=_email("d.omarov@kazpost.kz")),
    case("моя почта {e}", e=_email("dauren[at]mail.ru")),
    case("email {e}", e=_email("Ainur.K@Mail.Ru")),
    case("Почта {e}, телефона нет", e=_email("zh.saparova@hotmail.com")),

    # card numbers
    case("Карта Kaspi {c}, переведите пособие сюда", c=_card(spell(KASPI, (4,) * 4, " "))),
    case("номер карты {c}", c=_card(HALYK)),
    case("{c} карта халык", c=_card(spell(HALYK, (4,) * 4, "-"))),
    case("Картамның нөмірі {c}", c=_card(spell(MASTER, (4,) * 4, " "))),
    case("карта: {c} (Jusan)", c=_card(spell(JUSAN, (4,) * 4, NBSP))),
    case("переведите на {c}", c=_card(MASTER2)),
    case("card {c}", c=_card(spell(VISA2, (4,) * 4, " "))),
    case("Kaspi Gold {c} на мое имя", c=_card(KASPI)),
    case("номер карточки {c}", c=_card(spell(MIR, (4,) * 4, " "))),
    case("Карта {c}, срок 08/27", c=_card(spell(JUSAN, (4,) * 4, " "))),
    case("пособие на карту {c} пожалуйста", c=_card(spell(MASTER, (4,) * 4, "-"))),
    case("{c}", c=_card(spell(MASTER2, (4,) * 4, " "))),
    case("карта {c}", c=_card(spell(VISA2, (4,) * 4, "."))),
    case("вот карта {c} мамина", c=_card(spell(HALYK, (4, 4, 8), " "))),

    # names: full, name + surname or patronymic, Kazakh and Russian forms, cued or not
    case("Меня зовут {n}, нужна справка", n=_name("Айгерим Касымова")),
    case("Менің атым {n}", n=_name("Нұржан Бекмұхамбетов")),
    case("ФИО: {n}", n=_name("Сапарова Жанар Болатовна")),
    case("Я, {n}, прошу выдать дубликат свидетельства", n=_name("Петренко Ольга Николаевна")),
    case("Здравствуйте, это {n}, по поводу пособия", n=_name("Ерлан Жумабаев")),
    case("Аты-жөнім: {n}", n=_name("Серікбаева Гүлнар Маратқызы")),
    case("моя мама {n}, ей нужна пенсия", n=_name("Ахметова Роза Кенжебековна")),
    case("справка для {n}", n=_name("Иванова Сергея Петровича")),
    case("свидетельство на имя {n} не выдали", n=_name("Мухтарова Даниала")),
    case("меня зовут {n}", n=_name("айгуль нурланова")),
    case("menya zovut {n}", n=_name("Daulet Seitkali")),
    case("Men {n}, kömek kerek", n=_name("Aliya Tursynbekova")),
    case("миня завут {n} помогите", n=_name("Асель Жакупова")),
    case("Әкем {n} қайтыс болды, жерлеуге төлем керек", n=_name("Қайрат Оспанов")),
    case("Анам {n} зейнеткер", n=_name("Бибігүл Төлеуқызы")),
    case("Подаю за сына: {n}, 2015 г.р.", n=_name("Тимур Ахметов")),
    case("Дочь — {n}", n=_name("Амина Серикбаева")),
    case("Обращается {n}", n=_name("Смагулов Арман Кайратович")),
    case("Прошу рассмотреть. С уважением, {n}", n=_name("Кенжебаева Д.М.")),
    case("Ассалаумағалейкум, {n} жазып отыр", n=_name("Дәурен Әбілқасымұлы")),
    case("Мен {n}мын, көмектесіңізші", n=_name("Мадина Ерғалиқызы")),
    case("Ұлым {n} мектепке барады", n=_name("Алихан Нұрланұлы")),
    case("Мне нужна помощь, я {n}", n=_name("Гульнара Сейтказиевна")),
    case("карта оформлена на имя {n}", n=_name("Аскара Бекова")),
    case("Заявитель: {n}", n=_name("Omarov Dastan")),
    case("ФИО ребенка: {n}", n=_name("Жумабек Айару Ерланқызы")),
    case("{n} обратилась в ЦОН 3 раза, результата нет", n=_name("Курманова Салтанат")),
    case("Прошу выдать справку {n}", n=_name("Нуртазину Ерболу")),
    case("у бабушки {n} пенсия не пришла", n=_name("Зейнеп Абдрахмановой")),
    case("Атым {f}, тегім {n}", f=_name("Әлия"), n=_name("Жақсылықова")),
    case("Сын {n}, 2010 года рождения", n=_name("Данияр Маратович Ким")),
    case("Я {n}, корейская фамилия пишется одной буквой", n=_name("Ли Светлана")),
    case("это пишет {n}", n=_name("Bauyrzhan Iskakov")),
    case("Отец — {n}, инвалид 2 группы", n=_name("Сергей Владимирович Кузнецов")),
    case("Жұбайым {n} декретте", n=_name("Әсел Бақытжанқызы")),
    case("меня зовут {n} мне нужно адресная справка", n=_name("ерболат сейтжанов")),
    case("Сәлем, мен {n}, ХҚКО-ға жазылғым келеді", n=_name("Шынар Омарова")),
    case("Мой дедушка {n} ветеран труда", n=_name("Жакып Ибраев")),
    case("{n}, 1967 г.р., прошу пересчитать пенсию", n=_name("Ибраева Гульмира Сапаровна")),
    case("Здравствуйте я {n}", n=_name("Абай Сейтжанов")),
    case("Меня зовут {n}, хочу встать на учет", n=_name("Арман Жексенбаев")),
    case("Меня зовут {n}", n=_name("Алма Нурпеисова")),
    case("документы для {n} готовы?", n=_name("Ахметовой А.К.")),
    case("Прошу связаться с {n}", n=_name("Оксаной Викторовной")),
    case("{n} просит справку о составе семьи", n=_name("Наталья Ивановна Ким")),
    case("Мое имя {n}", n=_name("Yerzhan Mukhamedzhanov")),
    case("фамилия имя: {n}", n=_name("Тулегенов Бахытжан")),
    case("Сіңлім {n} үшін сұрап отырмын", n=_name("Жансая Серікова")),

    # several at once, as in a form filled in one message
    case("ФИО: {n}\nИИН: {a}\nТел: {p}\nEmail: {e}", n=_name("Байжанова Камила Асхатовна"),
         a=_iin(iin("910412", 4, 2233)), p=_phone("+7 707 640 18 52"), e=_email("kamila.baizhanova@mail.ru")),
    case("Я {n}, ИИН {a}, номер {p}, хочу записаться в ЦОН", n=_name("Руслан Абенов"),
         a=_iin(iin("850903", 3, 1401)), p=_phone("87015582210")),
    case("Менің атым {n}, ЖСН {a}, телефон {p}", n=_name("Дана Құсайынова"),
         a=_iin(spell(iin("930118", 4, 827), (6, 6), " ")), p=_phone("8 747 102 39 84")),
    case("{n} {a} {p}", n=_name("Сейткали Нурсултан"), a=_iin(iin("880205", 3, 3008)), p=_phone("+77054418876")),
    case("Жалоба: сотрудник не принял документы. Заявитель {n}, тел {p}, почта {e}",
         n=_name("Ким Елена Борисовна"), p=_phone("8 (701) 223-41-09"), e=_email("e.kim@mail.ru")),
    case("перевести пособие на карту {c}, получатель {n}", c=_card(spell(card("440043019934021"), (4,) * 4, " ")),
         n=_name("Молдабекова Айнур")),
    case("{n}, IIN {a}", n=_name("Yerlan Kassymov"), a=_iin(iin("790630", 3, 2111))),
    case("реквизиты: карта {c}, ИИН {a}", c=_card(card("516949200845517")), a=_iin(iin("860107", 4, 990))),
    case("Мой номер {p}, почта {e}", p=_phone("+7 775 612 04 33"), e=_email("asem.nurgali@gmail.com")),
)


# --- messages with none, that look as if they had some ---------------------------------------------------------

CLEAN: tuple[str, ...] = (
    # money
    "Сколько стоит справка? 3 000 тенге?",
    "госпошлина 5 МРП это сколько в тенге",
    "пособие 45 000 ₸ пришло не полностью",
    "1 МРП в 2025 году 3 932 тенге",
    "штраф 10 МРП за что?",
    "жәрдемақы 120 000 теңге ме?",
    "оплатила 2 500 тг через каспи, а статус не меняется",
    "квартира стоит 25 000 000 тенге, положена ли жилищная помощь",
    "ипотека 1 250 000 тенге первый взнос",
    "минимальная пенсия 62 771 тг или больше?",
    "зарплата 150000 тенге, положена ли АСП",
    "0,5 МРП алым төлеу керек пе?",
    # dates and times
    "записаться на 15.03.2025",
    "ребенок родился 12 мая 2019 года",
    "до 31 декабря успею?",
    "2024-11-05 подала заявление, ответа нет",
    "с 01.01.2025 по 31.12.2025 выплаты будут?",
    "қыркүйектің 1-і мектепке дейін анықтама керек",
    "Наурыздың 22-сі демалыс па?",
    "ЦОН работает с 9:00 до 18:00?",
    "в субботу с 09.00 до 13.00 открыто?",
    "в 14:30 записалась, можно прийти раньше",
    "Сенбі күні 10:00-ден 13:00-ге дейін жұмыс істей ме?",
    "перерыв с 13-00 до 14-00",
    "Мамыр айында құжат тапсырдым",
    "В январе подавала, а в феврале отказали",
    "Декабрь айында төлем бола ма",
    "Сентябрь 2023 года, заявление № 4",
    "родилась в 1987 году, когда пенсия",
    "сегодня 03.02 а справки все нет",
    # decree and law numbers
    "приказ № 50 что это",
    "Постановление Правительства № 1486 где почитать",
    "приказ МТСЗН от 25 июня 2020 года № 237",
    "по Закону РК № 94-V",
    "статья 12 пункт 3 Закона о госуслугах",
    "ЗРК № 320-VI от 2019 года",
    "бұйрық № 117 бойынша",
    "Стандарт госуслуги 3.02.001 это какой",
    "Кодекс о здоровье народа, ст. 93",
    # postal codes and addresses
    "индекс 050000",
    "почтовый индекс 010000 Астана",
    "100012 индекс Караганды правильный?",
    "индекс: 160011, Шымкент",
    "живу ул. Абая 10, кв 25",
    "Қабанбай батыр даңғылы 53, ХҚКО қай жерде?",
    "пр. Назарбаева 12/1 там ЦОН?",
    "мкр Самал-2, д. 58 ближайший ЦОН",
    "ЦОН на Толе би 155 работает?",
    "ЦОН на Жандосова 58",
    "улица Сатпаева 22а, это Бостандыкский район",
    "Кенесары көшесі 40",
    "проспект Республики 43, 2 этаж",
    "мкр. Аксай-4, дом 112",
    "Райымбек батыра 221 как доехать",
    "Әл-Фараби даңғылы 71",
    "ул. Кунаева 2, Туркестан",
    "Бауыржан Момышұлы даңғылы 12",
    "Шоқан Уәлиханов көшесі 7, Көкшетау",
    "Ы. Алтынсарин атындағы мектеп қай жерде",
    "школа имени Абая № 45",
    "ул. Мухтара Ауэзова 9",
    "Манаса 34/1 это какой ЦОН",
    # places
    "Алматыда ХҚКО қайда",
    "Есік қаласында ЦОН бар ма",
    "Абай ауданы, Семей",
    "Байқоңыр қаласына ХҚКО",
    "Жезқазған ЦОН адрес",
    "Талдықорған",
    "Қызылорда облысы, Арал ауданы",
    "в Туркестане где получить справку",
    "Өскемен мен Семей арасында",
    "Петропавловск, ЦОН на Конституции",
    "Кокшетау ЦОН телефон",
    "Жетісу облысы",
    "Ұлытау облысы қай қала орталығы",
    "Сарыағаш ауданы",
    "Қонаев қаласы",
    # services
    "справка о несудимости",
    "Жерлеуге төлем қалай алуға болады",
    "адресная справка онлайн",
    "пособие по уходу за ребенком до 1,5 лет",
    "постановка на очередь в детский сад",
    "ЭЦП как получить",
    "регистрация по месту жительства",
    "Туу туралы куәлік жоғалып кетті",
    "Некеге тұруды тіркеу",
    "Көпбалалы аналарға жәрдемақы",
    "Алтын алқа алу үшін не керек",
    "Как получить справку о составе семьи?",
    # words capitalised at the start, and personal data mentioned but not given
    "Спасибо большое",
    "Помогите пожалуйста",
    "Хорошо, понятно",
    "Сәлеметсіз бе",
    "Рахмет, түсіндім",
    "Мама хочет оформить пенсию",
    "Бабушка не может прийти в ЦОН",
    "Сын потерял паспорт",
    "Жена в декрете, как получить пособие",
    "Где узнать свой ИИН?",
    "Мой ИИН 12 цифр?",
    "номер телефона поменялся, как обновить в egov",
    "как изменить почту в личном кабинете",
    "Меня зовут в ЦОН для сверки документов",
    "Имя и фамилия в паспорте написаны с ошибкой",
    "карта не привязана, что делать",
    # numbers that are not anyone's
    "номер очереди 145",
    "талон А-023, окно 5",
    "кабинет 214",
    "позвонила на 1414, не отвечают",
    "109 нөміріне хабарластым",
    "в 2023 году подавала",
    "у меня 3 ребенка",
    "мне 63 года",
    "инвалидность 2 группы",
    "ЕНПФ отчисления 10%",
)


# --- scoring --------------------------------------------------------------------------------------------------

# digits as they survive in a text: a run of digits with at most three non-letters between each two
_DIGIT_RUN = re.compile(r"\d(?:[^\w\n]{0,3}\d)*")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def digits_survive(value: str, masked: str, run: int = 6) -> bool:
    """Whether `run` of the value's digits in a row still stand in the masked text."""
    wanted = _digits(value)
    pieces = {wanted[i:i + run] for i in range(len(wanted) - run + 1)}
    return any(p in _digits(m.group()) for m in _DIGIT_RUN.finditer(masked) for p in pieces)


def hidden(span: Span, masked: str) -> bool:
    """The brief's measure: the value is gone as written, and for a number no six of its digits in a row."""
    if span.text in masked:
        return False
    return not (span.kind in NUMBERS and digits_survive(span.text, masked))


def wholly_hidden(span: Span, masked: str) -> bool:
    """A stricter look: no word of a name (initials aside) and no e-mail's local part left, in any case."""
    if not hidden(span, masked):
        return False
    low = masked.lower()
    if span.kind is Kind.NAME:
        return not any(w.lower() in low for w in re.findall(r"\w{3,}", span.text))
    if span.kind is Kind.EMAIL:
        local = re.split(r"@|\[at\]", span.text)[0]
        return len(local) < 3 or local.lower() not in low
    return True


def lost_words(c: Case, masked: str) -> list[str]:
    """The words of a labelled message, outside its labels, that the masker took away."""
    rest = c.text
    for s in c.spans:
        rest = rest.replace(s.text, " ")
    return [w for w in re.findall(r"\w{2,}", rest) if w not in masked]


@dataclass(frozen=True)
class Miss:
    kind: Kind
    value: str
    message: str
    masked: str


@dataclass(frozen=True)
class Report:
    total: dict[Kind, int]
    hidden: dict[Kind, int]
    wholly: dict[Kind, int]
    misses: tuple[Miss, ...]
    clean: int
    labelled: int
    changed: tuple[tuple[str, str], ...]      # (clean message, what the masker made of it)
    # labelled messages that lost a word that is no one's data ("Ұлым", "Заявитель"): shown, not floored —
    # this look was added after the first run, to show what the numbers above cannot
    overmasked: tuple[tuple[str, str], ...] = ()

    def recall(self, kind: Kind) -> float:
        return self.hidden[kind] / self.total[kind]

    def clean_changed_rate(self) -> float:
        return len(self.changed) / self.clean

    def table(self) -> str:
        lines = [f"{'kind':8} {'values':>6} {'hidden':>6} {'recall':>7} {'wholly':>7}"]
        for k in Kind:
            lines.append(f"{k.value:8} {self.total[k]:6} {self.hidden[k]:6} {self.recall(k):7.3f} "
                         f"{self.wholly[k] / self.total[k]:7.3f}")
        lines.append(f"clean messages changed: {len(self.changed)} of {self.clean} ({self.clean_changed_rate():.1%})")
        if self.misses:
            lines.append("\nmissed (kind | value | masked message):")
            lines += [f"  {m.kind.value:7} | {m.value!r} | {m.masked!r}" for m in self.misses]
        if self.changed:
            lines.append("\nclean messages changed (before -> after):")
            lines += [f"  {a!r}\n    -> {b!r}" for a, b in self.changed]
        lines.append(f"labelled messages that lost a word beside the data: {len(self.overmasked)} of {self.labelled}")
        lines += [f"  {a!r}\n    -> {b!r}" for a, b in self.overmasked]
        return "\n".join(lines)


def score(mask: Callable[[str], str] | None = None) -> Report:
    """Run `mask` (by default dialogs.privacy.mask) over the whole set."""
    if mask is None:
        from dialogs.privacy import mask
    total = {k: 0 for k in Kind}
    found, wholly = dict(total), dict(total)
    misses: list[Miss] = []
    overmasked: list[tuple[str, str]] = []
    for c in LABELLED:
        masked = mask(c.text)
        for s in c.spans:
            total[s.kind] += 1
            if hidden(s, masked):
                found[s.kind] += 1
            else:
                misses.append(Miss(s.kind, s.text, c.text, masked))
            wholly[s.kind] += wholly_hidden(s, masked)
        if lost_words(c, masked):
            overmasked.append((c.text, masked))
    changed = tuple((t, m) for t in CLEAN if (m := mask(t)) != t)
    return Report(total, found, wholly, tuple(misses), len(CLEAN), len(LABELLED), changed, tuple(overmasked))


def problems() -> list[str]:
    """Mistakes in the set itself: a label not in its message, a bad checksum, a number whose digits stand
    elsewhere in the message too (it could never count as hidden), a repeated message."""
    out = []
    for c in LABELLED:
        for s in c.spans:
            if c.text.count(s.text) != 1:
                out.append(f"{s.text!r} stands {c.text.count(s.text)} times in {c.text!r}")
            rest = c.text.replace(s.text, " ")
            if s.kind in NUMBERS and digits_survive(s.text, rest):
                out.append(f"the digits of {s.text!r} stand elsewhere in {c.text!r}")
            if s.kind is Kind.IIN and (len(_digits(s.text)) != 12
                                       or iin_check_digit(_digits(s.text)[:11]) != int(_digits(s.text)[-1])):
                out.append(f"not a valid ИИН: {s.text!r}")
            if s.kind is Kind.CARD and (len(_digits(s.text)) != 16 or not luhn_ok(s.text)):
                out.append(f"not a valid card: {s.text!r}")
    texts = [c.text for c in LABELLED] + list(CLEAN)
    out += [f"repeated: {t!r}" for t in {t for t in texts if texts.count(t) > 1}]
    return out


if __name__ == "__main__":
    for p in problems():
        print("SET PROBLEM:", p)
    print(score().table())
