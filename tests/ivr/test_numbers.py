"""ivr.numbers: Russian and Kazakh number words. Every expected form below is typed from the grammar
(Russian declension tables; Kazakh ordinal suffixes), not taken from the function's output."""

import pytest

from ivr.numbers import Case, Gender, agree, cardinal, decimal, digits, ordinal

CASES = (Case.NOM, Case.GEN, Case.DAT, Case.ACC, Case.INS, Case.PREP)

# n, gender, the six cases in order: nominative, genitive, dative, accusative (inanimate), instrumental, prepositional
RU_DECLENSION = [
    (0, Gender.MASC, "ноль ноля нолю ноль нолём ноле"),
    (1, Gender.MASC, "один одного одному один одним одном"),
    (1, Gender.FEM, "одна одной одной одну одной одной"),
    (1, Gender.NEUT, "одно одного одному одно одним одном"),
    (2, Gender.MASC, "два двух двум два двумя двух"),
    (2, Gender.FEM, "две двух двум две двумя двух"),
    (3, Gender.MASC, "три трёх трём три тремя трёх"),
    (4, Gender.MASC, "четыре четырёх четырём четыре четырьмя четырёх"),
    (5, Gender.MASC, "пять пяти пяти пять пятью пяти"),
    (8, Gender.MASC, "восемь восьми восьми восемь восемью восьми"),
    (11, Gender.MASC, "одиннадцать одиннадцати одиннадцати одиннадцать одиннадцатью одиннадцати"),
    (20, Gender.MASC, "двадцать двадцати двадцати двадцать двадцатью двадцати"),
    (40, Gender.MASC, "сорок сорока сорока сорок сорока сорока"),
    (50, Gender.MASC, "пятьдесят пятидесяти пятидесяти пятьдесят пятьюдесятью пятидесяти"),
    (80, Gender.MASC, "восемьдесят восьмидесяти восьмидесяти восемьдесят восемьюдесятью восьмидесяти"),
    (90, Gender.MASC, "девяносто девяноста девяноста девяносто девяноста девяноста"),
    (100, Gender.MASC, "сто ста ста сто ста ста"),
    (200, Gender.MASC, "двести двухсот двумстам двести двумястами двухстах"),
    (300, Gender.MASC, "триста трёхсот трёмстам триста тремястами трёхстах"),
    (400, Gender.MASC, "четыреста четырёхсот четырёмстам четыреста четырьмястами четырёхстах"),
    (500, Gender.MASC, "пятьсот пятисот пятистам пятьсот пятьюстами пятистах"),
    (800, Gender.MASC, "восемьсот восьмисот восьмистам восемьсот восемьюстами восьмистах"),
]


@pytest.mark.parametrize(("n", "gender", "forms"), RU_DECLENSION)
def test_russian_cardinal_in_all_six_cases(n, gender, forms):
    assert [cardinal(n, "ru", c, gender) for c in CASES] == forms.split()


@pytest.mark.parametrize(("n", "case", "gender", "words"), [
    (2021, Case.NOM, Gender.MASC, "две тысячи двадцать один"),
    (2021, Case.GEN, Gender.MASC, "двух тысяч двадцати одного"),
    (2021, Case.DAT, Gender.MASC, "двум тысячам двадцати одному"),
    (2021, Case.INS, Gender.MASC, "двумя тысячами двадцатью одним"),
    (2021, Case.PREP, Gender.MASC, "двух тысячах двадцати одном"),
    (1000, Case.NOM, Gender.MASC, "тысяча"),
    (1000, Case.ACC, Gender.MASC, "тысячу"),
    (1000, Case.INS, Gender.MASC, "тысячей"),
    (1001, Case.NOM, Gender.MASC, "тысяча один"),
    (5000, Case.DAT, Gender.MASC, "пяти тысячам"),
    (12_975, Case.NOM, Gender.MASC, "двенадцать тысяч девятьсот семьдесят пять"),
    (21_000, Case.NOM, Gender.MASC, "двадцать одна тысяча"),
    (21_000, Case.GEN, Gender.MASC, "двадцати одной тысячи"),
    (22_000, Case.NOM, Gender.MASC, "двадцать две тысячи"),
    (1_000_000, Case.NOM, Gender.MASC, "миллион"),
    (2_000_000, Case.NOM, Gender.MASC, "два миллиона"),
    (3_000_000, Case.GEN, Gender.MASC, "трёх миллионов"),
    (5_000_000, Case.NOM, Gender.MASC, "пять миллионов"),
    (21_000_000, Case.NOM, Gender.MASC, "двадцать один миллион"),
    (1_000_000_000, Case.NOM, Gender.MASC, "миллиард"),
    (2_163, Case.NOM, Gender.FEM, "две тысячи сто шестьдесят три"),
    (22, Case.NOM, Gender.FEM, "двадцать две"),
    (999_999_999_999, Case.NOM, Gender.MASC, "девятьсот девяносто девять миллиардов девятьсот девяносто девять "
                                             "миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять"),
])
def test_russian_cardinal_thousands_agree_with_their_number(n, case, gender, words):
    assert cardinal(n, "ru", case, gender) == words


@pytest.mark.parametrize(("n", "case", "gender", "words"), [
    (15, Case.NOM, Gender.MASC, "пятнадцатый"),
    (15, Case.NOM, Gender.FEM, "пятнадцатая"),
    (15, Case.NOM, Gender.NEUT, "пятнадцатое"),
    (15, Case.GEN, Gender.MASC, "пятнадцатого"),
    (15, Case.GEN, Gender.FEM, "пятнадцатой"),
    (15, Case.GEN, Gender.NEUT, "пятнадцатого"),
    (1, Case.NOM, Gender.MASC, "первый"),
    (2, Case.NOM, Gender.MASC, "второй"),
    (2, Case.GEN, Gender.FEM, "второй"),
    (3, Case.NOM, Gender.MASC, "третий"),
    (3, Case.NOM, Gender.FEM, "третья"),
    (3, Case.NOM, Gender.NEUT, "третье"),
    (3, Case.GEN, Gender.MASC, "третьего"),
    (3, Case.ACC, Gender.FEM, "третью"),
    (3, Case.PREP, Gender.MASC, "третьем"),
    (6, Case.NOM, Gender.MASC, "шестой"),
    (7, Case.DAT, Gender.MASC, "седьмому"),
    (40, Case.NOM, Gender.MASC, "сороковой"),
    (100, Case.NOM, Gender.MASC, "сотый"),
    (300, Case.GEN, Gender.MASC, "трёхсотого"),
    (1000, Case.NOM, Gender.MASC, "тысячный"),
    (2000, Case.PREP, Gender.MASC, "двухтысячном"),
    (1_000_000, Case.NOM, Gender.MASC, "миллионный"),
    (2020, Case.GEN, Gender.MASC, "две тысячи двадцатого"),
    (2021, Case.GEN, Gender.MASC, "две тысячи двадцать первого"),
    (2026, Case.PREP, Gender.MASC, "две тысячи двадцать шестом"),
    (1941, Case.GEN, Gender.MASC, "тысяча девятьсот сорок первого"),
    (2100, Case.NOM, Gender.MASC, "две тысячи сотый"),
    (0, Case.NOM, Gender.MASC, "нулевой"),
])
def test_russian_ordinal(n, case, gender, words):
    assert ordinal(n, "ru", case, gender) == words


@pytest.mark.parametrize(("n", "words"), [
    (0, "нөл"), (1, "бір"), (2, "екі"), (3, "үш"), (4, "төрт"), (5, "бес"), (6, "алты"), (7, "жеті"), (8, "сегіз"),
    (9, "тоғыз"), (10, "он"), (15, "он бес"), (20, "жиырма"), (30, "отыз"), (40, "қырық"), (50, "елу"),
    (60, "алпыс"), (70, "жетпіс"), (80, "сексен"), (90, "тоқсан"), (99, "тоқсан тоғыз"),
    (100, "жүз"),                      # "бір жүз" is read "жүз"
    (115, "жүз он бес"), (200, "екі жүз"),
    (1000, "бір мың"),                 # but "бір мың" keeps "бір"
    (1100, "бір мың жүз"), (1414, "бір мың төрт жүз он төрт"), (2001, "екі мың бір"),
    (12_975, "он екі мың тоғыз жүз жетпіс бес"), (1_000_000, "бір миллион"), (2_500_000, "екі миллион бес жүз мың"),
    (3_000_000_000, "үш миллиард"),
])
def test_kazakh_cardinal(n, words):
    assert cardinal(n, "kk") == words


@pytest.mark.parametrize(("n", "words"), [
    (1, "бірінші"), (2, "екінші"), (3, "үшінші"), (4, "төртінші"), (5, "бесінші"), (6, "алтыншы"), (7, "жетінші"),
    (8, "сегізінші"), (9, "тоғызыншы"), (10, "оныншы"), (20, "жиырмасыншы"), (30, "отызыншы"), (40, "қырқыншы"),
    (50, "елуінші"), (60, "алпысыншы"), (70, "жетпісінші"), (80, "сексенінші"), (90, "тоқсаныншы"), (100, "жүзінші"),
    (13, "он үшінші"), (15, "он бесінші"), (1000, "бір мыңыншы"), (2021, "екі мың жиырма бірінші"),
    (1941, "бір мың тоғыз жүз қырық бірінші"),
])
def test_kazakh_ordinal(n, words):
    assert ordinal(n, "kk") == words


def test_kazakh_has_no_case_or_gender_inside_the_number():
    assert cardinal(2, "kk", Case.GEN, Gender.FEM) == "екі"


@pytest.mark.parametrize(("text", "language", "words"), [
    ("0,5", "ru", "ноль целых пять десятых"),
    ("1,5", "ru", "одна целая пять десятых"),
    ("2,25", "ru", "две целых двадцать пять сотых"),
    ("1.25", "ru", "одна целая двадцать пять сотых"),
    ("0,01", "ru", "ноль целых одна сотая"),
    ("3,125", "ru", "три целых сто двадцать пять тысячных"),
    ("21,1", "ru", "двадцать одна целая одна десятая"),
    ("0,5", "kk", "нөл бүтін оннан бес"),
    ("2,25", "kk", "екі бүтін жүзден жиырма бес"),
    ("3,5", "kk", "үш бүтін оннан бес"),
    ("1,125", "kk", "бір бүтін мыңнан жүз жиырма бес"),
])
def test_decimal(text, language, words):
    assert decimal(text, language) == words


def test_decimal_declines_in_russian():
    assert decimal("0,5", "ru", Case.GEN) == "ноля целых пяти десятых"
    assert decimal("1,5", "ru", Case.DAT) == "одной целой пяти десятым"


@pytest.mark.parametrize(("n", "form"), [(0, "дней"), (1, "день"), (2, "дня"), (4, "дня"), (5, "дней"), (11, "дней"),
                                         (12, "дней"), (21, "день"), (22, "дня"), (101, "день"), (111, "дней")])
def test_agree_follows_cldr(n, form):
    assert agree(n, "день", "дня", "дней") == form


def test_agree_kazakh_noun_stays_singular():
    assert agree(5, "күн", "күн", "күндер", "kk") == "күн"


@pytest.mark.parametrize(("text", "language", "words"), [
    ("+7 (72252) 9-16-00", "ru", "плюс семь, семь два два пять два, девять, шестнадцать, ноль ноль"),
    ("+7 (72252) 9-16-00", "kk", "плюс жеті, жеті екі екі бес екі, тоғыз, он алты, нөл нөл"),
    ("8 (7172) 94-99-93", "ru", "восемь, семь один семь два, девяносто четыре, девяносто девять, девяносто три"),
    ("8-800-080-7777", "ru", "восемь, восемь ноль ноль, ноль восемь ноль, семь семь семь семь"),
    ("1414", "ru", "один четыре один четыре"),
    ("1414", "kk", "бір төрт бір төрт"),
])
def test_digits_reads_a_phone_in_its_groups(text, language, words):
    assert digits(text, language) == words


@pytest.mark.parametrize("call", [lambda: cardinal(-1, "ru"), lambda: cardinal(10**12, "ru"),
                                  lambda: ordinal(-5, "kk"), lambda: cardinal(5, "en"), lambda: decimal("1,", "ru"),
                                  lambda: decimal("пять", "kk")])
def test_what_cannot_be_spoken_is_refused(call):
    with pytest.raises(ValueError):
        call()
