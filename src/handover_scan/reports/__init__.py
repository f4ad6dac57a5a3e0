"""Report files: findings.csv/.jsonl, subjects.csv, summary.csv, conversations.csv, report.html (+ findings pages),
report.json, report.sarif, report.xlsx.

Every file is created mode 0600 from the first byte: it describes other people's data.
Values are masked; raw values go only into findings.csv/.jsonl and the HTML with show_values.

Names are loaded on first use, so `from handover_scan.reports.common import private_open`
(baselines) does not pull in pandas, jinja2 and Presidio.
"""

from importlib import import_module

_WHERE = {
    "FILES": "common", "FORMATS": "common", "ReportData": "common", "ReportOptions": "common",
    "prepare_out_dir": "common", "private_open": "common", "rules_version": "common",
    "CSV_COLUMNS": "csv_reports", "subject_rows": "csv_reports", "summary_rows": "csv_reports",
    "write_findings_csv": "csv_reports", "write_subjects_csv": "csv_reports", "write_summary_csv": "csv_reports",
    "write_reports": "writer", "write_conversations_csv": "csv_reports",
    "findings_frame": "tables", "people_table": "tables", "conversation_table": "tables", "summary_table": "tables",
    "write_xlsx": "xlsx", "print_summary": "terminal",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f"handover_scan.reports.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
