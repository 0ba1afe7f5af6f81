"""The pieces of the native stack (bench/stack.py): a program run in its own process group with its log
and health check, and a throw-away PostgreSQL cluster; each can be started, waited for until healthy,
stopped, killed with SIGKILL and started again."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen, seconds: float = 15) -> None:
    """A child ended: woken if it was stopped (SIGSTOP), asked to end, killed if it does not in `seconds`."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGCONT)
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def pg_bin() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


# ---------------------------------------------------------------- health checks

def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def redis_pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# ---------------------------------------------------------------- the pieces

@dataclass
class Process:
    """One long-running program of the stack, in a process group of its own (so that a kill takes its
    children too), its output in a log file."""
    name: str
    command: list[str]
    log: Path
    healthy: Callable[[], bool]
    env: dict = field(default_factory=lambda: dict(os.environ))
    cwd: Path = ROOT
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.command, env=self.env, cwd=self.cwd, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not self.healthy():
            if not self.running:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode if self.proc else '-'}):\n"
                                   f"{tail(self.log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} was not healthy within {seconds:.0f} s:\n{tail(self.log)}")
            time.sleep(0.05)

    def _signal(self, sig: int) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)

    def terminate(self) -> None:
        """SIGTERM: the program's own clean stop (`stop` waits for it)."""
        self._signal(signal.SIGTERM)

    def stop(self, seconds: float = 15) -> None:
        self.terminate()
        if self.proc is not None:
            try:
                self.proc.wait(seconds)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """kill -9: no clean-up, no goodbye, as a crashed machine or the OOM killer ends it."""
        self._signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(10)

    def restart(self, seconds: float = 60) -> None:
        self.stop()
        self.start()
        self.wait_healthy(seconds)


class Postgres:
    """A throw-away PostgreSQL cluster (initdb in the stack's folder), run by pg_ctl as tests/conftest.py does."""

    def __init__(self, folder: Path, port: int) -> None:
        self.bindir = pg_bin()
        self.name, self.port, self.root = "postgres", port, folder / "postgres"
        self.data, self.log = self.root / "data", folder / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql://qyzmet@127.0.0.1:{self.port}/qyzmet"

    def _ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
                              capture_output=True, text=True)

    def start(self) -> None:
        if not self.data.exists():
            self.root.mkdir(parents=True)
            self.log.touch()
            if self.as_postgres:
                shutil.chown(self.root, "postgres", "postgres")
                shutil.chown(self.log, "postgres", "postgres")
            subprocess.run([*self.as_postgres, str(self.bindir / "initdb"), "-D", str(self.data), "-U", "qyzmet",
                            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
            self._options()
            done = self._ctl("-w", "-l", str(self.log), "start")
            if done.returncode:
                raise RuntimeError(f"PostgreSQL did not start: {done.stderr}\n{tail(self.log)}")
            subprocess.run([*self.as_postgres, str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p",
                            str(self.port), "-U", "qyzmet", "qyzmet"], check=True, capture_output=True)
            return
        done = self._ctl("-w", "-l", str(self.log), "start")
        if done.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr}\n{tail(self.log)}")

    def _options(self) -> None:
        # the socket in our folder, loopback only; no fsync: the data is thrown away with the run, and a
        # commit waiting for the disk would measure this machine's disk, not the stack (as the image's
        # defaults would on a real volume — said in the report)
        conf = self.data / "postgresql.conf"
        with conf.open("a") as f:
            f.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                    f"fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n")

    @property
    def running(self) -> bool:
        return self._ctl("status").returncode == 0

    def healthy(self) -> bool:
        import psycopg
        try:
            with psycopg.connect(self.url, connect_timeout=1) as c:
                c.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def wait_healthy(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not self.healthy():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL was not healthy within {seconds:.0f} s:\n{tail(self.log)}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def restart(self) -> subprocess.CompletedProcess:
        """`pg_ctl restart -m fast`: every connection cut, the server back a moment later."""
        return self._ctl("-m", "fast", "-w", "-l", str(self.log), "restart")

    def kill(self) -> None:
        pid = (self.data / "postmaster.pid").read_text().split()[0]
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


def cpu_seconds(pid: int) -> float:
    """CPU a process used, with its children that ended (PostgreSQL's backends, espeak-ng's runs)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def machine_seconds() -> dict[str, float]:
    """The whole machine's CPU seconds since boot, all cores together: busy, idle, and stolen (the time its
    virtual cores were ready to run and the host ran something else)."""
    try:
        ticks = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError, IndexError):
        return {}
    user, nice, system, idle, iowait, irq, softirq, steal = ticks
    tick = os.sysconf("SC_CLK_TCK")
    return {"busy": (user + nice + system + irq + softirq) / tick, "idle": (idle + iowait) / tick,
            "stolen": steal / tick}


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in task.read_text().split()]
    return found


def tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""
