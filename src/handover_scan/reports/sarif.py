"""report.sarif: SARIF 2.1.0 for code-scanning dashboards.

One rule per entity type (with its category, articles and reason), one result per finding
with the masked value only. Allowlisted and baselined findings carry a SARIF suppression
with the reason; with a baseline, baselineState says new or unchanged. Locators `line:N`
become regions; `row:N` and `json:/pointer` stay in the result's properties (a CSV row
is not a line once a message spans lines).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from urllib.parse import quote as _quote

from handover_scan.exports.pathnames import mask_root
from handover_scan.messages import detail, render, render_path
from handover_scan.reports.common import ReportData, dump_streamed, private_open, stream_placeholder
from handover_scan.reports.text import cite_all, label

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/handover-scan/"


@lru_cache(maxsize=4096)
def quote(path: str) -> str:
    """A relative file path as a URI reference (the same few files recur in every result)."""
    return _quote(path)


def _rule(name: str, spec, lang: str) -> dict:
    category = spec.label(lang)
    reason = spec.reason_zh if lang == "zh" else spec.reason_en
    articles = cite_all(spec.articles, lang)
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


def _message(finding, spec, lang: str, names: bool) -> str:
    """The result message. By default no person or conversation name (code-scanning dashboards are shared
    widely) and, for sensitive types, no masked value either: the first character of a health term
    (`糖****`) or a location still says too much. The rule, file and locator say where to look."""
    what = spec.label(lang)
    shown = "" if spec.sensitive else f" {finding.masked_value}"
    if lang == "zh":
        text = f"{what}{shown}（{'敏感个人信息' if spec.sensitive else '个人信息'}，位置 {finding.locator}）"
        return f"{finding.data_subject} 的{text}（会话：{finding.conversation}）" if names else text
    text = f"{what}{shown} ({'sensitive ' if spec.sensitive else ''}personal information at {finding.locator})"
    return f"{text} of {finding.data_subject} (conversation {finding.conversation})" if names else text


def split_archive(path: str) -> tuple[str, str]:
    """`bundle.zip!inner/a.csv` -> (`bundle.zip`, `inner/a.csv`): the file on disk a viewer can open, and the
    member inside it ("" when the path is no archive member)."""
    outer, sep, inner = path.partition("!")
    return outer, inner if sep else ""


def _location(path: str) -> dict:
    """An artifactLocation a SARIF viewer can resolve: the archive on disk for a member, whose own path is kept
    in properties (a `!` path is no URI anyone can open)."""
    outer, inner = split_archive(path)
    location: dict = {"uri": quote(outer), "uriBaseId": "SCANROOT"}
    if inner:
        location["properties"] = {"archive_member": inner}
    return location


def _result(finding, status: str, allow, rule_index: dict, data: ReportData, lang: str, names: bool = False,
            audit: str = "") -> dict:
    failed = finding.entity_type in data.decision.failed_types
    spec = data.entities[finding.entity_type]
    text = _message(finding, spec, lang, names)
    physical: dict = {"artifactLocation": _location(finding.file)}
    if finding.locator.startswith("line:"):
        physical["region"] = {"startLine": int(finding.locator[5:])}
    result = {
        "ruleId": finding.entity_type, "ruleIndex": rule_index[finding.entity_type],
        "level": _level(status, failed), "message": {"text": text},
        "locations": [{"physicalLocation": physical,
                       "logicalLocations": [{"name": finding.locator, "kind": "element",
                                             **({"fullyQualifiedName": f"{finding.file}#{finding.locator}"}
                                                if names else {})}]}],
        "partialFingerprints": {"handoverScanValue/v1": finding.fingerprint},
        "rank": round(finding.score * 100, 1),
        "properties": {"locator": finding.locator, "field": finding.field, "score": finding.score,
                       "sensitive": finding.sensitive, "category": finding.category,
                       "gate_status": status, "recognizer": finding.recognizer,
                       **({"baseline_audit": audit} if audit else {}),
                       **({"conversation": finding.conversation, "data_subject": finding.data_subject}
                          if names else {}),
                       **({"masked_value": finding.masked_value} if names or not finding.sensitive else {})},
    }
    if status == "allowlisted":
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": allow.reason if allow else label("allowlisted", lang)}]
    elif status == "baseline":  # an entry nobody audited is under review, not accepted
        result["suppressions"] = [{"kind": "external", "status": "underReview" if audit == "unaudited" else "accepted",
                                   "justification": f"{label('baseline', lang)}{label('open', lang)}"
                                                    f"{label(audit or 'unaudited', lang)}{label('close', lang)}"}]
    if data.decision.baseline_used:
        result["baselineState"] = "unchanged" if status == "baseline" else "new"
    return result


def sarif_object(data: ReportData, lang: str = "zh", names: bool = False, inline: bool = True) -> dict:
    """names: also put person and conversation names (and sensitive types' masked values) into the results.
    Without inline, artifacts and results are placeholders that write_sarif streams (sarif_streams)."""
    rule_names = sorted(data.entities)
    colon = "：" if lang == "zh" else ": "
    notifications = [{"level": "error", "message": {"text": f"{render_path(r.file, lang)}{colon}{render(r.error, lang)}"},
                      "descriptor": {"id": detail(r.error).get("code") or "file-error"},
                      "locations": [{"physicalLocation": {"artifactLocation": _location(r.file)}}]}
                     for r in data.result.errors]
    tool = data.tool
    given = tuple(getattr(data.result, "inputs", ()) or ())
    # the root as given (data.roots are masked: no longer a path on disk); a file's folder is the base
    root = str(given[0]) if len(given) == 1 and len(data.roots) == 1 else data.roots[0] if len(data.roots) == 1 else ""
    run = {
        "tool": {"driver": {"name": tool["name"], "version": tool["version"], "semanticVersion": tool["version"],
                            "informationUri": INFORMATION_URI, "rules": [_rule(n, data.entities[n], lang)
                                                                         for n in rule_names],
                            "properties": {"rules_version": tool["rules_version"]}}},
        "invocations": [{"executionSuccessful": data.result.complete,
                         "toolExecutionNotifications": notifications,
                         "properties": {"gate_outcome": data.decision.outcome,
                                        "gate_exit_code": data.decision.exit_code,
                                        "gate_reason": data.decision.reason_in(lang)
                                        if hasattr(data.decision, "reason_in") else data.decision.reason}}],
        "artifacts": list(_artifacts(data.result.files, lang)) if inline else stream_placeholder("artifacts"),
        "results": list(_results(data, lang, names)) if inline else stream_placeholder("results"),
        "columnKind": "unicodeCodePoints",
        "language": "zh-CN" if lang == "zh" else "en-US",
        "properties": {"headline": label("title", lang)},
    }
    if root:
        base = Path(root).resolve()
        base = base.parent if base.is_file() else base
        # resolved, `scan .` or a link gives the folder's real name: masked as the reports show it
        base = Path(mask_root(str(base), getattr(data.result, "name_masks", None) or {}))
        run["originalUriBaseIds"] = {"SCANROOT": {"uri": base.as_uri().rstrip("/") + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _results(data: ReportData, lang: str, names: bool) -> Iterator[dict]:
    rule_index = {name: i for i, name in enumerate(sorted(data.entities))}
    allowed_by = getattr(data.decision, "allowed_by", ()) or itertools.repeat(None)
    for f, s, a, audit in zip(data.findings, data.statuses(), allowed_by, data.audit()):
        yield _result(f, s, a, rule_index, data, lang, names, audit)


def _artifacts(files, lang: str = "zh") -> Iterator[dict]:
    """One artifact per scanned file; an archive member names its archive (on disk, resolvable) as parent.
    Errors and skip reasons in the report's language, each with its stable code (recognizers/messages.yaml)."""
    count = 0
    archives: dict[str, int] = {}  # the archives seen (few), by their artifact's index
    for r in files:
        outer, inner = split_archive(r.file)
        properties = {"format": r.format, "records": r.records, "error": render(r.error, lang),
                      "skipped": render(r.skipped, lang)}
        properties.update({f"{k}_code": detail(v).get("code", "") for k, v in (("error", r.error),
                                                                               ("skipped", r.skipped)) if v})
        if not inner:
            count += 1
            yield {"location": {"uri": quote(outer), "uriBaseId": "SCANROOT"}, "properties": properties}
            continue
        if outer not in archives:
            archives[outer] = count
            count += 1
            yield {"location": {"uri": quote(outer), "uriBaseId": "SCANROOT"}, "roles": ["resultFile"]}
        count += 1
        yield {"location": {"uri": quote(inner)}, "parentIndex": archives[outer],
               "properties": {**properties, "archive_member": inner}}


def write_sarif(path: Path, data: ReportData, lang: str = "zh", names: bool = False) -> None:
    """Artifacts and results are encoded one at a time (dump_streamed): neither many files nor many findings
    make the whole document exist in memory."""
    sarif = sarif_object(data, lang, names, inline=False)
    # indented for a person when small; compact when large
    indent = 2 if len(data.findings) <= 2000 and len(data.result.files) <= 2000 else None
    with private_open(path) as f:
        dump_streamed(f, sarif, {"artifacts": _artifacts(data.result.files, lang),
                                 "results": _results(data, lang, names)}, indent=indent)
        f.write("\n")
