"""The compose stack, natively on loopback: what docker-compose.yml starts, as processes of this machine.

    python -m bench.stack [--workers 2] [--rasa] [--fresh]    # up until Ctrl-C; says where each piece listens

PostgreSQL (initdb in a temporary folder, as tests/conftest.py does), redis-server, optionally the Rasa
server (scripts/rasa.sh serve), the migration job, N `qyzmet serve` workers (compose's `web` command,
its host and port made loopback ones) and nginx in front of them on one port. The workers' Telegram
and Twilio are the fake APIs of bench/fake_clouds.py (started here, or given: the load runs them in
its own process to see what the bot sends). Each piece can be started, waited for, stopped, killed
with SIGKILL and restarted, which is what bench/stack_load.py and tests/stack/ do to it under load.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fake_clouds import ACCOUNT_SID, BOT_TOKEN, OPERATORS_CHAT_ID  # noqa: E402
from bench.stack_pieces import (Postgres, Process, children, cpu_seconds, free_port, http_ok, pg_bin,  # noqa: E402
                                port_open, redis_pong)

BIN = Path(sys.executable).parent                       # the project's venv: its `qyzmet` command
WEB_COMMAND = ["qyzmet", "serve", "--host", "0.0.0.0", "--port", "8080"]      # compose's `web`
MIGRATE_COMMAND = ["qyzmet", "db", "upgrade"]                                    # compose's `migrate`
# made up, and put together here so that none can pass for a real credential
TWILIO_TOKEN = "stack-twilio-auth-" * 2
WEBHOOK_SECRET = "stack-webhook-secret-" * 2
CALLER_KEY = "stack-caller-key-" * 2
PRIVACY_KEY = "stack-privacy-key-" * 2


class Missing(RuntimeError):
    """A program the stack needs is not installed (said with how CI installs it)."""


def missing() -> list[str]:
    """What this machine lacks to run the stack, one sentence each (empty: it can)."""
    install = "(CI installs it: scripts/install-system-packages.sh)"
    lacks = []
    if pg_bin() is None:
        lacks.append(f"PostgreSQL is not installed {install}")
    if shutil.which("redis-server") is None:
        lacks.append(f"redis-server is not installed {install}")
    if shutil.which("nginx") is None:
        lacks.append(f"nginx is not installed {install}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        lacks.append("running as root without runuser: PostgreSQL cannot be started")
    return lacks


def rasa_available() -> bool:
    from nlu import rasa_server
    model = rasa_server.script("model")
    return bool(model) and Path(model).exists()


def compose_command(service: str, default: list[str]) -> list[str]:
    """A service's exec-form `command:` from docker-compose.yml (the default while it has none)."""
    try:
        services = yaml.safe_load((ROOT / "docker-compose.yml").read_text()).get("services") or {}
    except (OSError, yaml.YAMLError):
        return list(default)
    command = (services.get(service) or {}).get("command")
    return [str(c) for c in command] if isinstance(command, list) and command else list(default)


def local(command: list[str], **options: str) -> list[str]:
    """A compose command run here: `qyzmet` from this venv, and `--host`/`--port` given new values."""
    out = [str(BIN / command[0]) if (BIN / command[0]).exists() else command[0]]
    rest = command[1:]
    i = 0
    while i < len(rest):
        name = rest[i].lstrip("-")
        if rest[i].startswith("--") and name in options:
            out += [rest[i], options.pop(name)]
            i += 2
            continue
        out.append(rest[i])
        i += 1
    for name, value in options.items():
        out += [f"--{name}", value]
    return out


# ---------------------------------------------------------------- the stack

class Stack:
    """`with Stack(...) as stack:` everything up and healthy; down (and its folder gone) afterwards."""

    def __init__(self, workers: int = 2, rasa: bool = False, clouds_url: str = "", folder: Path | None = None,
                 keep: bool = False, fresh: bool = False) -> None:
        """`fresh`: the migration job on an empty database, not on the last one it made for the same
        sources and migrations (restored from the cache, it finds nothing to do: seconds, not ten)."""
        lacks = missing()
        if lacks:
            raise Missing("; ".join(lacks))
        self.folder = folder or Path(tempfile.mkdtemp(prefix="qyzmet-stack-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)                  # PostgreSQL's user reaches its own folder in it
        self.keep, self.fresh = keep, fresh
        self.front_port = free_port()
        self.front_url = f"http://127.0.0.1:{self.front_port}"
        self.postgres = Postgres(self.folder, free_port())
        redis_port = free_port()
        self.redis = Process("redis", [shutil.which("redis-server") or "redis-server", "--port", str(redis_port),
                                       "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                       "--dir", str(self.folder)],
                             self.folder / "redis.log", lambda: redis_pong(redis_port))
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.clouds: Process | None = None
        if not clouds_url:
            clouds_port = free_port()
            clouds_url = f"http://127.0.0.1:{clouds_port}"
            self.clouds = Process("fake clouds", [sys.executable, "-m", "bench.fake_clouds", str(clouds_port)],
                                  self.folder / "clouds.log", lambda: port_open(clouds_port))
        self.clouds_url = clouds_url
        self.rasa: Process | None = None
        self.rasa_url = ""
        if rasa:
            from nlu import rasa_server
            rasa_port = free_port()
            self.rasa_url = f"http://127.0.0.1:{rasa_port}"
            self.rasa = Process("rasa", [str(rasa_server.SCRIPT), "serve"], self.folder / "rasa.log",
                                lambda: http_ok(f"{self.rasa_url}/status"),
                                env={**os.environ, "RASA_PORT": str(rasa_port), "RASA_TELEMETRY_ENABLED": "false",
                                     "TF_CPP_MIN_LOG_LEVEL": "2"})
        self.env = self._env()
        self.workers: list[Process] = []
        for n in range(workers):
            port = free_port()
            self.workers.append(Process(
                f"worker {n + 1}", local(compose_command("web", WEB_COMMAND), host="127.0.0.1", port=str(port)),
                self.folder / f"worker-{n + 1}.log", lambda port=port: http_ok(f"http://127.0.0.1:{port}/health"),
                env=self.env))
        self.worker_urls = [f"http://127.0.0.1:{w.command[w.command.index('--port') + 1]}" for w in self.workers]
        self.front = self._nginx()

    def _nginx(self) -> Process:
        """compose's proxy: deploy/nginx.conf rendered for the workers' loopback ports (deploy/nginx_render.py)."""
        spec = importlib.util.spec_from_file_location("nginx_render", ROOT / "deploy" / "nginx_render.py")
        renderer = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(renderer)
        home = self.folder / "nginx"
        home.mkdir()
        conf = home / "nginx.conf"
        # no access log: a load test's nginx has better use for its one core (the workers log each turn)
        conf.write_text(renderer.render([u.removeprefix("http://") for u in self.worker_urls],
                                        f"127.0.0.1:{self.front_port}", access_log=False))
        return Process("nginx", renderer.command(conf, home, shutil.which("nginx") or "nginx"),
                       self.folder / "nginx.log", lambda: http_ok(f"{self.front_url}/health"))

    def _env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("BOT_", "TWILIO_", "IVR_", "TELEGRAM_", "PRIVACY_", "RASA_", "NLU_"))}
        env.update({
            "PYTHONPATH": str(ROOT), "DATABASE_URL": self.postgres.url, "REDIS_URL": self.redis_url,
            "LOG_FORMAT": "json", "NLU_BACKEND": "rasa" if self.rasa else "builtin",
            "PUBLIC_BASE_URL": self.front_url,          # loopback http: both channels accept it for a local run
            "BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE": self.clouds_url, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "OPERATORS_CHAT_ID": str(OPERATORS_CHAT_ID), "OPERATOR_HOURS": "mon-sun 00:00-24:00",
            # a simulated chat writes as fast as it is answered; the flood limit is for people, not the bench
            "BOT_FLOOD_LIMIT": "1000/60",
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_SMS_FROM": "+77010000000",
            "TWILIO_API_BASE": self.clouds_url, "IVR_AUDIO_DIR": str(self.folder / "voice"),
            "IVR_CALLER_KEY": CALLER_KEY, "PRIVACY_KEY": PRIVACY_KEY})
        if self.rasa:
            env["RASA_URL"] = self.rasa_url
        return env

    # ------------------------------------------------------------ up and down

    def up(self) -> Stack:
        started = time.monotonic()
        self.postgres.start()
        self.redis.start()
        for piece in filter(None, (self.rasa, self.clouds)):
            piece.start()
        self.postgres.wait_healthy()
        self.migrate()
        self.redis.wait_healthy(10)
        for piece in filter(None, (self.rasa, self.clouds)):
            piece.wait_healthy(240 if piece is self.rasa else 20)
        for worker in self.workers:
            worker.start()
        for worker in self.workers:
            worker.wait_healthy(120)
        self.front.start()
        self.front.wait_healthy(20)
        self.took = time.monotonic() - started
        return self

    def migrate(self) -> None:
        """The migration job (compose's `migrate`); meanwhile the Kazakh prompts rendered, as the image's build does."""
        prompts = subprocess.Popen(local(["qyzmet", "voice", "prompts"]), env=self.env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        dump = self._dump()
        if dump.exists() and not self.fresh:
            subprocess.run([str(self.postgres.bindir / "pg_restore"), "--no-owner", "-d", self.postgres.url,
                            str(dump)], check=True, capture_output=True)
        command = local(compose_command("migrate", MIGRATE_COMMAND))
        done = subprocess.run(command, env=self.env, cwd=ROOT, capture_output=True, text=True)
        (self.folder / "migrate.log").write_text(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}")
        _, said = prompts.communicate()
        if done.returncode:
            raise RuntimeError(f"the migration job failed ({done.returncode}):\n{done.stderr[-3000:]}")
        if prompts.returncode:
            raise RuntimeError(f"the Kazakh prompts could not be rendered:\n{said[-2000:]}")
        if not dump.exists():
            dump.parent.mkdir(parents=True, exist_ok=True)
            part = dump.with_suffix(f".{os.getpid()}.part")
            subprocess.run([str(self.postgres.bindir / "pg_dump"), "-Fc", "-f", str(part), self.postgres.url],
                           check=True, capture_output=True)
            part.rename(dump)

    def _dump(self) -> Path:
        """Where the database the migration job made is kept, by what it was made from: PostgreSQL's
        version, every Alembic history, the knowledge base's sources. A stale one is harmless: the job
        rebuilds what is not current."""
        from knowledge.build import fingerprint

        made_from = hashlib.sha256(str(self.postgres.bindir).encode())
        for path in sorted(ROOT.glob("*/migrations/**/*.py")):
            made_from.update(path.read_bytes())
        made_from.update(fingerprint().encode())
        cache = Path(os.environ.get("QYZMET_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or
                                                            Path.home() / ".cache") / "qyzmet")
        return cache / "stack" / f"database-{made_from.hexdigest()[:16]}.dump"

    def down(self) -> None:
        pieces = [p for p in (self.front, *self.workers, self.clouds, self.rasa, self.redis) if p is not None]
        for piece in pieces:                # all asked at once: each worker's clean stop takes its own while
            piece.terminate()
        for piece in pieces:
            with contextlib.suppress(Exception):
                piece.stop()
        with contextlib.suppress(Exception):
            self.postgres.stop()
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Stack:
        try:
            return self.up()
        except BaseException:
            self.down()
            raise

    def __exit__(self, *exc) -> None:
        self.down()

    def cpu(self) -> dict[str, float]:
        """CPU seconds each kind of piece has used so far (a worker killed and started again: its new process)."""
        def of(pids: list[int]) -> float:
            return sum(cpu_seconds(p) for p in pids)
        used = {"workers": of([w.proc.pid for w in self.workers if w.proc]),
                "nginx": of([self.front.proc.pid, *children(self.front.proc.pid)] if self.front.proc else []),
                "redis": of([self.redis.proc.pid] if self.redis.proc else [])}
        with contextlib.suppress(OSError, ValueError):
            postmaster = int((self.postgres.data / "postmaster.pid").read_text().split()[0])
            used["postgres"] = of([postmaster, *children(postmaster)])
        if self.rasa is not None and self.rasa.proc:
            used["rasa"] = of([self.rasa.proc.pid, *children(self.rasa.proc.pid)])
        return used

    def describe(self) -> str:
        lines = [f"front (nginx): {self.front_url}", f"PostgreSQL: {self.postgres.url}", f"Redis: {self.redis_url}",
                 f"fake Telegram/Twilio APIs: {self.clouds_url}"]
        lines += [f"{w.name}: {u} (log {w.log})" for w, u in zip(self.workers, self.worker_urls, strict=True)]
        if self.rasa:
            lines.append(f"Rasa: {self.rasa_url}")
        return "\n".join(lines)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rasa", action="store_true", help="the Rasa server too (scripts/rasa.sh serve)")
    parser.add_argument("--fresh", action="store_true", help="migrate an empty database (not the cached one)")
    args = parser.parse_args()
    try:
        stack = Stack(args.workers, rasa=args.rasa, fresh=args.fresh)
    except Missing as e:
        print(f"bench/stack: {e}", file=sys.stderr)
        return 2
    # Ctrl-C or a plain `kill` takes everything down (a shell's background job starts with SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with stack:
        print(f"up in {stack.took:.1f} s, in {stack.folder}\n{stack.describe()}\nCtrl-C stops it", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())
