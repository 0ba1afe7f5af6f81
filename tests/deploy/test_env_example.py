""".env.example documents every variable the code and docker-compose.yml read, each with its default, and
nothing else; the defaults it states are the ones the code uses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qyzmet.settings import Settings
from tests.deploy.envscan import documented, interpolated, reads, reads_in

ROOT = Path(__file__).resolve().parents[2]
CODE = [ROOT / p for p in ("qyzmet", "bot", "ivr", "web", "dialogs", "nlu", "knowledge")]
EXAMPLE = ROOT / ".env.example"
COMPOSE = ROOT / "docker-compose.yml"
TAG = re.compile(r"\[(default: (?P<default>[^\]]+)|unset: [^\]]+|required)\]\s*$")
# Settings builds the Telegram and voice configurations only with their tokens: given here so that
# their variables' defaults are checked too (fake values of the right shape; no network is used).
CHANNELS = {"BOT_TOKEN": "123456:" + "A" * 35, "TWILIO_AUTH_TOKEN": "f" * 32,
            "PUBLIC_BASE_URL": "https://qyzmet.example.kz", "TELEGRAM_WEBHOOK_SECRET": "s3cret"}
READS = reads_in(CODE)          # variable -> the files reading it; once (it parses every module)
# how the file says to use it natively, on a comment line of its own
RECIPE = re.compile(r"^#\s+(set -a; \. \./\.env; set \+a)\s*$", re.M)


def example() -> dict[str, str]:
    return documented(EXAMPLE.read_text(encoding="utf-8"))


def tags() -> dict[str, re.Match]:
    """NAME -> the [default: …] / [unset: …] / [required] ending the comment just above it."""
    found, previous = {}, ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            previous = line
        elif "=" in line:
            found[line.split("=", 1)[0]] = TAG.search(previous) if previous else None
            previous = ""
        else:
            previous = ""
    return found


def read() -> set[str]:
    return set(READS) | interpolated(COMPOSE.read_text(encoding="utf-8"))


def test_every_variable_the_code_reads_is_documented():
    missing = {name: where for name, where in READS.items() if name not in example()}
    assert not missing, f"read but not in .env.example: {missing}"


def test_every_variable_compose_takes_from_the_environment_is_documented():
    missing = interpolated(COMPOSE.read_text(encoding="utf-8")) - set(example())
    assert not missing, f"docker-compose.yml interpolates, .env.example does not document: {sorted(missing)}"


def test_nothing_is_documented_that_nothing_reads():
    unread = set(example()) - read()
    assert not unread, f".env.example documents what neither the code nor docker-compose.yml reads: {sorted(unread)}"


def test_every_variable_says_its_default_or_what_being_unset_means():
    untagged = [name for name, tag in tags().items() if tag is None]
    assert not untagged, f"no [default: …], [unset: …] or [required] on the comment above: {untagged}"


def test_values_are_left_empty_so_a_copied_file_keeps_following_the_codes_defaults():
    # a value copied into .env would outlive a change of the default (the MRP changes every year)
    assert {name: value for name, value in example().items() if value} == {}


@pytest.mark.parametrize("name", sorted(n for n, t in tags().items() if t and t["default"] and n in READS))
def test_a_stated_default_is_the_codes_default(name):
    stated = tags()[name]["default"]
    assert Settings.from_env({**CHANNELS, name: stated}) == Settings.from_env(CHANNELS), \
        f"{name}={stated} is not what the code does when {name} is empty"


def test_the_compose_defaults_are_the_ones_documented():
    text = COMPOSE.read_text(encoding="utf-8")
    for name, tag in tags().items():
        if name in READS or tag is None:
            continue
        uses = set(re.findall(r"\$\{" + name + r"(:[-?][^}]*)?\}", text))
        if tag["default"]:
            assert uses == {":-" + tag["default"]}, f"{name}: compose says {uses}, .env.example {tag['default']}"
        else:
            assert tag[0] == "[required]" and all(u.startswith(":?") for u in uses), name


def test_the_scanner_finds_each_way_the_code_reads_a_variable():
    source = '''
import os
KEY = "PRIVACY_KEY"
def f(env):
    def get(name):
        return env.get(name) or ""
    a = env.get("ONE_A") or os.environ.get("ONE_B") or os.getenv("ONE_C") or get("ONE_D")
    b = _int(env, "TWO_A", 1) + os.environ["TWO_B"] + env["TWO_C"]
    for name, default in (("THREE_A", "x"), ("THREE_B", "y")):
        get(name)
    for name in ("NOT_READ_A",):
        print(name)
    child = {**os.environ, "NOT_READ_B": "1"}
    return os.environ.get(KEY), child, "NOT_READ_C"
'''
    assert reads(source) == {"ONE_A", "ONE_B", "ONE_C", "ONE_D", "TWO_A", "TWO_B", "TWO_C", "THREE_A", "THREE_B",
                             "PRIVACY_KEY"}


def _native(env_text: str, folder: Path, *command: str) -> subprocess.CompletedProcess:
    """`command` run by sh in `folder`, whose .env holds `env_text`, after the recipe .env.example gives, as
    written there; none of the documented variables in the environment before."""
    recipe = RECIPE.search(EXAMPLE.read_text(encoding="utf-8"))
    assert recipe, ".env.example no longer says how to use the file natively"
    (folder / ".env").write_text(env_text, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in example()}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(["sh", "-c", f'{recipe[1]}; exec "$@"', "sh", *command], cwd=folder, env=clean,
                          capture_output=True, text=True, timeout=60)


def _exported(env_text: str, folder: Path) -> dict[str, str]:
    done = _native(env_text, folder, sys.executable, "-c", "import json, os; print(json.dumps(dict(os.environ)))")
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    return {name: seen[name] for name in example() if name in seen}


def test_the_file_as_it_is_put_in_the_environment_natively_means_every_default(tmp_path):
    exported = _exported(EXAMPLE.read_text(encoding="utf-8"), tmp_path)
    assert exported == {name: "" for name in example()}
    assert Settings.from_env(exported) == Settings.from_env({})


def test_a_filled_in_file_put_in_the_environment_natively_gives_its_values(tmp_path):
    values = {"OPERATOR_HOURS": "'mon-fri 09:00-18:00; sat 10:00-14:00'", "LOG_LEVEL": "DEBUG", "QYZMET_MRP": "4000"}
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = re.sub(rf"^{name}=$", f"{name}={value}", text, count=1, flags=re.M)
    exported = _exported(text, tmp_path)
    meant = {name: value.strip("'") for name, value in values.items()}
    assert {name: exported[name] for name in values} == meant
    assert Settings.from_env(exported) == Settings.from_env(meant) != Settings.from_env({})


def test_the_qyzmet_commands_read_only_their_environment_never_a_env_file(tmp_path):
    """What the file's header says: a .env in the folder changes nothing until it is put in the environment."""
    command = (sys.executable, "-m", "qyzmet.cli", "bot")        # fails on its settings first, else on BOT_TOKEN
    (tmp_path / ".env").write_text("LOG_FORMAT=xml\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in example()}
    alone = subprocess.run(command, cwd=tmp_path, env={**clean, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, timeout=60)
    assert (alone.returncode, alone.stderr.strip()) == (2, "qyzmet bot: BOT_TOKEN is not set (the bot's token from "
                                                           "@BotFather)")
    sourced = _native("LOG_FORMAT=xml\n", tmp_path, *command)
    assert (sourced.returncode, sourced.stderr.strip()) == (2, "qyzmet: LOG_FORMAT must be 'text' or 'json', not 'xml'")
