"""The engine's messages as Telegram messages: HTML text under 4,096 characters, inline keyboards,
venues for offices whose own position is known, and links to map apps for the rest.

Pure functions: what to send, not the sending (`bot.deliver`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import maps
from bot.callbacks import Choice
from bot.config import MapApp
from dialogs import plain
from dialogs.messages import Block, BlockKind, Hint, OfficeCard, Option, Precision, Reply
from locales import translations

LIMIT = 4096                # characters of a message's text, as Telegram counts them (UTF-16 code units)
ACTIONS_PER_ROW = 2


@dataclass(frozen=True, slots=True)
class Text:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Venue:
    """An office on the map, at its own position only."""
    card: OfficeCard
    keyboard: InlineKeyboardMarkup | None = None


Outbound = Text | Venue


def visible_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- text

@dataclass(frozen=True, slots=True)
class _Unit:
    """Lines that stay together in one message (a heading and its first item), as HTML."""
    html: str
    length: int                # of the text a reader sees
    block_start: bool          # the first unit of a block: a blank line before it


def _line(text: str, bold: bool = False) -> tuple[str, int]:
    escaped = html.escape(text, quote=False)
    return (f"<b>{escaped}</b>" if bold else escaped), visible_length(text)


def _units(blocks: list[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    for block in blocks:
        lines = [f"• {line}" if block.listed else line for line in block.lines]
        bold = block.kind == BlockKind.TITLE
        parts = [_line(x, bold) for line in lines for x in line.split("\n")]
        if block.heading:
            head = _line(block.heading, bold=True)
            parts = [head] + parts
        first = True
        while parts:
            # a heading is never left alone at the end of a message: it goes with the line under it
            take = 2 if first and block.heading and len(parts) > 1 else 1
            group, parts = parts[:take], parts[take:]
            units.append(_Unit("\n".join(h for h, _ in group), sum(n for _, n in group) + len(group) - 1, first))
            first = False
    return units


def _split_long(unit: _Unit, limit: int) -> list[_Unit]:
    """A unit longer than a message, cut between words (each piece keeps its formatting)."""
    text = html.unescape(unit.html.replace("<b>", "").replace("</b>", ""))
    bold = unit.html.startswith("<b>") and unit.html.endswith("</b>") and "\n" not in unit.html
    pieces, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while visible_length(word) > limit:          # one "word" longer than a message (a URL)
            pieces.append(word[:limit // 2])
            word = word[limit // 2:]
        current = word
    if current:
        pieces.append(current)
    out = []
    for i, piece in enumerate(pieces):
        h, n = _line(piece, bold)
        out.append(_Unit(h, n, unit.block_start and i == 0))
    return out


def split(blocks: list[Block], limit: int = LIMIT) -> list[str]:
    """The blocks as HTML messages, each under `limit`: cut between blocks, else between lines, else
    between words; never inside a word, a list item's line or a tag."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    units = [piece for unit in _units(blocks) for piece in
             (_split_long(unit, limit) if unit.length > limit else [unit])]
    for unit in units:
        gap = (2 if unit.block_start else 1) if current else 0
        if current and size + gap + unit.length > limit:
            messages.append("".join(current))
            current, size, gap = [], 0, 0
        current.append(("\n\n" if unit.block_start else "\n") * bool(gap) + unit.html)
        size += gap + unit.length
    if current:
        messages.append("".join(current))
    return messages


# ---------------------------------------------------------------- keyboards

def button(option: Option) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=option.title, callback_data=Choice.of(option.payload).pack())


def keyboard(options: tuple[Option, ...], actions: tuple[Option, ...],
             extra: list[list[InlineKeyboardButton]] = ()) -> InlineKeyboardMarkup | None:
    """Answers one to a row, in order; the other ways on two to a row below them."""
    rows = [*extra, *([button(o)] for o in options)]
    row: list[InlineKeyboardButton] = []
    for action in actions:
        row.append(button(action))
        if len(row) == ACTIONS_PER_ROW:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def reply(message: Reply, offices_after: bool = False) -> list[Text]:
    """A reply as messages; its keyboard on the last one (or, with `offices_after`, left for the last office)."""
    _ = translations(message.language).gettext
    blocks = list(message.blocks)
    if Hint.CHOOSE_AGAIN in message.hints:
        blocks.insert(0, Block(BlockKind.TEXT, (_("Please choose one of the options: press a button or send its "
                                                  "number."),)))
    if Hint.HELPLINE in message.hints:
        blocks.append(Block(BlockKind.TEXT, (_("Free public services contact centre: 1414."),)))
    parts = split(blocks) or [html.escape(plain.reply_text(message, numbered=False)) or "…"]
    markup = None if offices_after else keyboard(message.options, message.actions)
    return [Text(p, markup if i == len(parts) - 1 else None) for i, p in enumerate(parts)]


# ---------------------------------------------------------------- offices

def office(card: OfficeCard, apps: tuple[MapApp, ...], actions: tuple[Option, ...] = ()) -> list[Outbound]:
    """A venue only where the position is the office's own (then its phones and hours under it);
    otherwise its address, phones and hours as text, with buttons that look the address up in map
    apps (a town's centre is not the office)."""
    text = "\n".join(html.escape(line, quote=False) for line in plain.office_lines(card))
    if card.precision == Precision.OFFICE and card.lat is not None and card.lon is not None:
        return [Venue(card), Text(text, keyboard((), actions))]
    links = [InlineKeyboardButton(text=f"🗺 {maps.NAMES[app]}", url=link)
             for app in apps if (link := maps.url(app, card)) is not None]
    return [Text(text, keyboard((), actions, [links] if links else []))]
