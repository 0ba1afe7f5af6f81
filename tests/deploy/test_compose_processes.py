"""What docker-compose.yml asks of two of its services, checked by running their commands here: Redis with
the stack's options writes nothing to disk, and the polling bot's health check answers for the bot itself,
with Redis down too, and not once the bot has stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis

from bench.stack_pieces import stop_process
from tests.bot.fake_telegram import TOKEN_FOR_PROCESS
from tests.conftest import _free_port, wait_for_port
from tests.deploy.test_compose_file import services

ROOT = Path(__file__).resolve().parents[2]
FAKE_TELEGRAM = ROOT / "tests" / "bot" / "fake_telegram.py"


def test_redis_with_the_stacks_options_writes_nothing_to_disk(tmp_path):
    """An append-only file or a snapshot would keep the bot's keys (Telegram user ids in them) on a volume
    past their TTL. With compose's command, keys written and Redis stopped as `docker compose down` stops it
    leave its folder empty."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it: scripts/install-system-packages.sh)")
    command = services()["redis"]["command"]
    assert command[0] == "redis-server"
    port = _free_port()
    proc = subprocess.Popen([binary, *command[1:], "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 10)
        client = redis.Redis(port=port, socket_timeout=5)
        assert client.config_get("appendonly") == {"appendonly": "no"}
        assert client.config_get("save") == {"save": ""}
        client.set("fsm:flood:720000001", "3", ex=60)
        for _ in range(200):                    # enough writes to pass any of Redis' default snapshot rules
            client.incr("fsm:flood:720000002")
        proc.terminate()                        # `docker compose down`: SIGTERM, a snapshot here if saving were on
        assert proc.wait(timeout=10) == 0
    finally:
        stop_process(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _check(command: list[str], port: int) -> subprocess.CompletedProcess:
    """Compose's health check command run here: this venv's python, the test's port for the stack's."""
    stack_port = services()["bot"]["environment"]["METRICS_PORT"]
    words = [sys.executable if w == "python" else w.replace(f":{stack_port}/", f":{port}/") for w in command]
    return subprocess.run(words, capture_output=True, text=True, timeout=30)


def test_the_polling_bots_health_check_answers_for_the_bot_itself_even_with_redis_down(db_url):
    bot = services()["bot"]
    kind, *command = bot["healthcheck"]["test"]
    assert kind == "CMD"
    telegram_port, metrics_port = _free_port(), _free_port()
    with socket.socket() as s:                   # a port nothing listens on: Redis is down
        s.bind(("127.0.0.1", 0))
        redis_down = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    folder = Path(tempfile.mkdtemp(prefix="qyzmet-bot-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QYZMET_", "REDIS", "METRICS", "BOT_"))}
    env.update({**bot["environment"],
                "QYZMET_HOST": "127.0.0.1",     # loopback here; the stack's 0.0.0.0 is its own network
                "METRICS_PORT": str(metrics_port), "REDIS_URL": redis_down, "DATABASE_URL": db_url,
                "NLU_BACKEND": "builtin", "LOG_FORMAT": "json", "BOT_TOKEN": TOKEN_FOR_PROCESS,
                "TELEGRAM_API_BASE": f"http://127.0.0.1:{telegram_port}"})
    env.pop("PUBLIC_BASE_URL", None)             # long polling, as the `polling` profile runs it
    telegram = subprocess.Popen([sys.executable, str(FAKE_TELEGRAM), str(telegram_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = (folder / "bot.log").open("wb")
    process = None
    try:
        wait_for_port(telegram_port, 15)
        before = _check(command, metrics_port)
        assert before.returncode != 0                         # nothing answers yet: the check does look
        process = subprocess.Popen([sys.executable, "-m", "qyzmet.cli", *bot["command"][1:]], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while (done := _check(command, metrics_port)).returncode != 0:
            assert process.poll() is None, (folder / "bot.log").read_text()[-2000:]
            assert time.monotonic() < deadline, done.stderr[-500:]
            time.sleep(0.3)
        assert process.poll() is None                         # healthy, and Redis is down all along
        process.terminate()
        process.wait(timeout=20)
        assert _check(command, metrics_port).returncode != 0  # the bot gone: unhealthy
    finally:
        for proc in (process, telegram):
            if proc is not None:
                stop_process(proc)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
