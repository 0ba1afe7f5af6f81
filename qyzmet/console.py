"""`qyzmet chat`: the assistant in a terminal. Options are numbered; a number chooses one.

The console is a channel like the others: it turns a typed line into an `Event` and
renders the engine's messages as text, each option once, with its number.
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid

from dialogs import plain
from dialogs.messages import Event, Handoff, Hint, Notice, OfficeCard, Outgoing, Relay, Reply

_POINT = re.compile(r"^/where\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
CHANNEL = "console"
WELCOME = ("Qyzmet — мемлекеттік қызметтер көмекшісі / помощник по государственным услугам.\n"
           "Сұрағыңызды жазыңыз / Напишите ваш вопрос. Нөмір — нұсқаны таңдайды / номер выбирает вариант.\n"
           "/lang kk — қазақша, /lang ru — по-русски; /where 43.25,76.91 — орналасқан жер / местоположение;\n"
           "Ctrl-D — шығу / выход.")


def render(message: Outgoing) -> str:
    """How the console shows what the engine says: text, the options numbered, the other ways on."""
    if isinstance(message, Reply):
        from locales import translations
        _ = translations(message.language).gettext
        lines = []
        if Hint.CHOOSE_AGAIN in message.hints:
            lines.append(_("Please choose one of the options: type its number."))
        lines.append(plain.reply_text(message, numbered=True))
        if message.actions:
            lines.append("  " + " · ".join(f"{a.payload} {a.title}" for a in message.actions))
        if Hint.HELPLINE in message.hints:
            lines.append(_("Free public services contact centre: 1414."))
        return "\n".join(lines)
    if isinstance(message, OfficeCard):
        where = f" ({message.lat:.4f},{message.lon:.4f}, {message.precision})" if message.lat is not None else ""
        return "📍 " + plain.text(message) + where
    if isinstance(message, Handoff):
        return f"→ {message.reason}: {message.conversation}"
    if isinstance(message, Relay):
        return f"→ (operator) {message.text}"
    if isinstance(message, Notice):
        return f"[{message.event}]"
    return str(message)


def add_parser(subparsers) -> None:
    chat = subparsers.add_parser("chat", help="a console chat with the assistant (embedded defaults)")
    chat.add_argument("--conversation", help="continue this conversation (default: a new one)")
    chat.add_argument("--lang", choices=("kk", "ru"), help="answer in this language from the start")
    chat.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from qyzmet.app import make_engine_from

    engine = make_engine_from(args.settings)
    conversation = args.conversation or f"{CHANNEL}-{uuid.uuid4().hex[:12]}"
    interactive = sys.stdin.isatty()
    print(WELCOME, end="\n\n")
    if args.lang:
        for m in engine.handle(Event(conversation, CHANNEL, payload=f"/lang {args.lang}")):
            print(render(m), end="\n\n")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            return 0
        except UnicodeDecodeError:
            print("(мәтін оқылмады / строка не прочитана — қайта жазыңыз / напишите ещё раз)")
            continue
        point = _POINT.match(line.strip())
        event = (Event(conversation, CHANNEL, location=(float(point[1]), float(point[2]))) if point
                 else Event(conversation, CHANNEL, text=line))
        for m in engine.handle(event):
            print(render(m), end="\n\n")
        sys.stdout.flush()
