"""A fake Telegram Bot API server on loopback: the only part of Telegram the tests replace.

aiogram's real HTTP session talks to it (`TELEGRAM_API_BASE`). It serves `getUpdates` from
a queue the test fills, records every method call with its parameters, answers as the Bot
API does (messages, message ids, forum topics), and can be told to fail: 429 with
`retry_after`, 5xx, 403 (the user blocked the bot), and "message thread not found" for a
topic the test deleted. `deleteMessage` deletes a message the bot sent less than 48 hours ago
(`sent` has when; a test may make one older), and refuses others as the Bot API does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

BOT_ID = 123456789             # a bot's id is the first part of its token
OPERATORS = -1001234567890
# update ids unique across every fake server of a test session (the bot remembers handled ones)
_UPDATE_IDS = itertools.count(random.randrange(10**6, 10**8) * 100)
# and so are topics and messages: Telegram never gives the operators' group one topic id twice, and the
# session's database keeps the topics and relayed messages of every fake server before this one (a topic
# id given again made an operator's reply reach another test's citizen)
_MESSAGE_IDS = itertools.count(5000)
_THREAD_IDS = itertools.count(100)


@dataclass
class Call:
    method: str
    params: dict
    at: float
    status: int = 200
    result: object = None        # what the API answered (a sent message: its message_id)

    def __getitem__(self, key):
        return self.params[key]

    def get(self, key, default=None):
        return self.params.get(key, default)

    @property
    def chat(self):
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def buttons(self) -> list[dict]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard") or markup.get("keyboard") or [] for b in row]


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    when: object = None          # a predicate on the call's params; None: the next call of the method


@dataclass
class FakeTelegram:
    token: str
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, deque] = field(default_factory=dict)
    deleted_threads: set = field(default_factory=set)
    blocked_chats: set = field(default_factory=set)

    def __post_init__(self) -> None:
        self.pending: deque[dict] = deque()
        self.arrived = asyncio.Event()
        self.message_ids = _MESSAGE_IDS
        self.thread_ids = _THREAD_IDS
        self.delivered: dict[int, float] = {}       # update id -> when getUpdates handed it out
        self.sent: dict[tuple, int] = {}             # (chat id, message id) -> when, of the bot's messages not deleted

    # ------------------------------------------------------------ the test's side

    def push(self, *updates: dict) -> list[dict]:
        self.pending.extend(updates)
        self.arrived.set()
        return list(updates)

    def fail(self, method: str, status: int, description: str, retry_after: int | None = None, times: int = 1,
             when=None) -> None:
        for _ in range(times):
            self.failures.setdefault(method, deque()).append(Failure(status, description, retry_after, when))

    def of(self, method: str, chat=None, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == method and c.status == 200
                and (chat is None or c.chat == chat)]

    # ------------------------------------------------------------ the API

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return self._ok(await self._updates(params))
        failure = self._failure(method, params)
        call = Call(method, params, time.monotonic(), failure.status if failure else 200)
        self.calls.append(call)
        if failure is not None:
            body = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return web.json_response(body, status=failure.status)
        call.result = self._result(method, params)
        return self._ok(call.result)

    @staticmethod
    async def _params(request: web.Request) -> dict:
        if request.content_type == "application/json":
            raw = await request.json()
        else:
            raw = dict(await request.post())
        params = {}
        for key, value in raw.items():
            if isinstance(value, str):
                try:
                    value = json.loads(value) if value[:1] in "{[" or value.lstrip("-").isdigit() \
                        or value in ("true", "false") else value
                except ValueError:
                    pass
            params[key] = value
        return params

    def _failure(self, method: str, params: dict) -> Failure | None:
        thread = params.get("message_thread_id")
        if thread is not None and thread in self.deleted_threads:
            return Failure(400, "Bad Request: message thread not found")
        if params.get("chat_id") in self.blocked_chats and method not in ("answerCallbackQuery",):
            return Failure(403, "Forbidden: bot was blocked by the user")
        queue = self.failures.get(method)
        if queue:
            for failure in list(queue):
                if failure.when is None or failure.when(params):
                    queue.remove(failure)
                    return failure
        if method == "deleteMessage":
            sent = self.sent.get((params.get("chat_id"), params.get("message_id")))
            if sent is None:
                return Failure(400, "Bad Request: message to delete not found")
            if time.time() - sent >= 48 * 3600:
                return Failure(400, "Bad Request: message can't be deleted for everyone")
        return None

    async def _updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        while self.pending and self.pending[0]["update_id"] < offset:
            self.pending.popleft()
        if not self.pending:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), min(float(params.get("timeout") or 0), 0.5))
            except TimeoutError:
                pass
        out = [u for u in self.pending if u["update_id"] >= offset][:100]
        now = time.monotonic()
        for u in out:
            self.delivered.setdefault(u["update_id"], now)
        return out

    @staticmethod
    def _ok(result) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _message(self, params: dict, **extra) -> dict:
        chat = params.get("chat_id")
        kind = "private" if isinstance(chat, int) and chat > 0 else "supergroup"
        message = {"message_id": next(self.message_ids), "date": int(time.time()),
                   "chat": {"id": chat, "type": kind, **({"is_forum": True, "title": "Operators"}
                                                         if kind == "supergroup" else {})},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Qyzmet", "username": "qyzmet_bot"}}
        if params.get("message_thread_id"):
            message["message_thread_id"] = params["message_thread_id"]
            message["is_topic_message"] = True
        self.sent[(chat, message["message_id"])] = message["date"]
        return {**message, **extra}

    def _result(self, method: str, params: dict):
        match method:
            case "getMe":
                return {"id": BOT_ID, "is_bot": True, "first_name": "Qyzmet", "username": "qyzmet_bot",
                        "can_join_groups": True}
            case "sendMessage":
                return self._message(params, text=str(params.get("text", "")))
            case "sendVenue":
                return self._message(params, venue={"location": {"latitude": params["latitude"],
                                                                  "longitude": params["longitude"]},
                                                     "title": params["title"], "address": params["address"]})
            case "sendLocation":
                return self._message(params, location={"latitude": params["latitude"],
                                                       "longitude": params["longitude"]})
            case "copyMessage":
                return {"message_id": next(self.message_ids)}
            case "editMessageText":
                return self._message(params, text=str(params.get("text", "")))
            case "deleteMessage":
                del self.sent[(params["chat_id"], params["message_id"])]
                return True
            case "createForumTopic":
                return {"message_thread_id": next(self.thread_ids), "name": params["name"], "icon_color": 7322096}
            case _:
                return True

    # ------------------------------------------------------------ updates a test sends

    @staticmethod
    def user(user_id: int, language: str | None = "ru") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": "Айгүл", **({"language_code": language}
                                                                         if language else {})}

    def _update(self, **kind) -> dict:
        return {"update_id": next(_UPDATE_IDS), **kind}

    def _private(self, user_id: int, language: str | None, **content) -> dict:
        return {"message_id": next(self.message_ids), "date": int(time.time()),
                "chat": {"id": user_id, "type": "private", "first_name": "Айгүл"},
                "from": self.user(user_id, language), **content}

    def text(self, user_id: int, text: str, language: str | None = "ru", **extra) -> dict:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] \
            if text.startswith("/") else []
        return self._update(message=self._private(user_id, language, text=text,
                                                  **({"entities": entities} if entities else {}), **extra))

    def content(self, user_id: int, language: str | None = "ru", **content) -> dict:
        return self._update(message=self._private(user_id, language, **content))

    def location(self, user_id: int, lat: float, lon: float) -> dict:
        return self.content(user_id, location={"latitude": lat, "longitude": lon})

    def press(self, user_id: int, data: str, message_id: int = 1, language: str | None = "ru",
              title: str | None = None) -> dict:
        """A button pressed; `title`: what the button said (the message's keyboard has it)."""
        message = {"message_id": message_id, "date": int(time.time()),
                   "chat": {"id": user_id, "type": "private", "first_name": "Айгүл"}, "text": "…"}
        if title is not None:
            message["reply_markup"] = {"inline_keyboard": [[{"text": title, "callback_data": data}]]}
        return self._update(callback_query={
            "id": str(next(self.message_ids)), "from": self.user(user_id, language), "chat_instance": "1",
            "data": data, "message": message})

    def edit(self, user_id: int, message_id: int, text: str) -> dict:
        return self._update(edited_message={
            "message_id": message_id, "date": int(time.time()), "edit_date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Айгүл"},
            "from": self.user(user_id), "text": text})

    def _group(self, thread: int, operator: int, **content) -> dict:
        return {"message_id": next(self.message_ids), "date": int(time.time()),
                "chat": {"id": OPERATORS, "type": "supergroup", "title": "Operators", "is_forum": True},
                "from": {"id": operator, "is_bot": False, "first_name": "Оператор"},
                "message_thread_id": thread, "is_topic_message": True, **content}

    def operator(self, thread: int, text: str, operator: int = 900001) -> dict:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] \
            if text.startswith("/") else []
        return self._update(message=self._group(thread, operator, text=text,
                                                **({"entities": entities} if entities else {})))

    def operator_edit(self, thread: int, message_id: int, text: str, operator: int = 900001) -> dict:
        message = self._group(thread, operator, text=text, edit_date=int(time.time()))
        message["message_id"] = message_id
        return self._update(edited_message=message)


# ---------------------------------------------------------------- as a process of its own (bench/)

def serve(port: int) -> None:
    """The fake server in its own process, so that its work is not counted as the bot's: `POST /_push`
    takes a JSON list of updates; `GET /_calls` answers how many calls of each method it took."""
    import collections

    fake = FakeTelegram(TOKEN_FOR_PROCESS)

    async def push(request: web.Request) -> web.Response:
        fake.push(*(await request.json()))
        return web.json_response({"ok": True})

    async def calls(request: web.Request) -> web.Response:
        return web.json_response(collections.Counter(c.method for c in fake.calls if c.status == 200))

    async def make() -> web.Application:
        fake.arrived = asyncio.Event()
        app = fake.app()
        app.router.add_post("/_push", push)
        app.router.add_get("/_calls", calls)
        return app
    web.run_app(make(), host="127.0.0.1", port=port, print=None, access_log=None)


# made up, and put together here so that it cannot be mistaken for a real token: "<bot id>:<secret>"
TOKEN_FOR_PROCESS = f"{BOT_ID}:" + "not-a-real-token-" * 2

if __name__ == "__main__":
    import sys
    serve(int(sys.argv[1]))
