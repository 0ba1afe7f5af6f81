"""The proxy's timeouts for deliveries (deploy/nginx.conf) against what waits in front of them (Twilio gives
up on a webhook after 15 s) and behind them (the NLU's own time limits; the bot's chat lock, which a killed
worker leaves held). tests/deploy/test_nginx.py measures the same with a real nginx; these say which number
must move when one of the others does."""

from __future__ import annotations

import re
from pathlib import Path

from bot.storage import LOCK_SECONDS
from ivr.config import VoiceConfig
from qyzmet.settings import Settings

CONF = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
TWILIO_GIVES_UP = 15.0          # seconds Twilio waits for a webhook's answer
# the longest a healthy worker takes over a delivery: its slowest wait (Rasa, or a call's NLU) and some work
HANDLING = max(Settings().rasa_timeout, VoiceConfig.__dataclass_fields__["nlu_timeout"].default) + 0.5


def deliveries(name: str) -> float:
    """A directive's seconds in the location of the channels' deliveries (/webhooks/, /ivr/)."""
    block = re.search(r"location ~ \^/\(\?:webhooks\|ivr\)/ \{(?P<body>[^}]*)\}", CONF)
    assert block, "deploy/nginx.conf: no location for /webhooks/ and /ivr/"
    value = re.search(rf"^\s*{name}\s+(\d+)s;", block["body"], re.M) or re.search(rf"^\s*{name}\s+(\d+)s;", CONF, re.M)
    assert value, name
    return float(value[1])


def test_a_hung_workers_delivery_is_retried_and_answered_before_twilio_gives_up():
    read, budget = deliveries("proxy_read_timeout"), deliveries("proxy_next_upstream_timeout")
    assert HANDLING < read                       # a healthy worker is never taken for hung
    assert read < budget                         # nginx retries only while within the budget
    assert budget + HANDLING <= TWILIO_GIVES_UP  # a retry started at the last moment still answers in time


def test_a_telegram_update_retried_after_a_kill_outwaits_the_dead_workers_chat_lock_in_time():
    """kill -9 leaves the chat's lock in Redis; the retry, sent at once to the other worker, waits for it to
    expire and is answered before the proxy's read timeout (no second retry is left)."""
    assert LOCK_SECONDS + HANDLING <= deliveries("proxy_read_timeout")
