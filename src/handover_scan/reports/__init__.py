"""Report files: findings.csv/.jsonl, subjects.csv, summary.csv, report.html, report.json, report.sarif.

Every file is created mode 0600 from the first byte: it describes other people's data.
Values are masked; raw values go only into findings.csv/.jsonl and the HTML with show_values.
"""

from handover_scan.reports.common import (FILES, FORMATS, ReportData, ReportOptions, prepare_out_dir,
                                          private_open, rules_version)
from handover_scan.reports.csv_reports import (CSV_COLUMNS, subject_rows, summary_rows, write_findings_csv,
                                               write_subjects_csv, write_summary_csv)
from handover_scan.reports.writer import write_reports

__all__ = ["CSV_COLUMNS", "FILES", "FORMATS", "ReportData", "ReportOptions", "prepare_out_dir", "private_open",
           "rules_version", "subject_rows", "summary_rows", "write_findings_csv", "write_reports",
           "write_subjects_csv", "write_summary_csv"]
