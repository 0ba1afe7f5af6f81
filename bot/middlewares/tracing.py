"""A request id for each update handled by long polling (dialogs.tracing), as the HTTP middleware
(web.observe) gives one to each webhook request: the bot's, the engine's and the NLU's log lines of
one update carry the same id. Under the webhook, the request's id is kept."""

from __future__ import annotations

import logging

from aiogram import BaseMiddleware

from dialogs import tracing

log = logging.getLogger("qyzmet.bot")


class RequestId(BaseMiddleware):
    async def __call__(self, handler, event, data):
        if tracing.request_id.get() is not None:         # the webhook's request already has one
            return await handler(event, data)
        with tracing.request():
            log.debug("update %s: %s", event.update_id, event.event_type)
            return await handler(event, data)
