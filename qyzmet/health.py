"""`GET /health`: whether this worker can answer, and what it is doing without.

    200 {"status": "ok"}         every part answers
    200 {"status": "degraded"}   it answers, without a part it can do without (Redis: flood limits
                                 and chat locks per process; Rasa: the built-in classifier stands in),
                                 each asked now (Rasa's /version, Redis' PING), all at once
    503 {"status": "down"}       the database does not answer: no turn can be kept

A degraded worker stays in the proxy's pool and is not restarted: restarting it would not bring
Redis or Rasa back, and it still answers citizens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import StrEnum

import aiohttp
from aiohttp import web
from sqlalchemy import text

from dialogs.engine import Engine

PROBE_TIMEOUT = 2.0       # a part slower than this to say it is there counts as down


class Part(StrEnum):
    UP = "up"
    DOWN = "down"


Probe = Callable[[], Awaitable[bool]]
PROBES = web.AppKey("health_probes", dict)     # name → Probe: the parts beside the database (Redis, Rasa)


def _database_answers(engine: Engine) -> bool:
    with engine.db.connect() as connection:
        connection.execute(text("SELECT 1"))
    return True


async def _ask(probe: Callable[[], Awaitable[bool]]) -> Part:
    try:
        return Part.UP if await asyncio.wait_for(probe(), PROBE_TIMEOUT) else Part.DOWN
    except Exception:              # noqa: BLE001 — any failure to answer is the answer
        return Part.DOWN


class Status(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"


def rasa(url: str) -> Probe:
    """Whether the Rasa server answers now (its /version): the workers' classifier stands in otherwise."""
    async def probe() -> bool:
        timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url.rstrip("/") + "/version") as r:
            return r.status == 200
    return probe


def handler(engine_key: web.AppKey) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def health(request: web.Request) -> web.Response:
        engine: Engine = request.app[engine_key]
        loop = asyncio.get_running_loop()
        probes = {"database": lambda: loop.run_in_executor(None, _database_answers, engine),
                  **request.app.get(PROBES, {})}
        # asked at once: the answer comes within one probe's time, inside the orchestrator's check
        answers = await asyncio.gather(*(_ask(probe) for probe in probes.values()))
        parts = dict(zip(probes, answers))
        status = Status.DOWN if parts["database"] == Part.DOWN else \
            Status.DEGRADED if Part.DOWN in parts.values() else Status.OK
        return web.json_response({"status": str(status), "standards": len(engine.standards),
                                  "database": engine.db.dialect.name,
                                  "parts": {name: str(part) for name, part in parts.items()}},
                                 status=503 if status == Status.DOWN else 200)
    return health
