"""What an option carries back when chosen: a command and its arguments, packed small.

A payload is "/service 1486-02", "/answer channel hqo": readable, so a web-chat widget
can send it back as the message text and a person can type it. It is packed and
unpacked here only, and never longer than `MAX_BYTES`, so that every channel can
carry it as it is (as aiogram's `CallbackData` refuses what does not fit).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64


class Command(StrEnum):
    START = "start"
    LANG = "lang"              # lang kk
    SERVICE = "service"        # service 1486-02
    ANSWER = "answer"          # answer channel hqo
    MORE = "more"              # the rest of the answer
    OFFICE = "office"          # office | office more
    REGION = "region"          # region | region north-kazakhstan
    COMPLAIN = "complain"      # complain | complain result | complain service
    OPERATOR = "operator"      # operator | operator complaint
    BOT = "bot"                # back to the assistant from an operator's queue
    NONE = "none"              # none of these
    MENU = "menu"


@dataclass(frozen=True, slots=True)
class Payload:
    command: Command
    args: tuple[str, ...] = ()

    @property
    def arg(self) -> str:
        return " ".join(self.args)

    def pack(self) -> str:
        packed = " ".join(("/" + self.command, *self.args))
        if len(packed.encode()) > MAX_BYTES:
            raise ValueError(f"payload longer than {MAX_BYTES} bytes: {packed!r}")
        return packed


def pack(command: Command, *args: str) -> str:
    return Payload(command, tuple(str(a) for a in args)).pack()


def unpack(text: str | None) -> Payload | None:
    """The payload a text carries ("/answer  channel hqo" too), or None when it is not one of ours."""
    if not text or not text.startswith("/"):
        return None
    command, *args = text[1:].split()  or [""]
    try:
        return Payload(Command(command), tuple(args))
    except ValueError:
        return None


def is_command(text: str) -> bool:
    """Looks like a command ("/something"), ours or not."""
    return text.startswith("/")
