"""Check the copy: scan it again, compare it file by file with the original, write redaction_report.json.

The copy passes when no finding at or above min_score is left in it, every rewritten file reads back with the
same format id and the same number of records as its original, and none of the original's values is left in
its bytes (residue.py).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from handover_scan.scan import FileReport, ScanResult


@dataclass
class Verification:
    leftovers: list[dict] = field(default_factory=list)  # entity type, file, locator: never a value
    mismatches: list[dict] = field(default_factory=list)  # file, what differs
    errors: list[dict] = field(default_factory=list)  # copy files the re-scan could not read
    residue: list[dict] = field(default_factory=list)  # original values found in the copy's bytes: type, file, count
    # fewer records only because names of one person became one pseudonym (a reader reports each name once)
    merged: list[dict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.leftovers or self.mismatches or self.errors or self.residue)

    def as_dict(self) -> dict:
        return {"passed": self.passed, "leftover_findings": len(self.leftovers),
                "leftover_by_type": dict(Counter(item["entity_type"] for item in self.leftovers)),
                "leftovers": self.leftovers, "mismatches": self.mismatches, "errors": self.errors,
                "original_values_left": self.residue, "fewer_name_records_one_person": self.merged}


def verify(original: ScanResult, copy: ScanResult, rename, min_score: float,
           show=lambda root, file: file, withheld: frozenset[str] | set[str] = frozenset(),
           merged: dict[str, int] | None = None) -> Verification:
    """rename(root, file) -> (copy root, copy file): where an original file's copy should be; show(root, file):
    how the report names a copy file; merged: file -> how many of its names share a person's pseudonym with
    another of its names (that many fewer records are expected, no more)."""
    result = Verification()
    roots = {report.file: report.root for report in copy.files}
    for finding in copy.findings:
        if finding.score >= min_score:
            result.leftovers.append({"file": show(roots.get(finding.file, ""), finding.file),
                                     "locator": finding.locator,
                                     "entity_type": finding.entity_type, "score": finding.score})
    # scan() masks the values in file and folder names (a WhatsApp chat named by a phone number); files are
    # matched by the names on disk
    raw_original, raw_copy = _unmasker(original), _unmasker(copy)
    copies: dict[tuple[str, str], FileReport] = {(raw_copy(report.root), raw_copy(report.file)): report
                                                 for report in copy.files}
    for report in copy.files:
        if report.error:
            result.errors.append({"file": show(report.root, report.file), "error": report.error})
    for report in original.files:
        if not report.format or report.error:
            continue
        where = rename(raw_original(report.root), raw_original(report.file))
        other, name = copies.get(where), show(*where)
        if other is None:
            if name not in withheld:  # a withheld file is listed as such (and an error where it failed)
                result.mismatches.append({"file": name, "problem": "missing from the copy"})
        elif other.format != report.format:
            result.mismatches.append({"file": name, "problem": "reads back as another format",
                                      "format": report.format, "copy_format": other.format})
        elif 0 < report.records - other.records <= (merged or {}).get(raw_original(report.file), 0):
            result.merged.append({"file": name, "records": report.records, "copy_records": other.records})
        elif other.records != report.records:
            result.mismatches.append({"file": name, "problem": "reads back with another number of records",
                                      "records": report.records, "copy_records": other.records})
    return result


def report_dict(outcomes, names: Counter, verification: Verification, policy, incomplete: list[dict]) -> dict:
    by_type: Counter = Counter()
    for outcome in outcomes:
        by_type.update(outcome.replaced)
    by_type.update(names)
    return {
        "tool": "handover-scan redact",
        "policy": {"min_score": policy.min_score, "actions": policy.actions, "default_action": "placeholder"},
        "replaced_by_type": dict(sorted(by_type.items())),
        "replaced_in_file_names": dict(sorted(names.items())),
        "files": [{"file": o.copy, "format": o.format, "replaced": dict(sorted(o.replaced.items())),
                   "replaced_total": sum(o.replaced.values())} for o in outcomes if not o.withheld],
        "withheld": [{"file": o.copy, "reason": o.withheld} for o in outcomes if o.withheld],
        "input_errors": incomplete,
        "verification": verification.as_dict(),
        "mapping_written": False,
        "note": "pseudonyms are keyed HMACs of the values; the key and any mapping are not in this folder",
    }


def summary_lines(report: dict) -> list[str]:
    """The short human summary: counts and paths in the copy only, never a value."""
    lines = [f"redacted copy: {len(report['files'])} files rewritten, {len(report['withheld'])} withheld, "
             f"{sum(report['replaced_by_type'].values())} values replaced"]
    if report["replaced_by_type"]:
        lines.append("  replaced: " + ", ".join(f"{k} {v}" for k, v in report["replaced_by_type"].items()))
    for item in report["withheld"]:
        lines.append(f"  withheld: {item['file']} ({item['reason']})")
    check = report["verification"]
    merged = check["fewer_name_records_one_person"]
    if check["passed"]:
        lines.append("verification: passed (re-scan found nothing at or above min_score; formats and record "
                     "counts match" + (f", but for {len(merged)} files that read back with fewer name records "
                                       "because one person's names now share one pseudonym" if merged else "") + ")")
    else:
        lines.append("verification: FAILED")
        for item in check["leftovers"][:20]:
            lines.append(f"  left: {item['entity_type']} in {item['file']} at {item['locator']}")
        if len(check["leftovers"]) > 20:
            lines.append(f"  ... and {len(check['leftovers']) - 20} more (redaction_report.json)")
        for item in check["original_values_left"][:20]:
            lines.append(f"  left: {item['count']} original {item['entity_type']} value(s) in the bytes of {item['file']}")
        for item in check["mismatches"] + check["errors"]:
            lines.append(f"  {item['file']}: {item.get('problem') or item.get('error')}")
    return lines


def dump(report: dict) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _unmasker(result: ScanResult):
    """path with the masked names scan() showed turned back into the names on disk (result.name_masks)."""
    from handover_scan.exports.pathnames import _SEPARATORS

    raw = {shown: name for name, shown in (getattr(result, "name_masks", None) or {}).items()}
    return lambda path: "".join(raw.get(part, part) for part in _SEPARATORS.split(path)) if raw and path else path
