"""report.xlsx: sheets people, conversations, summary and findings, built with pandas and openpyxl.

Values are masked (raw values never go into the workbook). Every text cell that a spreadsheet would run as a
formula gets a leading apostrophe, as in the CSV files. Column headers follow --csv-headers.
"""

from __future__ import annotations

import contextlib
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
    """A write-only workbook (openpyxl streams each sheet's rows to disk as they are appended): pandas' to_excel
    made a Cell object per value, ~1.4 GB for 191,289 findings in 15 columns."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    sheets = workbook_sheets(data, lang, headers)
    book = Workbook(write_only=True)
    try:
        _fill(book, sheets, get_column_letter)
    except BaseException:  # Ctrl-C, SIGTERM: a sheet's open row writer, finalized at exit after openpyxl
        for sheet in book.worksheets:  # removed its temporary file, printed "Exception ignored ... Traceback"
            rows = getattr(sheet, "_rows", None)
            if rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()
        raise
    with private_open(path, mode="wb", encoding=None, newline=None) as f:
        book.save(f)


def _fill(book, sheets: dict[str, pd.DataFrame], get_column_letter) -> None:
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        rows = table.head(MAX_ROWS)
        for index, column in enumerate(rows.columns, 1):
            cells = [str(column), *(str(v if v is not None else "") for v in rows[column].iloc[:199])]
            width = max((len(c) for c in cells), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
        sheet.append([str(c) for c in rows.columns])
        for row in rows.itertuples(index=False, name=None):
            sheet.append([_plain(v) for v in row])


def _plain(value):
    """A cell value openpyxl writes: numpy scalars as Python ones, missing values empty."""
    if hasattr(value, "item"):
        value = value.item()
    return None if value is None or (isinstance(value, float) and value != value) else value
