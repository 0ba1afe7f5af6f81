"""Magic filters (`F.text`, `F.chat.type == …`) checked right on the event loop.

aiogram runs a synchronous filter in a thread (`asyncio.to_thread`) each time it checks one, and
a magic filter is synchronous: a text message passed four of them on its way to its handler,
four hops to a thread and back. Under load each hop waited for a busy loop to take the result
back: a worker's Telegram updates took seconds while its REST turns took milliseconds. A magic
filter only reads the update's own attributes, so it is checked here, as an async filter.
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.utils.magic_filter import MagicFilter


class Magic(Filter):
    __slots__ = ("magic",)

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> bool:
        # a yes or no: a magic filter's value (F.x.as_("name")) is not handed on to the handler
        return bool(self.magic.resolve(event))
