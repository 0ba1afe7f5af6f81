"""The built-in classifier: the embedded default, no network, no server.

Two scikit-learn models over the normalised text (nlu.normalize):
  * one flat logistic regression over 42 classes — the 32 standards and the general
    intents, out_of_scope among them — on character n-grams (robust to typos, case
    endings and missing Kazakh letters) plus word uni- and bigrams;
  * the kk/ru language model of nlu.language, trained on the same examples.
Why one flat model: the standards compete with out_of_scope and with each other in one
softmax, so the probabilities mean something. The intent is chosen by `choose_intent`
(all standards summed against each general intent): "пособие" is clearly about some
service even when no single one is sure, and the `confidence` of the best service —
below ~0.7 — is what lets the dialogs ask "did you mean…".
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlu import entities
from nlu.data import DATA_DIR, SERVICE, Example, load
from nlu.language import LanguageModel
from nlu.normalize import tokens
from nlu.result import Candidate, Parse

if TYPE_CHECKING:   # scikit-learn is imported where a model is trained or unpickled: checking one is quick
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

log = logging.getLogger(__name__)

# Bump when the saved format changes: saved models are then retrained.
FORMAT_VERSION = 2
RANKING_SIZE = 5
REGULARISATION_C = 20.0
MODEL_DIR = Path(__file__).resolve().parent.parent / "var" / "nlu"


def _features(char: tuple[int, int], words: tuple[int, int]) -> FeatureUnion:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=char, sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=words, sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
    ])


# The code a model is made by: its features (this file), the normalisation, the language model,
# the data loader and the project modules they import (tests/nlu/test_nlu_cli.py checks this
# list). A change in any of them makes the saved model stale, as FORMAT_VERSION does.
_PROJECT = Path(__file__).resolve().parent.parent
TRAINING_CODE = tuple(_PROJECT / name for name in ("nlu/builtin.py", "nlu/normalize.py", "nlu/language.py",
                                                   "nlu/data.py", "knowledge/normalize.py"))


def data_fingerprint(root: Path = DATA_DIR, titles: dict[str, str] | None = None) -> str:
    """Changes when any training file, the titles, the training code or FORMAT_VERSION change."""
    h = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    for f in sorted((root / "train").rglob("*.yml")):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    for f in TRAINING_CODE:
        h.update(f.relative_to(_PROJECT).as_posix().encode() if f.is_relative_to(_PROJECT) else f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"(none)")
    for sid, title in sorted((titles or {}).items()):
        h.update(f"{sid}={title}".encode())
    return h.hexdigest()[:16]


@dataclass
class BuiltinModel:
    features: FeatureUnion
    classifier: LogisticRegression
    language_model: LanguageModel
    titles: dict[str, str]          # standard id -> title_kk
    fingerprint: str
    trained_seconds: float
    examples: int
    format_version: int = FORMAT_VERSION

    # ------------------------------------------------------------ training
    @classmethod
    def train(cls, examples: list[Example], titles: dict[str, str], fingerprint: str = "") -> BuiltinModel:
        from sklearn.linear_model import LogisticRegression

        unknown = sorted({e.service for e in examples if e.service and e.service not in titles})
        if unknown:
            raise ValueError(f"training data names standards the knowledge base does not have: {unknown}")
        started = time.perf_counter()
        toks = [tokens(e.text) for e in examples]
        texts = [" ".join(t.norm for t in ts) for ts in toks]
        features = _features((2, 5), (1, 2))
        x = features.fit_transform(texts)
        classifier = LogisticRegression(C=REGULARISATION_C, max_iter=3000)
        classifier.fit(x, [e.label for e in examples])
        language_model = LanguageModel.train(zip(toks, (e.language for e in examples)))
        return cls(features, classifier, language_model, dict(titles), fingerprint,
                   time.perf_counter() - started, len(examples))

    # ------------------------------------------------------------ persistence
    # The file is two pickles: a small header {"format_version", "fingerprint"}, then the model,
    # so what a model was trained on is read without unpickling (or importing) scikit-learn.
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump({"format_version": self.format_version, "fingerprint": self.fingerprint}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)   # readers never see half a model

    @staticmethod
    def header(path: Path) -> dict:
        """The header of a saved model; ValueError when the file is not a model of this version."""
        with path.open("rb") as f:
            return _read_header(f, path)

    @staticmethod
    def load(path: Path) -> BuiltinModel:
        with path.open("rb") as f:
            _read_header(f, path)
            model = pickle.load(f)
        if not isinstance(model, BuiltinModel) or model.format_version != FORMAT_VERSION:
            raise ValueError(f"{path} is not a model of this version; run `qyzmet nlu train`")
        return model

    # ------------------------------------------------------------ inference
    def probabilities(self, normalized: str) -> np.ndarray:
        """P(label | text), the classifier's classes_ order; the same numbers as
        `classifier.predict_proba(features.transform([normalized]))`.

        scikit-learn spends ~1 ms a call validating one-row inputs; the fitted
        vocabularies, idf weights and coefficients give the same result in ~0.05 ms,
        which is what keeps a parse far under the 5 ms budget.
        """
        indices, values = [], []
        offset = 0
        for _, vectorizer in self.features.transformer_list:
            vocabulary = vectorizer.vocabulary_
            counts = Counter(vocabulary[g] for g in vectorizer.build_analyzer()(normalized) if g in vocabulary)
            if counts:
                idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))   # sublinear_tf
                w = tf * vectorizer.idf_[idx]
                indices.append(idx + offset)
                values.append(w / np.linalg.norm(w))                                                # norm="l2"
            offset += len(vocabulary)
        logits = self.classifier.intercept_.copy()
        if indices:
            idx, val = np.concatenate(indices), np.concatenate(values)
            logits += self.classifier.coef_[:, idx] @ val
        logits -= logits.max()
        e = np.exp(logits)
        return e / e.sum()

    def language(self, text: str, toks=None) -> tuple[str, float]:
        """("kk" | "ru", probability). Text without words gets the default language at 0.5."""
        return self.language_model.detect(tokens(text) if toks is None else toks)

    def parse(self, text: str) -> Parse:
        text = text if isinstance(text, str) else str(text)
        toks = tokens(text)
        language, language_confidence = self.language(text, toks)
        found = entities.extract(text, toks)
        if not any(any(ch.isalpha() for ch in t.norm) for t in toks):
            # empty, emoji, digits only: nothing to understand
            return Parse(text, language, "out_of_scope", 1.0, None, [], found, language_confidence)

        probs = self.probabilities(" ".join(t.norm for t in toks))
        labels = self.classifier.classes_
        services = [(float(p), str(label)) for p, label in zip(probs, labels) if label in self.titles]
        services.sort(reverse=True)
        ranking = [Candidate(sid, self.titles[sid], p) for p, sid in services[:RANKING_SIZE]]
        others = {str(label): float(p) for p, label in zip(probs, labels) if label not in self.titles}
        intent = choose_intent(sum(p for p, _ in services), services[0][0], others)
        if intent == SERVICE:
            return Parse(text, language, SERVICE, ranking[0].confidence, ranking[0], ranking, found,
                         language_confidence)
        return Parse(text, language, intent, others[intent], None, ranking, found, language_confidence)


def _read_header(f, path: Path) -> dict:
    header = pickle.load(f)
    if not isinstance(header, dict) or header.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{path} is not a model of this version; run `qyzmet nlu train`")
    return header


# A text is about a service when the services together outweigh every other intent and
# either one service stands out or together they are near certain ("справка": which
# one is unclear, that it is a service is not). Below both, small talk spread thin over
# 32 services ("жарайды енді мен шығамын") would otherwise win as a sum of crumbs.
SERVICE_FLOOR = 0.2
SERVICES_SURE = 0.7


def choose_intent(services_total: float, best_service: float, others: dict[str, float]) -> str:
    best_other = max(others, key=others.get)
    if services_total >= others[best_other] and (best_service >= SERVICE_FLOOR or services_total >= SERVICES_SURE):
        return SERVICE
    return best_other


def model_path(configured: str | Path | None = None) -> Path:
    """Where the model is kept: NLU_MODEL when configured (qyzmet.settings), else var/nlu/builtin.pkl."""
    return Path(configured) if configured else MODEL_DIR / "builtin.pkl"


def train_and_save(titles: dict[str, str], path: Path | None = None, root: Path = DATA_DIR) -> BuiltinModel:
    model = BuiltinModel.train(load("train", root), titles, data_fingerprint(root, titles))
    model.save(path or model_path())
    return model


def saved_fingerprint(path: Path | None = None) -> str | None:
    """The fingerprint the saved model was trained on (read from its header); None without a model
    of this version. The model itself is not loaded: checking takes milliseconds."""
    try:
        return BuiltinModel.header(path or model_path()).get("fingerprint")
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def load_or_train(titles: dict[str, str], path: Path | None = None) -> BuiltinModel:
    """The saved model if it was trained on the current data; otherwise train it now (seconds)."""
    path = path or model_path()
    fingerprint = data_fingerprint(DATA_DIR, titles)
    if path.exists():
        try:
            model = BuiltinModel.load(path)
            if model.fingerprint == fingerprint:
                return model
            log.info("NLU training data changed since %s was trained; retraining", path)
        except (ValueError, pickle.UnpicklingError, EOFError, AttributeError) as e:
            log.warning("cannot load %s (%s); retraining", path, e)
    else:
        log.warning("no built-in NLU model at %s yet; training it from nlu/data/train (about 15 s, once)", path)
    return train_and_save(titles, path)
