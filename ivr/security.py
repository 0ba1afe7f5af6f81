"""Is this webhook from Twilio? Its signature, checked by twilio's `RequestValidator`.

Twilio signs the URL it called — the public one — with the POST parameters. Behind a reverse
proxy the server sees another scheme, host and port, so the URL is rebuilt from PUBLIC_BASE_URL
and the path and query as they arrived (twilio-python#751 is this mistake made the other way).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from aiohttp import web
from multidict import MultiDict
from twilio.request_validator import RequestValidator

MAX_BODY = 64 * 1024           # a webhook's form is a few hundred bytes; a call's is never near this
FORM = "application/x-www-form-urlencoded"


class Rejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


async def signed_form(request: web.Request, validator: RequestValidator, public_base_url: str) -> dict[str, str]:
    """The webhook's parameters (query and form), once its signature is known to be Twilio's."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        raise Rejected(403, "not signed by Twilio")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Rejected(413, f"the body is larger than {MAX_BODY} bytes")
    try:
        raw = await request.read()          # the whole body, however many packets it came in
    except web.HTTPRequestEntityTooLarge:
        raise Rejected(413, f"the body is larger than {MAX_BODY} bytes") from None
    except (web.RequestPayloadError, ConnectionError):
        raise Rejected(400, "the body could not be read") from None
    if len(raw) > MAX_BODY:
        raise Rejected(413, f"the body is larger than {MAX_BODY} bytes")
    if request.method == "POST" and raw and request.content_type != FORM:
        raise Rejected(415, f"a webhook's body is {FORM}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(400, "the body is not UTF-8") from None
    try:
        form = MultiDict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict",
                                   max_num_fields=200))
    except ValueError:
        raise Rejected(400, "the body is not a form") from None
    url = public_base_url + request.rel_url.raw_path_qs       # the path and query exactly as Twilio sent them
    if not validator.validate(url, form, signature):
        raise Rejected(403, "the signature does not match")
    params = {k: v for k, v in request.query.items()}
    params.update((k, v) for k, v in form.items())
    if any("\x00" in v for v in params.values()):
        raise Rejected(400, "a parameter holds a NUL character")
    return params
