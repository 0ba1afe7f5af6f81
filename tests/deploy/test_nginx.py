"""deploy/nginx.conf in a real nginx (Debian's package), rendered for loopback by deploy/nginx_render.py, in
front of two real aiohttp upstreams (echo_upstream.py), run as a non-root user on a high loopback port.

What the stack relies on: requests reach both workers; a worker killed mid-request has its POST answered
by the other (our deliveries are idempotent by their ids), and a hung one's within Twilio's 15 s; a 64 KB
body passes whole; the request id is passed on, or made when missing, malformed or holding six digits; the
logs name a route group, never the path, the query or the client; /metrics is not served to the outside.
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

from bench.stack_pieces import stop_process
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
            stop_process(proc)
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


@pytest.mark.parametrize("given", ["tg-4711.retry_2", "web-1a2b3c4d", "x" * 64, "A.b_C-d", "12345"])
def test_a_well_formed_request_id_is_passed_on_as_it_came(shared, given):
    status, answer = call(shared.url + "/webhooks/rest/webhook", b"{}", {"X-Request-Id": given})
    assert (status, answer["request_id"]) == (200, given)
    logged = shared.logged(given)
    assert len(logged) == 1 and logged[0]["status"] == 200


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 65, "id\"quoted", "ид-кириллица", "tab\there",
                                   "87011234567", "900104-300-126", "req.8.701.123.45", "123456",
                                   # six digits or more anywhere, however far apart: a number can hide in them
                                   "7a708b123c45d67", "7..708..123..45..67", "a1b2c3d4e5f6", "x1-y2-z3-u4-v5-w6"])
def test_a_missing_or_malformed_request_id_is_replaced_by_nginxs_own(shared, given):
    headers = {} if given is None else {"X-Request-Id": given}
    if given is not None and not given.isascii():
        headers = {"X-Request-Id": given.encode().decode("latin-1")}    # as raw UTF-8 bytes on the wire
    status, answer = call(shared.url + "/health", headers=headers)
    assert status == 200
    rid = answer["request_id"]
    assert rid != given and len(rid) == 32 and all(c in "0123456789abcdef" for c in rid)
    assert shared.logged(rid)                       # the access log's line is under nginx's id, not the client's


@pytest.mark.parametrize("path, route", [
    ("/webhooks/rest/webhook", "rest"), ("/webhooks/rest/900104300126/87081234567", "rest"),
    ("/webhooks/rest/forget", "rest"), ("/webhooks/telegram", "telegram"), ("/ivr/step", "ivr"),
    ("/ivr/audio/kk/87081234567.wav", "ivr"), ("/chat", "chat"), ("/chat/static/chat.js", "chat"),
    ("/health", "health"), ("/metrics", "metrics"), ("/", "other"), ("/87081234567", "other"),
    ("/webhooks/restless", "other"), ("/chatter", "other"), ("/health/87081234567", "other"),
])
def test_the_access_log_names_the_route_group_never_the_path(shared, path, route):
    rid = f"route-{hashlib.sha256(path.encode()).hexdigest()[:8]}".translate(str.maketrans("0123456789", "ghijklmnop"))
    call(f"{shared.url}{path}?sender=87011112233", headers={"X-Request-Id": rid})
    [line] = shared.logged(rid)
    assert line["route"] == route
    assert "path" not in line and "uri" not in line
    written = (shared.folder / "stdout.log").read_text() + (shared.folder / "stderr.log").read_text()
    assert not [n for n in ("87081234567", "900104300126", "87011112233") if n in written]


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


def _answer_while_a_is_stopped(f: Front, method: str, path: str, body: bytes | None) -> tuple[float, int, dict, str]:
    """Worker `a` SIGSTOPped (hung: its socket still accepts, nothing answers), a request sent until round
    robin hands one to `a`: (seconds to the answer, status, answer, request id) of that one."""
    f.upstreams["a"].send_signal(signal.SIGSTOP)
    try:
        for attempt in range(4):
            rid = f"hung-{attempt}"
            started = time.monotonic()
            status, answer = call(f.url + path, body, {"X-Request-Id": rid, "Content-Type": "application/json"},
                                  timeout=30)
            took = time.monotonic() - started
            if took > 1:                        # `a` had it: nginx waited for it, then went to `b`
                return took, status, answer, rid
        pytest.fail("no request went to the stopped worker a")
    finally:
        f.upstreams["a"].send_signal(signal.SIGCONT)


def test_a_delivery_held_by_a_hung_worker_is_answered_by_the_other_within_twilios_15_s():
    path = "/webhooks/rest/900104300126/87081234567"      # anything a client puts in a path stays out of the logs
    body = json.dumps({"sender": "hung-test", "message": "паспорт", "message_id": "m-1"}).encode()
    with front() as f:
        took, status, answer, rid = _answer_while_a_is_stopped(f, "POST", path, body)
        assert (status, answer["name"], answer["request_id"]) == (200, "b", rid)
        assert answer["sha256"] == hashlib.sha256(body).hexdigest()      # the body resent whole
        assert 9.5 <= took <= 11.5, took        # 10 s of silence, then the other worker: before Twilio's 15 s
        [logged] = f.logged(rid)
        assert (logged["upstream"], logged["upstream_status"]) == \
            (f"127.0.0.1:{f.ports['a']}, 127.0.0.1:{f.ports['b']}", "504, 200")
        written = (f.folder / "stdout.log").read_text() + (f.folder / "stderr.log").read_text()
        assert "87081234567" not in written and "900104300126" not in written
        assert "client:" not in written         # nginx's error line (the client, the request line) is not written


def test_the_chat_page_held_by_a_hung_worker_is_served_by_the_other_within_seconds():
    with front() as f:
        took, status, answer, _ = _answer_while_a_is_stopped(f, "GET", "/chat", None)
        assert (status, answer["name"], answer["path"]) == (200, "b", "/chat")
        assert 4.5 <= took <= 6.5, took
