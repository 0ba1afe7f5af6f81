"""Telegram's Bot API and Twilio's REST API as one fake server on loopback, for the native stack
(bench/stack.py) and its load (bench/stack_load.py): the only parts of the world they replace.

The tests' own fakes (tests/bot/fake_telegram.py, tests/ivr/fake_twilio.py) answer the calls; here
each call to a chat is also noted with its moment, so that a simulated citizen can wait for the bot's
answer to what they wrote — in webhook mode aiogram answers Telegram's POST at once and sends the
answer afterwards, through these calls.

    python -m bench.fake_clouds PORT      # standalone (bench/stack.py up): GET /_calls counts the calls
"""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass, field

from aiohttp import web

from tests.bot.fake_telegram import BOT_ID, OPERATORS, FakeTelegram
from tests.ivr.fake_twilio import FakeTwilio

# made up, and put together here so that none can pass for a real credential
BOT_TOKEN = f"{BOT_ID}:" + "stack-bench-token-" * 2
ACCOUNT_SID = "AC" + "5" * 32
OPERATORS_CHAT_ID = OPERATORS
# what the bot says to a citizen: the calls that make up an answer (a chat action, a topic are not one)
ANSWERS = ("sendMessage", "sendVenue", "sendLocation", "copyMessage", "editMessageText")


@dataclass
class Chat:
    """What the bot sent one chat: (moment, method, text) in order, and a wake-up for who waits on it."""
    said: list[tuple[float, str, str]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class Clouds:
    """The two fake APIs in one aiohttp application (they share no path)."""

    def __init__(self) -> None:
        self.telegram = FakeTelegram(BOT_TOKEN)
        self.twilio = FakeTwilio(ACCOUNT_SID)
        self.chats: dict[int, Chat] = collections.defaultdict(Chat)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._telegram)
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.twilio.create_message)
        app.router.add_get("/_calls", self._counts)
        return app

    async def _telegram(self, request: web.Request) -> web.Response:
        before = len(self.telegram.calls)
        response = await self.telegram.handle(request)
        for call in self.telegram.calls[before:]:
            if call.method not in ANSWERS or call.status != 200:
                continue
            # a citizen's message relayed to the operators (copied from their chat) is the bot's whole
            # answer while they wait for an operator: noted with the citizen's chat too
            for chat_id in {call.chat, call.get("from_chat_id") if call.method == "copyMessage" else None}:
                if isinstance(chat_id, int):
                    chat = self.chats[chat_id]
                    chat.said.append((time.monotonic(), call.method, call.text))
                    chat.changed.set()
        return response

    async def _counts(self, request: web.Request) -> web.Response:
        counts = collections.Counter(c.method for c in self.telegram.calls if c.status == 200)
        return web.json_response({**counts, "sms": len(self.twilio.messages)})

    def mark(self, chat: int) -> int:
        """Where the chat's record stands now (to wait for what comes after it)."""
        return len(self.chats[chat].said)

    async def answered(self, chat: int, since: int, quiet: float, timeout: float) -> float | None:
        """The moment of the last message of the bot's answer to the chat after `since`: the first
        message, then nothing more for `quiet` seconds; None when nothing came within `timeout`."""
        record = self.chats[chat]
        deadline = time.monotonic() + timeout
        while True:
            seen = len(record.said)
            record.changed.clear()
            wait = quiet if seen > since else deadline - time.monotonic()
            if wait <= 0:
                return None
            try:
                await asyncio.wait_for(record.changed.wait(), wait)
            except TimeoutError:
                if len(record.said) > since:
                    return record.said[-1][0]
                return None

    def told(self, chat: int, since: int = 0) -> list[str]:
        return [text for _, _, text in self.chats[chat].said[since:]]


async def serve(clouds: Clouds, port: int = 0) -> tuple[web.AppRunner, str]:
    """The fake APIs on a loopback port of this event loop; (its runner, its base URL)."""
    runner = web.AppRunner(clouds.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"


def main(port: int) -> None:
    web.run_app(Clouds().app(), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    import sys

    main(int(sys.argv[1]))
