"""findings.jsonl: one JSON object per finding with exactly the fields of findings.csv."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from handover_scan.findings import Finding
from handover_scan.reports.common import private_open


def finding_object(finding: Finding, show_values: bool = False) -> dict[str, object]:
    """findings.csv's row with typed values: sensitive a boolean, offsets integers, score a number."""
    row = finding.row(show_values)
    row["sensitive"] = finding.sensitive
    return row


def write_findings_jsonl(path: Path, findings: Iterable[Finding], show_values: bool = False) -> None:
    with private_open(path) as f:
        for finding in findings:
            f.write(json.dumps(finding_object(finding, show_values), ensure_ascii=False) + "\n")
