"""The NLU's Prometheus metrics: what it read messages as, how sure it was, and how often Rasa was not there.

Labels come from closed sets only: the intents the models are trained on (nlu.data), "service" for
any of the services (never the service's id: that would be hundreds of series), "other" for anything
else a Rasa model might return. Never a text.
"""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import Counter, Histogram

from nlu.data import GENERAL_INTENTS, SERVICE

INTENT_LABELS = frozenset((SERVICE, *GENERAL_INTENTS))
# the built-in reading's "did you mean" band starts at 0.7 (dialogs.router.CONFIDENT): buckets around it
CONFIDENCE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)


class RasaFallback(StrEnum):
    UNAVAILABLE = "unavailable"    # Rasa was asked and failed (refused, timed out, answered nonsense)
    PAUSED = "paused"              # Rasa failed a moment ago and was not asked (nlu.backend.RETRY_AFTER_SECONDS)


INTENTS = Counter("qyzmet_nlu_intents", "Messages the engine took a reading for, by the intent read "
                  "(service: any service; other: an intent outside the trained set)", ["intent"])
CONFIDENCE = Histogram("qyzmet_nlu_confidence", "The reading's confidence in its intent (for service: in the "
                       "best service), per message the engine took", buckets=CONFIDENCE_BUCKETS)
RASA_FALLBACKS = Counter("qyzmet_nlu_rasa_fallbacks", "Texts the built-in classifier read because the Rasa "
                         "server could not: unavailable = asked and failed; paused = not asked, as it failed "
                         "within the last half minute", ["why"])

for _label in (*sorted(INTENT_LABELS), "other"):     # every series from the start, at 0
    INTENTS.labels(_label)
for _why in RasaFallback:
    RASA_FALLBACKS.labels(str(_why))


def count_reading(parse) -> None:
    """One message's reading (an nlu.result.Parse), once per turn taken (dialogs.metrics calls this)."""
    intent = parse.intent if parse.intent in INTENT_LABELS else "other"
    INTENTS.labels(intent).inc()
    CONFIDENCE.observe(min(max(float(parse.confidence), 0.0), 1.0))


def count_rasa_fallback(why: RasaFallback) -> None:
    RASA_FALLBACKS.labels(str(why)).inc()
