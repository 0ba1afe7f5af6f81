"""Starting a Rasa server as a child process and waiting until it answers.

Used by the tests and the benchmark; production runs `make rasa` (or a container)
and only points RASA_URL at it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "rasa.sh"


def script(*args: str) -> str:
    """Run scripts/rasa.sh and return what it printed (e.g. `model`, `venv`)."""
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def running(command: list[str], port: int, log: Path, cwd: Path | None = None,
            timeout: float = 180.0) -> Iterator[str]:
    """Start `command` (a Rasa server on 127.0.0.1:`port`), yield its URL once
    `/status` answers 200, and stop the whole process group afterwards."""
    env = {**os.environ, "RASA_PORT": str(port), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Rasa server did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
