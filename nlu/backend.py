"""Choosing the NLU backend by configuration, and never going silent.

    NLU_BACKEND=builtin   (default) the in-process classifier
    NLU_BACKEND=rasa      a Rasa 3.6 server at RASA_URL (default http://127.0.0.1:5005);
                          while it is down, the built-in classifier answers and a warning
                          is logged once per outage
    RASA_TIMEOUT          seconds to wait for Rasa (default 2; the phone line cannot wait)
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from pathlib import Path

from nlu import aspects
from nlu.builtin import BuiltinModel, load_or_train, model_path
from nlu.metrics import RasaFallback, count_rasa_fallback
from nlu.rasa_client import RasaParser, RasaUnavailable
from nlu.result import Parse
from nlu.services import knowledge_titles

log = logging.getLogger(__name__)

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
# After a failure, Rasa is tried again only after this pause, so an outage costs one
# timeout per half minute rather than one per message.
RETRY_AFTER_SECONDS = 30.0


def with_aspects(parse: Parse) -> Parse:
    """The classifiers name the service; what is asked of it is read from the words (nlu.aspects)."""
    return dataclasses.replace(parse, aspects=tuple(str(a) for a in aspects.read(parse.text)))


class BuiltinParser:
    name = "builtin"
    in_process = True          # never waits on the network (a caller may run it on an event loop)

    def __init__(self, model: BuiltinModel):
        self.model = model

    def parse(self, text: str) -> Parse:
        return with_aspects(self.model.parse(text))

    def language(self, text: str) -> tuple[str, float]:
        return self.model.language(text)


class FallbackParser:
    """Rasa first; the built-in classifier whenever Rasa cannot answer."""

    def __init__(self, primary: RasaParser, fallback: BuiltinParser, retry_after: float = RETRY_AFTER_SECONDS):
        self.primary = primary
        self.fallback = fallback
        self.retry_after = retry_after
        self.name = f"{primary.name}+{fallback.name}"
        self._down_since: float | None = None
        self._lock = threading.Lock()

    def parse(self, text: str) -> Parse:
        with self._lock:
            skip = self._down_since is not None and time.monotonic() - self._down_since < self.retry_after
        why = RasaFallback.PAUSED
        if not skip:
            try:
                result = self.primary.parse(text)
            except RasaUnavailable as e:
                why = RasaFallback.UNAVAILABLE
                with self._lock:
                    if self._down_since is None:
                        log.warning("Rasa NLU unavailable (%s); answering with the built-in classifier", e)
                    self._down_since = time.monotonic()
            else:
                with self._lock:
                    if self._down_since is not None:
                        log.warning("Rasa NLU is back at %s", self.primary.url)
                    self._down_since = None
                return with_aspects(result)
        count_rasa_fallback(why)
        log.debug("read by the built-in classifier: Rasa %s", why)    # the warning above is once per outage
        return dataclasses.replace(self.fallback.parse(text), backend=f"{self.fallback.name} (rasa unavailable)")

    def language(self, text: str) -> tuple[str, float]:
        return self.fallback.language(text)


def get_parser(backend: str = "builtin", titles: dict[str, str] | None = None, rasa_url: str = DEFAULT_RASA_URL,
               rasa_timeout: float = 2.0, model: str | Path | None = None, database: str = ""):
    """The parser for a configuration (qyzmet.settings): an object with `.parse(text) -> Parse` and
    `.language(text)`. `titles` default to the knowledge base's at `database`; `model` is the built-in
    model's file (var/nlu/builtin.pkl by default), trained now if it is missing or stale."""
    backend = (backend or "builtin").strip().lower()
    if backend not in ("builtin", "rasa"):
        raise ValueError(f"NLU_BACKEND must be 'builtin' or 'rasa', not {backend!r}")
    found = load_or_train(titles if titles is not None else knowledge_titles(database), model_path(model))
    builtin = BuiltinParser(found)
    if backend == "builtin":
        return builtin
    return FallbackParser(RasaParser(rasa_url or DEFAULT_RASA_URL, found, rasa_timeout), builtin)
