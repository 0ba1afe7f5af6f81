"""The engine's messages under Telegram's rules: 4,096 characters, escaped HTML, venues only for real positions."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from bot import render
from bot.callbacks import Choice
from bot.config import MapApp
from dialogs.messages import Block, BlockKind, OfficeCard, Option, Precision, Purpose, Reply

ALL_MAPS = (MapApp.TWOGIS, MapApp.YANDEX, MapApp.GOOGLE)


def visible(part: str) -> str:
    return html.unescape(re.sub(r"</?b>", "", part))


def test_a_long_answer_is_split_between_items_never_inside_one():
    items = tuple(f"Құжат №{i} <түпнұсқа & көшірме> " + "сөз " * (i % 40) for i in range(300))
    blocks = [Block(BlockKind.TITLE, ("📄 Анықтама",)),
              Block(BlockKind.DOCUMENTS, items, heading="Қажетті құжаттар:", listed=True),
              Block(BlockKind.SOURCE, ("⚠️ Дереккөз: 1486-02, 11-тармақ.",))]
    parts = render.split(blocks)
    assert len(parts) > 1
    for part in parts:
        assert render.visible_length(visible(part)) <= render.LIMIT
        assert part.count("<b>") == part.count("</b>")                  # no tag cut in two
        assert "<түпнұсқа" not in part                                 # escaped, never a stray tag
        assert "Құжат" not in part or "&lt;түпнұсқа &amp; көшірме&gt;" in part
        assert not part.rstrip().endswith("Қажетті құжаттар:</b>")      # a heading never ends a message
    shown = [line for part in parts for line in visible(part).split("\n") if line.startswith("• ")]
    assert shown == [f"• {item}" for item in items]                     # every item, whole, in order


def test_one_line_longer_than_a_message_is_cut_between_words():
    words = [f"сөз{i}" for i in range(1500)]
    parts = render.split([Block(BlockKind.TEXT, (" ".join(words),))])
    assert len(parts) >= 2
    assert all(render.visible_length(visible(p)) <= render.LIMIT for p in parts)
    assert " ".join(visible(p) for p in parts).split() == words


def test_emoji_count_as_telegram_counts_them():
    line = "😀" * 3000                     # 6,000 UTF-16 code units: over the limit though 3,000 characters
    parts = render.split([Block(BlockKind.TEXT, (line,))])
    assert len(parts) == 2 and "".join(visible(p) for p in parts) == line


def test_keyboard_answers_one_per_row_and_ways_on_two_per_row():
    reply = Reply(Purpose.QUESTION, "ru", (Block(BlockKind.TEXT, ("Куда вы будете обращаться?",)),),
                  options=(Option("В ЦОН", "/answer channel hqo"), Option("Онлайн", "/answer channel portal")),
                  actions=(Option("Ближайший ЦОН", "/office"), Option("Оператор", "/operator"),
                           Option("Қазақша", "/lang kk")))
    (message,) = render.reply(reply)
    rows = [[b.callback_data for b in row] for row in message.keyboard.inline_keyboard]
    assert rows == [["o|answer|channel hqo"], ["o|answer|channel portal"], ["o|office|", "o|operator|"],
                    ["o|lang|kk"]]
    assert Choice.unpack("o|answer|channel hqo").payload == "/answer channel hqo"


def card(precision: Precision) -> OfficeCard:
    return OfficeCard(name="ЦОН Алмалинского района", address="г. Алматы, ул. Богенбай батыра, д. 221",
                      phones=("+7 (727) 378-09-09",), hours="Пн–Пт 9:00–20:00", lat=43.256, lon=76.905,
                      distance_km=0.8, office_id="x", precision=precision, located_at="Алмалинский район",
                      language="ru")


def test_an_office_is_a_venue_only_at_its_own_position():
    venue, details = render.office(card(Precision.OFFICE), ALL_MAPS)
    assert isinstance(venue, render.Venue) and "+7 (727) 378-09-09" in details.html and "9:00" in details.html
    for precision in (Precision.SETTLEMENT, Precision.DISTRICT, Precision.REGION, Precision.UNKNOWN):
        (shown,) = render.office(card(precision), ALL_MAPS)
        assert isinstance(shown, render.Text)
        assert "ул. Богенбай батыра, д. 221" in shown.html and "+7 (727) 378-09-09" in shown.html
        urls = [b.url for row in shown.keyboard.inline_keyboard for b in row]
        assert len(urls) == 3
        for url in urls:
            assert "г. Алматы, ул. Богенбай батыра, д. 221" in unquote(url)


def test_map_apps_are_configurable():
    (shown,) = render.office(card(Precision.SETTLEMENT), (MapApp.TWOGIS,))
    assert [b.text for row in shown.keyboard.inline_keyboard for b in row] == ["🗺 2GIS"]


def test_every_option_of_every_service_fits_in_callback_data(engine):
    """aiogram's CallbackData refuses over 64 bytes: every question of every standard, in both languages."""
    from dialogs.messages import Event

    packed = set()
    for sid in engine.standards:
        for language in ("kk", "ru"):
            conversation = f"render-payloads-{sid}-{language}"
            engine.forget(conversation)
            engine.handle(Event(conversation, "test", payload=f"/lang {language}"))
            for m in engine.handle(Event(conversation, "test", payload=f"/service {sid}")):
                if isinstance(m, Reply):
                    packed |= {Choice.of(o.payload).pack() for o in m.options + m.actions}
    assert len(packed) > 40
    assert max(len(p.encode()) for p in packed) <= 64
