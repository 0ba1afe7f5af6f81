"""docker-compose.yml checked without Docker: against the Compose Specification's JSON schema (after the
interpolation `docker compose config` does), and for what a reviewer looks for: health checks, restart
policies, limits, volumes, start order, and commands that are real `qyzmet` sub-commands.

The schema is the one check-jsonschema (PyPI) vendors from github.com/compose-spec/compose-spec
(schema/compose-spec.json, with its licence and SHA-256 beside it): a pinned registry package keeps the
schema's version known and updatable, and no third-party file is copied into this repository.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from qyzmet import cli
from tests.deploy.dockerfile import Unset, exec_form, interpolate, parse

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
REQUIRED = {"POSTGRES_PASSWORD": "not-a-real-password",           # compose refuses to start without them
            "PRIVACY_KEY": "not-a-real-key-0123456789"}
LONG_RUNNING = ("db", "redis", "rasa", "web", "proxy", "bot")
QYZMET = ("migrate", "web", "bot", "retention")


def raw() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def config(env: dict[str, str] | None = None) -> dict:
    return interpolate(raw(), REQUIRED if env is None else env)


def services() -> dict[str, dict]:
    return config()["services"]


def compose_schema() -> dict:
    spec = importlib.util.find_spec("check_jsonschema")
    if spec is None or spec.origin is None:
        pytest.skip("check-jsonschema is not installed (the test extra): it carries the Compose Specification's "
                    "schema, `pip install check-jsonschema==0.39.0`")
    path = Path(spec.origin).parent / "builtin_schemas" / "vendor" / "compose-spec.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_file_is_valid_against_the_compose_specification():
    schema = compose_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config()), key=lambda e: list(e.path))
    assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors] == []


def test_the_schema_check_catches_a_misspelt_key():
    # so the check above is known to look: a key compose would reject is reported
    schema = compose_schema()
    broken = config()
    broken["services"]["web"]["healthckeck"] = broken["services"]["web"].pop("healthcheck")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_the_stack_refuses_to_start_without_a_database_password():
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        config({})
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        config({"POSTGRES_PASSWORD": ""})


def test_the_stack_refuses_to_start_without_the_privacy_key():
    """Replicas hashing phone-number ids each with a key of its own would split a citizen's conversation."""
    with pytest.raises(Unset, match="PRIVACY_KEY"):
        config({"POSTGRES_PASSWORD": "not-a-real-password"})


def test_the_services_are_the_stacks():
    found = services()
    assert set(found) == {"db", "redis", "rasa", "migrate", "web", "proxy", "bot", "retention"}
    assert found["db"]["image"].startswith("postgres:15")
    assert found["redis"]["image"].startswith("redis:7")
    assert found["rasa"]["build"] == {"context": "./nlu", "dockerfile": "Dockerfile"}
    assert {found[s]["build"]["dockerfile"] for s in QYZMET} == {"Dockerfile"}
    assert found["bot"]["profiles"] == ["polling"]               # the alternative to the webhook
    assert found["web"]["deploy"]["replicas"] == "2"              # ${WEB_REPLICAS:-2}
    assert config({**REQUIRED, "WEB_REPLICAS": "4"})["services"]["web"]["deploy"]["replicas"] == "4"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_a_long_running_service_restarts_and_has_a_health_check(name):
    service = services()[name]
    assert service["restart"] == "unless-stopped"
    check = service["healthcheck"]
    assert check["test"][0] in ("CMD", "CMD-SHELL") and len(check["test"]) > 1
    for key in ("interval", "timeout", "retries", "start_period"):
        assert key in check, f"{name}: healthcheck.{key}"


def test_the_migration_job_runs_once_and_the_others_wait_for_it():
    found = services()
    assert found["migrate"]["restart"] == "no"
    assert found["migrate"]["healthcheck"] == {"disable": True}
    assert found["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "bot"):
        needs = found[name]["depends_on"]
        assert needs["migrate"] == {"condition": "service_completed_successfully"}
        assert needs["redis"] == {"condition": "service_started"}    # they answer without it, degraded
        assert needs["rasa"] == {"condition": "service_started"}     # the built-in NLU answers meanwhile
    assert found["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_retention_sweeps_daily_and_comes_back_after_a_crash():
    """No cron in the stack: the `retention` service is one, and the callers' private audio is in its reach."""
    retention = services()["retention"]
    assert retention["command"] == ["qyzmet", "retention", "run", "--every", "86400"]
    assert retention["restart"] == "unless-stopped"
    assert retention["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert "voice:/app/var/voice/cache" in retention["volumes"]


@pytest.mark.parametrize("name", [*LONG_RUNNING, "migrate", "retention"])
def test_every_service_has_cpu_and_memory_limits(name):
    limits = services()[name]["deploy"]["resources"]["limits"]
    assert 0 < float(limits["cpus"]) <= 2
    m = re.fullmatch(r"(\d+)([mg])", limits["memory"])
    megabytes = int(m[1]) * (1024 if m[2] == "g" else 1)
    assert 64 <= megabytes <= 4096


def test_data_lives_in_named_volumes():
    found = config()
    assert set(found["volumes"]) == {"pgdata", "voice"}
    mounts = {name: s.get("volumes", []) for name, s in found["services"].items()}
    assert "pgdata:/var/lib/postgresql/data" in mounts["db"]
    # Redis keeps nothing: flood counters and locks, with Telegram user ids in their keys, live and expire in
    # memory (tests/deploy/test_compose_processes.py runs its command and finds no file written)
    assert mounts["redis"] == []
    # the audio made on demand is shared by the replicas, in the folder the image made theirs
    assert "voice:/app/var/voice/cache" in mounts["web"]


def test_only_the_proxy_publishes_a_port():
    found = services()
    assert [name for name, s in found.items() if s.get("ports")] == ["proxy"]
    assert found["proxy"]["ports"] == ["8080:8080"]
    assert config({**REQUIRED, "QYZMET_PORT": "80"})["services"]["proxy"]["ports"] == ["80:8080"]


def test_the_proxy_runs_the_repositorys_nginx_conf_as_a_user_other_than_root():
    proxy = services()["proxy"]
    assert proxy["user"].split(":")[0] not in ("0", "root")
    assert "./deploy/nginx.conf:/etc/nginx/qyzmet.conf:ro" in proxy["volumes"]
    command = proxy["command"]
    assert command[command.index("-c") + 1] == "/etc/nginx/qyzmet.conf"
    assert "listen 8080;" in (ROOT / "deploy" / "nginx.conf").read_text()       # the port it publishes


@pytest.mark.parametrize("name", QYZMET)
def test_the_qyzmet_services_are_wired_to_the_stack(name):
    service = services()[name]
    env = service["environment"]
    assert re.fullmatch(r"postgresql://qyzmet:not-a-real-password@db:5432/qyzmet", env["DATABASE_URL"])
    assert (env["REDIS_URL"], env["NLU_BACKEND"], env["RASA_URL"], env["LOG_FORMAT"]) == \
        ("redis://redis:6379/0", "rasa", "http://rasa:5005", "json")
    assert service["env_file"] == [{"path": ".env", "required": False}]
    assert service["image"] == "qyzmet:local"


@pytest.mark.parametrize("name", QYZMET)
def test_the_commands_are_real_qyzmet_sub_commands(name, capsys):
    command = services()[name]["command"]
    assert isinstance(command, list) and command[0] == "qyzmet"        # exec form: a native launcher runs it
    positional = []
    for w in command[1:]:                           # the sub-commands: the words before the first option
        if w.startswith("-"):
            break
        positional.append(w)
    with pytest.raises(SystemExit) as done:
        cli.main([*positional, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: qyzmet {' '.join(positional)}")
    for option in (w for w in command if w.startswith("--")):
        assert re.search(rf"(^|\s|\[){re.escape(option)}\b", shown), f"{option} is not an option of {positional}"


def test_the_bots_health_check_asks_the_bot_on_its_metrics_port_not_redis():
    bot = services()["bot"]
    check = " ".join(bot["healthcheck"]["test"])
    port = bot["environment"]["METRICS_PORT"]
    assert f"http://127.0.0.1:{port}/metrics" in check
    assert "redis" not in check.lower()
    assert bot["environment"]["QYZMET_HOST"] == "0.0.0.0"        # served to the stack's network, not loopback only


def test_the_web_command_and_health_check_match_the_images():
    final = parse(ROOT / "Dockerfile")[-1]
    assert exec_form(final.all("CMD")[-1].args) == services()["web"]["command"]
    image_check = exec_form(final.all("HEALTHCHECK")[0].args.split(" CMD ", 1)[1])
    assert ["CMD", *image_check] == services()["web"]["healthcheck"]["test"]
    assert "http://127.0.0.1:8080/health" in " ".join(image_check)
