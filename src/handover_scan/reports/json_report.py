"""report.json: totals, the gate decision and why, tool and rules version, the files scanned.

Its shape is described by schemas/report.schema.json (shipped in the package).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from handover_scan.exports.pathnames import root_masker
from handover_scan.messages import detail, format_label
from handover_scan.people.attribution import NOT_PEOPLE
from handover_scan.reports.common import ReportData, dump_streamed, private_open, stream_placeholder
from handover_scan.reports.text import headline

REPORT_VERSION = 1
SCHEMA = Path(__file__).parent / "schemas" / "report.schema.json"


def legal_mapping(entities: dict) -> dict[str, dict]:
    """Per entity type: Civil Code Art. 1034 kind, PIPL Art. 28 sensitive category (where it applies),
    articles and reasons, as recognizers/entities.yaml defines them. A sensitive type without its own
    pipl_sensitive_category (a user-added one, say) falls back to its category."""
    return {name: {"category": s.category, "category_en": s.category_en, "sensitive": s.sensitive,
                   "pipl_sensitive_category": s.pipl_sensitive_category
                   or (s.category if s.sensitive else None),
                   "articles": list(s.articles), "reason_zh": s.reason_zh, "reason_en": s.reason_en}
            for name, s in sorted(entities.items())}


def _group(findings) -> dict:
    return {"findings": len(findings), "distinct_values": len({f.fingerprint for f in findings}),
            "people": len({f.person_id or f.data_subject for f in findings} - NOT_PEOPLE)}


def report_object(data: ReportData, files_inline: bool = True) -> dict:
    result, decision = data.result, data.decision
    by_type, by_category = defaultdict(list), defaultdict(list)
    for f in data.findings:
        by_type[f.entity_type].append(f)
        by_category[f.category].append(f)
    people, sensitive = len(data.people()), len(data.sensitive_people())
    policy = getattr(decision, "policy", None)
    return {
        "report_version": REPORT_VERSION,
        "tool": data.tool,
        "generated_at": data.generated_at,
        "elapsed_seconds": round(data.elapsed, 3),
        "roots": list(data.roots),
        "report_complete": True,  # the writer renames this file into place last, after every other one
        "scan_complete": bool(result.complete),
        "report_files": list(getattr(data, "report_files", ())),
        "headline": {lang: headline(people, sensitive, lang, result.complete, data.unattributed()) for lang in ("zh", "en")},
        "gate": {
            "outcome": decision.outcome, "exit_code": decision.exit_code, "reason": decision.reason,
            "reason_zh": decision.reason_zh, "failing_findings": decision.failing,
            "failed_types": dict(decision.failed_types), "status_counts": dict(decision.counts),
            "baseline_used": decision.baseline_used,
            "baseline_audit_counts": dict(getattr(decision, "audit_counts", {}) or {}),
            "nothing_scanned": not any(not r.skipped and not r.error for r in result.files) and not data.findings,
            "policy": policy.as_dict() if policy else {},
        },
        "totals": {
            "files": len(result.files), "files_skipped": len(result.skipped), "files_with_errors": len(result.errors),
            "records": result.records, "findings": len(data.findings), "exposed_findings": len(data.exposed()),
            "distinct_values": len({f.fingerprint for f in data.findings}),
            "people": people, "sensitive_people": sensitive, "unattributed_findings": data.unattributed(),
            "by_entity_type": {t: {**_group(g), "category": data.entities[t].category,
                                   "sensitive": data.entities[t].sensitive} for t, g in sorted(by_type.items())},
            "by_category": {c: {**_group(g), "sensitive": any(f.sensitive for f in g)}
                            for c, g in sorted(by_category.items())},
        },
        "legal": legal_mapping(data.entities),
        "files": [_file_entry(r, root) for root in [shown_root(data)] for r in result.files] if files_inline
        else stream_placeholder("files"),
    }


def shown_root(data: ReportData):
    """A file's root as report.json shows it: numbers and e-mail addresses in the folders above the names the
    scan analyzed masked too (pathnames.mask_root; `scan 身份110105.../sub/b.txt`)."""
    return root_masker(getattr(data.result, "name_masks", None) or {})


def _file_entry(report, root=lambda path: path) -> dict:
    """A scanned file: `error` and `skipped` in English as always, plus each one's stable code, parameters and
    Chinese text (recognizers/messages.yaml), and the format's label beside its id."""
    error, skipped = detail(report.error), detail(report.skipped)
    return {"file": report.file, "root": root(report.root), "format": report.format,
            "format_label": {lang: format_label(report.format, lang) for lang in ("zh", "en")} if report.format else {},
            "records": report.records, "findings": report.findings,
            "error": str(report.error), "error_code": error.get("code", ""), "error_params": error.get("params", {}),
            "error_zh": error.get("zh", ""),
            "skipped": str(report.skipped), "skipped_code": skipped.get("code", ""),
            "skipped_params": skipped.get("params", {}), "skipped_zh": skipped.get("zh", "")}


def write_report_json(path: Path, data: ReportData) -> None:
    """report_object(data), with its list of files written one at a time (100,000 small files: no list of
    100,000 dicts in memory)."""
    obj = report_object(data, files_inline=False)
    with private_open(path) as f:
        root = shown_root(data)
        dump_streamed(f, obj, {"files": (_file_entry(r, root) for r in data.result.files)}, indent=2)
        f.write("\n")
