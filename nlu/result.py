"""What every NLU backend returns: one `Parse` per text, the same shape for all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str          # standard id, "1486-02"
    title_kk: str    # exactly the title in the knowledge base
    confidence: float


@dataclass(frozen=True, slots=True)
class Parse:
    text: str
    language: str                       # "kk" | "ru": the language to answer in
    intent: str                         # "service" or a general intent (nlu.data.GENERAL_INTENTS)
    confidence: float                   # of the intent; for "service", of the best service
    service: Candidate | None           # the best service when intent == "service"
    ranking: list[Candidate] = field(default_factory=list)   # best services first, up to 5
    entities: list[dict] = field(default_factory=list)
    language_confidence: float = 1.0    # P(language); near 0.5 for mixed or too short text
    backend: str = "builtin"
    aspects: tuple[str, ...] = ()       # what is asked of the service (nlu.aspects.Aspect); () = all of it

    def to_dict(self) -> dict:
        """The JSON object of `qyzmet nlu parse` (the documented interface)."""
        return {
            "text": self.text,
            "language": self.language,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "service": ({"id": self.service.id, "title_kk": self.service.title_kk} if self.service else None),
            "ranking": [{**asdict(c), "confidence": round(c.confidence, 4)} for c in self.ranking],
            "entities": self.entities,
            "aspects": list(self.aspects),
        }
