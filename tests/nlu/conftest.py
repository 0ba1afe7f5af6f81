"""NLU fixtures: the standards' titles and a built-in model trained once per session
on the training split only (the tests judge it on the held-out test split)."""

from __future__ import annotations

import fcntl

import pytest

from nlu.builtin import BuiltinModel, data_fingerprint
from nlu.data import DATA_DIR, load


@pytest.fixture(scope="session")
def titles(parsed) -> dict[str, str]:
    return {s.record["id"]: s.record["title_kk"] for d in parsed.decrees for s in d.standards}


@pytest.fixture(scope="session")
def train_examples():
    return load("train")


@pytest.fixture(scope="session")
def test_examples():
    return load("test")


@pytest.fixture(scope="session")
def model_file(request, tmp_path_factory, titles, train_examples):
    """Trained once a run, by the first xdist worker that needs it; the others wait for it and read it (the
    run's temporary folder is shared by its workers: xdist's own recipe). Training takes ~15 s of CPU, and
    each of three workers training it at once took 45-48 s of setup."""
    if not hasattr(request.config, "workerinput"):     # not an xdist worker: its own folder (the parent outlives the run)
        path = tmp_path_factory.mktemp("nlu") / "builtin.pkl"
        BuiltinModel.train(train_examples, titles, data_fingerprint(DATA_DIR, titles)).save(path)
        return path
    path = tmp_path_factory.getbasetemp().parent / "nlu-train-split" / "builtin.pkl"
    path.parent.mkdir(exist_ok=True)
    with (path.parent / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            BuiltinModel.train(train_examples, titles, data_fingerprint(DATA_DIR, titles)).save(path)
    return path


@pytest.fixture(scope="session")
def model(model_file) -> BuiltinModel:
    return BuiltinModel.load(model_file)
