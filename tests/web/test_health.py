"""`GET /health` asks each part now: the database, and Rasa where it is the NLU (its /version)."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from qyzmet.settings import Settings


class RasaStandIn:
    """Something on loopback answering /version as Rasa does: a real aiohttp server on a loop of its own."""

    def __init__(self) -> None:
        async def version(_request):
            return web.json_response({"version": "3.6.21", "minimum_compatible_version": "3.5.0"})

        app = web.Application()
        app.router.add_get("/version", version)
        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def test_rasa_that_refuses_makes_the_worker_degraded_not_down(serve):
    served = serve(Settings(nlu_backend="rasa", rasa_url="http://127.0.0.1:1"))
    status, body, _ = served.request("GET", "/health")
    assert (status, body["status"], body["parts"]) == (200, "degraded", {"database": "up", "rasa": "down"})


def test_rasa_that_answers_makes_the_worker_ok(serve):
    rasa = RasaStandIn()
    try:
        served = serve(Settings(nlu_backend="rasa", rasa_url=rasa.url))
        status, body, _ = served.request("GET", "/health")
        assert (status, body["status"], body["parts"]) == (200, "ok", {"database": "up", "rasa": "up"})
    finally:
        rasa.close()


def test_without_rasa_only_the_database_is_asked(served):
    status, body, _ = served.request("GET", "/health")
    assert (status, body["status"], body["parts"]) == (200, "ok", {"database": "up"})
