"""Every HTTP request observed: its request id, its latency by channel, one DEBUG line; and GET /metrics.

The request id: a well-formed `X-Request-Id` the request came with (a proxy's, a client's), else a
new one; set for everything the request does (dialogs.tracing: the channel's, the engine's and
the NLU's log lines) and echoed in the response's `X-Request-Id`.

/metrics: this process's metrics in Prometheus' text format (prometheus-client's default registry:
the engine's, the NLU's and these, with the process' own). Each replica answers for itself only
(no multiprocess mode): Prometheus scrapes every replica directly, found by the service's DNS name
(`dns_sd_configs: [{names: [web], type: A, port: 8080}]` in the compose network), never through
the proxy, which would hand each scrape to a different replica, and sums them in its queries.
"""

from __future__ import annotations

import logging
import re
import time
from enum import StrEnum

from aiohttp import web
from prometheus_client import REGISTRY, Histogram, disable_created_metrics, generate_latest, start_http_server
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from dialogs import tracing

log = logging.getLogger("qyzmet.http")
# no `…_created` series beside every counter and histogram: twice the series, for a time Prometheus can tell
disable_created_metrics()


class Route(StrEnum):
    """The groups of routes whose latency is measured: the channels' webhooks and the chat page."""
    REST = "rest"
    TELEGRAM = "telegram"
    IVR = "ivr"
    CHAT = "chat"


PREFIXES = (("/webhooks/rest/", Route.REST), ("/webhooks/telegram", Route.TELEGRAM), ("/ivr/", Route.IVR),
            ("/chat", Route.CHAT))
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

LATENCY = Histogram("qyzmet_webhook_seconds", "Time to answer a request, from its headers read to its response "
                    "made, by route group: rest (the REST channel and the web chat's messages), telegram (the "
                    "webhook, answered once the update is handled), ivr (Twilio's webhooks and the audio), "
                    "chat (the web chat's page and files)", ["route"], buckets=LATENCY_BUCKETS)
for _route in Route:
    LATENCY.labels(str(_route))


HEADER = "X-Request-Id"
# An id a client sent is taken only when it is plainly an id, because it goes into every log line of the
# request: at most 64 of A-Z a-z 0-9 . _ -, and at most five digits in all, fewer than any phone number,
# ИИН or card needs however it is split. The proxy applies the same rule (deploy/nginx.conf) and otherwise
# sends its own id, 32 random hex digits, which are taken as they are.
WELL_FORMED = re.compile(r"(?!(?:[^0-9]*[0-9]){6})[A-Za-z0-9._-]{1,64}")
PROXYS_OWN = re.compile(r"[0-9a-f]{32}")


def accepted(given: str | None) -> str:
    """The id a request came with when it is well formed (or the proxy's own), else a new one."""
    if given and (WELL_FORMED.fullmatch(given) or PROXYS_OWN.fullmatch(given)):
        return given
    return tracing.new_id()


def route_of(path: str) -> Route | None:
    for prefix, route in PREFIXES:
        if path.startswith(prefix):
            return route
    return None


@web.middleware
async def observe(request: web.Request, handler):
    """The outermost middleware: everything inside it (the other middlewares too) carries the request id."""
    rid = accepted(request.headers.get(HEADER))
    started = time.perf_counter()
    status = 500
    with tracing.request(rid):
        try:
            response = await handler(request)
            status = response.status
            if not response.prepared:
                response.headers[HEADER] = rid
            return response
        except web.HTTPException as exc:            # a 404, a 405, a redirect: answered by aiohttp itself
            status = exc.status
            exc.headers[HEADER] = rid
            raise
        except Exception:
            # logged here, inside the request's context, so the traceback carries its id, and answered with
            # the id, so a client's report of the failure finds that traceback (aiohttp would do neither)
            resource = request.match_info.route.resource
            log.exception("unexpected error on %s %s", request.method,
                          resource.canonical if resource else "(no route)")
            return web.Response(status=500, text="internal error", headers={HEADER: rid})
        finally:
            seconds = time.perf_counter() - started
            route = route_of(request.path)
            if route is not None:
                LATENCY.labels(str(route)).observe(seconds)
            if log.isEnabledFor(logging.DEBUG):
                # the route as declared ("/ivr/context/{sid}"), never the path as sent, nor its query
                resource = request.match_info.route.resource
                log.debug("%s %s %d in %.1f ms", request.method, resource.canonical if resource else "(no route)",
                          status, seconds * 1000)


async def metrics(request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/metrics", metrics)


def serve_metrics(host: str, port: int):
    """/metrics on a port of its own, from a thread (`qyzmet bot` polling, which has no HTTP server);
    the server, to be shut down by whoever wants it stopped before the process ends."""
    server, _thread = start_http_server(port, addr=host)
    return server
