"""An engine option as Telegram callback data: aiogram's `CallbackData`, which refuses more than 64 bytes.

The engine's payload "/answer channel hqo" travels as "o|answer|channel hqo" and comes back
as the same payload; anything else pressed (a button of an older version, forged data)
does not unpack and is answered as out of date.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from dialogs.payloads import unpack


class Choice(CallbackData, prefix="o", sep="|"):
    command: str
    args: str = ""

    @classmethod
    def of(cls, payload: str) -> Choice:
        chosen = unpack(payload)
        if chosen is None:
            raise ValueError(f"not an engine payload: {payload!r}")
        return cls(command=str(chosen.command), args=chosen.arg)

    @property
    def payload(self) -> str:
        return " ".join(p for p in ("/" + self.command, self.args) if p)
