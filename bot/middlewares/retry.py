"""Outgoing requests retried when Telegram asks to wait (429) or fails on its side (5xx, the network).

aiogram raises `TelegramRetryAfter` and `TelegramServerError` and retries nothing
(aiogram#1875): without this, a citizen's answer or an operator's reply would be lost
at the first flood limit. Polling's own `getUpdates` is left to aiogram's backoff.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates

log = logging.getLogger("qyzmet.bot.retry")


class RetryRequests(BaseRequestMiddleware):
    def __init__(self, attempts: int = 5, first_wait: float = 0.25, longest_wait: float = 60.0) -> None:
        self.attempts, self.first_wait, self.longest_wait = attempts, first_wait, longest_wait

    async def __call__(self, make_request, bot, method):
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        wait = self.first_wait
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as e:
                if attempt == self.attempts or e.retry_after > self.longest_wait:
                    raise
                log.info("%s: Telegram asks to wait %s s (attempt %d)", method.__api_method__, e.retry_after, attempt)
                await asyncio.sleep(e.retry_after)
            except (TelegramServerError, TelegramNetworkError) as e:
                if attempt == self.attempts:
                    raise
                log.info("%s failed (%s): again in %.2f s", method.__api_method__, type(e).__name__, wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, self.longest_wait)
        raise AssertionError("unreachable")
