"""The plain text of an outgoing message: for the transcript, an operator's context card, and tests.

No channel's words here ("press", "button", a phone number to call): a channel
that shows text renders from the same blocks, adding its own way of choosing.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from dialogs.messages import Block, Handoff, Notice, OfficeCard, Outgoing, Precision, Relay, Reply
from locales import translations


def block_text(block: Block) -> str:
    lines = [block.heading] if block.heading else []
    lines += [f"• {line}" for line in block.lines] if block.listed else list(block.lines)
    return "\n".join(lines)


def reply_text(reply: Reply, numbered: bool = True) -> str:
    """The blocks, a blank line between them, then the options numbered (the full wording of each)."""
    text = "\n\n".join(t for t in (block_text(b) for b in reply.blocks) if t)
    if numbered and reply.options:
        text += "\n" + "\n".join(f"{i}. {o.title}" for i, o in enumerate(reply.options, 1))
    return text


def km_text(distance: float, language: str) -> str:
    return format_decimal(round(distance, 1), locale=language)


def office_lines(card: OfficeCard) -> list[str]:
    """Name, address, how far (and how precisely that is known), phones, hours."""
    _ = translations(card.language).gettext
    lines = [f"{card.position}. {card.name}"] + ([card.address] if card.address else [])
    if card.distance_km is not None and card.precision != Precision.OFFICE and card.located_at:
        lines.append(_("About {km} km from you to the centre of {place} (the office's exact position "
                       "is not known).").format(km=km_text(card.distance_km, card.language), place=card.located_at))
    elif card.distance_km is not None:
        lines.append(_("About {km} km from you.").format(km=km_text(card.distance_km, card.language)))
    if card.phones:
        lines.append(_("Phone: {phones}").format(phones=", ".join(card.phones)))
    if card.hours:
        lines.append(_("Hours: {hours}").format(hours=card.hours))
    return lines


def text(message: Outgoing) -> str:
    if isinstance(message, Reply):
        return reply_text(message)
    if isinstance(message, OfficeCard):
        return "\n".join(office_lines(message))
    if isinstance(message, Handoff):
        return f"[handoff: {message.reason}]"
    if isinstance(message, Relay):
        return message.text
    if isinstance(message, Notice):
        return f"[{message.event}{': ' + message.detail if message.detail else ''}]"
    raise TypeError(f"not an outgoing message: {message!r}")
