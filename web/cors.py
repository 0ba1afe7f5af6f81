"""CORS as Rasa's `--cors` offers it: an allow-list of origins, "*" for any, none by default.

A widget on a government portal posts to us from another origin; the browser first
asks with a preflight `OPTIONS` and shows nothing unless it is answered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

ALLOWED_METHODS = "POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type"
MAX_AGE = "600"             # seconds a browser may reuse a preflight's answer


def allowed(origin: str, origins: tuple[str, ...]) -> bool:
    return "*" in origins or origin.rstrip("/") in origins


def _headers(origin: str, origins: tuple[str, ...]) -> dict[str, str]:
    return {"Access-Control-Allow-Origin": "*" if "*" in origins else origin, "Vary": "Origin"}


def middleware(origins: tuple[str, ...], paths: tuple[str, ...]):
    """CORS for requests to `paths` (prefixes); preflights answered here."""
    @web.middleware
    async def cors(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        origin = request.headers.get("Origin")
        if not request.path.startswith(paths) or not origin:
            return await handler(request)
        if request.method == "OPTIONS":
            if not allowed(origin, origins):
                return web.json_response({"error": f"origin {origin} is not allowed (CORS_ORIGINS)"}, status=403)
            return web.Response(status=204, headers={
                **_headers(origin, origins), "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS, "Access-Control-Max-Age": MAX_AGE})
        response = await handler(request)
        if allowed(origin, origins):
            response.headers.update(_headers(origin, origins))
        return response
    return cors
