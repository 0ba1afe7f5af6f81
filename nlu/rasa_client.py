"""The Rasa backend: intents from a Rasa 3.6 server's `POST /model/parse`.

Rasa 3.6 cannot live in this Python environment (it pins aiogram 2, SQLAlchemy 1.4,
Python < 3.11; see ../shared/notes/feasibility.md), so it runs as its own process and
is reached over loopback HTTP. Rasa classifies the intent; the language and the
entities come from the built-in components, so both backends name places the same way.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from nlu import entities
from nlu.builtin import BuiltinModel, choose_intent
from nlu.data import SERVICE, service_id
from nlu.normalize import clean, tokens
from nlu.result import Candidate, Parse


class RasaUnavailable(RuntimeError):
    """The server refused, timed out or answered something that is not a parse."""


class RasaParser:
    name = "rasa"

    def __init__(self, url: str, helper: BuiltinModel, timeout: float = 2.0):
        self.url = url.rstrip("/") + "/model/parse"
        self.helper = helper      # language detection, entities, titles
        self.timeout = timeout

    def _post(self, text: str) -> dict:
        body = json.dumps({"text": text}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise RasaUnavailable(f"{self.url}: {e}") from e
        if not isinstance(data, dict) or not isinstance(data.get("intent"), dict):
            raise RasaUnavailable(f"{self.url}: unexpected answer {str(data)[:200]}")
        return data

    def parse(self, text: str) -> Parse:
        text = text if isinstance(text, str) else str(text)
        toks = tokens(text)
        language, language_confidence = self.helper.language(text, toks)
        found = entities.extract(text, toks)
        if not any(any(ch.isalpha() for ch in t.norm) for t in toks):
            return Parse(text, language, "out_of_scope", 1.0, None, [], found, language_confidence, self.name)

        data = self._post(clean(text))
        ranking_raw = data.get("intent_ranking") or [data["intent"]]
        titles = self.helper.titles
        services, others = [], {"out_of_scope": 0.0}
        for item in ranking_raw:
            try:
                name, p = str(item["name"]), float(item.get("confidence") or 0.0)
            except (TypeError, ValueError, KeyError, AttributeError) as e:
                raise RasaUnavailable(f"{self.url}: malformed intent ranking ({e})") from e
            sid = service_id(name)
            if sid in titles:
                services.append(Candidate(sid, titles[sid], p))
            elif sid is None:
                others[name] = others.get(name, 0.0) + p
        services.sort(key=lambda c: -c.confidence)
        ranking = services[:5]
        total = sum(c.confidence for c in services)
        intent = choose_intent(total, ranking[0].confidence, others) if ranking else max(others, key=others.get)
        if intent == SERVICE:
            return Parse(text, language, SERVICE, ranking[0].confidence, ranking[0], ranking, found,
                         language_confidence, self.name)
        return Parse(text, language, intent, others[intent], None, ranking, found, language_confidence, self.name)
