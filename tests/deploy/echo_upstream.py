"""A tiny upstream for the nginx tests: a real aiohttp server that says who it is and what it was sent.

    python tests/deploy/echo_upstream.py NAME PORT FOLDER

Every request is answered with JSON: this server's NAME, the method, the X-Request-Id it was given,
the body's length and SHA-256. A request with `X-Stall: NAME` is held by the server of that name
(it writes FOLDER/NAME.stalled first, so a test knows when to kill it mid-request); any other server
answers it at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
from pathlib import Path

from aiohttp import web


def make_app(name: str, folder: Path) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        if request.headers.get("X-Stall") == name:
            (folder / f"{name}.stalled").write_text(request.headers.get("X-Request-Id", ""))
            await asyncio.sleep(60)
        return web.json_response({"name": name, "method": request.method, "path": request.path,
                                  "request_id": request.headers.get("X-Request-Id"), "length": len(body),
                                  "sha256": hashlib.sha256(body).hexdigest()})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", echo)
    return app


if __name__ == "__main__":
    name, port, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    web.run_app(make_app(name, folder), host="127.0.0.1", port=port, print=None, access_log=None)
