"""What the REST channel's routes share: reading a body within its limit, and errors as JSON."""

from __future__ import annotations

from aiohttp import web
from aiohttp.http_exceptions import PayloadEncodingError


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def body_of(request: web.Request, limit: int) -> bytes | web.Response:
    """The request's body, or the JSON error that says why it cannot be had."""
    if (request.content_length or 0) > limit:
        return error(413, f"the body is larger than {limit} bytes")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return error(413, f"the body is larger than {limit} bytes")
    except (web.RequestPayloadError, PayloadEncodingError) as bad:    # cannot be read as sent (a broken gzip)
        return error(400, f"the body could not be read: {bad.__class__.__name__}")
    if len(raw) > limit:
        return error(413, f"the body is larger than {limit} bytes")
    return raw


async def preflight(request: web.Request) -> web.Response:
    """Reached only without an Origin (web.cors answers a browser's preflight)."""
    return web.Response(status=204, headers={"Allow": "POST, OPTIONS"})
