"""What the voices get: no symbol, short form, Latin letter or masked number is read as written."""

from __future__ import annotations

import pytest

from ivr.speakable import words


@pytest.mark.parametrize("text, language, heard", [
    # the source's own forms, typed here as a speaker says them
    ("Лица с инвалидностью I и II группы", "ru", "Лица с инвалидностью первой и второй группы."),
    ("І топтағы мүгедектер", "kk", "бірінші топтағы мүгедектер."),
    ("мiндеттi", "kk", "міндетті."),                         # a Latin i typed inside a Kazakh word
    ("фото 3х4 см", "kk", "фото үшке төрт сантиметр."),
    ("Халыққа қызмет көрсету орталығы (ХҚО)", "kk", "Халыққа қызмет көрсету орталығы."),
    ("Центр обслуживания населения (ЦОН)", "ru", "Центр обслуживания населения."),
    ("г. Балхаш, ул. Бокейхана, д. 20", "ru", "город Балхаш, улица Бокейхана, дом двадцать."),
    ("Балқаш қ., Бөкейхан көш., 20", "kk", "Балқаш қаласы, Бөкейхан көшесі, жиырма."),
    ("уточните на egov.kz", "ru", "уточните на портал электронного правительства."),
    ("мой номер [phone …67]", "ru", "мой номер номер скрыт."),
    ("ЖСН [IIN …23]", "kk", "ЖСН нөмір жасырылған."),
    ("📄 Справка\nКуда обращаться", "ru", "Справка. Куда обращаться."),
    ("постановление № 1486", "ru", "постановление номер тысяча четыреста восемьдесят шесть."),
])
def test_text_is_made_speakable(text, language, heard):
    assert words(text, language) == heard
