"""Read-only, streaming access to XLSX sheets (openpyxl read_only mode: rows are not kept).

Locators for workbooks are `<sheet>!row:N`, N the row number Excel shows (header included).

A sheet's declared dimension is not trusted: openpyxl pads every row to the declared width and
adds empty rows to the declared height, so a 4.7 KB file declaring A1:XFD1048576 took half an
hour. Rows are read as the XML holds them: a row is padded to its last cell only up to
MAX_PADDED_COLUMNS (cells further right follow without padding), and runs of missing rows
longer than MAX_EMPTY_ROWS are skipped (row numbers stay those of the file).
"""

from __future__ import annotations

import datetime
import warnings
from typing import Any, Iterator

from handover_scan.exports.base import ExportError, Source
from handover_scan.messages import message

PREVIEW_ROWS = 30
MAX_PADDED_COLUMNS = 1024
MAX_EMPTY_ROWS = 1000


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value)


def _open(source: Source):
    import openpyxl  # imported here: only workbooks need it

    stream = source.opener()
    try:
        with warnings.catch_warnings():  # openpyxl warns about odd parts quoting their names (file content)
            warnings.simplefilter("ignore")
            return stream, openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types (zlib.error, KeyError, ...) on damage
        stream.close()
        raise ExportError(message("xlsx.unreadable", type=type(exc).__name__)) from None


def preview(source: Source) -> dict[str, list[list[str]]]:
    """First rows of every sheet, cached on the source for the readers' sniff()."""
    if "xlsx_preview" not in source.cache:
        result: dict[str, list[list[str]]] = {}
        try:
            stream, book = _open(source)
        except ExportError:
            source.cache["xlsx_preview"] = {}
            return {}
        try:
            for sheet in book.worksheets:
                rows = []
                for row_no, row in _rows(sheet):
                    if row_no > PREVIEW_ROWS:
                        break
                    rows.append([cell_text(v) for v in row])
                result[sheet.title] = rows
        except Exception:  # noqa: BLE001 - a broken workbook is reported by read(), not by sniffing
            result = {}
        finally:
            book.close()
            stream.close()
        source.cache["xlsx_preview"] = result
    return source.cache["xlsx_preview"]


def iter_sheet(source: Source, title: str) -> Iterator[tuple[int, list[str]]]:
    """(Excel row number, cell texts) of one sheet, streamed."""
    stream, book = _open(source)
    try:
        if title not in book.sheetnames:
            return
        for row_no, row in _rows(book[title]):
            yield row_no, [cell_text(v) for v in row]
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged parts
        raise ExportError(message("xlsx.sheet_damaged", type=type(exc).__name__)) from None
    finally:
        book.close()
        stream.close()


def _rows(sheet) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) as the sheet's XML holds them; see the module docstring for the bounds."""
    from openpyxl.worksheet._reader import WorkSheetParser

    if not hasattr(sheet, "_get_source"):  # not a read-only sheet (chartsheet): no cells
        return
    book = sheet.parent
    expected = 1
    with sheet._get_source() as src:
        parser = WorkSheetParser(src, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for row_no, cells in parser.parse():
            if row_no < expected:
                continue  # a row number repeated or going back: openpyxl drops these too
            if row_no - expected <= MAX_EMPTY_ROWS:
                for gap in range(expected, row_no):
                    yield gap, []
            expected = row_no + 1
            yield row_no, _values(cells)


def _values(cells: list[dict]) -> list[Any]:
    values: list[Any] = []
    beyond: list[Any] = []
    for cell in cells:
        column = cell.get("column") or len(values) + 1
        if column > MAX_PADDED_COLUMNS:
            beyond.append(cell.get("value"))
            continue
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = cell.get("value")
    return values + beyond
