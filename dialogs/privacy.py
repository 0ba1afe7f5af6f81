"""Personal data out of logs, transcripts and caches: ИИН/ЖСН, phone numbers, card numbers, e-mails,
people's names.

People write numbers every way: "900104.300.126", "900112 - 300 - 134", "8,701,123,45,67",
"+7·701·123·45·67", "tel87011234567", "+7 7О8 …" (a letter О or З for the digit), with zero-width spaces
pasted in, and addresses as "dauren[at]mail.ru" or "dauren собака mail.ru" (dialogs.emails). So the text is first freed of
invisible characters (one between two letters parts two words); then, on a copy where full-width
characters are plain ones and the separators between digits are spaces (same length, so spans
carry over), the numbers are found:

  * digits run together in groups ("900104 300 126 8 701 123 45 67") are read group by group: a run
    of 12 digits or more is a number by itself, whatever follows it; groups that make 12 digits
    passing the ИИН checksum, or 13 to 19 passing the Luhn check, are an ИИН or a card;
  * phone numbers (`phonenumbers`, the Kazakh plan, and a looser pattern for what it misses);
  * whatever groups are left with 12 digits or more between them: a number (a citizen who mistyped
    one digit of their ИИН still wrote it; the checksum only says what to call it).

Each is replaced keeping its last two digits, so an operator can still tell two numbers apart.
Dates and times keep their separators ("12.05.2024", "09:00-18:00" are no number) and a sum before
"тенге" is money.

Names are found by dialogs.names (given names, patronymics, surnames next to them, "меня зовут")
and replaced by "[name]", nothing of them kept. airlock-pii 0.1.0, the Kazakh detector on PyPI,
was measured on the same labelled set (tests/dialogs/pii_cases.py) and not adopted: it finds no
name in lower case and none of the issue's spellings of ИИН and phones, takes districts, streets
and "Ұлы Отан соғысы" for people, and costs several times what this whole function does.

What mask() gives back is masked already: masking it again changes nothing (logs mask what they
write, and they are often given a transcript's words).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import NamedTuple

import phonenumbers

from dialogs import emails, names

# invisible characters, and the stress mark a Russian text may carry ("Ива́н")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u0301]")
# …but a zero-width space (or a joiner, a BOM) between two letters stands where a space was: "Иван\u200bПетров".
# A soft hyphen and the zero-width (non-)joiner are inside a word as typesetting puts them there.
_INVISIBLE_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])[\u200b\u2060\ufeff]+(?=[^\W\d_])")
# full-width forms ("+７０１…", "aigul＠mail.kz") and the ideographic full stop read as the plain ones
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3002: "."}
_ANY_WIDE = re.compile("[\uff01-\uff5e\u3002]")
# a date or a time of day keeps its separators: "12.05.2024", "2024-05-12", "09:00" are not parts of a number
_DATE_OR_TIME = (r"(?<![\d.,/:])(?:(?:0?[1-9]|[12]\d|3[01])(?P<d>[./])(?:0?[1-9]|1[0-2])(?P=d)(?:\d{4}|\d{2})"
                 r"|(?:19|20)\d\d(?P<i>[-./])(?:0[1-9]|1[0-2])(?P=i)(?:0[1-9]|[12]\d|3[01])"
                 r"|(?:[01]?\d|2[0-3]):[0-5]\d)(?![\d:]|[.,/-]\d)")
# what people put between the digits of one number: "8/709/123", "900104 . 300 . 126", "8,701,123", "8:701"
# (a comma followed by a space is a list: "1 000, 2 000")
_BETWEEN_DIGITS = re.compile(rf"(?P<keep>{_DATE_OR_TIME})"
                             r"|(?<=\d)(?:[^\S\n]{0,2}[-–—‐‑‒−./\\_|·•:][^\S\n]{0,2}|,)(?=\d)")
# from the start of a run only: tried at every letter of a long word, the search took seconds (64 KB: minutes);
# spaces around the @ only on both sides ("aigul @ mail.kz"; "напишите нам @egov.kz" is no address)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|[^\S\n]{1,2}@[^\S\n]{1,2})[\w-]+(?:\.[\w-]+)+")
# letters typed for the digits they look like, between two digits or at the edge of a group: "+7 7О8 123 45 74",
# "9001О43ОО126", "900104 3ОО 122" (О, O, З). Read as the digits on the copy numbers are looked for in; no word
# stands so between digits.
_LOOKALIKE = re.compile(r"(?<=\d)[ОоOoЗз]{1,3}(?=[ .-]?\d)|(?<=\d[ .-])[ОоOoЗз]{1,3}(?=\d)")
_ANY_DIGIT = re.compile(r"\d")
_AS_DIGIT = str.maketrans("ОоOoЗз", "000033")
# a digit and what may follow it within one number: the only part of a text the separators are looked for in
_AROUND_DIGITS = re.compile(r"\d[\d\s\-–—‐‑‒−./\\_|·•:,]*")
_GROUPS = re.compile(r"\d+(?:\s{1,5}\d+)*")       # groups of digits with only spaces between (on the copy)
_DIGITS = re.compile(r"\d+")
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")           # what could be a phone number still
# a Kazakh mobile or city number (its code begins with 7) written loosely, or glued to letters ("tel8701…"):
# phonenumbers misses some, and takes a digit too many when two are side by side ("8(777)548 86 75 8(775)…")
_PHONE = re.compile(r"(?<!\d)(?:(?:\+7|8)[\s(-]*(?:7\d\d[\s)-]*\d{3}|7\d{3}[\s)-]*\d\d)|\(?7\d\d\)?[\s-]*\d{3})"
                    r"[\s-]*\d\d[\s-]*\d\d(?!\d)")
# a town's number without its code, after a word that says it is a phone's: "раб. тел 250-12-34", "үй 55 12 34",
# "тел/факс 2-51-234", "тел 251-234" (on the copy: separators are spaces there, "25 - 12 - 34" three of them). Five
# to seven digits in whole groups, counted by the pattern so that what follows ("тел 25-12-34 12 каб") is no part
# of it, and a group of four is none of it ("тел 7172 25 12 34" is one number with its code, phonenumbers's); the
# numbers after it in a list are towns' numbers too ("тел 25-12-34, 25-12-35"). Spaces are taken possessively: a
# run of them is never tried every way (a 64 KB run took 40 s). "Сот" is a court in Kazakh: "сот." alone is a phone's,
# and so is "жұм." (жұмыс, work). Letters only after a word's stem: "телефон251234" is the word, then the number.
_PHONE_WORD = (r"(?:тел(?:ефон[^\W\d_]{0,5}|ефакс)?|тлф|т/ф|тел/ф|факс|раб(?:оч[^\W\d_]{0,3})?"
               r"|дом(?:ашн[^\W\d_]{0,3})?|сот(?:ов[^\W\d_]{0,3}|(?=\.))|жұм(?=\.)|үй|ұялы|моб(?:ильн[^\W\d_]{0,3})?"
               r"|tel|phone|ph|нөмірім[^\W\d_]{0,2}|whatsapp|ватсап|вацап|вотсап|для[^\S\n]+связи"
               r"|байланыс(?=[^\S\n]+н[өо]м)|городск(?:ой|ому|ого)(?:[^\S\n]+номер[^\W\d_]{0,2})?"
               r"|контакт(?:ный(?:[^\S\n]+номер)?|ные[^\S\n]+данные)|контакты?(?=[^\S\n]*+:)"
               r"|қалалық[^\S\n]+нөмір[^\W\d_]{0,3}"
               r"|мой(?:[^\S\n]+(?:сотовый|мобильный|рабочий|домашний|контактный|городской))?[^\S\n]+номер"
               r"|наш(?:[^\S\n]+(?:сотовый|мобильный|рабочий|домашний|контактный|городской))[^\S\n]+номер"
               r"|my(?:[^\S\n]+(?:phone|mobile|cell|home|work))?[^\S\n]+number|landline(?:[^\S\n]+no)?"
               r"|contacts|contact(?:[^\S\n]+(?:no|number|details|info)|(?=[^\S\n]*+:)))"
               r"(?![^\W\d_])")
# Kazakh's asking for a call, not its other forms: "қоңырау шалыңыз", "хабарласыңыз(дар)", "хабарлас", "хабарласа
# алмадық" (we could not reach), not "қоңырау шалды" (called), "шалған", "хабарласты": "12500 қоңырау шалды" is a count
_KAZAKH_CALL = (r"(?:[қк]о[ңн]ырау[^\S\n]+(?:шал|со[ғг])|хабарлас)(?:ы[ңн]ыз(?:дар|шы)?|ы[ңн](?:дар)?"
                r"|а(?=[^\S\n]+ал)|)(?![^\W\d_])")
# Asking for a call: "звоните мне", "свяжитесь со мной", "наберите номер", "қоңырау шалыңыз", "хабарласыңыз",
# "reach me at"; then "на", "по", "(на) номер", "по номеру" may come ("звоните на городской 56-78-90", "свяжемся с
# вами по номеру 45-67-89"). Not after the other words: "купил телефон на 120000" is a price. Kazakh typed on a
# Russian keyboard too ("хабарласыныз", "коңырау").
_CALL_WORD = (rf"(?:(?:(?:пере|по)?звони(?:те)?|звонить)(?:[^\S\n]+(?:мне|нам))?"
              r"|свяж(?:итесь|емся|усь)(?:[^\S\n]+(?:со[^\S\n]+мной|с[^\S\n]+нами|с[^\S\n]+вами))?"
              r"|(?:набер(?:и|ите)|набрать)(?=[^\S\n]+(?:номер|по[^\S\n]+номеру)(?![^\W\d_]))"
              rf"|{_KAZAKH_CALL}|хабарласу(?:[^\S\n]+үшін)?|(?:call|text|reach|contact|ring)[^\S\n]+(?:me|us)"
              r"(?:[^\S\n]+back)?|give[^\S\n]+(?:me|us)[^\S\n]+a[^\S\n]+call)(?![^\W\d_])")
_PLEASE = r"(?:[^\S\n]*+,?[^\S\n]*+(?:пожалуйста|please)(?![^\W\d_])(?:[^\S\n]*+,)?)?"
_VIA = r"(?:[^\S\n]++(?:(?:на[^\S\n]++)?номер|на|по(?:[^\S\n]++номеру)?|at|on)(?![^\W\d_]))?"
# …and "нөмірі" after it: "телефон нөмірі 25 12 34" (alone, "нөмірі" is any document's number; typed "номері" too),
# "рабочий номер", "phone number", "Phone No"; and "is"
_NUMBER_WORD = (r"(?:[^\S\n]++(?:н[өо]м[еіi]р(?:лер)?(?:[іiи](?:міз)?|[іiи]м)?|номер|number|no\.?)(?![^\W\d_]))?"
                r"(?:[^\S\n]++is)?")
_FOR_CONTACT = r"(?:[^\S\n]++(?:для[^\S\n]++связи|байланыс(?:[^\S\n]++үшін)?))?"      # "тел. для связи 25-12-34"
_TOWN_NUMBER = (r"(?:\d{5,7}|\d(?: {1,5}+\d\d){3}|\d{1,3}(?: {1,5}+\d\d){2}|\d{3} {1,5}+\d{3}|\d {1,5}+\d\d {1,5}+\d{3}"
                r"|\d{1,2} {1,5}+\d{3} {1,5}+\d\d|\d {1,5}+\d\d {1,5}+\d{4}|\d{1,3} {1,5}+\d{4}|\d{4} {1,5}+\d{2,3}"
                r"|\d{3} {1,5}+\d\d|\d{5} {1,5}+\d\d)(?!\d)")
# one or two phone words ("раб. тел", "тел/факс"), or a request for a call and maybe one ("звоните на городской"),
# then what may stand before the number: not "№" after a request ("хабарласыңыз № 234567 өтінім бойынша")
_CUE = (rf"(?<![^\W\d_])(?:{_CALL_WORD}{_PLEASE}{_VIA}(?:[^\S\n]++{_PHONE_WORD})?\.?{_NUMBER_WORD}{_FOR_CONTACT}"
        rf"\s*+(?:[:,–—-]\s*+){{0,2}}|{_PHONE_WORD}\.?(?:[^\S\n]*+/?[^\S\n]*+{_PHONE_WORD})?\.?{_NUMBER_WORD}"
        rf"{_FOR_CONTACT}\s*+(?:[:№#–—-]\s*+){{0,2}})")
_LOCAL_PHONE = re.compile(rf"(?i){_CUE}({_TOWN_NUMBER})")
_CODED_AFTER_WORD = re.compile(rf"(?i){_CUE}(?=[78])(\d)")
# a postcode, not a town's number (none begins with 0 or 1): "Контакты: 050000, г. Алматы", "160000, Шымкент"; a
# date beginning with its year ("хабарласыңыз 2024 05 15 дейін")
_POSTCODE = re.compile(r"[01]\d{5}")
_A_DATE = re.compile(r"(?:19|20)\d\d\s")
# …nor a count of calls or a call's id before the word ("количество звонков: 123 456", "ID звонка 45 67 89"), a
# duration after the number ("звонок 2 45 12 минут"), or a house and flat ("звоните в ЦОН на Абая 150/230")
_COUNT_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:количеств[^\W\d_]*|id|число|сколько|саны|(?P<number>номер|number))"
                           r"[^\S\n]*+:?[^\S\n]*+$")          # "номер телефона" is a phone's, "номер звонка" a call's
_DURATION_AFTER = re.compile(r"(?i)[^\S\n]*+(?:мин|сек|час|раз|рет|минут|сағат|second|minute|hour|time)")
_SLASHED = re.compile(r"\d/\d")
_DAY_MONTH_YEAR = re.compile(r"(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|1[0-2]) \d\d(?:\d\d)?")      # "звонок от 12 05 24"
_DIGITS_BEFORE = re.compile(r"\d\s{1,5}$")          # the number began earlier: "7172 25 12 34" is one
# …nor a document's number named before it ("өтінім 234567 нөміріне")
_DOCUMENT_BEFORE = re.compile(r"(?i)(?:(?<![^\W\d_])(?:өтінім|өтініш|талон|кезек|іс|шот|заявк[^\W\d_]{0,2})|№)"
                              r"[^\S\n]*+[:№]?[^\S\n]*+$")        # (on the copy, "#" is what was found already)
# Kazakh puts the verb last, and the number takes a dative ending, or "нөміріне", "телефонына", "нөмірі бойынша":
# "маған 25-12-34 нөміріне хабарласыңыз", "25-12-34-ке қоңырау шалыңыз" (not "N не звонили", Russian; not
# "өтінім 234567 нөмірімен": quoting an application)
_ENDING = r"(?:[^\S\n]*+[-–—][^\S\n]*+(?:ке|қа|ге|ға|не)|[^\S\n]*+(?:ке|қа|ге|ға))(?![^\W\d_])"
_ITS_NUMBER = (r"[^\S\n]++(?:деген[^\S\n]++)?(?:телефон[^\S\n]++)?"
               r"(?:(?:н[өо]м[еіiи]р(?:лер)?(?:[іiи]не|ге|[іiи]ме|[іiи]мізге)|телефон(?:ына|ға|ыма))(?![^\W\d_])"
               r"|(?:н[өо]м[еіiи]р[іiи]?|телефоны?)[^\S\n]++(?:бойынша|арқылы)(?![^\W\d_]))")
_TOWN_NUMBER_THEN_CALL = re.compile(rf"(?i)(?<![\d#])({_TOWN_NUMBER})(?:{_ENDING}(?:{_ITS_NUMBER})?|{_ITS_NUMBER})"
                                    rf"[\s,]{{1,3}}{_KAZAKH_CALL}")
# …or with no ending right before the request, the place to call named before it in the dative, the numbers written
# as phones' are (`_as_a_phone`): "мектеп кеңсесіне 35-61-04 хабарласыңыз", "тікелей бөлімге 24-07-63 немесе 24-07-64
# қоңырау шалыңыз", "маған 43-12-87 хабарласыңыз", "бөлімге 24-07-63 хабарласуға болады" (not "кезегіңіз 12345,
# хабарласыңыз терезеге", a place in a queue; "бөлімге 27-05-24 хабарласыңыз", a date; "хабарласа алмадық", we could not
# reach)
_KAZAKH_REQUEST = (r"(?:(?:[қк]о[ңн]ырау[^\S\n]+(?:шал|со[ғг])|телефон[^\S\n]+со[ғг]|хабарлас)(?:ы[ңн]ыз(?:дар|шы)?"
                   r"|ы[ңн](?:дар)?||а[^\S\n]+ала(?:сыз(?:дар)?|сың))|звонда(?:[ңн]ыз)?"
                   r"|хабарласып[^\S\n]+к[өо]р[іи][ңн][іи]з"
                   r"|(?:хабарласу|[қк]о[ңн]ырау[^\S\n]+шалу)(?:ға|ыңызға)[^\S\n]+болады|хабарласу[^\S\n]+керек)"
                   r"(?![^\W\d_])")
_KAZAKH_JOINED = r"[^\S\n]*+(?:,|немесе|не|және)[^\S\n]*+"
_TOWN_NUMBERS_BEFORE_A_CALL = re.compile(
    rf"(?i)(?<![^\W\d_])(?!(?:және|немесе|не)(?![^\W\d_]))(?:[^\W\d_]+(?:ға|ге|қа|ке|на|не)|ма[ғг]ан|о[ғг]ан)"
    rf"[^\S\n]*+:?[^\S\n]*+\(?"
    rf"((?:{_TOWN_NUMBER}{_KAZAKH_JOINED})*+{_TOWN_NUMBER})\)?(?:[^\S\n]*+[-–—][^\S\n]*+|\s++)(?:арқылы[^\S\n]++)?"
    rf"{_KAZAKH_REQUEST}")
_A_TOWN_NUMBER = re.compile(rf"(?<!\d){_TOWN_NUMBER}")
_CALL_AFTER = re.compile(rf"(?i){_KAZAKH_CALL}|{_KAZAKH_REQUEST}")
# A town's number written as phones' are, the words right after it saying it is the writer's phone, where the clause
# ends there: "12-34-56 — мой рабочий день" is no phone's, and in "… — мой телефон: 8 701 …" the writer's phone is
# what follows. "25-12-34 это мой телефон", "43-12-87 — мой рабочий (номер)", "25-12-34 менің үй телефоным", "398-145
# is my home number" (`_MINE`); and those listed before it after "my phones" (`_OURS`): "25-12-34 и 25-12-35 — мои
# рабочие". Not "мой номер", "менің нөмірім", "is my number" alone: an application's, a queue's, a room's, a document's
# as often as a phone's. Nor a kind of phone alone ("— рабочий", "(дом.)"): a working day, a house, a page.
_KIND = r"(?:сотов|мобильн|рабоч|домашн|контактн|городск|служебн|стационарн)"
_ONE_KIND, _KINDS = rf"{_KIND}(?:ый|ий|ой)", rf"{_KIND}(?:ые|ие)"
_THIS = r"(?:[^\S\n]*+[-–—][^\S\n]*+(?:это[^\S\n]++)?|[^\S\n]++(?:это|вот)[^\S\n]++)"
_ENDS_HERE = r"(?=[^\S\n]*+(?:[.!?;,()…]|[:;]-?[()]|[\U0001F300-\U0001FAFF☀-➿]|\n|$))"      # and ":)", "🙂"
_TEL = r"(?:номер(?:[^\S\n]++телефона)?|телефон|тел\.?)"
_PHONE_ITSELF = r"(?:телефон|тел\.?|номер[^\S\n]++телефона)"          # not "номер" alone: any document's, a room's
_MINE = (rf"(?:(?:тоже[^\S\n]++)?мой(?:[^\S\n]++(?:{_ONE_KIND}|личный|новый|прежний|старый))?[^\S\n]++{_PHONE_ITSELF}"
         rf"|(?:тоже[^\S\n]++)?мой[^\S\n]++{_ONE_KIND}(?:[^\S\n]++(?:номер|городской))?"
         rf"|мой[^\S\n]++(?:(?:раб|сот|моб|служ)\.(?:[^\S\n]*+тел\.?)?|дом\.[^\S\n]*+тел\.?)"
         rf"|наш[^\S\n]++{_ONE_KIND}[^\S\n]++{_TEL}"
         rf"|является[^\S\n]++моим[^\S\n]++(?:{_KIND}(?:ым|им)[^\S\n]++(?:номером|телефоном)|телефоном)"
         rf"|(?:бұл[^\S\n]++)?(?:(?:мен[іи][ңн]|бізд[іи][ңн])[^\S\n]++)?(?:(?:[үу]й|ж[ұу]мыс|қалалық)[^\S\n]++телефон"
         rf"|(?:ж[ұу]мыс|қалалық|телефон)[^\S\n]++н[өо]м[іи]р|телефон)(?:ым|ымыз|[іи]м|[іи]м[іи]з)"
         rf"|(?:(?:is|(?:this|that|it)[^\S\n]++is|that's|it's)[^\S\n]++)?(?:my|our)[^\S\n]++"
         rf"(?:(?:home|work|office|landline|mobile|cell|city)[^\S\n]++(?:phone|number|line)|phone(?:[^\S\n]++number)?"
         rf"|landline))(?![^\W\d_])")
# "мои номера" alone are as often rooms or seats ("Мы в отеле, 305-306 — наши номера")
_OURS = (rf"(?:мои|наши)(?:[^\S\n]++{_KINDS})?[^\S\n]++телефоны|(?:мои|наши)[^\S\n]++{_KINDS}(?:[^\S\n]++номера)?"
         rf"(?![^\W\d_])")
_BEFORE = r"(?<![\d#])(?<![^\W\d_])(?<![^\W\d_][-‐–])"        # not "Талон А-12345", "N12-34-56"
_TOWN_NUMBER_THEN_MINE = re.compile(rf"(?i){_BEFORE}({_TOWN_NUMBER})"
                                    rf"(?=(?P<said>(?:{_THIS}|[^\S\n]++)(?:{_MINE})){_ENDS_HERE}"
                                    rf"|[^\S\n]*+\((?P<bracketed>[^\S\n]*+(?:{_MINE}))[^\S\n]*+\))")   # "(мой рабочий)"
_TOWN_NUMBERS_THEN_OURS = re.compile(rf"(?i){_BEFORE}({_TOWN_NUMBER})"
                                     rf"(?=(?P<said>(?:{_THIS}|[^\S\n]++)(?:{_OURS})){_ENDS_HERE})")
_MINE_HINT = re.compile(r"(?i)мо[йи]|моим|наш|телефон|н[өо]м[іи]р|номерим|(?:^|\W)(?:my|our)\s")
# …written as phones' are: in three groups or more, with dashes ("43-12-87") or in pairs after the first ("25 12 34");
# in two threes ("431-287", "398 145") only when the words after it name a phone (not "Бөлмеге 305-306", "150 300 — мои
# рабочие"); not a sum in thousands, a count or an account's number in one run ("1234567 — мой рабочий"); not a date
# of these years ("29-06-24 — мой рабочий", "бөлімге 27-05-24 хабарласыңыз", "С 01-07-24 мой новый телефон": a town's
# number looks like one now and then, and is left as it is)
_PAIRS = re.compile(r"\d{1,3}(?: {1,5}\d\d){2}")
_THREES = re.compile(r"\d{3} {1,5}\d{3}")
_DAYS = re.compile(r"(?:0?[1-9]|[12]\d|3[01])(?: (?:0?[1-9]|[12]\d|3[01]))+")       # of a month: "10 11 12"
_RECENT_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|1[0-2]) (?:20)?(?:19|2\d|30)")      # "27-05-24"
_DASHED = re.compile(r"\d[-‐‑–—]\d|\d\s[-‐‑–—]\s?\d")
_PHONE_NOUN = re.compile(r"(?i)(?<![^\W\d_])(?:номер[^\W\d_]{0,2}|телефон[^\W\d_]{0,4}|н[өо]м[іи]р[^\W\d_]{0,4}"
                         r"|number|phone|line|landline)(?![^\W\d_])")
# …and with none of the ten words before it (across a sentence's end) naming a document, a sum, an address or an
# account: "Логин 45-67-89 — мой рабочий", "Лицевой счёт: 12-34-56 — мой домашний", "ул. Абая 150-23". Its own list, not
# `_NOT_BETWEEN`'s: the prepositions there ("Звоните с 9 до 18, 43-12-87 — мой рабочий телефон") and stems a surname
# begins with ("Долгова", "Платонов", "Кодаров", "Жұмабаев") name nothing here.
_NAMES_A_DOCUMENT = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:заяв|өтінім|өтініш|талон|кезег|кезек|очеред|договор|сч[её]т|квитанц|обращен|справк|жалоб"
    r"|шағым|арыз|письм|постановлен|решени|приказ|бұйрық|сумм|сома|тенге|теңге|қарыз|баланс|оплат|остат|доход"
    r"|серийн|imei|кусп|адрес|мекенжай|улиц|көше|микрорайон|индекс|кабинет|пәтер|заказ|тапсырыс|даңғыл|шағынаудан"
    r"|логин|парол|пропуск|табельн|промокод|лицев|есепшот|келісімшарт|ұяшық|мерзім|паспорт|удостоверени"
    r"|свидетельств|сертификат|диплом|полис|билет|трек|куәлік|түбіртек|списк|список|учётн|учетн|пенсионн|индивидуальн"
    r"|енпф|машин|госномер|авто|көлік|цен|окн|лото|лотере|розыгрыш|офис|гостиниц|вагон|поезд|место|смс|sms"
    r"|уведомлен|сообщени|приложени|результат|result|locker|jersey|request|complaint|appeal|order|seat"
    r"|application|ticket|invoice|reference|account|booking|policy|passport|certificate|login|password|address|serial)"
    r"[^\W\d_]*"
    r"|(?:ул|пр|просп|д|кв|мкр|ш\.?а|лс|под|ент|ауд|каб|дом|үй|код|шот(?:қа|та|ы|тан)?|іс|дел[оау]|долг[аеу]?"
    r"|плат[аыеу]|хат(?:қа|ты|ы)?|участ(?:ок|ка|ке|ком)|рейс|апта(?:ға|да)?|(?:дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма"
    r"|сенбі|жексенбі)(?:ге|де|ні|ға|да)?|ref|pin|id|case|room|no|бин|иин|жсн|гос)(?:\.|(?![^\W\d_])))")
_BRACKETED = re.compile(r"\([^()\n]*\)")
_WORD = re.compile(r"[^\W\d_]+\.?")
_WORDS_BEFORE = 10
_WORDS_READ, _READ_BACK = 600, 1200     # characters read back, without and with what was found ("#")
# "С 01-07-24 мой новый номер", "Since 01-07-24": a date after a preposition of time
_SINCE = re.compile(r"(?i)(?<![^\W\d_])(?:с|со|до|по|от|since|from|after|until|till)[^\S\n]*+$")
# the numbers listed before it: "25-12-34 немесе 25-12-35-ке хабарласыңыз", "25-12-34, 25-12-35 нөмірлеріне"
_LISTED_BEFORE = re.compile(rf"(?i)(?<![\d#])({_TOWN_NUMBER})(?:{_ENDING})?[^\S\n]*+(?:[,;/]|немесе|және|не|или)"
                            rf"[^\S\n]*+$")
_LISTED_BEFORE_OURS = re.compile(rf"(?i)(?<![\d#])({_TOWN_NUMBER})[^\S\n]*+(?:[,;/]|и|или|and|or)[^\S\n]*+$")
_AND_OR = r"(?:[,;/]|и|және|или|немесе|and|or)"
# A town's number written in groups, and whole, a few words after a word about phones (not "номер", "нөмірі": any
# document's; not "связи": "в связи с"), in the same sentence: "телефон отдела на двери 41-22-08", "Телефон прежний —
# 56-78-90", "ждёт звонка по 3-45-12", "телефоны арқылы хабарласуға болады: 61 70 28", "call back on his office line
# 25-40-18". Not when the words between name a document, a price, a count, an address or a device: "звонил по
# обращению 45 67 89", "телефон стоит 125 990", "количество звонков: 123 456", "телефон, серийный номер 12 34 56"
_NEAR_WORD = (r"(?:телефон[^\W\d_]{0,6}|тел|факс|telephone|(?:пере|по|до|со)?звон[^\W\d_]{0,5}|связь"
              r"|связа[тл][^\W\d_]{0,4}|хабарлас[^\W\d_]{0,6}|қоңырау[^\W\d_]{0,4}|phone[^\W\d_]{0,2}"
              r"|call(?:[^\S\n]+back)?|(?:office|home|city|land)[^\S\n]*+line|whatsapp|ватсап)")
_NOT_BETWEEN = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:заяв|өтінім|өтініш|талон|кезек|очеред|договор|шарт|сч[её]т|квитанц|стоимост|обращен|справк"
    r"|жалоб|шағым|арыз|письм|постановлен|решени|вопрос|повод|услуг|приказ|бұйрық|сумм|сома|тенге|теңге|долг|қарыз"
    r"|баланс|оплат|остат|доход|кредит|количеств|поступил|серийн|imei|кусп|адрес|мекенжай|улиц|көше|мкр|микрорайон"
    r"|индекс|кабинет|пәтер|заказ|тапсырыс|стои[тл]|отдал|заплат|плат|request|complaint|appeal|about|order"
    r"|application|ticket|price|paid|pay|number|serial|address|count)[^\W\d_]*"
    r"|(?:за|от|с|со|до|дом|үй|кв|каб|акт|дел[оау]|іс|шот|цен[аыеу]|баға[^\W\d_]*"
    r"|код|code|case|room|cost|index|id|since|from)(?![^\W\d_]))")
_NEAR_A_PHONE_WORD = re.compile(rf"(?i)(?<![^\W\d_]){_NEAR_WORD}(?![^\W\d_])\.?((?:,?[^\S\n]++[^\W\d_]+"
                                rf"(?:-[^\W\d_]+)?){{0,4}}?)[^\S\n]*+(?:[:–—-][^\S\n]*+)?(?=\d{{1,4}} {{1,5}}\d)"
                                rf"({_TOWN_NUMBER})(?!\s{{1,5}}\d)")
_NEXT_TOWN_NUMBER = re.compile(rf"(?i)[^\S\n]*+(?:{_AND_OR}[^\S\n]*+)?({_TOWN_NUMBER})")
_NEXT_CODED = re.compile(rf"(?i)[^\S\n]*+(?:{_AND_OR}[^\S\n]*+)?(?=[78])(\d)")      # "тел 8 171 …, 8 171 …"
# a time, or two, written as times are ("call me at 19.00-21.00", "15.05 14.00"), not a phone's groups ("12.34.56")
_TIMES = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d(?:\s*[-–—]?\s*(?:[01]?\d|2[0-3])[.:][0-5]\d)?(?![.:\d])"
                    r"|(?:[01]?\d|2[0-3])[-\s]?[03]0\s*[-–—]\s*(?:[01]?\d|2[0-3])[-\s]?[03]0(?!\d)")
_MORE_DIGITS = re.compile(r"[^\S\n]*+\d")
# a sum of money, however long, is no number of a person's: "1 000 000 000 000 тенге"
_MONEY_AFTER = re.compile(r"\s*(?:тенге|теңге|тг\b|₸|kzt|tenge|tg\b|мың|млн|млрд|руб|\$|usd|€)", re.IGNORECASE)
# …and what says a number after "дом", "үй", "раб." is a price: "дом 250000 в месяц", "үй 150000-ға сатылады" (not a
# case ending alone: "үй 25-12-34-ке хабарласыңыз"), and thousands ("үй 150 000")
_PRICE_AFTER = re.compile(r"[^\S\n]*+(?:-?(?:ға|ге|қа|ке)[^\S\n]+сат|в[^\S\n]+мес(?:яц\b|\.)|айына\b|доллар|долл\b"
                          r"|евро\b|сом\b|у\.[^\S\n]?е\.|тыс\b)", re.IGNORECASE)
_THOUSANDS = re.compile(r"\d{1,3} +000")
# the thousands of a sum may follow what looked like a number: "[phone …78] 664 616 000 тенге"
_SUM_SHAPE = re.compile(r"\d{1,3}(?: +\d{3})*|\d{4,7}")
_MORE_THOUSANDS = re.compile(r"(?: +\d{3}(?!\d)){0,4}")
# opening hours written as a number would be: "раб. 8-00-18-00", "9.00-18.00", "09 00 18 00" (an hour a
# service opens, 6 to 12, and one it closes, 12 to 23: "тел 2-50-14-20" is a number)
_HOURS = re.compile(r"(?:0?[6-9]|1[0-2])(?:\s*[-.:]\s*|\s+)[03]0(?:\s*[-–—]\s*|\s+)"
                    r"(?:1[2-9]|2[0-3])(?:\s*[-.:]\s*|\s+)[03]0(?!\d)")
_SURELY_A_PHONE = re.compile(r"(?i)тел|тлф|т/ф|факс|whatsapp|ват|вац|вот|сот|ұялы|моб|tel|phone|нөмір|звон|связ"
                             r"|байланыс|номер|number|call|text|набер|набра|городск|контакт|қоңырау|коңырау|конырау"
                             r"|хабарлас|жұм|свяж|қалалық|landline|reach|contact|ph")
_CARD_FIRST = "23456"        # Mir, Mastercard, Amex, Visa, UnionPay: what a card number in groups begins with
LONG = 12                                         # digits run together that make a personal number


NAME = "[name]"
# what mask() puts in the place of what it found (see _hidden)
_MASKED = re.compile(r"\[(?:IIN|phone|card|number|email|name)(?: …\d{0,2})?\]")


def iin_valid(digits: str) -> bool:
    """The ИИН/БИН control digit (the 12th) as the standard computes it: weights 1…11, then 3…11, 1, 2."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    n = [int(d) for d in digits]
    check = sum(w * d for w, d in zip(range(1, 12), n)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), n)) % 11
    # …and its 3rd and 4th digits are a month (of birth for an ИИН, of registration for a БИН)
    return check != 10 and check == n[11] and 1 <= n[2] * 10 + n[3] <= 12


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        x = int(d) * (2 if i % 2 else 1)
        total += x - 9 if x > 9 else x
    return total % 10 == 0


def _hidden(kind: str, found: str) -> str:
    digits = re.sub(r"\D", "", found)
    return f"[{kind} …{digits[-2:]}]" if digits else f"[{kind}]"


def _number(digits: str) -> str:
    """What digits run together are called: an ИИН or a card if its check holds, else a number."""
    if len(digits) == 12 and iin_valid(digits):
        return _hidden("IIN", digits)
    if 13 <= len(digits) <= 19 and luhn_valid(digits):
        return _hidden("card", digits)
    return _hidden("number", digits)


Runs = list[tuple[int, int]]           # (start, end) of each group of digits, in order


class Group(NamedTuple):
    """Groups of digits with only spaces between them ("900104 300 126 8 701 123 45 67"), 12 digits or more."""
    runs: Runs
    money: int             # where a sum of money at its end begins ("… 1 000 000 тенге"), else where it ends


def _groups(plain: str, probe: str) -> list[Group]:
    groups = []
    for found in _GROUPS.finditer(probe):
        if found.end() - found.start() < LONG:
            continue                                 # fewer than 12 digits: most numbers of a message
        runs = [m.span() for m in _DIGITS.finditer(probe, found.start(), found.end())]
        money = _money(plain, runs) if _MONEY_AFTER.match(probe, found.end()) else found.end()
        groups.append(Group(runs, money))
    return groups


def _money(plain: str, runs: Runs) -> int:
    """Where the sum before "тенге" begins: thousands in threes after spaces, and its first group of one to
    three digits ("330803/662/032 779 000 тенге": the sum is 779 000)."""
    at = len(runs) - 1
    while at > 0 and runs[at][1] - runs[at][0] == 3 and not plain[runs[at - 1][1]:runs[at][0]].strip():
        at -= 1
    while runs[at][1] - runs[at][0] > 3 or plain[runs[at][0]] == "0":
        at += 1                                      # "032" or "330803" begins no sum
        if at == len(runs):
            return runs[-1][1]
    return runs[at][0]


def _obvious(probe: str, runs: Runs, take) -> None:
    """What is told at once: a run of 12 digits or more, whatever stands beside it ("900104300126 87011234567";
    after a "+" it is a phone's, "+998901234567"), and a card written in fours passing the Luhn check; of two
    that could be ("5409 2067 3741 4111 7338 0108 3027"), the one beside an ИИН in fours."""
    fours = []
    for i, (start, end) in enumerate(runs):
        if end - start >= LONG and probe[start - 1:start] != "+":
            take(start, end, _number(probe[start:end]))
        elif i + 4 <= len(runs) and all(e - s == 4 for s, e in runs[i:i + 4]):
            digits = "".join(probe[s:e] for s, e in runs[i:i + 4])
            if digits[0] in _CARD_FIRST and luhn_valid(digits):
                fours.append(i)

    def beside_iin(i: int) -> bool:
        return any(len(part) == 3 and all(e - s == 4 for s, e in part)
                   and iin_valid("".join(probe[s:e] for s, e in part)) for part in (runs[i - 3:i], runs[i + 4:i + 7]))

    for i in sorted(fours, key=lambda i: not beside_iin(i)):
        take(runs[i][0], runs[i + 3][1], _hidden("card", "".join(probe[s:e] for s, e in runs[i:i + 4])))


class _Found:
    """What has been found so far: spans that do not overlap, each with what it becomes. (A byte a character says
    where something was found, so that a text of many stays linear.)"""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size)
        self.spans: list[tuple[int, int, str]] = []

    def take(self, start: int, end: int, said: str) -> bool:
        """Whether it was taken: not if something found before overlaps it."""
        if self.taken.find(1, start, end) != -1:
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        self.spans.append((start, end, said))
        return True

    def free(self, runs: Runs) -> list[Runs]:
        """The stretches of runs nothing has taken yet (parted where something was) that still hold 12 digits."""
        stretches, part = [], []
        for start, end in runs:
            if self.taken.find(1, start, end) == -1:
                part.append((start, end))
            elif part:
                stretches.append(part)
                part = []
        stretches.append(part)
        return [p for p in stretches if sum(e - s for s, e in p) >= LONG]

    def replaced(self, text: str, blank: str = "") -> str:
        """The text with what was found in its place (or `blank` over its length, to look again at the rest)."""
        out, at = [], 0
        for start, end, said in sorted(self.spans):
            out += [text[at:start], blank * (end - start) if blank else said]
            at = end
        return "".join(out) + text[at:]


def _checked(probe: str, runs: Runs, money: int, take) -> None:
    """An ИИН (12 digits) or a card (13 to 19) written in groups among other numbers, told by its check; from
    each group on, the ИИН first, then the longest card ("900104 300 126 2 шт", "12 900104 300 126")."""
    i = 0
    while i < len(runs) and runs[i][0] < money:
        digits, found = "", []
        if probe[runs[i][0] - 1:runs[i][0]] != "+":              # a phone's country code begins no ИИН
            for j in range(i, len(runs)):
                digits += probe[runs[j][0]:runs[j][1]]
                if len(digits) > 19:
                    break
                if len(digits) == 12 and iin_valid(digits):
                    found.insert(0, (j, "IIN", digits))
                elif len(digits) >= 13 and digits[0] in _CARD_FIRST and luhn_valid(digits):
                    found.append((j, "card", digits))
        if not found:
            i += 1
            continue
        j, kind, digits = found[0] if found[0][1] == "IIN" else found[-1]
        take(runs[i][0], runs[j][1], _hidden(kind, digits))
        i = j + 1


def _leftover(probe: str, runs: Runs, money: int, take) -> None:
    """Groups nothing else explained with 12 digits or more between them (a mistyped ИИН, numbers run together):
    a number. Not a sum of money."""
    runs = [r for r in runs if r[0] < money]
    digits = "".join(probe[s:e] for s, e in runs)
    if len(digits) >= LONG:
        take(runs[0][0], runs[-1][1], _number(digits))


def _separated(m: re.Match) -> str:
    """A date or a time out of the digits' way ("#"); what stood between two digits of one number, spaces."""
    return "#" * len(m.group()) if m.group("keep") else " " * len(m.group())


def _probe(plain: str) -> str | None:
    """The text as numbers are looked for in it ("8/709/123" read as "8 709 123", offsets unchanged); None when
    it has no digit, as most messages have none (what is around digits alone is looked at: 1 µs, not 12)."""
    pieces, at = [], 0
    for m in _AROUND_DIGITS.finditer(plain):
        pieces += [plain[at:m.start()], _BETWEEN_DIGITS.sub(_separated, m.group())]
        at = m.end()
    return "".join(pieces) + plain[at:] if pieces else None


def _numbers(plain: str, probe: str, found: _Found) -> None:
    """ИИН, cards and phones, the surest first: one run of 12 digits or more and cards in fours; Kazakh phones;
    an ИИН or a card by its check among the groups left; other phones (phonenumbers: the slowest, so only where
    seven digits are left), towns' numbers after a phone word before them, and those listed after any phone; towns'
    numbers before a Kazakh request for a call; then what is left of 12 digits or more."""
    groups = _groups(plain, probe)
    for group in groups:
        _obvious(probe, group.runs, found.take)
    for m in _PHONE.finditer(probe):
        found.take(m.start(), m.end(), _hidden("phone", m.group()))
    for group in groups:
        for runs in found.free(group.runs):
            _checked(probe, runs, group.money, found.take)
    # towns' numbers before phonenumbers, which would read "тел 25 12 34 8 701 12 34 567" as one number; a town's
    # number is whole groups, so "тел 7172 25 12 34" (the code, then the number) is left to phonenumbers
    ends = _town_numbers(plain, probe, found)
    rest = found.replaced(probe, blank=" ")
    if _SEVEN_DIGITS.search(rest):
        for m in phonenumbers.PhoneNumberMatcher(rest, "KZ", leniency=phonenumbers.Leniency.VALID):
            found.take(m.start, m.end, _hidden("phone", m.raw_string))
    _lists(plain, probe, found, ends)
    _near_a_phone_word(plain, probe, found)
    if _CALL_AFTER.search(probe):
        _before_a_call(plain, probe, found)
    if _MINE_HINT.search(probe):
        _before_its_word(plain, probe, found)
    for group in groups:
        for runs in found.free(group.runs):
            _leftover(probe, runs, group.money, found.take)


def _town_numbers(plain: str, probe: str, found: _Found) -> list[tuple[int, bool]]:
    """Towns' numbers after a phone word (not hours: "раб. 8-00-18-00"); where each ends, and whether a list after
    it may hold numbers written in one run (after "тел", not after "дом")."""
    ends = []
    free = found.replaced(probe, blank="#") if found.spans else probe      # digits of what was found are none of it
    for m in _CODED_AFTER_WORD.finditer(free):
        # no number phonenumbers knows ("тел 71 71 23 45 67"), but written as one with its code: all of it, not
        # the town's first groups alone, which left "45 67" in the clear; and the like after it in a list
        start, numbers, end = m.start(1), [], 0
        while not _HOURS.match(plain, start) and not _TIMES.match(plain, start):
            shaped = _shaped_with_a_code(free, start)
            if shaped is None or _a_sum(probe, start, shaped, priced=True):
                break
            end = shaped
            if not _with_its_code(free, start):         # a valid one is phonenumbers's, and the list goes on after it
                numbers.append((start, end))
            if (after := _NEXT_CODED.match(free, end)) is None:
                break
            start = after.start(1)
        # the last of them only where the digits end with it: "тел 8 171 123 45 67 90010430012" is one long number
        # (see _leftover)
        if numbers and _MORE_DIGITS.match(free, end) and numbers[-1][1] == end:
            numbers.pop()
        for start, end in numbers:
            found.take(start, end, _hidden("phone", probe[start:end]))
    for m in _LOCAL_PHONE.finditer(free):
        start, end = m.span(1)
        # after "тел", "факс" it is a phone's whatever follows (but a sum in тенге); after "дом", "үй", "раб."
        # it may be a price ("дом 250000 в месяц")
        surely = _SURELY_A_PHONE.search(probe, m.start(), start) is not None
        if _HOURS.match(plain, start) or _TIMES.match(plain, start) or _with_its_code(free, start) \
                or _POSTCODE.fullmatch(probe, start, end) or _A_DATE.match(probe, start):
            continue
        if not _a_sum(probe, start, end, priced=not surely) \
                and found.take(start, end, _hidden("phone", probe[start:end])):
            ends.append((end, surely))
    return ends


def _before_a_call(plain: str, probe: str, found: _Found) -> None:
    """Towns' numbers before Kazakh's verb ("25-12-34-ке хабарласыңыз"), those listed before them, and those listed
    after. Once everything else is found, so that what is left before a number is digits only where it began earlier
    ("тел 7172 25 12 34 нөміріне …", phonenumbers's), not a number found already ("тел 25-12-34, 25-12-35\n
    51-23-45-ке …": the list's last number was masked only on a second pass)."""
    free = found.replaced(probe, blank="#") if found.spans else probe
    for m in _TOWN_NUMBER_THEN_CALL.finditer(free):
        _with_those_before(plain, probe, found, free, *m.span(1))
    names = _names(found)
    for m in _TOWN_NUMBERS_BEFORE_A_CALL.finditer(free):
        for number in _A_TOWN_NUMBER.finditer(free, *m.span(1)):
            if _as_a_phone(plain, probe, free, names, *number.span(), said_a_phone=False):
                _with_those_before(plain, probe, found, free, *number.span(), listed=None)


def _before_its_word(plain: str, probe: str, found: _Found) -> None:
    """Towns' numbers the words after them call the writer's phone (`_TOWN_NUMBER_THEN_MINE`), and those listed
    before one after "my phones" (`_TOWN_NUMBERS_THEN_OURS`); once everything else is found, as `_before_a_call`."""
    free = found.replaced(probe, blank="#") if found.spans else probe
    names = _names(found)
    # "мой рабочий (телефон)", "мои рабочие (номера)": without the noun they may be days ("10-11-12 — мои рабочие")
    for m in _TOWN_NUMBER_THEN_MINE.finditer(free):
        start, end = m.span(1)
        said_a_phone = _PHONE_NOUN.search(m.group("said") or m.group("bracketed")) is not None
        if (said_a_phone or not _DAYS.fullmatch(probe, start, end)) \
                and _as_a_phone(plain, probe, free, names, start, end, said_a_phone):
            _with_those_before(plain, probe, found, free, start, end, listed=None)
    for m in _TOWN_NUMBERS_THEN_OURS.finditer(free):
        start, end = m.span(1)
        said_a_phone = _PHONE_NOUN.search(m.group("said")) is not None
        while (said_a_phone or not _DAYS.fullmatch(probe, start, end)) \
                and _as_a_phone(plain, probe, free, names, start, end, said_a_phone) \
                and _with_those_before(plain, probe, found, free, start, end, listed=None):
            before = _LISTED_BEFORE_OURS.search(free, max(0, start - 40), start)
            if before is None:
                break
            start, end = before.span(1)


def _names(found: _Found) -> list[tuple[int, int]]:
    """Where names were found already (a second pass: their placeholders), in order."""
    return sorted((start, end) for start, end, said in found.spans if said == NAME)


def _as_a_phone(plain: str, probe: str, free: str, names: list[tuple[int, int]], start: int, end: int,
                said_a_phone: bool) -> bool:
    """Whether a town's number is written as phones' are (see `_PAIRS`), is no date ("С 01-07-24 мой новый телефон"),
    and none of the last words before it names a document, a sum, an address or an account (`_NAMES_A_DOCUMENT`).
    `said_a_phone`: whether the words after it name a phone ("мой рабочий телефон", not "мой рабочий")."""
    groups = len(_GROUP.findall(probe, start, end))
    if groups < 2 or groups == 2 and not (said_a_phone and _THREES.fullmatch(probe, start, end)) \
            or not (_DASHED.search(plain, start, end) or _PAIRS.fullmatch(probe, start, end) or groups == 2) \
            or _RECENT_DATE.fullmatch(probe, start, end) or _SINCE.search(free, max(0, start - 8), start):
        return False
    # the last words before it, across a sentence's or a line's end ("Справка готова\n12-34-56 — мой рабочий"); not
    # the labels of a list in brackets, nor what was found: an e-mail address is "#" on both passes, and "#" is not
    # counted, as a placeholder is longer than its number
    back = max(0, start - _READ_BACK)
    at = bisect.bisect_left(names, (start,))
    if at and names[at - 1][1] > back:
        return False        # a second pass: a name the first found may hide the word that named a document
    before = free[back:start].replace("#", "")[-_WORDS_READ:]
    return not _NAMES_A_DOCUMENT.search(" ".join(_WORD.findall(_BRACKETED.sub("", before))[-_WORDS_BEFORE:]))


def _with_those_before(plain: str, probe: str, found: _Found, free: str, start: int, end: int,
                       listed: re.Pattern | None = _LISTED_BEFORE) -> bool:
    """The town's number at `start`-`end`, and those `listed` before it, unless it is no phone's; whether the first
    was taken."""
    taken = False
    while True:
        # whole groups only, nor hours, a postcode, a date, a document's number or a sum
        if _DIGITS_BEFORE.search(free, max(0, start - 6), start) or _HOURS.match(plain, start) \
                or _TIMES.match(plain, start) or _POSTCODE.fullmatch(probe, start, end) \
                or _A_DATE.match(probe, start) or _DOCUMENT_BEFORE.search(free, max(0, start - 12), start) \
                or _a_sum(probe, start, end, priced=False) \
                or not found.take(start, end, _hidden("phone", probe[start:end])):
            return taken
        taken = True
        _listed(plain, probe, found, end, one_run=True)
        before = listed.search(free, max(0, start - 40), start) if listed is not None else None
        if before is None:
            return taken
        start, end = before.span(1)


def _counted(free: str, near: re.Match) -> bool:
    """Whether the word about phones is counted or numbered ("количество звонков", "номер звонка"), not a phone's."""
    before = _COUNT_BEFORE.search(free, max(0, near.start() - 24), near.start())
    return before is not None and not (before.group("number") and near.group(0)[:3].lower() in ("тел", "pho"))


def _near_a_phone_word(plain: str, probe: str, found: _Found) -> None:
    """Towns' numbers in groups a few words after a word about phones (`_NEAR_A_PHONE_WORD`), and those listed after
    them; once everything else is found (what is "#" on the copy is no digits before a number, nor thousands)."""
    free = found.replaced(probe, blank="#") if found.spans else probe
    for m in _NEAR_A_PHONE_WORD.finditer(free):
        start, end = m.span(2)
        # a sum read on what is left: digits found already are no thousands of it (the same on a second pass)
        if _NOT_BETWEEN.search(m.group(1)) or _DIGITS_BEFORE.search(free, max(0, start - 6), start) \
                or _counted(free, m) or _DURATION_AFTER.match(free, end) \
                or _SLASHED.search(plain, start, end) or _with_its_code(free, start) \
                or _HOURS.match(plain, start) or _TIMES.match(plain, start) or _A_DATE.match(probe, start) \
                or _DAY_MONTH_YEAR.fullmatch(probe, start, end) or _a_sum(free, start, end, priced=True) \
                or not found.take(start, end, _hidden("phone", probe[start:end])):
            continue
        _listed(plain, probe, found, end, one_run=False)


def _with_its_code(probe: str, start: int) -> bool:
    """Whether the groups from `start` on begin a valid Kazakh number with its code ("тел 77 71 23 45 67", "тел 7172
    25 12 34": ten digits from 7, or eleven from 8): phonenumbers's to find, not the first groups of it. ("тел
    74-37-23 2024 ж." is no such number: a town's, and a year.)"""
    groups = _GROUPS.match(probe, start, start + _WITH_A_CODE_SPAN)
    if groups is None:                     # found already as something else: take() will refuse it
        return False
    digits = groups.group().replace(" ", "").replace("\n", "").replace("\t", "")
    whole = digits[:10] if digits[:1] == "7" else digits[:11] if digits[:1] == "8" else ""
    if len(whole) < 10:
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(whole, "KZ"))
    except phonenumbers.NumberParseException:
        return False


_GROUP = re.compile(r"\d+")
# Eleven digits with at most five spaces between them fill no more: what lies further is no part of the decision,
# and was read anew for each number of a long list (64 KB of "тел 71 71 23 45 67 71 71 …" took 4.7 s)
_WITH_A_CODE_SPAN = 64
_A_YEAR = re.compile(r"(?:19|20)\d\d")


def _shaped_with_a_code(probe: str, start: int) -> int | None:
    """Where a number written as one with its code ends, valid or not: the groups from `start` that make exactly ten
    digits from 7, or eleven from 7 or 8, written as numbers are: in one run, ending in a group of two ("71 71 23 45
    67"), or of four after the country's digit alone ("7 171 234 5678"). Not "тел 79-12-34 1234 каб" (a room) nor
    "тел 74-37-23 2024 ж." (a year): a town's number, then something else."""
    groups = _GROUPS.match(probe, start, start + _WITH_A_CODE_SPAN)
    if groups is None or probe[start] not in "78":
        return None
    wanted = (10, 11) if probe[start] == "7" else (11,)
    count, first = 0, None
    for group in _GROUP.finditer(probe, start, groups.end()):
        first = first or group
        count += len(group.group())
        if count in wanted:
            last = group.group()
            one_run = group is first
            shaped = one_run or len(last) == 2 or (len(last) == 4 and len(first.group()) == 1
                                                   and not _A_YEAR.fullmatch(last))
            return group.end() if shaped else None
        if count > wanted[-1]:
            return None
    return None


def _lists(plain: str, probe: str, found: _Found, ends: list[tuple[int, bool]]) -> None:
    """The towns' numbers listed after any phone: after a town's number (`ends`), or after one with its code."""
    for end, one_run in ends:
        _listed(plain, probe, found, end, one_run)
    for _, end, said in list(found.spans):
        if said.startswith("[phone"):
            _listed(plain, probe, found, end, one_run=False)


def _listed(plain: str, probe: str, found: _Found, end: int, one_run: bool) -> None:
    """The towns' numbers listed after a phone ("8 (7172) 25-12-34, 25-12-35", "тел 25-12-34 и 55-66-77"), written
    in groups as phone numbers are: "050000 Алматы", "150000 человек", "9.00-18.00", "150 000" are none. A number in
    one run only after "тел" (`one_run`: "тел 251234, 251235"), and not a postcode ("тел 25-12-34, 160000 Шымкент")."""
    while (listed := _NEXT_TOWN_NUMBER.match(probe, end)) is not None:
        start, end = listed.span(1)
        digits = probe[start:end]
        if _HOURS.match(plain, start) or (" " not in digits and not (one_run and digits[0] != "0")) \
                or _POSTCODE.fullmatch(digits) or _a_sum(probe, start, end, priced=True):
            return
        if not found.take(start, end, _hidden("phone", digits)):
            return                          # what follows was found already (a list is followed once, not again)


def _a_sum(probe: str, start: int, end: int, priced: bool) -> bool:
    """Whether digits that look like a town's number are a sum: in thousands ("моб 150 000"), or before "тенге";
    where a price may be (`priced`: after "дом", in a list), however many thousands follow ("[phone …78] 664 616
    000 тенге"; not after "тел": "тел 25 12 34 100 тенге"), or before "в месяц"."""
    if _THOUSANDS.fullmatch(probe, start, end) or _MONEY_AFTER.match(probe, end):
        return True
    if not priced:
        return False
    if not _SUM_SHAPE.fullmatch(probe, start, end):
        return _PRICE_AFTER.match(probe, end) is not None
    thousands = _MORE_THOUSANDS.match(probe, end).end()
    return thousands > end or _MONEY_AFTER.match(probe, thousands) is not None \
        or _PRICE_AFTER.match(probe, end) is not None


def mask(text: str) -> str:
    """The text with every ИИН, phone number, card number, e-mail address and person's name replaced."""
    if not text:
        return text
    if not unicodedata.is_normalized("NFC", text):    # "й" pasted as и and a breve is one letter again
        text = unicodedata.normalize("NFC", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", _INVISIBLE_BETWEEN_LETTERS.sub(" ", text))
    plain = text.translate(_WIDE) if _ANY_WIDE.search(text) else text
    found = _Found(len(text))
    if "[" in plain:                                 # masked already: kept, its two digits no part of a number
        for m in _MASKED.finditer(plain):
            found.take(m.start(), m.end(), m.group())
        plain = _MASKED.sub(lambda m: "#" * len(m.group()), plain)
    if "@" in plain:                                 # before the digits' separators go: "nurlan.1990.05@mail.kz"
        for m in _EMAIL.finditer(plain):
            found.take(m.start(), m.end(), "[email]")
    emails.spelled(plain, found.take)
    if _ANY_DIGIT.search(plain) and _LOOKALIKE.search(plain):
        plain = _LOOKALIKE.sub(lambda m: m.group().translate(_AS_DIGIT), plain)
    probe = _probe(plain)
    if probe is not None:
        _numbers(plain, probe, found)
    # names where nothing else was found: "Нурлан Ахметов, Nurlan@mail.ru" is a name and an address, not one name
    # running into the address (which take() would refuse whole, leaving the name for a second pass). Not spaces
    # over what was found: "меня зовут" would reach over them to the next word
    for start, end in names.find(found.replaced(text, blank="#") if found.spans else text):
        found.take(start, end, NAME)
    return found.replaced(text)
