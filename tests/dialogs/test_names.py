"""People's names and personal numbers masked however they are written, and nothing else touched:
no place, office or service of the knowledge base, no intent, month or service word (issue 15, point 4)."""

from __future__ import annotations

import time

import pytest

from dialogs.privacy import NAME, mask
from tests.dialogs.pii_cases import KEEP, NAMES, NUMBERS, knowledge_texts


@pytest.mark.parametrize("text, values", NAMES, ids=[t for t, _ in NAMES])
def test_a_name_is_masked_in_either_script_and_any_case(text, values):
    out = mask(text)
    assert NAME in out
    assert not [v for v in values if v in out], out


@pytest.mark.parametrize("text, values", NUMBERS, ids=[t for t, _ in NUMBERS])
def test_a_personal_number_is_masked_however_it_is_written(text, values):
    out = mask(text)
    assert not [v for v in values if v in out], out
    assert not [v for v in values if v.isdigit() and v in "".join(c for c in out if c.isdigit())], out


@pytest.mark.parametrize("text", KEEP)
def test_what_is_no_name_is_kept_as_written(text):
    assert mask(text) == text


@pytest.fixture(scope="module")
def kb_texts(sqlite_engine):
    return knowledge_texts(sqlite_engine)


def test_no_place_office_or_service_of_the_knowledge_base_is_changed(kb_texts):
    # 17 regions and 3 cities of today, with their districts and towns, in two languages; every service's
    # title and everyday name in kk and ru (32 services)
    assert len(kb_texts["places"]) > 1500 and len(kb_texts["offices"]) > 2000 and len(kb_texts["titles"]) > 100
    changed = {text: mask(text) for group in kb_texts.values() for text in group if mask(text) != text}
    assert not changed


def test_a_name_is_masked_whole_and_once():
    assert mask("Меня зовут Айгерим Сейткали, нужна справка") == "Меня зовут [name], нужна справка"
    assert mask("ФИО: Ахметов Ерлан Серикович, ИИН 880101300123") == "ФИО: [name], ИИН [IIN …23]"
    assert mask("Ахметов Е.С. подал заявление") == "[name] подал заявление"      # the initials' full stops too
    # the transcript is masked, and logs mask what they write again: the second pass changes nothing
    for text, _ in NAMES + NUMBERS:
        assert mask(mask(text)) == mask(text)


def test_masking_twice_changes_nothing(kb_texts):
    """Logs mask what they write, and are often given a transcript's words, masked already: the second pass must
    find nothing more (a review found an ИИН kept raw in the transcript and masked only in the log)."""
    cases = [t for t, _ in NAMES + NUMBERS] + KEEP + [t for group in kb_texts.values() for t in group]
    assert not {text: mask(text) for text in cases if mask(mask(text)) != mask(text)}


@pytest.mark.parametrize("text, masked", [
    # issue 15 review: names the rules missed
    ("Иван\u200bПетров", "[name]"),                       # a zero-width space between two words parts them
    ("Ива\u0301н Петро\u0301в", "[name]"),                  # stress marks
    ("Мария Иванова-Петрова", "[name]"), ("Қасым-Жомарт Тоқаев", "[name]"), ("Касым-Жомарт Токаев", "[name]"),
    ("Петров, Иван", "[name]"), ("Петров, Иван Иванович, 1980 г.р.", "[name], 1980 г.р."),
    ("Ольга Ким", "[name]"), ("Цой Виктор", "[name]"), ("Kim Olga", "[name]"), ("Хегай Марина", "[name]"),
    ("поговорите с Виктором Цоем", "поговорите с [name]"),
    # a short surname that is an everyday word too: after the given name, with a patronymic, or mid-sentence
    ("Анна Ли", "[name]"), ("Ли Анна Сергеевна", "[name]"), ("Я, Ли Анна, прошу справку", "Я, [name], прошу справку"),
    ("Ли Анна", "[name]"), ("Ольга Нам", "[name]"),
    ("Зовут меня Зарина", "Зовут меня [name]"), ("Меня Зарина зовут", "Меня [name] зовут"),
    ("меня Зарина Мусаева зовут", "меня [name] зовут"), ("меня все зовут Зарой", "меня все зовут [name]"),
    ("Малика Нурбекова", "[name]"), ("мой сын Ильяс Ерденов", "мой сын [name]"),
])
def test_names_a_review_found_raw_are_masked(text, masked):
    assert mask(text) == masked
    assert mask(masked) == masked


@pytest.mark.parametrize("text, masked", [
    # a surname in -ов, -ев, -ова, -ева with a Kazakh case ending, as Kazakh writes it of a person
    ("Серік Ахметовтың әкесі", "[name] әкесі"), ("Ерлан Нұрлановпен сөйлестім", "[name] сөйлестім"),
    ("Айгерім Сапарованың анасы", "[name] анасы"), ("Марат Ахметовке хат жаздым", "[name] хат жаздым"),
    ("әкем Бекболат Жұмабаевтың жерлеуі", "әкем [name] жерлеуі"), ("Ахметовқа Серікке", "[name]"),
    # "от имени": on a person's behalf, not a street or a school named after them
    ("по доверенности от имени Ахметова Ерлана", "по доверенности от имени [name]"),
    ("от имени Ивановой Марии Петровны", "от имени [name]"),
    # surnames in -бек, -бай (written -бай, compared folded), with and without a case ending
    ("Айдос Сұлтанбекпен сөйлестім", "[name] сөйлестім"), ("Ерболат Тұрсынбай", "[name]"),
    ("Ерболат Тұрсынбайдың құжатын жіберіңіз", "[name] құжатын жіберіңіз"),
    # a family in the plural: a name by itself
    ("Омаровтарға жәрдемақы тағайындалды ма", "[name] жәрдемақы тағайындалды ма"), ("Серікбаевтардың үйі", "[name] үйі"),
    # a surname with a title around it
    ("Оспанов мырза айтты", "[name] мырза айтты"), ("Бейсенова ханымға рахмет", "[name] ханымға рахмет"),
    ("господин Оспанов звонил", "господин [name] звонил"), ("гражданке Бейсеновой отказали", "гражданке [name] отказали"),
    ("гр. Ахметов", "гр. [name]"),
    # a patronymic in two words, and the surname after it
    ("Асқар Нұрлан ұлы Бекетов тіркелген", "[name] тіркелген"), ("Айгуль Марат кызы Сатпаева", "[name]"),
    ("Нұрлан ұлы Ерлан", "[name]"), ("Асқар Нұрлан-ұлы", "[name]"), ("Бакыт уулу Асан", "[name]"),
    ("Гражданин Оспанов", "Гражданин [name]"),              # the title is no part of the name
    # a second review: a surname ending as an adjective does is a surname after a title, unless a country follows
    ("господин Чайковский", "господин [name]"), ("гражданка Ковальская", "гражданка [name]"),
    ("господин Песков", "господин [name]"), ("гражданка Носкова", "гражданка [name]"),
    ("dauren гражданин Бекетов", "dauren гражданин [name]"),   # masked twice, the title stays a title
    # a third review: -бай after two or three letters, a comma list, a surname in an oblique case after a title
    ("Нурлан Жанбай", "[name]"), ("Айдос Исабайға", "[name]"), ("Марат Есбай", "[name]"), ("Ахметбай, Нұрлан", "[name]"),
    ("Сұлтанбек, Нұрлан", "[name]"), ("гражданке Ковальской", "гражданке [name]"),
    ("Нурлан Ахметов, Nurlan@mail.ru", "[name], [email]"),       # not one name running into the address
    ("Айгерім Ахметова, Aigerim At Mail.Ru", "[name], [email]"),
    # a fourth review: a title's case, a country's words not part of the name after it
    ("гражданина Российской Федерации Иванова Ивана Ивановича", "гражданина Российской Федерации [name]"),
    ("гражданину Новицкому", "гражданину [name]"),
    # a fifth review: surnames that begin as a country's word does, a second name after initials, punctuation
    ("Федюк Анна Петровна", "[name]"), ("Союзный Иван Иванович", "[name]"),
    ("Ахметов Н. С.\nНурлан Сапаров", "[name]\n[name]"), ("Ахметов Н. С. Айгерим Сапарова Ерлан Оспанов", "[name]"),
    ("гражданке Чайковской; Фёдор Иванович", "гражданке [name]; [name]"),
    ("гражданке Республики Казахстан Ахметовой Айгерим Болатовне", "гражданке Республики Казахстан [name]"),
    # a sixth review: a place word before the next place's name, an initial on the next line, Россия's forms only
    ("Сапаров Нурлан с. Абай", "[name] с. Абай"), ("Нурлан Сапаров мкр. Самал", "[name] мкр. Самал"),
    ("Ахметов Н. С.\nС. Сапаров", "[name]\n[name]"), ("Россини Анна Петровна", "[name]"),
])
def test_names_in_kazakh_cases_and_on_someones_behalf_are_masked(text, masked):
    assert mask(text) == masked
    assert mask(masked) == masked


@pytest.mark.parametrize("text", ["Ахметовтың құжаты дайын", "Айгерім машинаға отырды", "Айгерім магазинге барды",
                                  "Комитеттің шешімі", "школа имени Абая Кунанбаева", "ул. имени Мухтара Ауэзова",
                                  "Жаңабай ауылы", "Ұлы Отан соғысы", "ул. Жандосова 55",
                                  # a review of the rules above: what they must not take
                                  "гражданство Российской Федерации", "гражданам Кыргызской Республики",
                                  "Абай ұлы ойшыл", "Айгерімнің қызы ауырып қалды", "Ерлан Дубайда жұмыс істейді",
                                  "Айгерім Өзбекке барды", "Нурлан Березовка",
                                  "Begin again",
                                  # a second review: -бай after two or three letters, and given names in a list
                                  "Ойбай, Нұрлан", "Ерлан Мумбайға", "Қабанбай, Жамбыл",
                                  "гражданка Кыргызской Республики",
                                  # a third review: a country's adjective agrees with no nominative title
                                  "Я гражданин Казахской ССР", "гражданин Иранской Исламской Республики",
                                  "гражданин Бразильской Федеративной Республики", "гражданка Кыргызской Респ.",
                                  "гражданин Казахского ханства", "я гражданин Российской.", "Бөгенбай, Жамбыл",
                                  "гражданина Казахстанского происхождения"])
def test_a_surname_alone_or_a_word_ending_like_one_is_kept(text):
    assert mask(text) == text


@pytest.mark.parametrize("text, masked", [
    # a letter for the digit it looks like (Cyrillic О and З, Latin O), between digits
    ("+7 7О8 123 45 74", "[phone …74]"), ("900104З00122", "[IIN …22]"), ("ИИН 9001О43ОО122", "ИИН [IIN …22]"),
    ("8 7O1 123 45 67", "[phone …67]"),
    # an e-mail address spelled without its "@"
    # a town's number without its code, after a word that says it is a phone's
    ("раб. тел 250-12-34, добавочный нет", "раб. тел [phone …34], добавочный нет"),
    ("үй телефоны 25 12 34", "үй телефоны [phone …34]"), ("сотовый 2501234", "сотовый [phone …34]"),
    ("dauren[at]mail.ru", "[email]"), ("nurlan (at) gmail (dot) com, спасибо", "[email], спасибо"),
    ("email nurlan dot b at gmail dot com", "email [email]"), ("ivan dot petrov at mail dot ru", "[email]"),
    ("dauren  at  mail.ru", "[email]"), ("a dot b dot c dot d dot e at mail dot ru", "[email]"),
    # a review: a number after the town's one, a letter at a group's edge, other ways to write the town's number
    ("раб. тел 250-12-34 8 701 123 45 67", "раб. тел [phone …34] [phone …67]"), ("ИИН 900104 3ОО 122", "ИИН [IIN …22]"),
    ("тел/факс 25-12-34", "тел/факс [phone …34]"), ("тел — 25 12 34", "тел — [phone …34]"),
    ("тел.: 2-51-234", "тел.: [phone …34]"),
    ("почта dauren собака mail.ru", "почта [email]"), ("aigul[@]mail.kz", "[email]"),
    # a second review: spaces or tabs padding the number, a number after it, a mail service's address in capitals
    ("Телефон:          25-12-34", "Телефон:          [phone …34]"), ("Тел:\t\t\t\t55-12-34", "Тел:\t\t\t\t[phone …34]"),
    ("тел     55 12 34", "тел     [phone …34]"), ("с 9 до 18, тел 25-12-34 12 каб", "с 9 до 18, тел [phone …34] 12 каб"),
    ("тел 251234 12 шт", "тел [phone …34] 12 шт"), ("тел 55-12-34/35", "тел [phone …34]/35"),
    ("тел. раб. 25 12 34 45", "тел. раб. [phone …34] 45"), ("тел 55-12-34 12ab@mail.kz", "тел [phone …34] [email]"),
    ("DAUREN AT GMAIL DOT COM", "[email]"), ("Dauren.B at Mail.Ru", "[email]"), ("d.bekov at kaspi.kz", "[email]"),
    ("dauren at gmail.com87011234567", "[email][phone …67]"),
    # a third review: a town's code without 8, a case ending, numbers listed after the first, other groupings
    ("тел 7172 25 12 34", "тел [phone …34]"), ("тел 77 71 23 45 67", "тел [phone …67]"),
    ("тел 25-12-34-ке хабарласыңыз", "тел [phone …34]-ке хабарласыңыз"), ("тел 25-12-34 айына", "тел [phone …34] айына"),
    ("whatsapp 55-12-34 в мессенджере", "whatsapp [phone …34] в мессенджере"),
    ("тел 25-12-34 25-12-35", "тел [phone …34] [phone …35]"), ("телефоны 25-12-34 и 55-66-77", "телефоны [phone …34] и [phone …77]"),
    ("тел./факс: 8 (7172) 25-12-34, 25-12-35", "тел./факс: [phone …34], [phone …35]"),
    ("8 701 123 45 67, 150 000 тенге", "[phone …67], 150 000 тенге"), ("тел 251-234", "тел [phone …34]"),
    ("тел 25 - 12 - 34", "тел [phone …34]"), ("тел: № 25-12-34", "тел: № [phone …34]"), ("тел 2-512-34", "тел [phone …34]"),
    # …an address after a bare "at" that is none, a spelled dot in the domain, a given name, a Cyrillic name
    ("Contact me at dauren.bek at gmail.com", "Contact me at [email]"), ("почта: dauren at company dot kz", "почта: [email]"),
    ("nurlan at kaspi.kz", "[email]"), ("dauren at yahoo.co.uk", "[email]"), ("Даурен[at]mail.ru", "[email]"),
    ("dauren[at]почта.рф", "[email]"), ("aigul@mail.kz dot nurlan at company.kz", "[email] dot [email]"),
    # a fourth review: a name that begins with digits or is a surname, or no name at all; other phone words
    ("1990aigerim at gmail.com", "[email]"), ("_dauren at gmail.com", "[email]"), ("akhmetov at kaspi.kz", "[email]"),
    ("87011234567nurlan at kaspi.kz", "[email]"), ("почта: bekov at halyk.kz", "почта: [email]"),
    ("john at example.com", "[email]"), ("dauren at gmail.com.Thanks", "[email].Thanks"),
    ("тел. для связи 25-12-34", "тел. для связи [phone …34]"), ("моб 25-12-34", "моб [phone …34]"),
    ("phone 25-12-34", "phone [phone …34]"), ("нөмірім 25-12-34", "нөмірім [phone …34]"),
    ("тел 251234 251235", "тел [phone …34] [phone …35]"),
    # …and what follows a phone in a list but is none: hours, a postcode, a count, a sum
    ("тел: 8 (7172) 55-12-39, 9.00-18.00", "тел: [phone …39], 9.00-18.00"),
    ("+7 701 123 45 67, 050000 Алматы", "[phone …67], 050000 Алматы"),
    ("8 (7172) 55-12-39, 150000 человек", "[phone …39], 150000 человек"),
    ("тел 25-12-34 және 150 000", "тел [phone …34] және 150 000"),
    # a fifth review: a mobile after a town's number, dots, a sum after the number, hours no one keeps
    ("тел. 25-12-34 8 701 12 34 567", "тел. [phone …34] [phone …67]"), ("тел 77 71 23 45 67", "тел [phone …67]"),
    ("тел 25 12 34. 8 7011 234 567", "тел [phone …34]. [phone …67]"), ("тел 55.66.77", "тел [phone …77]"),
    ("Тел.: 51.23.45, 51.23.46", "Тел.: [phone …45], [phone …46]"),
    ("тел 25 12 34 100 тенге", "тел [phone …34] 100 тенге"), ("тел 2-50-14-20", "тел [phone …20]"),
    ("+7 701 123 45 67, 10-00-19-00", "[phone …67], 10-00-19-00"),
    # a sixth review: a town's number before a year or a room is no number with its code; other layouts; "нөмірі"
    ("тел 74-37-23 2024 ж. хабарластым", "тел [phone …23] 2024 ж. хабарластым"),
    ("тел 79-12-34 1234 каб", "тел [phone …34] 1234 каб"), ("тел 123-4567", "тел [phone …67]"),
    ("раб. тел. 272-3310, моб. 8 701 123 45 67", "раб. тел. [phone …10], моб. [phone …67]"),
    ("факс 2512-34", "факс [phone …34]"), ("тел 2-50-1420", "тел [phone …20]"), ("тел 512 34", "тел [phone …34]"),
    ("тел 25 12 34 и 2512 35", "тел [phone …34] и [phone …35]"), ("телефон нөмірі 25 12 34", "телефон нөмірі [phone …34]"),
    ("үй телефонының нөмірі 25 12 34", "үй телефонының нөмірі [phone …34]"),
    ("тел 25 12 34, 25 12 35 100 тенге", "тел [phone …34], [phone …35] 100 тенге"),
    ("тел 251 23 45 dot zhanar at mail.ru", "тел [phone …23] [email]"),
    ("nurlan at kaspi.Kz", "[email]"), ("тлф 25-12-34", "тлф [phone …34]"), ("звоните 25-12-34", "звоните [phone …34]"),
    # the cues the last note listed as missed: a person saying "my number", "call me"
    ("мой номер 25-12-34", "мой номер [phone …34]"), ("Мой номер: 251234", "Мой номер: [phone …34]"),
    ("мой номер телефона 25 12 34", "мой номер телефона [phone …34]"),
    ("call me at 25-12-34", "call me at [phone …34]"), ("Call me on 25 12 34", "Call me on [phone …34]"),
    ("text me at 251-234", "text me at [phone …34]"), ("my number is 25-12-34", "my number is [phone …34]"),
    ("my number 25-12-34, 25-12-35", "my number [phone …34], [phone …35]"),
    # written as a number with its code, though no valid one: all of it, not the first groups as a town's
    ("тел 71 71 23 45 67", "тел [phone …67]"), ("тел 7 171 234 5678", "тел [phone …78]"),
    ("тел 8 171 123 45 67", "тел [phone …67]"), ("дом 71 71 23 45 67", "дом [phone …67]"),
    # a review of the two above: the numbers listed after them, in Russian, Kazakh or English, and more cues
    ("тел 8 171 123 45 67 8 171 123 45 68", "тел [phone …67] [phone …68]"),
    ("тел 71 71 23 45 67, 71 71 23 45 68", "тел [phone …67], [phone …68]"),
    ("тел 8 171 123 45 67 немесе 8 171 123 45 68", "тел [phone …67] немесе [phone …68]"),
    ("тел 8 171 123 45 67 90010430012", "тел [number …12]"),     # one long number: all of it, as before
    # a reading of the change: a list that goes on with what is no number (it raised TypeError)
    ("тел 8 171 123 45 67, 8 17", "тел [phone …67], 8 17"),
    ("call me at 25-12-34 or 25-12-35", "call me at [phone …34] or [phone …35]"),
    ("my number is 25-12-34 and 25-12-35", "my number is [phone …34] and [phone …35]"),
    ("мой сотовый номер 25-12-34", "мой сотовый номер [phone …34]"),
    ("my mobile number is 25-12-34", "my mobile number is [phone …34]"),
    ("call me back at 25-12-34", "call me back at [phone …34]"),
    # a held-out set written by a helper that never read the masker (130 with a phone, 90 clean): the town's
    # numbers it left in the clear, after asking for a call, "наш контактный номер", "городской", Kazakh's verb last
    ("Звоните мне 55 12 34, я пенсионерка", "Звоните мне [phone …34], я пенсионерка"),
    ("Свяжитесь со мной: 33-44-21", "Свяжитесь со мной: [phone …21]"),
    ("Можете набрать по номеру 21-05-67, это домашний", "Можете набрать по номеру [phone …67], это домашний"),
    ("Мы свяжемся с вами по номеру 45-67-89", "Мы свяжемся с вами по номеру [phone …89]"),
    ("звоните на городской 56-78-90", "звоните на городской [phone …90]"),
    ("связь только по городскому 9-12-45", "связь только по городскому [phone …45]"),
    ("Наш контактный номер: 25 12 34", "Наш контактный номер: [phone …34]"),
    ("Маған 25-12-34 нөміріне хабарласыңыз", "Маған [phone …34] нөміріне хабарласыңыз"),
    ("25-12-34-ке қоңырау шалыңыз", "[phone …34]-ке қоңырау шалыңыз"),
    ("45-67-12 нөміріне хабарласа алмадық", "[phone …12] нөміріне хабарласа алмадық"),
    ("Мына нөмірге қоңырау шалыңыз: 51 23 45", "Мына нөмірге қоңырау шалыңыз: [phone …45]"),
    ("Сот. 8 702 111 22 33, жұм. 53-64-75", "Сот. [phone …33], жұм. [phone …75]"),
    ("Reach me at 25-12-34 (home)", "Reach me at [phone …34] (home)"),
    ("My home phone is 51 23 45", "My home phone is [phone …45]"), ("phone number 512 345", "phone number [phone …45]"),
    ("contact: 55-66-77 or +7 700 111 2233", "contact: [phone …77] or [phone …33]"),
    ("call the landline 2-34-56", "call the landline [phone …56]"),
    # a hostile review of those: more ways of asking for a call, Kazakh typed on a Russian keyboard, the verb last
    # after other words, and a town's number after another number (masked on a second pass only, it had been)
    ("Позвоните мне, пожалуйста, 25-12-34", "Позвоните мне, пожалуйста, [phone …34]"),
    ("Перезвоните мне на номер 25-12-34", "Перезвоните мне на номер [phone …34]"),
    ("Наберите номер 25-12-34", "Наберите номер [phone …34]"), ("Звонить: 25-12-34", "Звонить: [phone …34]"),
    ("позвоните на городской номер 25-12-34", "позвоните на городской номер [phone …34]"),
    ("Контактный номер 25-12-34", "Контактный номер [phone …34]"),
    ("Контактные данные: 25-12-34", "Контактные данные: [phone …34]"),
    ("Хабарласыңыздар 25-12-34", "Хабарласыңыздар [phone …34]"),
    ("Хабарласу үшін: 25-12-34", "Хабарласу үшін: [phone …34]"),
    ("Қоңырау соғыңыз 25-12-34", "Қоңырау соғыңыз [phone …34]"),
    ("Қалалық нөмір 25-12-34", "Қалалық нөмір [phone …34]"),
    ("Хабарласыныз 25-12-34", "Хабарласыныз [phone …34]"), ("Коңырау шалыңыз 25-12-34", "Коңырау шалыңыз [phone …34]"),
    ("25-12-34 номирине хабарласыныз", "[phone …34] номирине хабарласыныз"),
    ("25-12-34-ке конырау шалыныз", "[phone …34]-ке конырау шалыныз"),
    ("25-12-34 нөмірі бойынша хабарласыңыз", "[phone …34] нөмірі бойынша хабарласыңыз"),
    ("25-12-34 телефонына хабарласыңыз", "[phone …34] телефонына хабарласыңыз"),
    ("25-12-34 деген нөмірге хабарласыңыз", "[phone …34] деген нөмірге хабарласыңыз"),
    ("25-12-34 - ке хабарласыңыз", "[phone …34] - ке хабарласыңыз"),
    ("25-12-34 нөміріне\nхабарласыңыз", "[phone …34] нөміріне\nхабарласыңыз"),
    ("Свяжитесь со мной: 251234, 251235", "Свяжитесь со мной: [phone …34], [phone …35]"),
    ("Contact no. 25-12-34", "Contact no. [phone …34]"), ("Phone No: 25-12-34", "Phone No: [phone …34]"),
    ("Give me a call at 25-12-34", "Give me a call at [phone …34]"), ("Ph: 25-12-34", "Ph: [phone …34]"),
    ("Қоңырау шалыңыз251234", "Қоңырау шалыңыз[phone …34]"), ("телефон251234", "телефон[phone …34]"),
    ("87011234567 / 251234 нөміріне хабарласыңыз", "[phone …67] / [phone …34] нөміріне хабарласыңыз"),
    ("ЖСН 900104300122 — 25 12 34 нөміріне хабарласыңыз", "ЖСН [IIN …22] — [phone …34] нөміріне хабарласыңыз"),
    ("87011234567 251234 нөміріне хабарласыңыз", "[phone …67] [phone …34] нөміріне хабарласыңыз"),
    ("Контакты: 25-12-34, 160000, г. Шымкент", "Контакты: [phone …34], 160000, г. Шымкент"),     # a postcode after it
    ("тел 251234, 251235", "тел [phone …34], [phone …35]"),
    # a second review: "пожалуйста" before "на", a comma, lists before the verb, two nouns, "номер" typed for "нөмір"
    ("Перезвоните мне пожалуйста на 25-12-34", "Перезвоните мне пожалуйста на [phone …34]"),
    ("Call me please at 25 12 34", "Call me please at [phone …34]"), ("Звоните, 25-12-34", "Звоните, [phone …34]"),
    ("25-12-34, 25-12-35 нөмірлеріне хабарласыңыз", "[phone …34], [phone …35] нөмірлеріне хабарласыңыз"),
    ("25-12-34-ке немесе 25-12-35-ке хабарласыңыз", "[phone …34]-ке немесе [phone …35]-ке хабарласыңыз"),
    ("25-12-34 телефон нөміріне хабарласыңыз", "[phone …34] телефон нөміріне хабарласыңыз"),
    ("25-12-34 номеріне хабарласыңыз", "[phone …34] номеріне хабарласыңыз"),
    ("Телефон номерім 25 12 34", "Телефон номерім [phone …34]"),
    ("Рабочий номер 25-12-34", "Рабочий номер [phone …34]"),
    ("Байланыс нөмірлері: 25-12-34, 25-12-35", "Байланыс нөмірлері: [phone …34], [phone …35]"),
    ("Хабарласу нөмірі: 25-12-34", "Хабарласу нөмірі: [phone …34]"), ("Ring me on 25-12-34", "Ring me on [phone …34]"),
    # a number with its code across a line's end, then one before the verb: one long number, at once (the second
    # alone had been masked, and the first only on a second pass)
    ("Тел 77-76-17\n25-12-34 нөміріне хабарласыңыз", "Тел [number …34] нөміріне хабарласыңыз"),
    # a second set, operators' notes: a phone word a few words before a number in groups
    ("Телефон старый — 45-78-90", "Телефон старый — [phone …90]"),
    ("сын ждёт звонка по 2-45-12, это соседи", "сын ждёт звонка по [phone …12], это соседи"),
    ("Анасының үй телефонын қалдырды: 4-22-19", "Анасының үй телефонын қалдырды: [phone …19]"),
    ("көршісінің телефоны арқылы хабарласуға болады: 61 70 29",
     "көршісінің телефоны арқылы хабарласуға болады: [phone …29]"),
    ("please call back on my home line 25-40-18", "please call back on my home line [phone …18]"),
    ("Абонент қайта қоңырау шалуды сұрайды, нөмірі 57-09-34",
     "Абонент қайта қоңырау шалуды сұрайды, нөмірі [phone …34]"),
    ("тел 25-12-34, кабинет 12 34", "тел [phone …34], кабинет 12 34"),      # a room's label is no phone's
    ("номер телефона участкового — 45 67 12", "номер телефона участкового — [phone …12]"),
    ("Телефон отдела на двери 41-22-08 не отвечает", "Телефон отдела на двери [phone …08] не отвечает"),
    ("Тел. приёмной: 45-67-89", "Тел. приёмной: [phone …89]"),
    ("пыталась связаться по 45-67-89", "пыталась связаться по [phone …89]"),
    # the words after the number say it is the writer's phone (misses of the first set and the notes set)
    ("43-12-87 это мой рабочий", "[phone …87] это мой рабочий"),
    ("Звоните: 43-12-87 — мой домашний", "Звоните: [phone …87] — мой домашний"),
    ("25 12 34 это мой номер телефона", "[phone …34] это мой номер телефона"),
    ("25-12-34 — мой рабочий телефон, звоните после 9", "[phone …34] — мой рабочий телефон, звоните после 9"),
    ("25-12-34, 25-12-35 — мои рабочие", "[phone …34], [phone …35] — мои рабочие"),
    ("25-12-34 менің үй телефоным", "[phone …34] менің үй телефоным"),
    ("398 145 is my home number", "[phone …45] is my home number"),
    # …and Kazakh's request right after a number without its ending, the place to call before it
    ("Сұрақтар бойынша мектеп кеңсесіне 35-61-04 хабарласыңыз, ішкі нөмір 2.",
     "Сұрақтар бойынша мектеп кеңсесіне [phone …04] хабарласыңыз, ішкі нөмір 2."),
    ("Емханаға жазылу үшін тіркеу орнына 38-44-90 қоңырау шалыңыз", "Емханаға жазылу үшін тіркеу орнына [phone …90] "
                                                                    "қоңырау шалыңыз"),
    ("1414 нөміріне немесе тікелей бөлімге 24-07-63 хабарласыңыз",
     "1414 нөміріне немесе тікелей бөлімге [phone …63] хабарласыңыз"),
    # a hostile review of those two rules: other words after the number, the request after a dash or a line's end
    ("25-12-34 и 25-12-35 — мои рабочие", "[phone …34] и [phone …35] — мои рабочие"),
    ("25-12-34 менің телефон нөмірім", "[phone …34] менің телефон нөмірім"),
    ("25-12-34 бұл менің үй телефоным", "[phone …34] бұл менің үй телефоным"),
    ("25-12-34 менин уй телефоным", "[phone …34] менин уй телефоным"),
    ("43-12-87 — мой рабочий номер телефона", "[phone …87] — мой рабочий номер телефона"),
    ("43-12-87 это мой личный телефон", "[phone …87] это мой личный телефон"),
    ("43-12-87 — мой рабочий (звоните после 9)", "[phone …87] — мой рабочий (звоните после 9)"),
    ("398-145 — my home number", "[phone …45] — my home number"),
    ("бөлімге 24-07-63\nхабарласыңыз", "бөлімге [phone …63]\nхабарласыңыз"),
    ("бөлімге 24-07-63 арқылы хабарласыңыз", "бөлімге [phone …63] арқылы хабарласыңыз"),
    # a second review: more phrasings, lists and request forms before Kazakh's request
    ("43-12-87 — мой домашний тел.", "[phone …87] — мой домашний тел."),
    ("43-12-87 is my phone number", "[phone …87] is my phone number"),
    ("43-12-87 — мой служебный", "[phone …87] — мой служебный"),
    ("43-12-87 — тоже мой телефон.", "[phone …87] — тоже мой телефон."),
    ("бөлімге 24-07-63 немесе 24-07-64 хабарласыңыз", "бөлімге [phone …63] немесе [phone …64] хабарласыңыз"),
    ("бөлімге 24-07-63, 24-07-64 хабарласыңыз", "бөлімге [phone …63], [phone …64] хабарласыңыз"),
    ("бөлімге 24-07-63 хабарласа аласыз", "бөлімге [phone …63] хабарласа аласыз"),
    ("бөлімге 24-07-63 хабарласуға болады", "бөлімге [phone …63] хабарласуға болады"),
    ("кеңсесіне (35-61-04) хабарласыңыз", "кеңсесіне ([phone …04]) хабарласыңыз"),
    ("бөлімге: 24-07-63 хабарласыңыз", "бөлімге: [phone …63] хабарласыңыз"),
    ("Нурлан Ахметов - 25-12-34 мой рабочий телефон", "[name] - [phone …34] мой рабочий телефон"),
    # a third review: "маған" before the request, Kazakh typed on a Russian keyboard, an ellipsis, "is my landline"
    ("Маған 43-12-87 хабарласыңыз", "Маған [phone …87] хабарласыңыз"),
    ("25-12-34 менин жумыс телефоным", "[phone …34] менин жумыс телефоным"),
    ("25-12-34 is my landline", "[phone …34] is my landline"),
    ("43-12-87 — мой рабочий телефон…", "[phone …87] — мой рабочий телефон…"),
    ("43-12-87 вот мой телефон", "[phone …87] вот мой телефон"),
    # a fourth review: words before the number that are no document, more requests and phrasings
    ("Звоните с 9 до 18, 43-12-87 — мой рабочий телефон.", "Звоните с 9 до 18, [phone …87] — мой рабочий телефон."),
    ("Я участковый, 43-12-87 — мой рабочий телефон.", "Я участковый, [phone …87] — мой рабочий телефон."),
    ("Мен мектеп хатшысымын, 43-12-87 — менің жұмыс телефоным.",
     "Мен мектеп хатшысымын, [phone …87] — менің жұмыс телефоным."),
    ("Аудандық әкімдікке 24-07-63 хабарласыңыз", "Аудандық әкімдікке [phone …63] хабарласыңыз"),
    ("Анықтама алу үшін бөлімге 24-07-63 хабарласыңыз", "Анықтама алу үшін бөлімге [phone …63] хабарласыңыз"),
    ("398-145, 398-146 — мои рабочие номера", "[phone …45], [phone …46] — мои рабочие номера"),
    ("43-12-87 — наш рабочий телефон.", "[phone …87] — наш рабочий телефон."),
    ("43-12-87 мой раб. тел.", "[phone …87] мой раб. тел."),
    ("43-12-87 — my home number", "[phone …87] — my home number"),
    ("43-12-87 — that's my home number", "[phone …87] — that's my home number"),
    ("43-12-87 является моим рабочим номером.", "[phone …87] является моим рабочим номером."),
    ("43-12-87 (мой рабочий номер)", "[phone …87] (мой рабочий номер)"),
    ("43-12-87 — мой телефон :)", "[phone …87] — мой телефон :)"),
    ("Бөлімге 24-07-63 телефон соғыңыз", "Бөлімге [phone …63] телефон соғыңыз"),
    ("Маған 24-07-63 звондаңыз", "Маған [phone …63] звондаңыз"),
    ("Бөлімге 24-07-63 хабарласып көріңіз", "Бөлімге [phone …63] хабарласып көріңіз"),
    ("Әкімдікке 24-07-63 хабарласуыңызға болады", "Әкімдікке [phone …63] хабарласуыңызға болады"),
])
def test_numbers_with_lookalike_letters_town_numbers_and_spelled_out_addresses_are_masked(text, masked):
    assert mask(text) == masked
    assert mask(masked) == masked


def test_a_number_in_a_list_before_one_whose_digits_run_on_is_masked_at_once():
    """The last of the list is left to the long-number rule when digits follow it, the ones before it are not (the
    first was left in the clear on the first pass, and masked only on a second)."""
    masked = mask("мой номер 8 171 123 45 67 and 71 71 23 45 67 2024")
    assert masked.startswith("мой номер [phone …67] and ") and mask(masked) == masked


@pytest.mark.parametrize("text", ["meet at 5.30", "в 2о2о году", "собака Шарик лает", "дом 1О, кв 5", "Look at me.",
                                  "Телефонограмма 123456", "телефон 1414", "работа 12345", "a dot b",
                                  "Моя собака потерялась.Помогите", "Look at this.Thanks", "I am at work.Call me later",
                                  "Регистрация at egov.kz", "үй 150000 теңге", "тел 123456789",
                                  # a second review: prices, a court's case number, a dog, a site
                                  "дом 250 000 в месяц", "дом 250000 в месяц", "үй 150 000-ға сатылады",
                                  "сот № 2-1234/2024", "Рекс (собака) убежал.Помогите", "look at egov.kz",
                                  "I work at kaspi.kz now", "Meet me at 5.pm", "Aidos at home.Then",
                                  "раб. 8-00-18-00", "тел 9.00-18.00",
                                  "өтініш нөмірі 12-34-56", "моб 150 000",
                                  "Samsung phone 120 000 tg", "Казпочта, отделение связи 050000 Алматы",
                                  "гражданке Российской\nФедерации",
                                  # a number after "номер" alone, or after "my number" that is no phone's
                                  "мой номер заявления 25-12-34", "номер 25-12-34", "call me at 5",
                                  "my number island 25", "мой номер в очереди 25",
                                  # times after a cue: "call me" then, not on that number
                                  "call me at 19.00-21.00", "Call me at 14.00-16.00", "call me on 15.05 14.00",
                                  "call me at 13-00 - 15-00", "звоните 14.00-18.00",
                                  # the cues added after the helper's held-out set, with no phone after them
                                  "Звоните в 1414, там помогут", "Мой номер очереди 45", "наберите 1414 и нажмите 0",
                                  "Наш номер дела 2-1234/2023", "позвоните по номеру 1414", "хабарласыңыз 1414",
                                  "Свяжитесь с нами с 9.00 до 18.00", "Звоните с 09 00 до 18 00",
                                  "Контакты: 050000, г. Алматы", "Жұм. уақыты 09.00-18.00", "городской округ 123456",
                                  "по городскому 2 500 тенге", "2024 жылы 150000 теңгеге хабарласыңыз",
                                  "Сағат 10-00-ге дейін хабарласыңыз",
                                  # the hostile review of them: postcodes, prices after "телефон на", a place in a
                                  # queue, "your application number", gathering signatures, a count of calls
                                  "Контакты: 160000, г. Шымкент, ул. Тауке хана 5", "Reach us at 150000, Petropavl",
                                  "Купил телефон на 120000, не работает", "Купили сотовый на 85000 ребёнку",
                                  "За телефон по 12500 каждый месяц списывают", "Снимаем дом на 150000",
                                  "Мы в очереди на жильё, наш номер 15234", "Наш номер 12345 в очереди на детский сад",
                                  "Сіздің тіркеу нөміріңіз: 123456", "Өтінім нөміріңіз 654321, күтіңіз",
                                  "Петиция должна набрать 50000 подписей", "В поле «Сумма» наберите 12500 и нажмите",
                                  "Операторлар бір айда 12500 қоңырау шалды", "Өткен аптада 25000 хабарласты",
                                  "2023 жылы 1414-ке 2500000 қоңырау шалынды", "Наберите номер заявки 123456",
                                  # the second review: Russian "на", "не" before "звонить"; counts of calls with
                                  # "нөмірге", "телефон арқылы"; an application quoted; "№"; "contact" as a verb
                                  "По заявке 345678 не звонили уже неделю", "Пополнил баланс 25000 на звонки",
                                  "За месяц поступило 23456 телефонных звонков", "Бүгін қоңырау шалды 12500 адам",
                                  "Call-орталық 23456 нөмірге қоңырау шалды", "Биыл 25000 телефон арқылы хабарласты",
                                  "Өтінім 234567 нөмірімен хабарласыңыз", "өтінім 234567 нөміріне хабарласыңыз",
                                  "Талон 234567 нөмірі, хабарласыңыз", "Хабарласыңыз № 234567 өтінім бойынша",
                                  "We will contact 25000 citizens", "Контакты 15000 абонентов",
                                  "хабарласыңыз 2024 05 15 дейін",
                                  "Call-орталыққа қоңырау шалған 23456 азаматтың өтініші қаралды",
                                  # a phone word a few words before a number that names no phone
                                  "Позвонили по заявке 23-45-67, сказали ждать", "Телефон стоит 125 990, в рассрочку",
                                  "связь по договору 12 34 56 расторгнута", "телефон отдела: каб. 12 34 56",
                                  "Звонок принят оператором 45 12 в 10:15", "line 12 34 56 of the report",
                                  "Телефон купила в кредит на 24 месяца, платёж 12 345", "Шарт нөмірі 45-1123-07",
                                  "Іс нөмірі 2-1234/2023",
                                  # a third review of that rule: a request, a letter, a debt, a date, an address, a
                                  # count or an id of calls, a duration, a house and flat
                                  "Звонил по обращению 45 67 89", "в связи с обращением 12 34 56",
                                  "Мне звонили по вопросу 234 567", "В связи с письмом 45-67-89 сообщаем",
                                  "Қоңырау шалдым, шағымым 45 67 89", "Call about appeal 45-67-89",
                                  "звонили, долг 123 456", "Звонок от 12 05 24 не зарегистрирован",
                                  "Телефона нет, живу по адресу 14-25-78", "Количество звонков: 123 456",
                                  "ID звонка 45 67 89", "call number 12 345 67 in the queue", "Звонок 2 45 12 минут",
                                  "Звоните в ЦОН на Абая 150/230", "Телефон украли, серийный номер 12 34 56",
                                  "купил телефон, отдал 125 990",
                                  # words after a number that name no phone of the writer's
                                  "123 456 рабочий день", "В 2023 году 150 000 рабочих",
                                  "Заявка 512345 (городской суд)",
                                  "12-34-56 — мой номер в очереди", "номер 123456 — мой номер заявки",
                                  "В очереди 15234, это наш номер", "25-12-34 рабочий", "Заказ 123456 (мой)",
                                  "Сізге 2 30 45 хабарласамыз", "Өтінім 234567 хабарласыңыз",
                                  "Сағат 9 00 18 00 хабарласыңыз", "хабарласыңыз 2024 05 15, 25 000 теңге",
                                  # the review of those: what is no phone before "мой телефон:", numbers in one run
                                  # or in threes before a label, "рабочий" meaning "working", a place in a queue
                                  "Номер обращения 245678, мой телефон: прежний", "Пришёл код 834562, мой номер:",
                                  "Зарплата 245 300, мой номер: прежний", "Обращение 245678, мой тел. прежний",
                                  "Адрес: Абая 150/230, мой телефон: прежний", "Показания счётчика: 12345 (дом)",
                                  "Лицевой счёт 1234567 (дом), 1234568 (дача)", "Айыппұл 15000 (сот)",
                                  "Тариф 12500 (городской)", "Население 245 300 (гор.)", "Room 23456 (office)",
                                  "Код 834562 — рабочий?", "Премия 150 300 — мои рабочие, остальное бригадиру",
                                  "Лицевой счёт 1234567 это мой номер, проверьте", "Reference 234567 is my number.",
                                  "Жеке шот нөмірі 1234567 — менің нөмірім.", "Талон А-12-345 — мой номер.",
                                  "Сіздің кезегіңіз 12345, хабарласыңыз терезеге", "Қарызыңыз 25430, хабарласыңыз",
                                  "Сома 125 300, хабарласыңыз бухгалтерияға", "Клиент 234567 хабарласа алмадық",
                                  "Номер обращения 24-56-78 — мой", "Талон Б-45678, хабарласыңыз терезе 3",
                                  # a second review: dates, addresses, accounts, a label after a colon, dates and
                                  # documents in the dative before a request
                                  "ЦОН 29-06-24 — рабочий?", "29-06-24 (раб.), 30-06-24 (вых.)",
                                  "ул. Абая 150-23 (дом)", "Абай даңғылы 150-23 (үй)", "Лицевой счёт: 12-34-56 (дом)",
                                  "Номер обращения: 12-34-56 — мой номер.", "Код: 834-562 — рабочий?",
                                  "Показания счётчика: 123 45 67 (дом)",
                                  "Номер квитанции 12-34-56, 12-34-57 — мои номера",
                                  "Логин 45-67-89 — мой рабочий.", "Пароль 45-67-89 (раб.)", "Рейс 1234-56 (городской)",
                                  "Обращение от 12.05.2024 24-56-78 — мой номер.", "Дүйсенбіге 27-05-24 хабарласыңыз",
                                  "Шотқа 12-34-56 бойынша хабарласыңыз", "Хатқа 12-34-56 бойынша хабарласыңыз",
                                  "Өтінімім 245678 и 25-12-35 деді", "ЛС 45-12-33 — мой номер.",
                                  # a third review: a date before the request or "мои рабочие", lists of dates and
                                  # ranges under a heading, documents before "мой номер", rooms
                                  "Нәтижесін білу үшін бөлімге 27-05-24 хабарласыңыз",
                                  "Бөлімге 12-06-24 немесе 13-06-24 хабарласуға болады",
                                  "График на неделю:\n27-05-24 (офис)\n28-05-24 (дом)", "Показания:\n123-45 (дом)",
                                  "Страницы:\n123-125 (дом.)", "Shifts:\n29-06-24 (work)",
                                  "Дежурство: 29-06-24, 30-06-24 — мои рабочие, остальные выходные",
                                  "Паспорт 12-34-56 — это мой номер?", "Удостоверение 12-345-67 — это мой номер.",
                                  "Посылка пришла, трек 12-34-56 — мой номер?", "Куәлік 12-34-56 — менің нөмірім.",
                                  "Invoice 12-34-56 is my number.", "N12-34-56 — мой номер",
                                  "Бөлмеге 305-306 хабарласыңыз",
                                  # a fourth review: days of a month before "мои рабочие"
                                  "Я работаю посменно: 10-11-12 — мои рабочие, 13-14 выходные",
                                  "Смены в мае: 12-14-16 — мои рабочие.", "10-11-12 — мой рабочий.",
                                  # a fifth review: words after the phrase, dates with a noun, a document a sentence
                                  # or a line earlier or far back, an SMS, a hotel room, a car's plate, "мой дом."
                                  "10-11-12 — мои рабочие (телефон не беру)",
                                  "29-06-24 — мой рабочий (телефон не отвечает)",
                                  "С 01-07-24 мой новый номер.", "Since 01-07-24 my number.",
                                  "Жалоба зарегистрирована. 45-67-89 — это мой номер?",
                                  "Справка готова\n12-34-56 — мой номер",
                                  "Номер заявки, которую я вчера подал через портал, 45-67-89 — это мой номер?",
                                  "Мне пришло уведомление с номером 45-67-89 — это мой номер?",
                                  "Пришло СМС. 12 34 56 — это мой номер?", "Живу в гостинице, 305 12 — мой номер.",
                                  "Номер авто 777 02 — мой номер", "Абая 12-34-56 — мой дом.",
                                  "БИН 12-34-56 — мой номер?",
                                  # a sixth review: rooms and seats, and any document before "мой номер" alone
                                  "Мы в отеле, 305-306 — наши номера.", "Кресла 12-13-14 — наши номера.",
                                  "Больничный лист 12-34-56 — мой номер, его нужно закрыть?",
                                  "Протокол о штрафе 12-34-56 — мой номер, как оплатить?",
                                  "Регистрационный номер 12-34-56 — мой номер?", "Талон 12-34-56 менің нөмірім",
                                  "Reference 12-34-56 is my number."])
def test_words_like_at_phone_words_without_a_number_and_letters_beside_one_digit_are_kept(text):
    assert mask(text) == text


@pytest.mark.parametrize("given", ["Малика", "Медина", "Рамазан", "Ильяс", "Нурбек", "Нұрбек", "Ляззат", "Ләззат",
                                   "Гульнур", "Гүлнұр", "Самал", "Ерден", "Асия", "Әсия"])
def test_the_given_names_the_list_missed_make_a_name_with_a_surname(given):
    assert mask(f"{given} Ахметова") == "[name]"
    assert mask(f"{given}, добрый день") == f"{given}, добрый день"        # alone it names no one


@pytest.mark.parametrize("text", ["Нам Айгерим сказала, что справка готова", "Тень Ольги", "меня так зовут",
                                  "Иван, Пётр и Мария", "Хан Тәңірі", "мкр. Самал-2", "Жеңіс даңғылы",
                                  "Назар аударыңыз",
                                  "Кіру үшін ЭЦҚ керек", "Рамазан айы", "Қымбат емес"])
def test_everyday_words_beside_a_given_name_are_no_name(text):
    assert mask(text) == text


def test_a_given_name_or_a_surname_alone_is_kept():
    """Alone they name no one, and "Абай", "Жамбыл", "Курчатов" are places: a name needs two of its parts,
    or the person introducing themselves."""
    assert mask("Айгерим, добрый день") == "Айгерим, добрый день"
    assert mask("Курчатов") == "Курчатов"
    assert mask("меня зовут Айгерим") == "меня зовут [name]"


@pytest.mark.parametrize("text", ["Галия Ахметова", "Чулпан Хаматова", "Бейбарыс Омаров", "Ксюша Иванова",
                                  "Дильмурат Юсупов", "Вольдемар Петров", "Гүлдана Серікова", "Айкерім Бекова келді"])
def test_common_given_names_the_list_had_missed_make_a_name_with_a_surname(text):
    given, surname = text.split()[:2]
    assert NAME in mask(text) and given not in mask(text) and surname not in mask(text)


@pytest.mark.parametrize("text", [
    # words whose folded forms a short name's forms would have been (a review of the names added: "Ира", "Адема")
    "Алматыдағы ең ірі магазин жабылды", "Қазақстанның ірі қалаларына рейстер қосылды", "Бұл әдемі машина екен",
    "ірі машина жасау зауыты", "сержанты батальонов получили",
    # streets named after people, written without "ул."
    "г. Алматы, Тарас Шевченко 28", "Адрес: Мұқағали Мақатаев 117", "Амир Темур"])
def test_the_names_added_take_no_everyday_word_and_no_street(text):
    assert mask(text) == text


@pytest.mark.parametrize("text", ["Исполнитель: Сұлтанбек, Н.", "Орындаған: Темірбек, А.", "Айдарбек, Н. С.",
                                  "Әділбек, Айгерім"])
def test_a_surname_in_bek_or_khan_before_a_comma_and_initials_is_still_a_name(text):
    assert NAME in mask(text)


def test_a_name_at_a_place_word_or_that_names_a_place_is_the_place():
    assert mask("Мағжан Жұмабаев ауданы") == "Мағжан Жұмабаев ауданы"
    assert mask("ул. Мухтара Ауэзова") == "ул. Мухтара Ауэзова"
    assert mask("мой сосед Асқар Жұмабаев") == "мой сосед [name]"
    # the price: a person who has a district's or a village's name is taken for the place
    assert mask("мой сосед Мағжан Жұмабаев") == "мой сосед Мағжан Жұмабаев"


def test_a_long_message_is_masked_in_time():
    """64 KB (the REST channel's limit) of one word, of names, of cues: linear, not quadratic (the e-mail
    search alone took 4 minutes on the first; each takes a tenth of a second on an idle machine)."""
    for text in ("а" * 65536, "Иван Петров " * 5400, "меня зовут " * 6000, "1 " * 32768, "8 701 123 45 67 " * 4000,
                 "[phone …67] 12 " * 4000, "тел" + " " * 65530 + "1", "a dot " * 11000 + "at", "1 О" * 21000):
        start = time.perf_counter()
        mask(text)
        assert time.perf_counter() - start < 10, text[:20]


def test_phone_words_numbers_and_lists_in_any_order_never_raise():
    """Cues, numbers with and without their code, list words, times and years, joined at random (seeded): mask()
    answers each (a list going on with what was no number raised TypeError once)."""
    import random
    pieces = ["тел", "тел.", "мой номер", "my number is", "call me at", "дом", "үй", "8", "7", "171", "123", "45",
              "67", ",", "или", "or", "and", "/", "немесе", "8 171 123 45 67", "71 71 23 45 67", "7 171 234 5678",
              "2024", "19.00-21.00", "13-00 - 15-00", "25-12-34", "1234", "каб", "тенге", "000", "8 701 123 45 67",
              "+7", "(171)", "90010430012", "Галия", "Ахметова", "12 000", "\n", "-", "№", ":"]
    rng = random.Random(15)
    for _ in range(3000):
        text = rng.choice(["", " "]).join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert isinstance(mask(text), str), text
