"""`qyzmet serve`: the HTTP server — /health, the REST channel, the web chat at /chat, Telegram's
webhook at /webhooks/telegram when BOT_TOKEN and PUBLIC_BASE_URL are set, and the 1414 voice
line's webhooks at /ivr/ when TWILIO_AUTH_TOKEN is set."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiohttp import web


BACKLOG = 1024          # connections waiting to be accepted (Linux caps it at net.core.somaxconn)


def event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (everywhere but Windows), else asyncio's own. A worker
    spends much of a turn in the loop's own work (sockets, callbacks, a Telegram update's dozen
    round trips to Redis and the Bot API): with uvloop bench/stack_load.py served 256 turns/s, not 192,
    and at a paced 190 turns/s a Telegram update's p99 was 0.4 s, not 0.9 s."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def add_parser(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="the HTTP server: /health, the Rasa-compatible REST channel, "
                                                "the web chat at /chat, the Telegram webhook, the voice line")
    serve.add_argument("--host", help="default: QYZMET_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: QYZMET_PORT or 8080")
    serve.set_defaults(handler=run)


def run(args) -> int:
    from qyzmet.app import make_engine_from, make_web_app

    settings = args.settings
    log = logging.getLogger("qyzmet.serve")
    host, port = getattr(args, "host", None) or settings.host, getattr(args, "port", None) or settings.port
    if not 1 <= port <= 65535:
        print(f"qyzmet serve: the port must be from 1 to 65535, not {port}", file=sys.stderr)
        return 2
    from qyzmet.keys import for_server
    settings = for_server(settings, "serve")
    if settings is None:
        return 2
    if settings.voice is not None:
        from ivr.audio import NoVoice, check_voice
        try:
            check_voice()               # before the engine loads: a missing voice is said at once
        except NoVoice as e:
            print(f"qyzmet serve: {e}", file=sys.stderr)
            return 2
    engine = make_engine_from(settings)
    try:
        web.run_app(make_web_app(engine, settings), host=host, port=port,
                    # no access log: a line per request halved throughput (bench/rest_load.py), and it
                    # would write senders' ids unmasked; web.observe logs each request at DEBUG instead
                    print=log.info, access_log=None, loop=event_loop(),
                    # a burst of new connections (the proxy's, at a peak) waits in the kernel's queue rather
                    # than being dropped: aiohttp's 128 overflowed under bench/stack_load.py's first turns
                    backlog=BACKLOG)
    except OSError as e:                    # the address is taken, or not this machine's
        print(f"qyzmet serve: cannot listen on {host}:{port}: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0
