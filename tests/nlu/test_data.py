"""The training data: complete, in Rasa's format, and separate from the test split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from nlu.data import GENERAL_INTENTS, LANGUAGES, SERVICE, DataError, intent_name, read_file
from nlu.normalize import normalize

MIN_PER_LANGUAGE = 25


def test_every_standard_has_enough_examples_in_both_languages(train_examples, titles):
    counts = Counter((e.service, e.language) for e in train_examples if e.intent == SERVICE)
    short = {(sid, lang): counts[(sid, lang)] for sid in titles for lang in LANGUAGES
             if counts[(sid, lang)] < MIN_PER_LANGUAGE}
    assert not short, f"fewer than {MIN_PER_LANGUAGE} examples: {short}"


def test_every_general_intent_is_trained_and_tested_in_both_languages(train_examples, test_examples):
    for examples in (train_examples, test_examples):
        present = {(e.intent, e.language) for e in examples}
        assert {(i, lang) for i in GENERAL_INTENTS for lang in LANGUAGES} <= present


def test_every_standard_is_in_the_test_split(test_examples, titles):
    tested = {e.service for e in test_examples if e.service}
    assert tested == set(titles)


def test_test_split_never_appears_in_training(train_examples, test_examples):
    trained = {normalize(e.text) for e in train_examples}
    leaked = [e.text for e in test_examples if normalize(e.text) in trained]
    assert not leaked


def test_out_of_scope_is_well_represented(train_examples):
    for lang in LANGUAGES:
        n = sum(1 for e in train_examples if e.intent == "out_of_scope" and e.language == lang)
        assert n >= 150, (lang, n)


def test_rasa_domain_lists_exactly_the_intents_of_the_data(train_examples, titles):
    domain = yaml.safe_load(Path("nlu/domain.yml").read_text(encoding="utf-8"))
    expected = {intent_name(sid) for sid in titles} | set(GENERAL_INTENTS)
    assert set(domain["intents"]) == expected
    in_data = {intent_name(e.service) if e.service else e.intent for e in train_examples}
    assert in_data == expected


def test_rasa_config_is_a_pipeline_rasa_36_knows():
    config = yaml.safe_load(Path("nlu/config.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names


def test_a_broken_file_is_reported_with_its_name(tmp_path):
    bad = tmp_path / "train" / "kk" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text('version: "3.1"\nnlu:\n- intent: no_such_intent\n  examples: |\n    - сәлем\n', encoding="utf-8")
    with pytest.raises(DataError, match="bad.yml: unknown intent 'no_such_intent'"):
        read_file(bad, tmp_path)


def test_rasa_entity_annotations_are_read_as_plain_text(tmp_path):
    f = tmp_path / "train" / "ru" / "a.yml"
    f.parent.mkdir(parents=True)
    f.write_text('version: "3.1"\nnlu:\n- intent: find_office\n  examples: |\n    - где ЦОН в [Караганде](settlement)\n',
                 encoding="utf-8")
    [e] = read_file(f, tmp_path)
    assert (e.text, e.intent, e.language) == ("где ЦОН в Караганде", "find_office", "ru")
