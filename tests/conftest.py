"""Shared fixtures: a built knowledge base on SQLite, and a real PostgreSQL server when one can run.

PostgreSQL is started from the Debian binaries (CI installs them with
scripts/install-system-packages.sh) in a throw-away data directory on a free
loopback port; without the binaries the PostgreSQL tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from bench.stack_pieces import free_port, pg_bin
from knowledge.build import parse_sources
from knowledge.db import database_url, make_engine


# one way to find PostgreSQL's programs and a free port, shared with the native stack (bench/stack_pieces.py)
_pg_bin = pg_bin
_free_port = free_port


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto`: half as many workers again as this process may use cores. Much of the suite waits rather than
    computes (a PostgreSQL or a worker starting, Chromium, the stack's conversations), so a third worker on two
    cores uses that time: 198 s against 217 s with two, one after the other on this machine; four were slower
    (262 s). xdist's own setting, PYTEST_XDIST_AUTO_NUM_WORKERS, still decides when it is given."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses == "logical":
        return None                                     # xdist's own answer
    return max(2, len(os.sched_getaffinity(0)) * 3 // 2)


def wait_for_port(port: int, seconds: float) -> None:
    """Until a server started in the background accepts connections on the loopback port (or time is up)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)


@pytest.fixture(scope="session")
def parsed():
    """Every bundled source parsed once (no database)."""
    return parse_sources()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory, parsed):
    from knowledge.build import write

    path = tmp_path_factory.mktemp("kb") / "kb.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    write(engine, parsed)
    return engine


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the session, or a skip that says why."""
    if os.environ.get("QYZMET_TEST_DATABASE_URL"):
        yield os.environ["QYZMET_TEST_DATABASE_URL"]
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (CI installs it: scripts/install-system-packages.sh)")
    root = Path(tempfile.mkdtemp(prefix="qyzmet-pg-"))
    data = root / "data"
    port = _free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: run it as the Debian package's user.
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "qyzmet", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
                        "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"],
                       check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-300:]}")
    try:
        wait_for_port(port, 20)
        yield f"postgresql://qyzmet@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_engine(postgres_url, parsed):
    from knowledge.build import write

    engine = make_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    write(engine, parsed)
    yield engine
    engine.dispose()


# ---------------------------------------------------------------- the dialog engine

@pytest.fixture(scope="session")
def nlu_parser(parsed):
    """The built-in classifier (var/nlu/builtin.pkl, trained once if missing or stale). On a fresh checkout
    (`make test` does not run `make build`) the first xdist worker trains it and the others wait and load it,
    rather than each training it at once (~15 s of CPU each)."""
    import fcntl

    from nlu.backend import get_parser
    from nlu.builtin import model_path

    titles = {s.record["id"]: s.record["title_kk"] for d in parsed.decrees for s in d.standards}
    model_path().parent.mkdir(parents=True, exist_ok=True)
    with (model_path().parent / ".training.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return get_parser("builtin", titles=titles)


@pytest.fixture(scope="session")
def db_url(sqlite_engine):
    """The session's SQLite knowledge base, for engines and conversations (written once)."""
    return str(sqlite_engine.url)


@pytest.fixture(scope="session")
def pg_dialogs_url(postgres_engine):
    """The session's PostgreSQL knowledge base with the dialogs tables (written once)."""
    from dialogs.store import migrate

    migrate(postgres_engine)
    return postgres_engine.url.render_as_string(hide_password=False)


def open_engine(url: str, parser):
    """An engine on a database that holds a knowledge base, as `qyzmet.app` wires one."""
    from dialogs.engine import Engine
    from dialogs.store import migrate

    db = make_engine(url)
    migrate(db)
    return Engine(db, parser=parser)


@pytest.fixture(scope="session")
def engine(db_url, nlu_parser):
    return open_engine(db_url, nlu_parser)


@pytest.fixture(scope="session")
def new_engine(nlu_parser):
    """new_engine(url): another engine (a worker, a restarted process) on a database with a knowledge base."""
    return lambda url: open_engine(url, nlu_parser)


# ---------------------------------------------------------------- the HTTP server on loopback

class Served:
    """A real `qyzmet serve` application on a free loopback port, and a client for it."""

    def __init__(self, app) -> None:
        import asyncio

        from aiohttp import web

        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(app)
        self.run(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.run(site.start())
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    async def arequest(self, method: str, path: str, body=None, raw: bytes | None = None,
                       headers: dict | None = None) -> tuple[int, object, dict]:
        """(status, the body as JSON — or text when it is not JSON —, headers)."""
        import json

        import aiohttp

        async with aiohttp.ClientSession() as http:
            data = raw if raw is not None else None if body is None else json.dumps(body).encode()
            sent = {"Content-Type": "application/json", **(headers or {})}
            async with http.request(method, self.base + path, data=data, headers=sent) as r:
                text = await r.text(errors="replace")
                try:
                    parsed = json.loads(text) if text else None
                except ValueError:
                    parsed = text
                return r.status, parsed, dict(r.headers)

    def request(self, method: str, path: str, body=None, raw: bytes | None = None, headers: dict | None = None):
        return self.run(self.arequest(method, path, body, raw, headers))

    async def apost(self, body=None, raw: bytes | None = None, headers: dict | None = None):
        status, parsed, _ = await self.arequest("POST", "/webhooks/rest/webhook", body, raw, headers)
        return status, parsed

    def post(self, body=None, raw: bytes | None = None, headers: dict | None = None):
        return self.run(self.apost(body, raw, headers))

    def post_all(self, bodies: list) -> list:
        """Every body at once, answers in order."""
        import asyncio

        async def all_at_once():
            return await asyncio.gather(*[self.apost(b) for b in bodies])
        return self.run(all_at_once())

    def close(self) -> None:
        self.run(self.runner.cleanup())
        self.loop.close()


@pytest.fixture
def serve(engine):
    """serve(settings) -> Served: the app on its own port, closed after the test."""
    from qyzmet.app import make_web_app
    from qyzmet.settings import Settings

    started: list[Served] = []

    def start(settings: Settings | None = None) -> Served:
        started.append(Served(make_web_app(engine, settings or Settings())))
        return started[-1]
    yield start
    for served in started:
        served.close()


@pytest.fixture
def served(serve):
    return serve()


@pytest.fixture(scope="session")
def kb(db_url):
    """Every standard as the knowledge base exports it: where tests read the expected facts, apart
    from the engine's own typed objects."""
    from sqlalchemy.orm import Session

    from knowledge import query

    with Session(make_engine(db_url)) as session:
        return {sid: query.standard(session, sid) for sid, _ in query.standard_ids(session)}


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory) -> Path:
    """The voice line's fixed Kazakh prompts rendered, as `make build` renders them (a skip that says why
    without espeak-ng): shared by the voice tests and the personal-data scan."""
    from ivr.audio import NoVoice, build

    folder = tmp_path_factory.mktemp("voice")
    try:
        build(folder)
    except NoVoice as e:
        pytest.skip(str(e))
    return folder


@pytest.fixture(autouse=True)
def _logging_as_it_was():
    """A test that runs a command in this process (`main(["db", "upgrade"])`) lets it set up logging (qyzmet.logs:
    the root's handlers replaced, levels changed): put back afterwards, or later tests would write into a
    stream pytest has closed."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in ("sqlalchemy", "aiogram.event", "alembic")}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, was in levels.items():
        logging.getLogger(name).setLevel(was)


@pytest.fixture
def new_postgres_database(request):
    """A factory of empty databases on the session's PostgreSQL server, each dropped after the test:
    `new_postgres_database("prefix")` → its URL."""
    import uuid

    from sqlalchemy import create_engine, text

    made: list[str] = []
    admin = None

    def make(prefix: str) -> str:
        nonlocal admin
        server = request.getfixturevalue("postgres_url")
        if admin is None:
            admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return server.rsplit("/", 1)[0] + "/" + name
    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


# ---------------------------------------------------------------- a database that refuses connections

def named_connections(url: str, name: str) -> str:
    """`url` whose connections PostgreSQL lists under `name` (pg_stat_activity.application_name)."""
    from sqlalchemy.engine import make_url

    return make_url(url).update_query_dict({"application_name": name}).render_as_string(hide_password=False)


class Refusing:
    """PostgreSQL as during a restart or a failover, for one database: new connections refused, and the
    connections named `name` cut. `allow()` (or leaving the `with`) lets connections in again."""

    def __init__(self, url: str, name: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        if os.environ.get("QYZMET_TEST_DATABASE_URL"):
            pytest.skip("refusing connections to a database that other test workers share would fail their tests")
        self.database, self.name = make_url(url).database, name
        # from another database: PostgreSQL does not let a connection shut its own (the tests' is "postgres")
        self.admin = create_engine(make_url(url).set(database="template1"), isolation_level="AUTOCOMMIT",
                                   poolclass=NullPool)
        self.connection = self.admin.connect()

    def __enter__(self) -> Refusing:
        from sqlalchemy import text

        self.connection.execute(text(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false'))
        try:
            self.connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE application_name = :name"), {"name": self.name})
        except BaseException:
            self.__exit__()             # never left refusing: every later PostgreSQL test would fail
            raise
        return self

    def allow(self) -> None:
        from sqlalchemy import text

        self.connection.execute(text(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true'))

    def __exit__(self, *exc) -> None:
        self.allow()
        self.connection.close()
        self.admin.dispose()
