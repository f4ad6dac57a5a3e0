"""Precision, recall and F1 per entity type on a labelled corpus (`handover-scan eval`).

The corpus is JSON lines: {"text": ..., "spans": [[start, end, ENTITY_TYPE], ...]} plus
optional "known_names" (what the export's contact list would reveal for that message).
Only findings at or above the gate threshold count as predictions: that is what fails a
handover, so that is what is measured.

Span matching follows presidio-research's SpanEvaluator (character-level IoU):
  * a prediction and a gold span of the same type with IoU >= iou_threshold (0.75) -> TP;
  * a gold span matched by no prediction of its type -> FN for that type;
  * a prediction matching no gold span of its type -> FP for its type, so a wrong type on
    the right span counts FP for the predicted type and FN for the gold one;
  * each gold span and each prediction is used at most once (best IoU first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from handover_scan.engine.analyzer import Analyzer
from handover_scan.policy import DEFAULT_MIN_SCORE

IOU_THRESHOLD = 0.75
# Where `handover-scan eval` finds the corpus in a source checkout.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "eval" / "corpus.jsonl"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class EvaluationResult:
    per_entity: dict[str, Counts] = field(default_factory=dict)
    messages: int = 0
    errors: list[dict] = field(default_factory=list)  # first mistakes, for looking at

    def counts(self, entity: str) -> Counts:
        return self.per_entity.setdefault(entity, Counts())

    @property
    def total(self) -> Counts:
        total = Counts()
        for c in self.per_entity.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def match_spans(gold: list[tuple[int, int, str]], predicted: list[tuple[int, int, str]],
                threshold: float = IOU_THRESHOLD) -> tuple[list, list, list]:
    """(true positives as (gold, pred), false negatives, false positives)."""
    pairs = sorted(((iou(g[:2], p[:2]), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
                    if g[2] == p[2]), reverse=True)
    used_g, used_p, tps = set(), set(), []
    for score, gi, pi in pairs:
        if score < threshold:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        tps.append((gold[gi], predicted[pi]))
    fns = [g for i, g in enumerate(gold) if i not in used_g]
    fps = [p for i, p in enumerate(predicted) if i not in used_p]
    return tps, fns, fps


def load_corpus(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(corpus: Iterable[dict] | Path = DEFAULT_CORPUS, analyzer: Analyzer | None = None,
             min_score: float = DEFAULT_MIN_SCORE, threshold: float = IOU_THRESHOLD,
             keep_errors: int = 200) -> EvaluationResult:
    if isinstance(corpus, (str, Path)):
        corpus = load_corpus(Path(corpus))
    analyzer = analyzer or Analyzer()
    result = EvaluationResult()
    for record in corpus:
        result.messages += 1
        text = record["text"]
        analyzer.register_names(record.get("known_names", ()), replace=True)
        gold = [(int(s), int(e), t) for s, e, t in record.get("spans", [])]
        predicted = [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, record.get("field", ""))
                     if r.score >= min_score]
        tps, fns, fps = match_spans(gold, predicted, threshold)
        for g, _ in tps:
            result.counts(g[2]).tp += 1
        for g in fns:
            result.counts(g[2]).fn += 1
        for p in fps:
            result.counts(p[2]).fp += 1
        if (fns or fps) and len(result.errors) < keep_errors:
            result.errors.append({"id": record.get("id", ""), "text": text,
                                  "missed": [(text[s:e], t) for s, e, t in fns],
                                  "spurious": [(text[s:e], t) for s, e, t in fps]})
    analyzer.register_names((), replace=True)
    return result


def format_table(result: EvaluationResult) -> str:
    """A Markdown table: one row per entity type, then the micro average."""
    lines = ["| entity type | precision | recall | F1 | TP | FP | FN |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, c in sorted(result.per_entity.items()):
        lines.append(f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} |")
    t = result.total
    lines.append(f"| **all (micro)** | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | {t.tp} | {t.fp} | {t.fn} |")
    return "\n".join(lines)
