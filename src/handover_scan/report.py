"""Report files. Every file is created mode 0600: it describes other people's data."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from handover_scan.findings import CSV_COLUMNS, Finding
from handover_scan.scan import ScanResult


def private_open(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = ""):
    """Open for writing with permissions 0600 from the first byte (chmod after would leave a window)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    return os.fdopen(fd, mode, encoding=encoding, newline=newline)


def prepare_out_dir(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    return out


def write_findings_csv(path: Path, findings: Iterable[Finding], show_values: bool = False) -> None:
    """UTF-8 with BOM so Excel opens it as UTF-8; the column set is fixed (see CSV_COLUMNS)."""
    columns = [*CSV_COLUMNS, "value"] if show_values else list(CSV_COLUMNS)
    with private_open(path, encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for finding in findings:
            writer.writerow(finding.row(show_values))


SUMMARY_COLUMNS = ("dimension", "key", "category", "sensitive", "findings", "distinct_values")


def _group_row(dimension: str, key: str, group: list[Finding], category: str, sensitive: bool) -> dict[str, object]:
    return {"dimension": dimension, "key": key, "category": category, "sensitive": "true" if sensitive else "false",
            "findings": len(group), "distinct_values": len({f.fingerprint for f in group})}


def summary_rows(result: ScanResult, entities: dict) -> list[dict[str, object]]:
    """Counts by entity type and by data subject, with distinct values counted by fingerprint."""
    by_type: dict[str, list[Finding]] = defaultdict(list)
    by_subject: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_type[finding.entity_type].append(finding)
        by_subject[finding.data_subject].append(finding)
    rows = [_group_row("entity_type", t, group, entities[t].category, entities[t].sensitive)
            for t, group in sorted(by_type.items())]
    rows += [_group_row("data_subject", subject, group, ";".join(sorted({f.category for f in group})),
                        any(f.sensitive for f in group))
             for subject, group in sorted(by_subject.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return rows


def write_summary_csv(path: Path, result: ScanResult, entities: dict) -> None:
    with private_open(path, encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(summary_rows(result, entities))
