"""Telegram's webhook on our aiohttp server: aiogram's `SimpleRequestHandler`, which checks the secret
token (401 otherwise), answering once the update is handled.

Answered only then, so that an update is never acknowledged and then lost: a worker that dies while
handling it (a crash, kill -9, the OOM killer) has not answered, and the proxy sends it to another
worker, or Telegram sends it again; the update's id makes the repeat safe (bot.middlewares.updates).
aiogram's default — answer at once, handle in the background — lost 2 updates of 200 acknowledged to a
worker killed under load (bench/stack_load.py --kill). aiogram still moves a handling that takes
longer than 55 s to the background, before Telegram's own 60 s run out.

Only what it cannot read is answered differently: aiogram would accept a body that is not an
update with 200 and fail later; here it is a 400 that says so, and nothing is fed to the dispatcher.
"""

from __future__ import annotations

import asyncio
import json

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError


def _read(raw: bytes, bot: Bot) -> Update | None:
    try:
        return Update.model_validate(json.loads(raw), context={"bot": bot})
    except (ValueError, RecursionError, ValidationError):        # not UTF-8, not JSON, not an update
        return None


def _not_an_update() -> web.Response:
    return web.json_response({"error": "the body is not a Telegram update"}, status=400)


class CheckedRequestHandler(SimpleRequestHandler):
    def __init__(self, *args, handle_in_background: bool = False, **kwargs) -> None:
        super().__init__(*args, handle_in_background=handle_in_background, **kwargs)

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        update = _read(await request.read(), bot)
        if update is None:
            return _not_an_update()
        result = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    async def _handle_request_background(self, bot: Bot, request: web.Request) -> web.Response:
        update = _read(await request.read(), bot)
        if update is None:
            return _not_an_update()
        task = asyncio.create_task(self._feed(bot, update))
        self._background_feed_update_tasks.add(task)
        task.add_done_callback(self._background_feed_update_tasks.discard)
        return web.json_response({})

    async def _feed(self, bot: Bot, update: Update) -> None:
        await self.dispatcher.feed_update(bot, update, **self.data)
