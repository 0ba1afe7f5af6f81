"""A web sender's "forget me": `POST /webhooks/rest/forget` with `{"sender": "…"}`.

Erases what the assistant kept of that sender's conversation: its state (the situation, the place),
the transcript, the answers remembered for repeated deliveries, and the language they chose
(`Engine.forget`, in turn with the conversation's other messages). Answers `{"forgotten": true}`, or
`false` when nothing was kept; errors as the REST channel's, `{"error": "…"}` with a 4xx.

Who may erase a chat? The REST channel has no accounts: its sender id is the only credential, and
whoever knows it can already talk as that sender on /webhooks/rest/webhook. The web chat's id is
"web-" and 128 random bits its page made and keeps in the browser's storage, so knowing it is the
proof of being that browser; nobody guesses it. Ids of other shapes are taken as well, because an
API client of the REST channel with ids of its own may offer its users the same; such a client
exposes its users' chats to whoever guesses its ids on the webhook already, forgetting adds nothing.
But not a sender that is a phone number (or other personal data, web.senders): numbers can be tried
one after another, and erasing a stranger's chat must take more than knowing their number.
"""

from __future__ import annotations

import logging

from aiohttp import web

from dialogs.runner import Runner
from web import rest, senders
from web.replies import body_of, error, preflight

log = logging.getLogger("qyzmet.web")
PATH = "/webhooks/rest/forget"
MAX_BODY = 4096             # {"sender": …} and nothing much else


def add_routes(app: web.Application, runner: Runner) -> None:
    async def forget(request: web.Request) -> web.Response:
        raw = await body_of(request, MAX_BODY)
        if isinstance(raw, web.Response):
            return raw
        try:
            sender = rest.sender_of(rest.json_object(raw, '{"sender": "…"}'))
        except rest.BadRequest as bad:
            return error(400, str(bad))
        # the id the REST channel keeps this sender under: a phone number as its keyed hash
        conversation = senders.conversation_for(sender, request.app[senders.KEY])
        if senders.is_personal(conversation):
            # a phone number is no secret: anyone could erase a stranger's chat by trying numbers
            return error(403, "a sender that is a phone number or other personal data cannot be erased here; "
                              "the citizen may ask an operator (/operator) or call 1414")
        forgotten = await runner.forget(conversation, conversation)     # the REST channel's user is its conversation
        log.info("a web sender's conversation was erased at their request" if forgotten else
                 "a web sender asked to be forgotten; nothing was kept")
        return web.json_response({"forgotten": forgotten})

    app.router.add_post(PATH, forget)
    app.router.add_route("OPTIONS", PATH, preflight)
