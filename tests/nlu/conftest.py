"""NLU fixtures: the standards' titles and a built-in model trained once per session
on the training split only (the tests judge it on the held-out test split)."""

from __future__ import annotations

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
def model_file(tmp_path_factory, titles, train_examples):
    path = tmp_path_factory.mktemp("nlu") / "builtin.pkl"
    BuiltinModel.train(train_examples, titles, data_fingerprint(DATA_DIR, titles)).save(path)
    return path


@pytest.fixture(scope="session")
def model(model_file) -> BuiltinModel:
    return BuiltinModel.load(model_file)
