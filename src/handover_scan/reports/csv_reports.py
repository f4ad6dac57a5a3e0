"""findings.csv (fixed schema), subjects.csv (one row per person), summary.csv (per type and category).

All are UTF-8 with BOM so Excel opens them as UTF-8, and mode 0600.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

import pandas as pd

from handover_scan.findings import CSV_COLUMNS, Finding
from handover_scan.people.attribution import NOT_PEOPLE
from handover_scan.reports.common import FORMULA_START, ReportData, cell, private_open  # noqa: F401 - re-exported
from handover_scan.reports.tables import SUMMARY_COLUMNS, conversation_table, frame_of, header, summary_table


def write_findings_csv(path: Path, findings: Iterable[Finding], show_values: bool = False,
                       headers: str = "en") -> None:
    """The column set and order are fixed (CSV_COLUMNS); --show-values adds a last `value` column.
    headers="zh" writes the header row in Chinese (--csv-headers zh)."""
    columns = [*CSV_COLUMNS, "value"] if show_values else list(CSV_COLUMNS)
    with private_open(path, encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writer.writerow([header(c, headers) for c in columns])
        for finding in findings:
            writer.writerow({k: cell(v) for k, v in finding.row(show_values).items()})


def _frame(data: ReportData) -> pd.DataFrame:
    rows = ({"person_id": f.person_id or f.data_subject, "data_subject": f.data_subject,
             "conversation": f.conversation, "file": f.file, "entity_type": f.entity_type, "category": f.category, "sensitive": f.sensitive, "score": f.score,
             "fingerprint": f.fingerprint, "status": s} for f, s in zip(data.findings, data.statuses()))
    return frame_of(rows, ["person_id", "data_subject", "conversation", "file", "entity_type", "category",
                           "sensitive", "score", "fingerprint", "status"])


def _joined(values) -> str:
    return ";".join(sorted(set(values)))


SUBJECT_COLUMNS = ("person_id", "data_subject", "names", "ids", "findings", "gate_findings", "sensitive",
                   "sensitive_categories", "max_score",
                   "distinct_values", "conversations", "files")


def subject_rows(data: ReportData) -> pd.DataFrame:
    """One row per person (person_id; data_subject is the display name; names and ids seen, ids masked):
    counts per entity type (one column each), sensitive or not, highest score, where it occurs. Ordered by
    sensitive first, then by number of findings; the owner's own and the unattributed findings come last,
    apart from the people."""
    frame = _frame(data)
    types = sorted(data.entities)
    head = list(SUBJECT_COLUMNS[:5])
    if frame.empty:
        return pd.DataFrame(columns=[*head, *types, *SUBJECT_COLUMNS[5:]])
    people = getattr(data.result, "people", {}) or {}
    grouped = frame.groupby("person_id", sort=False)
    table = pd.DataFrame({
        "data_subject": grouped["data_subject"].first(),
        "findings": grouped.size(),
        "gate_findings": grouped["status"].agg(lambda s: int((s == "counted").sum())),
        "sensitive": grouped["sensitive"].any(),
        "sensitive_categories": grouped.apply(lambda g: _joined(g[g.sensitive].category), include_groups=False),
        "max_score": grouped["score"].max(),
        "distinct_values": grouped["fingerprint"].nunique(),
        "conversations": grouped["conversation"].agg(_joined),
        "files": grouped["file"].agg(_joined),
    })
    table["names"] = [";".join(people[p].names) if p in people else "" for p in table.index]
    table["ids"] = [";".join(people[p].ids) if p in people else "" for p in table.index]
    counts = pd.crosstab(frame.person_id, frame.entity_type).reindex(columns=types, fill_value=0)
    table = table.join(counts).fillna({t: 0 for t in types})
    table[types] = table[types].astype(int)
    table = table.reset_index()
    table["apart"] = table["person_id"].isin(NOT_PEOPLE)
    table = table.sort_values(["apart", "sensitive", "findings", "data_subject"], ascending=[True, False, False, True])
    table["sensitive"] = table["sensitive"].map({True: "true", False: "false"})
    return table[[*head, *types, *SUBJECT_COLUMNS[5:]]]


def write_subjects_csv(path: Path, data: ReportData, headers: str = "en") -> None:
    table = subject_rows(data)
    table.columns = [header(c, headers, data.entities) for c in table.columns]
    with private_open(path, encoding="utf-8-sig") as f:
        table.map(cell).to_csv(f, index=False, lineterminator="\n")


def summary_rows(data: ReportData) -> list[dict[str, object]]:
    """Counts per entity type, per category and per data subject; distinct values counted by fingerprint."""
    return summary_table(data).to_dict("records")


def write_summary_csv(path: Path, data: ReportData, headers: str = "en") -> None:
    table = summary_table(data)
    table.columns = [header(c, headers) for c in SUMMARY_COLUMNS]
    with private_open(path, encoding="utf-8-sig") as f:
        table.map(cell).to_csv(f, index=False, lineterminator="\n")


def write_conversations_csv(path: Path, data: ReportData, headers: str = "en") -> None:
    """One row per conversation, ranked by risk, with `kind` chat or contact list."""
    table = conversation_table(data, "en" if headers == "en" else "zh")
    table.columns = [header(c, headers) for c in table.columns]
    with private_open(path, encoding="utf-8-sig") as f:
        table.map(cell).to_csv(f, index=False, lineterminator="\n")
