"""Shared fixtures: a built knowledge base on SQLite, and a real PostgreSQL server when one can run.

PostgreSQL is started from the Debian binaries (CI installs them with
scripts/install-system-packages.sh) in a throw-away data directory on a free
loopback port; without the binaries the PostgreSQL tests are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from knowledge.build import parse_sources
from knowledge.db import make_engine


def _pg_bin() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
        deadline = time.time() + 20
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
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
def nlu_parser():
    from nlu.backend import get_parser
    return get_parser("builtin")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory, parsed):
    path = tmp_path_factory.mktemp("dialogs") / "qyzmet.sqlite3"
    url = f"sqlite:///{path}"
    from knowledge.build import write

    write(make_engine(url), parsed)
    return url


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
