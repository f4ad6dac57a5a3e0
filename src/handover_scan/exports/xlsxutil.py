"""Read-only, streaming access to XLSX sheets (openpyxl read_only mode: rows are not kept).

Locators for workbooks are `<sheet>!row:N`, N the row number Excel shows (header included).
"""

from __future__ import annotations

import datetime
from typing import Any, Iterator

from handover_scan.exports.base import ExportError, Source

PREVIEW_ROWS = 30


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
        return stream, openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types (zlib.error, KeyError, ...) on damage
        stream.close()
        raise ExportError(f"unreadable XLSX workbook ({type(exc).__name__})") from None


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
                for row in sheet.iter_rows(max_row=PREVIEW_ROWS, values_only=True):
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
        for row_no, row in enumerate(book[title].iter_rows(values_only=True), 1):
            yield row_no, [cell_text(v) for v in row]
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged parts
        raise ExportError(f"damaged XLSX sheet ({type(exc).__name__})") from None
    finally:
        book.close()
        stream.close()
