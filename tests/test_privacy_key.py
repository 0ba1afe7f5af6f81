"""PRIVACY_KEY: set, made once beside a SQLite database, or a start-up error on PostgreSQL; the voice
line's callers fall back to it (qyzmet/keys.py, ivr/config.py)."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from ivr.calls import caller_hash
from qyzmet.keys import KEY_FILE, with_privacy_key
from qyzmet.settings import Settings, SettingsError
from tests.ivr.conftest import AUTH_TOKEN

VOICE = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": "https://voice.qyzmet.example"}
KEY = "test-privacy-key-0123456789abcdef"


def test_the_key_comes_from_the_environment_and_is_never_shown():
    settings = Settings.from_env({"PRIVACY_KEY": KEY})
    assert settings.privacy_key == KEY.encode() and KEY not in repr(settings)
    assert with_privacy_key(settings).privacy_key == KEY.encode()
    with pytest.raises(SettingsError, match="PRIVACY_KEY"):
        Settings.from_env({"PRIVACY_KEY": "short"})


def test_on_sqlite_a_key_is_made_once_beside_the_database_for_its_owner_only(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite3'}")
    first = with_privacy_key(settings).privacy_key
    assert len(first) >= 32 and with_privacy_key(settings).privacy_key == first      # kept across restarts
    assert stat.S_IMODE(os.stat(tmp_path / KEY_FILE).st_mode) == 0o600
    assert os.listdir(tmp_path) == [KEY_FILE]                                         # no draft left behind


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite3'}")
    keys, start = [], threading.Barrier(8)

    def one():
        start.wait()
        keys.append(with_privacy_key(settings).privacy_key)
    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1


def test_an_unusable_key_file_is_said_not_replaced(tmp_path):
    (tmp_path / KEY_FILE).write_text("\n")
    with pytest.raises(SettingsError, match="PRIVACY_KEY"):
        with_privacy_key(Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite3'}"))
    assert (tmp_path / KEY_FILE).read_text() == "\n"


def test_serving_on_postgresql_without_a_key_is_refused_at_start_naming_it(monkeypatch, capsys):
    from qyzmet.cli import main

    for name in list(os.environ):
        if name.startswith(("TWILIO_", "IVR_", "PUBLIC_", "BOT_", "PRIVACY_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", "postgresql://qyzmet@127.0.0.1:1/qyzmet")
    assert main(["serve"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "PRIVACY_KEY must be set" in lines[0], lines


def test_callers_are_hashed_with_ivr_caller_key_else_privacy_key_else_the_auth_token():
    own = Settings.from_env({**VOICE, "IVR_CALLER_KEY": "the-callers-own-key-0123", "PRIVACY_KEY": KEY}).voice
    assert own.caller_key == b"the-callers-own-key-0123"          # the hashes kept so far stay as they were
    shared = Settings.from_env({**VOICE, "PRIVACY_KEY": KEY}).voice
    # a key of the callers' own, derived from PRIVACY_KEY: the same in every replica, never PRIVACY_KEY itself
    assert shared.caller_key == Settings.from_env({**VOICE, "PRIVACY_KEY": KEY}).voice.caller_key != KEY.encode()
    assert Settings.from_env(VOICE).voice.caller_key == f"caller:{AUTH_TOKEN}".encode()
    number = "+77011234567"
    assert len({caller_hash(v.caller_key, number) for v in (own, shared)}) == 2
