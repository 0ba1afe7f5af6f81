"""`qyzmet bot`: the Telegram bot. Long polling by default; with PUBLIC_BASE_URL, the webhook on the
same HTTP server as `qyzmet serve` (which then serves both)."""

from __future__ import annotations

import asyncio
import sys


def add_parser(subparsers) -> None:
    bot = subparsers.add_parser("bot", help="the Telegram bot (BOT_TOKEN): long polling, or the webhook on the "
                                            "HTTP server when PUBLIC_BASE_URL is set")
    bot.set_defaults(handler=run)


def run(args) -> int:
    settings = args.settings
    config = settings.telegram
    if config is None:
        print("qyzmet bot: BOT_TOKEN is not set (the bot's token from @BotFather)", file=sys.stderr)
        return 2
    if config.webhook:
        from qyzmet import serve
        return serve.run(args)
    from bot.app import poll
    from dialogs.runner import Runner
    from qyzmet.app import make_engine_from
    from qyzmet.keys import for_server

    settings = for_server(settings, "bot")
    if settings is None:
        return 2
    if settings.metrics_port is not None:
        from web.observe import serve_metrics
        try:
            serve_metrics(settings.host, settings.metrics_port)
        except OSError as e:
            print(f"qyzmet bot: cannot serve /metrics on {settings.host}:{settings.metrics_port}: "
                  f"{e.strerror or e}", file=sys.stderr)
            return 2
    runner = Runner(make_engine_from(settings))
    try:
        from qyzmet.serve import event_loop
        with asyncio.Runner(loop_factory=event_loop) as loop:
            loop.run(poll(config, runner))
    except KeyboardInterrupt:
        pass
    finally:
        runner.close()
    return 0
