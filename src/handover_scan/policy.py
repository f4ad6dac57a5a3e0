"""The gate: does this scan stop the handover?

Every finding gets one status, checked in this order:
  below_min_score  score under policy.min_score
  allowlisted      an allowlist entry matches (entry and reason recorded)
  baseline         the baseline holds it (fingerprint, entity type, file, field)
  not_gated        its type/category is not in policy.fail_on
  counted          counts toward the gate
An entity type fails the gate when its counted findings reach its threshold (default 1).

Exit codes: 0 pass; policy.exit_code (default 1) gate failed; 2 the scan is incomplete
(a file could not be read or parsed) or the arguments were wrong. An incomplete scan
fails closed: it never passes, whatever it found or what was allowed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from handover_scan.config import (DEFAULT_MIN_SCORE, EXIT_FAIL, EXIT_INCOMPLETE, EXIT_PASS, AllowEntry,
                                  ConfigError, Policy)

if TYPE_CHECKING:  # importing scan pulls in Presidio: `baseline audit` and `--help` need not wait for it
    from handover_scan.scan import ScanResult

__all__ = ["DEFAULT_MIN_SCORE", "EXIT_FAIL", "EXIT_INCOMPLETE", "EXIT_PASS", "ConfigError", "GateDecision", "Policy",
           "decide"]

STATUSES = ("counted", "not_gated", "baseline", "allowlisted", "below_min_score")


class BaselineLike(Protocol):
    def contains(self, finding) -> bool: ...


@dataclass(frozen=True)
class GateDecision:
    exit_code: int
    failing: int  # counted findings of the entity types that failed
    reason: str
    reason_zh: str = ""
    outcome: str = "pass"  # pass | fail | incomplete
    statuses: tuple[str, ...] = ()  # one per finding, in result.findings order
    allowed_by: tuple[AllowEntry | None, ...] = ()  # the allowlist entry per finding, where one matched
    failed_types: dict[str, int] = field(default_factory=dict)  # entity type -> counted findings
    counts: dict[str, int] = field(default_factory=dict)  # status -> findings
    policy: Policy = field(default_factory=Policy)
    baseline_used: bool = False

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_PASS


def _gated(finding, policy: Policy, entities: dict) -> bool:
    for rule in policy.fail_on:
        if rule == "any":
            return True
        if rule == "sensitive" and finding.sensitive:
            return True
        spec = entities.get(finding.entity_type)
        if rule in (finding.entity_type, finding.category) or (spec is not None and rule == spec.category_en):
            return True
    return False


def classify(finding, policy: Policy, baseline: BaselineLike | None, entities: dict) -> tuple[str, AllowEntry | None]:
    if finding.score < policy.min_score:
        return "below_min_score", None
    entry = next((e for e in policy.allowlist if e.matches(finding)), None)
    if entry is not None:
        return "allowlisted", entry
    if baseline is not None and baseline.contains(finding):
        return "baseline", None
    if not _gated(finding, policy, entities):
        return "not_gated", None
    return "counted", None


def decide(result: "ScanResult", policy: Policy | float = DEFAULT_MIN_SCORE, baseline: BaselineLike | None = None,
           entities: dict | None = None) -> GateDecision:
    """The gate decision for a scan; `policy` may be a bare min score for the default policy."""
    if not isinstance(policy, Policy):
        policy = Policy(min_score=float(policy), source="defaults")
    if entities is None:
        from handover_scan.engine.definitions import load_definitions
        entities = load_definitions().entities
    pairs = [classify(f, policy, baseline, entities) for f in result.findings]
    statuses = tuple(s for s, _ in pairs)
    counted = Counter(f.entity_type for f, s in zip(result.findings, statuses) if s == "counted")
    failed = {t: n for t, n in sorted(counted.items()) if n >= policy.thresholds.get(t, 1)}
    failing = sum(failed.values())
    common = dict(statuses=statuses, allowed_by=tuple(e for _, e in pairs), failed_types=failed,
                  counts=dict(Counter(statuses)), policy=policy, baseline_used=baseline is not None)
    if not result.complete:
        n = len(result.errors)
        return GateDecision(EXIT_INCOMPLETE, failing, f"scan incomplete: {n} file(s) could not be read; "
                            "the gate fails closed", f"扫描不完整：{n} 个文件无法读取，闸门按失败处理",
                            "incomplete", **common)
    if failed:
        what = ", ".join(f"{t} {n}" for t, n in failed.items())
        new = "new " if baseline is not None else ""
        return GateDecision(policy.exit_code, failing,
                            f"{failing} {new}finding(s) with score >= {policy.min_score} fail the gate ({what})",
                            f"{failing} 条{'新' if baseline is not None else ''}发现（分数 ≥ {policy.min_score}）"
                            f"未通过闸门（{what}）", "fail", **common)
    below = {t: n for t, n in counted.items() if t not in failed}
    extra = f"; under threshold: {', '.join(f'{t} {n}' for t, n in sorted(below.items()))}" if below else ""
    return GateDecision(EXIT_PASS, 0, f"no finding with score >= {policy.min_score} fails the gate{extra}",
                        f"没有分数 ≥ {policy.min_score} 且未被豁免的发现{extra}", "pass", **common)
