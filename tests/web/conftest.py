"""Servers for the browser tests: our app and a host page of another origin, on loopback, in a thread.

A browser driven from the test's own thread needs the servers to answer while the test
waits on it, so they run on an event loop of their own in a background thread.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from aiohttp import web


class BackgroundServers:
    """aiohttp applications served on free loopback ports by one background event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="web-test-servers", daemon=True)
        self.thread.start()
        self.runners: list[web.AppRunner] = []

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self, app: web.Application) -> str:
        """Serve `app`; its base URL (http://127.0.0.1:PORT)."""
        async def _start() -> str:
            runner = web.AppRunner(app)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self.runners.append(runner)
            return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.call(_start())

    def close(self) -> None:
        async def _stop() -> None:
            for runner in reversed(self.runners):
                await runner.cleanup()
        try:
            self.call(_stop(), timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()


@pytest.fixture(scope="module")
def servers() -> BackgroundServers:
    served = BackgroundServers()
    yield served
    served.close()
