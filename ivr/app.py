"""The voice line added to the HTTP application: its tables, its voice, SMS, and the routes under /ivr/."""

from __future__ import annotations

import logging

from aiohttp import web

from dialogs.runner import Runner
from dialogs.sessions import Database
from ivr import models, routes
from ivr.audio import Audio, check_voice
from ivr.calls import Calls
from ivr.config import VoiceConfig
from ivr.line import Line, Notify, Withdraw
from ivr.sms import Texter
from ivr.twiml import Voice

log = logging.getLogger("qyzmet.ivr")


def add_voice(app: web.Application, config: VoiceConfig, runner: Runner, notify: Notify | None = None,
              withdraw: Withdraw | None = None) -> Line:
    check_voice()                        # at start, not at the first Kazakh caller
    if not config.sms:
        log.warning("voice line: no SMS (TWILIO_ACCOUNT_SID and TWILIO_SMS_FROM are not both set): callers are "
                    "not offered answers by SMS")
    if not config.agent_numbers:
        log.warning("voice line: IVR_AGENT_NUMBERS is not set: anyone who reaches /ivr/agent takes the next caller")
    if not config.operator_token:
        log.warning("voice line: no screen-pop (IVR_OPERATOR_TOKEN is not set): /ivr/context answers 404")
    models.migrate(runner.engine.db)
    texter = Texter(config) if config.sms else None
    audio = Audio(config.audio_dir, config.public_base_url, config.caller_key)
    line = Line(config, runner, Calls(Database(runner.engine.db, runner.onloop)), Voice(config, audio), texter, notify,
                withdraw)
    routes.add_routes(app, line)

    async def start(_app: web.Application) -> None:
        if texter is not None:
            texter.start()               # its aiohttp session, on the server's event loop
    app.on_startup.append(start)

    async def close(_app: web.Application) -> None:
        if texter is not None:
            await texter.close()
    app.on_cleanup.append(close)
    return line
