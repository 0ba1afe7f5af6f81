"""CORS as Rasa's `--cors` offers it: an allow-list of origins, "*" for any, none by default.

A widget on a government portal posts to us from another origin; the browser first
asks with a preflight `OPTIONS` and shows nothing unless it is answered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

ALLOWED_METHODS = "POST, OPTIONS"
MAX_AGE = "600"             # seconds a browser may reuse a preflight's answer


def allowed(origin: str, origins: tuple[str, ...]) -> bool:
    """Origins compare without case (a browser sends them lower-case) or a trailing slash."""
    return "*" in origins or origin.rstrip("/").lower() in origins


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
                return web.json_response({"error": f"origin {origin} is not allowed (CORS_ORIGINS)"}, status=403,
                                         headers={"Vary": "Origin"})
            # the headers the page asks to send are allowed, as Rasa's sanic-cors does ("*")
            asked = request.headers.get("Access-Control-Request-Headers") or "Content-Type"
            return web.Response(status=204, headers={
                **_headers(origin, origins), "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": asked, "Access-Control-Max-Age": MAX_AGE})
        response = await handler(request)
        response.headers.update(_headers(origin, origins) if allowed(origin, origins) else {"Vary": "Origin"})
        return response
    return cors
