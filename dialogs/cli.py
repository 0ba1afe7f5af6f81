"""`qyzmet chat`: talk to the engine in a terminal, exactly as a channel would."""

from __future__ import annotations

import argparse
import re
import sys
import uuid

from dialogs.messages import Event, Handoff, OfficeCard, Relay, Reply

_POINT = re.compile(r"^/where\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def add_parser(subparsers) -> None:
    chat = subparsers.add_parser("chat", help="a console chat with the assistant (embedded defaults)")
    chat.add_argument("--conversation", help="continue this conversation (default: a new one)")
    chat.add_argument("--lang", choices=("kk", "ru"), help="answer in this language from the start")
    chat.set_defaults(handler=run)


def render(message) -> str:
    """How the console shows what the engine says."""
    if isinstance(message, Reply):
        buttons = "".join(f"\n  [{b.payload}] {b.title}" for b in message.buttons)
        return f"{message.text}{buttons}"
    if isinstance(message, OfficeCard):
        where = f"{message.lat:.5f},{message.lon:.5f}" if message.lat is not None else "?"
        return f"📍 {message.name} ({where})"
    if isinstance(message, Handoff):
        return f"→ handed to an operator ({message.reason}); context: {message.context.get('service')}"
    if isinstance(message, Relay):
        return f"→ (for the operator) {message.text}"
    return str(message)


def run(args: argparse.Namespace) -> int:
    from dialogs.engine import Engine

    engine = Engine()
    conversation = args.conversation or f"console-{uuid.uuid4().hex[:12]}"
    interactive = sys.stdin.isatty()
    if interactive:
        print(f"Qyzmet chat ({conversation}). Type a question; a number or a [/payload] picks an option; "
              "/where LAT,LON shares a location; Ctrl-D ends.")
    if args.lang:
        for m in engine.handle(Event(conversation, "console", payload=f"/lang {args.lang}")):
            print(render(m), end="\n\n")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            return 0
        except UnicodeDecodeError:
            print("(that line was not valid text; please type it again)")
            continue
        point = _POINT.match(line.strip())
        event = (Event(conversation, "console", location=(float(point[1]), float(point[2]))) if point
                 else Event(conversation, "console", text=line))
        for m in engine.handle(event):
            print(render(m), end="\n\n")
        sys.stdout.flush()
