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
    audit: tuple[str, ...] = ()  # per finding: its baseline entry's audit status (unaudited, accepted ...) or ""
    audit_counts: dict[str, int] = field(default_factory=dict)  # audit status -> findings in the baseline

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_PASS

    def reason_in(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" and self.reason_zh else self.reason


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


def _audit_status(baseline: BaselineLike | None, finding) -> str:
    if baseline is None or not baseline.contains(finding):
        return ""
    status_of = getattr(baseline, "status_of", None)
    return (status_of(finding) if status_of else None) or "unaudited"


def classify(finding, policy: Policy, baseline: BaselineLike | None, entities: dict) -> tuple[str, AllowEntry | None]:
    if finding.score < policy.min_score:
        return "below_min_score", None
    entry = next((e for e in policy.allowlist if e.matches(finding)), None)
    if entry is not None:
        return "allowlisted", entry
    audit = _audit_status(baseline, finding)
    if audit and not (policy.fail_on_unaudited and audit == "unaudited"):
        return "baseline", None
    if not _gated(finding, policy, entities):
        return "not_gated", None
    return "counted", None


def decide(result: "ScanResult", policy: Policy | float = DEFAULT_MIN_SCORE, baseline: BaselineLike | None = None,
           entities: dict | None = None) -> GateDecision:
    """The gate decision for a scan; `policy` may be a bare min score for the default policy.

    Nothing scanned (no input files, or only skipped ones) is no pass: exit 2, like an incomplete scan."""
    if not isinstance(policy, Policy):
        policy = Policy(min_score=float(policy), source="defaults")
    if entities is None:
        from handover_scan.engine.definitions import load_definitions
        entities = load_definitions().entities
    pairs = [classify(f, policy, baseline, entities) for f in result.findings]
    statuses = tuple(s for s, _ in pairs)
    audit = tuple(_audit_status(baseline, f) for f in result.findings) if baseline is not None else ()
    counted = Counter(f.entity_type for f, s in zip(result.findings, statuses) if s == "counted")
    failed = {t: n for t, n in sorted(counted.items()) if n >= policy.thresholds.get(t, 1)}
    failing = sum(failed.values())
    common = dict(statuses=statuses, allowed_by=tuple(e for _, e in pairs), failed_types=failed,
                  counts=dict(Counter(statuses)), policy=policy, baseline_used=baseline is not None,
                  audit=audit, audit_counts=dict(Counter(a for a in audit if a)))
    scanned = any(not f.skipped and not f.error for f in result.files)  # files may stream from a spool
    if not result.complete:
        n = len(result.errors)
        en, zh = wording(result, statuses, audit, failed, policy, entities)
        return GateDecision(EXIT_INCOMPLETE, failing, f"scan incomplete: {n} file(s) could not be read; "
                            f"the gate fails closed. {en}", f"扫描不完整：{n} 个文件无法读取，闸门按失败处理。{zh}",
                            "incomplete", **common)
    if not scanned and not result.findings:
        skipped = len(result.files)
        return GateDecision(EXIT_INCOMPLETE, 0, "nothing scanned: " + (
            f"all {skipped} file(s) were skipped" if skipped else "no input files") + "; an empty scan is no pass",
            "未扫描任何内容：" + (f"{skipped} 个文件全部被跳过" if skipped else "没有输入文件") + "；空扫描不算通过",
            "incomplete", **common)
    en, zh = wording(result, statuses, audit, failed, policy, entities)
    if failed:
        return GateDecision(policy.exit_code, failing, en, zh, "fail", **common)
    return GateDecision(EXIT_PASS, 0, en, zh, "pass", **common)


def _label(entities: dict, entity_type: str, lang: str) -> str:
    spec = entities.get(entity_type)
    return spec.label(lang) if spec is not None and hasattr(spec, "label") else entity_type


def wording(result, statuses, audit, failed, policy: Policy, entities: dict) -> tuple[str, str]:
    """The gate's reason in English and Chinese: what fails it, then what was found but not gated and why.
    A pass never reads as "nothing found" while findings exist."""
    findings = result.findings
    by_status: dict[str, Counter] = {}
    for f, s in zip(findings, statuses):
        by_status.setdefault(s, Counter())[f.entity_type] += 1

    def listing(counter: Counter, lang: str) -> str:
        sep = "、" if lang == "zh" else ", "
        return sep.join(f"{_label(entities, t, lang)} {n}" for t, n in counter.most_common())

    total = len(findings)
    failing = sum(failed.values())
    new = policy is not None and bool(audit)
    if failed:
        head_en = (f"{failing} {'new ' if new else ''}finding(s) with score >= {policy.min_score} fail the gate "
                   f"({listing(Counter(failed), 'en')})")
        head_zh = (f"{failing} 条{'新' if new else ''}发现（分数 ≥ {policy.min_score}）未通过闸门"
                   f"（{listing(Counter(failed), 'zh')}）")
    elif total:
        head_en, head_zh = "no finding fails the gate", "没有发现触发闸门"
    else:
        return (f"no personal information found in {len(result.files)} file(s), {result.records} record(s)",
                f"在 {len(result.files)} 个文件、{result.records} 条记录中未发现个人信息")
    en = [f"found {total} finding(s) in all"]
    zh = [f"共发现 {total} 条"]
    under = Counter({t: n for t, n in by_status.get("counted", Counter()).items() if t not in failed})
    if under:
        en.append(f"under their threshold: {listing(under, 'en')}")
        zh.append(f"未达到数量阈值：{listing(under, 'zh')}")
    if "not_gated" in by_status:
        n = sum(by_status["not_gated"].values())
        en.append(f"{n} not gated because their type is not in fail_on ({', '.join(policy.fail_on)}): "
                  f"{listing(by_status['not_gated'], 'en')}")
        zh.append(f"{n} 条不在闸门范围（fail_on 为 {', '.join(policy.fail_on)}）：{listing(by_status['not_gated'], 'zh')}")
    if "baseline" in by_status:
        n = sum(by_status["baseline"].values())
        unaudited = sum(1 for s, a in zip(statuses, audit) if s == "baseline" and a == "unaudited")
        en.append(f"{n} not gated because the baseline holds them ({unaudited} of them unaudited"
                  + ("; set fail_on_unaudited to gate those" if unaudited else "") + ")")
        zh.append(f"{n} 条因已在基线中而不计入闸门（其中 {unaudited} 条未审核"
                  + ("；设置 fail_on_unaudited 可使其计入" if unaudited else "") + "）")
    if "allowlisted" in by_status:
        n = sum(by_status["allowlisted"].values())
        en.append(f"{n} allowlisted by the policy (each entry gives its reason)")
        zh.append(f"{n} 条按策略豁免（每项豁免均注明理由）")
    if "below_min_score" in by_status:
        n = sum(by_status["below_min_score"].values())
        en.append(f"{n} below min_score {policy.min_score} (too uncertain to gate)")
        zh.append(f"{n} 条分数低于 {policy.min_score}（置信度不足，不计入闸门）")
    if len(en) == 1:  # everything found counts toward the gate: nothing more to say
        return head_en, head_zh
    return f"{head_en}; " + "; ".join(en), f"{head_zh}；" + "；".join(zh)
