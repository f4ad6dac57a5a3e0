"""report.xlsx: sheets people, conversations, summary and findings, built with pandas and openpyxl.

Values are masked (raw values never go into the workbook). Every text cell that a spreadsheet would run as a
formula gets a leading apostrophe, as in the CSV files. Column headers follow --csv-headers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from handover_scan.reports.common import ReportData, private_open
from handover_scan.reports.csv_reports import cell
from handover_scan.reports.tables import conversation_table, findings_frame, header, people_table, summary_table

MAX_ROWS = 1_048_575  # Excel's sheet limit below the header; the CSV files hold everything beyond it
SHEET_COLUMNS = {"findings": ["data_subject", "conversation", "type_label", "category_label", "sensitive",
                              "masked_value", "context", "score", "status", "audit", "file", "locator", "field",
                              "entity_type", "fingerprint"]}


def workbook_sheets(data: ReportData, lang: str = "zh", headers: str = "en") -> dict[str, pd.DataFrame]:
    frame = findings_frame(data, lang)
    sheets = {"people": people_table(data, lang, frame), "conversations": conversation_table(data, lang, frame),
              "summary": summary_table(data, findings_frame(data, "zh") if lang != "zh" else frame),
              "findings": frame[SHEET_COLUMNS["findings"]]}
    for name, table in sheets.items():
        table = table.map(lambda value: _xml_safe(cell(value)))
        table.columns = [header(c, headers) for c in table.columns]
        sheets[name] = table
    return sheets


def _xml_safe(value):
    """Control characters (a file named with an escape sequence or a newline, a message with \\x01) shown as
    \\xNN: openpyxl refuses them (IllegalCharacterError), which stopped the whole report."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def write_xlsx(path: Path, data: ReportData, lang: str = "zh", headers: str = "en") -> None:
    sheets = workbook_sheets(data, lang, headers)
    with private_open(path, mode="wb", encoding=None, newline=None) as f:
        with pd.ExcelWriter(f, engine="openpyxl") as writer:
            for name, table in sheets.items():
                table.head(MAX_ROWS).to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes = "A2"
                for column in sheet.columns:
                    width = max((len(str(c.value or "")) for c in column[:200]), default=8)
                    sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
