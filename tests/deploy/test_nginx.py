"""deploy/nginx.conf in a real nginx (Debian's package), rendered for loopback by deploy/nginx_render.py, in
front of two real aiohttp upstreams (echo_upstream.py), run as a non-root user on a high loopback port.

What the stack relies on: requests reach both workers; a worker killed mid-request has its POST answered
by the other (our deliveries are idempotent by their ids); a 64 KB body passes whole; the request id is
passed on, or made when missing or malformed; /metrics is not served to the outside.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.nginx_render import command, render
from tests.conftest import _free_port, wait_for_port

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
UPSTREAM = Path(__file__).resolve().parent / "echo_upstream.py"
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed: run scripts/install-system-packages.sh "
                                                      "(Debian package nginx)")


@dataclass
class Front:
    url: str
    folder: Path
    nginx: subprocess.Popen
    upstreams: dict[str, subprocess.Popen]      # name -> process
    ports: dict[str, int]

    def logged(self, request_id: str) -> list[dict]:
        """The access log's lines for a request id: nginx writes a line after the answer has gone out, so
        it is waited for (a second at most)."""
        deadline = time.monotonic() + 1
        while True:
            text = (self.folder / "stdout.log").read_text()
            lines = [json.loads(line) for line in text.splitlines() if line.endswith("}")]
            found = [line for line in lines if line["request_id"] == request_id]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)


def _as_nobody() -> dict:
    """Root (CI) runs nginx as `nobody`, as compose runs it as uid 101; anyone else runs it as themselves."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("nobody")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def front() -> Iterator[Front]:
    folder = Path(tempfile.mkdtemp(prefix="qyzmet-nginx-"))
    ports = {"a": _free_port(), "b": _free_port()}
    upstreams = {name: subprocess.Popen([sys.executable, str(UPSTREAM), name, str(port), str(folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for name, port in ports.items()}
    nginx = None
    try:
        listen = _free_port()
        conf = folder / "nginx.conf"
        conf.write_text(render([f"127.0.0.1:{p}" for p in ports.values()], f"127.0.0.1:{listen}"))
        stdout, stderr = folder / "stdout.log", folder / "stderr.log"
        stdout.touch()
        stderr.touch()
        user = _as_nobody()
        if user:
            for path in (folder, stdout, stderr):       # nginx reopens /dev/stdout: the file must be its user's
                os.chown(path, user["user"], user["group"])
        for port in ports.values():
            wait_for_port(port, 15)
        with stdout.open("ab") as out, stderr.open("ab") as err:
            nginx = subprocess.Popen(command(conf, folder, NGINX), stdout=out, stderr=err, **user)
        wait_for_port(listen, 10)
        if nginx.poll() is not None:
            pytest.fail(f"nginx did not start: {stderr.read_text()}")
        yield Front(f"http://127.0.0.1:{listen}", folder, nginx, upstreams, ports)
    finally:
        for proc in [*upstreams.values(), *([nginx] if nginx else [])]:
            _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def shared() -> Iterator[Front]:
    with front() as f:
        yield f


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 15) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {}


def test_nginx_runs_as_a_user_other_than_root(shared):
    uid = next(int(line.split()[1]) for line in Path(f"/proc/{shared.nginx.pid}/status").read_text().splitlines()
               if line.startswith("Uid:"))
    assert uid != 0
    assert (shared.folder / "nginx.pid").read_text().strip() == str(shared.nginx.pid)   # its files: under -p


def test_requests_reach_both_workers(shared):
    seen = [call(shared.url + "/health") for _ in range(12)]
    assert {status for status, _ in seen} == {200}
    assert {answer["name"] for _, answer in seen} == {"a", "b"}


def test_a_64_kb_body_reaches_the_worker_whole(shared):
    body = os.urandom(64 * 1024)
    status, answer = call(shared.url + "/webhooks/rest/webhook", body, {"Content-Type": "application/octet-stream"})
    assert status == 200
    assert (answer["length"], answer["sha256"]) == (65536, hashlib.sha256(body).hexdigest())


def test_a_body_far_over_the_applications_limit_is_refused_at_the_door(shared):
    status, _ = call(shared.url + "/webhooks/rest/webhook", b"x" * (512 * 1024))
    assert status == 413


def test_a_well_formed_request_id_is_passed_on_as_it_came(shared):
    status, answer = call(shared.url + "/webhooks/rest/webhook", b"{}", {"X-Request-Id": "tg-4711.retry_2"})
    assert (status, answer["request_id"]) == (200, "tg-4711.retry_2")
    logged = shared.logged("tg-4711.retry_2")
    assert len(logged) == 1 and logged[0]["status"] == 200


@pytest.mark.parametrize("given", [None, "two words", "x" * 65, "id\"quoted", "ид-кириллица",
                                   "87011234567", "900104-300-126", "req.8.701.123.45"])
def test_a_missing_or_malformed_request_id_is_replaced_by_nginxs_own(shared, given):
    headers = {} if given is None else {"X-Request-Id": given}
    if given is not None and not given.isascii():
        headers = {"X-Request-Id": given.encode().decode("latin-1")}    # as raw UTF-8 bytes on the wire
    status, answer = call(shared.url + "/health", headers=headers)
    assert status == 200
    rid = answer["request_id"]
    assert rid != given and len(rid) == 32 and all(c in "0123456789abcdef" for c in rid)


def test_metrics_are_not_served_through_the_public_port(shared):
    assert call(shared.url + "/metrics")[0] == 404


def test_a_post_held_by_a_killed_worker_is_answered_by_the_other():
    with front() as f:
        body = json.dumps({"sender": "kill-test", "message": "паспорт"}).encode()
        # Round robin decides which worker takes a request: send until `a` holds one, then kill it.
        for attempt in range(8):
            rid = f"kill-{attempt}"
            result: dict = {}

            def send(rid=rid, result=result):
                result["answer"] = call(f.url + "/webhooks/rest/webhook", body,
                                        {"X-Stall": "a", "X-Request-Id": rid, "Content-Type": "application/json"})
            sender = threading.Thread(target=send)
            sender.start()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and sender.is_alive() and not (f.folder / "a.stalled").exists():
                time.sleep(0.02)
            if (f.folder / "a.stalled").exists():
                break
            sender.join()               # `b` took it and answered at once: again
        else:
            pytest.fail("worker a never got the request")
        f.upstreams["a"].send_signal(signal.SIGKILL)
        sender.join(timeout=20)
        status, answer = result["answer"]
        assert status == 200
        assert (answer["name"], answer["request_id"], answer["sha256"]) == ("b", rid, hashlib.sha256(body).hexdigest())
        [logged] = f.logged(rid)
        assert logged["upstream"] == f"127.0.0.1:{f.ports['a']}, 127.0.0.1:{f.ports['b']}"   # tried a, then b
        assert logged["upstream_status"] == "502, 200"

        # and while `a` stays dead, every delivery is answered by `b`
        after = [call(f.url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}) for _ in range(6)]
        assert [(status, answer["name"]) for status, answer in after] == [(200, "b")] * 6
