"""Telegram's webhook on our aiohttp server: aiogram's `SimpleRequestHandler`, which checks the secret
token (401 otherwise) and answers at once, handling the update in the background.

Only what it cannot read is answered differently: aiogram would accept a body that is not an
update with 200 and fail later in the background; here it is a 400 that says so, and nothing
is fed to the dispatcher.
"""

from __future__ import annotations

import asyncio
import json

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError


class CheckedRequestHandler(SimpleRequestHandler):
    async def _handle_request_background(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            update = Update.model_validate(json.loads(await request.read()), context={"bot": bot})
        except (ValueError, RecursionError, ValidationError):        # not UTF-8, not JSON, not an update
            return web.json_response({"error": "the body is not a Telegram update"}, status=400)
        task = asyncio.create_task(self._feed(bot, update))
        self._background_feed_update_tasks.add(task)
        task.add_done_callback(self._background_feed_update_tasks.discard)
        return web.json_response({})

    async def _feed(self, bot: Bot, update: Update) -> None:
        await self.dispatcher.feed_update(bot, update, **self.data)
