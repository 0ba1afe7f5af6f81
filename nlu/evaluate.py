"""`qyzmet nlu eval`: how well a parser does on the held-out test split.

The test split (nlu/data/test) was written separately from the training data and is
never trained on. Figures per language:
  top-1 / top-3   of the examples about a standard: intent "service" and the right
                  standard first / among the first three of the ranking
  intent          intent accuracy over all examples ("service" counts as one intent)
  oos P / R       out_of_scope precision and recall
  language        share detected as the language of the example's folder
and the most confused (expected, predicted) pairs.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from nlu.data import SERVICE, Example

TARGET_TOP1 = 0.92
TARGET_OOS_RECALL = 0.80
# the held-out split of harder text (nlu/heldout): per language, and on the confusable families
HELDOUT_TOP1 = 0.97
HELDOUT_CONFUSABLE_TOP1 = 0.95


@dataclass
class LanguageScores:
    services: int = 0
    top1: int = 0
    top3: int = 0
    examples: int = 0
    intent_ok: int = 0
    language_ok: int = 0
    oos_true: int = 0        # gold out_of_scope
    oos_predicted: int = 0
    oos_hits: int = 0

    def as_dict(self) -> dict:
        def ratio(a, b):
            return round(a / b, 4) if b else None
        return {
            "examples": self.examples, "service_examples": self.services,
            "top1": ratio(self.top1, self.services), "top3": ratio(self.top3, self.services),
            "intent_accuracy": ratio(self.intent_ok, self.examples),
            "oos_precision": ratio(self.oos_hits, self.oos_predicted),
            "oos_recall": ratio(self.oos_hits, self.oos_true),
            "language_accuracy": ratio(self.language_ok, self.examples),
        }


@dataclass
class Report:
    by_language: dict[str, LanguageScores] = field(default_factory=dict)
    by_style: dict[str, LanguageScores] = field(default_factory=dict)     # "kk/stories" …, for the held-out split
    heldout: bool = False
    aspects: dict[str, tuple[int, int]] = field(default_factory=dict)     # language -> (right, examples)
    confused: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    def as_dict(self) -> dict:
        lat = sorted(self.latencies_ms)
        pct = (lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 3)) if lat else (lambda q: None)
        return {
            "languages": {lang: s.as_dict() for lang, s in sorted(self.by_language.items())},
            "styles": {style: s.as_dict() for style, s in sorted(self.by_style.items())},
            "aspects": {lang: {"examples": n, "exact": round(ok / n, 4) if n else None}
                        for lang, (ok, n) in sorted(self.aspects.items())},
            "confused_pairs": [{"expected": a, "predicted": b, "count": n} for (a, b), n in self.confused.most_common(10)],
            "parse_ms": {"p50": pct(0.50), "p99": pct(0.99)},
            "targets": self.targets(),
        }

    def targets(self) -> dict[str, bool]:
        out = {}
        if self.heldout:
            for lang, s in sorted(self.by_language.items()):
                out[f"top1_{lang}>={HELDOUT_TOP1:.0%}"] = (s.as_dict()["top1"] or 0) >= HELDOUT_TOP1
            for lang in sorted(self.by_language):
                # the texts naming one member of a confusable family while mentioning another, per language
                confusable = LanguageScores()
                for style, s in self.by_style.items():
                    if style.startswith(f"{lang}/confusable"):
                        confusable.services += s.services
                        confusable.top1 += s.top1
                out[f"top1_confusable_{lang}>={HELDOUT_CONFUSABLE_TOP1:.0%}"] = \
                    (confusable.as_dict()["top1"] or 0) >= HELDOUT_CONFUSABLE_TOP1
            return out
        for lang, s in sorted(self.by_language.items()):
            d = s.as_dict()
            out[f"top1_{lang}>={TARGET_TOP1:.0%}"] = (d["top1"] or 0) >= TARGET_TOP1
            out[f"oos_recall_{lang}>={TARGET_OOS_RECALL:.0%}"] = (d["oos_recall"] or 0) >= TARGET_OOS_RECALL
        return out

    def passed(self) -> bool:
        return all(self.targets().values())


def _predicted_label(parse) -> str:
    return parse.service.id if parse.intent == SERVICE and parse.service else parse.intent


def _style(e: Example) -> str:
    """"heldout/kk/stories.yml" -> "kk/stories"."""
    parts = e.source.rsplit("/", 2)
    return f"{parts[-2]}/{parts[-1].removesuffix('.yml')}" if len(parts) >= 2 else e.language


def evaluate(parser, examples: list[Example], heldout: bool = False, aspects=()) -> Report:
    report = Report(heldout=heldout)
    for a in aspects:
        ok, n = report.aspects.get(a.language, (0, 0))
        report.aspects[a.language] = (ok + (set(parser.parse(a.text).aspects) == set(a.aspects)), n + 1)
    for e in examples:
        started = time.perf_counter()
        p = parser.parse(e.text)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        for s in (report.by_language.setdefault(e.language, LanguageScores()),
                  *((report.by_style.setdefault(_style(e), LanguageScores()),) if heldout else ())):
            _count(s, e, p)
        predicted = _predicted_label(p)
        if predicted != e.label:
            report.confused[(e.label, predicted)] += 1
            report.errors.append({"text": e.text, "language": e.language, "expected": e.label,
                                  "predicted": predicted, "confidence": round(p.confidence, 3)})
    return report


def _count(s: LanguageScores, e: Example, p) -> None:
    s.examples += 1
    s.language_ok += p.language == e.language
    s.intent_ok += p.intent == e.intent
    if e.intent == SERVICE:
        s.services += 1
        ids = [c.id for c in p.ranking] if p.intent == SERVICE else []
        s.top1 += ids[:1] == [e.service]
        s.top3 += e.service in ids[:3]
    s.oos_true += e.intent == "out_of_scope"
    s.oos_predicted += p.intent == "out_of_scope"
    s.oos_hits += e.intent == "out_of_scope" and p.intent == "out_of_scope"


def format_report(report: Report, title: str = "") -> str:
    d = report.as_dict()
    lines = [title] if title else []
    lines.append(f"{'lang / style':<15}{'examples':>9}{'top-1':>8}{'top-3':>8}{'intent':>8}{'oos P':>8}{'oos R':>8}{'lang':>8}")

    def pct(v):
        return f"{v:.1%}" if v is not None else "-"
    for lang, s in [*d["languages"].items(), *d["styles"].items()]:
        lines.append(f"{lang:<15}{s['examples']:>9}{pct(s['top1']):>8}{pct(s['top3']):>8}"
                     f"{pct(s['intent_accuracy']):>8}{pct(s['oos_precision']):>8}{pct(s['oos_recall']):>8}"
                     f"{pct(s['language_accuracy']):>8}")
    for lang, a in d["aspects"].items():
        lines.append(f"aspects {lang}: {pct(a['exact'])} exactly right of {a['examples']}")
    if d["confused_pairs"]:
        lines.append("most confused (expected -> predicted):")
        lines += [f"  {c['count']:>3}  {c['expected']} -> {c['predicted']}" for c in d["confused_pairs"]]
    lines.append(f"parse latency: p50 {d['parse_ms']['p50']} ms, p99 {d['parse_ms']['p99']} ms")
    lines.append("targets: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in d["targets"].items()))
    return "\n".join(lines)
