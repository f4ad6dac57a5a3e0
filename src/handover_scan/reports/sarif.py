"""report.sarif: SARIF 2.1.0 for code-scanning dashboards.

One rule per entity type (with its category, articles and reason), one result per finding
with the masked value only. Allowlisted and baselined findings carry a SARIF suppression
with the reason; with a baseline, baselineState says new or unchanged. Locators `line:N`
become regions; `row:N` and `json:/pointer` stay in the result's properties (a CSV row
is not a line once a message spans lines).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote as _quote

from handover_scan.reports.common import ReportData, private_open
from handover_scan.reports.text import label

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/handover-scan/"


@lru_cache(maxsize=4096)
def quote(path: str) -> str:
    """A relative file path as a URI reference (the same few files recur in every result)."""
    return _quote(path)


def _rule(name: str, spec, lang: str) -> dict:
    category = spec.category if lang == "zh" else spec.category_en
    reason = spec.reason_zh if lang == "zh" else spec.reason_en
    articles = "; ".join(spec.articles)
    return {
        "id": name, "name": name.title().replace("_", ""),
        "shortDescription": {"text": f"{category} ({name})"},
        "fullDescription": {"text": f"{reason}. {articles}"},
        "help": {"text": f"{reason}\n{articles}",
                 "markdown": f"**{category}**: {reason}\n\n{articles}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"category": spec.category, "category_en": spec.category_en, "sensitive": spec.sensitive,
                       "articles": list(spec.articles),
                       "tags": ["privacy", "personal-information", *(["sensitive"] if spec.sensitive else [])]},
    }


def _level(status: str, failed: bool) -> str:
    if status == "counted" and failed:
        return "error"
    return "note" if status == "below_min_score" else "warning"


def _result(finding, status: str, allow, rule_index: dict, data: ReportData, lang: str) -> dict:
    failed = finding.entity_type in data.decision.failed_types
    category = finding.category if lang == "zh" else data.entities[finding.entity_type].category_en
    if lang == "zh":
        text = f"{finding.data_subject} 的{category} {finding.masked_value}（会话：{finding.conversation}）"
    else:
        text = f"{category} of {finding.data_subject}: {finding.masked_value} (conversation {finding.conversation})"
    physical: dict = {"artifactLocation": {"uri": quote(finding.file), "uriBaseId": "SCANROOT"}}
    if finding.locator.startswith("line:"):
        physical["region"] = {"startLine": int(finding.locator[5:])}
    result = {
        "ruleId": finding.entity_type, "ruleIndex": rule_index[finding.entity_type],
        "level": _level(status, failed), "message": {"text": text},
        "locations": [{"physicalLocation": physical,
                       "logicalLocations": [{"name": finding.locator, "kind": "element",
                                             "fullyQualifiedName": f"{finding.file}#{finding.locator}"}]}],
        "partialFingerprints": {"handoverScanValue/v1": finding.fingerprint},
        "rank": round(finding.score * 100, 1),
        "properties": {"locator": finding.locator, "field": finding.field, "conversation": finding.conversation,
                       "data_subject": finding.data_subject, "score": finding.score, "sensitive": finding.sensitive,
                       "category": finding.category, "masked_value": finding.masked_value,
                       "gate_status": status, "recognizer": finding.recognizer},
    }
    if status == "allowlisted":
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": allow.reason if allow else "allowlisted"}]
    elif status == "baseline":
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": "in the baseline"}]
    if data.decision.baseline_used:
        result["baselineState"] = "unchanged" if status == "baseline" else "new"
    return result


def sarif_object(data: ReportData, lang: str = "zh") -> dict:
    names = sorted(data.entities)
    rule_index = {name: i for i, name in enumerate(names)}
    allowed_by = getattr(data.decision, "allowed_by", ()) or (None,) * len(data.findings)
    results = [_result(f, s, a, rule_index, data, lang)
               for f, s, a in zip(data.findings, data.statuses(), allowed_by)]
    notifications = [{"level": "error", "message": {"text": f"{r.file}: {r.error}"},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(r.file),
                                                                               "uriBaseId": "SCANROOT"}}}]}
                     for r in data.result.errors]
    tool = data.tool
    root = data.roots[0] if len(data.roots) == 1 else ""
    run = {
        "tool": {"driver": {"name": tool["name"], "version": tool["version"], "semanticVersion": tool["version"],
                            "informationUri": INFORMATION_URI, "rules": [_rule(n, data.entities[n], lang)
                                                                         for n in names],
                            "properties": {"rules_version": tool["rules_version"]}}},
        "invocations": [{"executionSuccessful": data.result.complete,
                         "toolExecutionNotifications": notifications,
                         "properties": {"gate_outcome": data.decision.outcome,
                                        "gate_exit_code": data.decision.exit_code,
                                        "gate_reason": data.decision.reason}}],
        "artifacts": [{"location": {"uri": quote(r.file), "uriBaseId": "SCANROOT"},
                       "properties": {"format": r.format, "records": r.records, "error": r.error,
                                      "skipped": r.skipped}} for r in data.result.files],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "language": "zh-CN" if lang == "zh" else "en-US",
        "properties": {"headline": label("title", lang)},
    }
    if root:
        base = Path(root).resolve()
        base = base.parent if base.is_file() else base
        run["originalUriBaseIds"] = {"SCANROOT": {"uri": base.as_uri().rstrip("/") + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def write_sarif(path: Path, data: ReportData, lang: str = "zh") -> None:
    sarif = sarif_object(data, lang)
    # indented for a person when small; one-shot compact encoding (the C encoder) when large
    indent = 2 if len(data.findings) <= 2000 else None
    text = json.dumps(sarif, ensure_ascii=False, indent=indent)
    with private_open(path) as f:
        f.write(text + "\n")
