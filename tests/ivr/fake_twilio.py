"""A fake Twilio REST API on loopback: the Messages resource the voice line sends SMS through.

It answers as Twilio does (201 and the message resource as JSON; a 4xx with Twilio's error body),
records each message, and can be told to fail the next sends.
"""

from __future__ import annotations

import itertools

from aiohttp import web


class FakeTwilio:
    def __init__(self, account_sid: str) -> None:
        self.account_sid = account_sid
        self.messages: list[dict] = []
        self.fail_next = 0                  # this many sends answer 400 (an invalid number, say)
        self._ids = itertools.count(1)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.create_message)
        return app

    async def create_message(self, request: web.Request) -> web.Response:
        if request.match_info["sid"] != self.account_sid:
            return web.json_response({"code": 20404, "message": "The requested resource was not found",
                                      "status": 404}, status=404)
        form = dict(await request.post())
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return web.json_response({"code": 20003, "message": "Authenticate", "status": 401}, status=401)
        if self.fail_next:
            self.fail_next -= 1
            return web.json_response({"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400,
                                      "more_info": "https://www.twilio.com/docs/errors/21211"}, status=400)
        sid = f"SM{next(self._ids):032x}"
        self.messages.append(form)
        return web.json_response({"sid": sid, "account_sid": self.account_sid, "to": form.get("To"),
                                  "from": form.get("From"), "body": form.get("Body"), "status": "queued",
                                  "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                                  "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json"},
                                 status=201)
