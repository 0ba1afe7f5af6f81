"""Settings: read from the environment once, in qyzmet/settings.py only; a bad value is said at start."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from qyzmet.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_are_the_embedded_ones():
    s = Settings.from_env({})
    assert (s.database_url, s.nlu_backend, s.mrp, s.mrp_year, s.cors_origins) == ("", "builtin", 4325, 2026, ())


def test_values_come_from_the_environment():
    s = Settings.from_env({"DATABASE_URL": " postgresql://db/q ", "NLU_BACKEND": "Rasa", "QYZMET_MRP": "4500",
                           "CORS_ORIGINS": "https://egov.kz, https://portal.example.kz/", "RASA_TIMEOUT": "1.5"})
    assert s.database_url == "postgresql://db/q" and s.nlu_backend == "rasa" and s.mrp == 4500
    assert s.cors_origins == ("https://egov.kz", "https://portal.example.kz") and s.rasa_timeout == 1.5
    assert Settings.from_env({"CORS_ORIGINS": "*"}).cors_origins == ("*",)


@pytest.mark.parametrize("env, says", [
    ({"QYZMET_MRP": "4 325"}, "QYZMET_MRP"), ({"QYZMET_MRP": "-4325"}, "QYZMET_MRP"), ({"QYZMET_MRP": "0"}, "QYZMET_MRP"),
    ({"QYZMET_MRP_YEAR": "26"}, "QYZMET_MRP_YEAR"), ({"QYZMET_PORT": "99999"}, "QYZMET_PORT"),
    ({"RASA_TIMEOUT": "soon"}, "RASA_TIMEOUT"), ({"RASA_TIMEOUT": "0"}, "RASA_TIMEOUT"),
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"), ({"CORS_ORIGINS": "egov.kz"}, "CORS_ORIGINS"),
    ({"NLU_BACKEND": "dialogflow"}, "NLU_BACKEND")])
def test_a_bad_value_is_refused_with_its_name(env, says):
    with pytest.raises(SettingsError, match=says):
        Settings.from_env(env)


def test_the_cli_says_which_setting_is_wrong_and_exits_2():
    done = subprocess.run([sys.executable, "-m", "qyzmet", "kb", "check"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "QYZMET_MRP": "много", "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert done.returncode == 2 and "QYZMET_MRP" in done.stderr and "Traceback" not in done.stderr


def test_a_database_that_cannot_be_reached_is_said_in_one_line_without_the_password():
    done = subprocess.run([sys.executable, "-m", "qyzmet", "kb", "check"], capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "DATABASE_URL": "postgresql://qyzmet:s3cret@127.0.0.1:1/qyzmet"})
    assert done.returncode == 2 and "cannot use the database" in done.stderr
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr


def test_no_other_module_reads_the_environment():
    readers = []
    for folder in ("knowledge", "nlu", "dialogs", "web", "bot", "ivr", "qyzmet"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "settings.py" and folder == "qyzmet":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                        and isinstance(node.value, ast.Name) and node.value.id == "os":
                    readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # starting a Rasa server hands it our environment plus its own variables: not a setting read
    assert readers == ["nlu/rasa_server.py:31"], readers
