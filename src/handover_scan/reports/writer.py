"""Write the report files a scan asked for: the one entry point the CLI and library callers use."""

from __future__ import annotations

from pathlib import Path

from handover_scan.reports.common import FILES, ReportData, ReportOptions, prepare_out_dir
from handover_scan.reports.csv_reports import (write_conversations_csv, write_findings_csv, write_subjects_csv,
                                               write_summary_csv)
from handover_scan.reports.html import write_html
from handover_scan.reports.json_report import write_report_json
from handover_scan.reports.jsonl import write_findings_jsonl
from handover_scan.reports.sarif import write_sarif
from handover_scan.reports.xlsx import write_xlsx


def write_reports(out: Path, data: ReportData, options: ReportOptions = ReportOptions()) -> list[Path]:
    """Write every format in options.formats into out (created 0700; files 0600). Returns the paths written."""
    out = prepare_out_dir(Path(out))
    written: list[Path] = []
    for fmt in options.formats:
        if fmt == "csv":
            write_findings_csv(out / "findings.csv", data.findings, options.show_values, options.csv_headers)
            write_subjects_csv(out / "subjects.csv", data, options.csv_headers)
            write_summary_csv(out / "summary.csv", data, options.csv_headers)
            write_conversations_csv(out / "conversations.csv", data, options.csv_headers)
        elif fmt == "jsonl":
            write_findings_jsonl(out / "findings.jsonl", data.findings, options.show_values)
        elif fmt == "html":
            pages = write_html(out / "report.html", data, options.lang, options.show_values, options.html_page_size)
            written += pages[1:]  # the findings pages after report.html
        elif fmt == "json":
            write_report_json(out / "report.json", data)
        elif fmt == "sarif":
            write_sarif(out / "report.sarif", data, options.lang, options.sarif_names)
        elif fmt == "xlsx":
            write_xlsx(out / "report.xlsx", data, options.lang, options.csv_headers)
        written += [out / name for name in FILES[fmt]]
    return written
