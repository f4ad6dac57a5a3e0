"""Generic tables and JSON no specific reader claims: every text cell or string is scanned.

CSV/TSV (any of , TAB ; | with a header row): `row:N`. XLSX: every sheet, first non-empty
row as header, `<sheet>!row:N` (Excel's row number). JSON: every string and long integer,
`json:/pointer`. JSON Lines: `row:N` (the Nth line), field = pointer inside the line.
Columns and keys that name ids, times or types (`id`, `msg_id`, `CreateTime`, `时间`, `类型`,
`序号`, ...) are not scanned; a name-like column (姓名, 客户, 备注, nickname, ...) names the
data subject of its row.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from handover_scan.exports.base import ExportError, Reader, Source
from handover_scan.exports.csvutil import columns_and_rows, sniff_delimiter
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer
from handover_scan.exports.textutil import iter_lines
from handover_scan.exports.xlsxutil import iter_sheet, preview
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

MACHINE = re.compile(
    r"^(?:id|_id|uid|uuid|guid|seq|sequence|type|subtype|sub_type|status|index|no|序号|编号|类型|状态|时间|时刻|日期时间|"
    r"消息id|msgid|msg_?svr_?id|time|date|datetime|timestamp|ts|created|updated|"
    r".*(?:_id|Id|ID)|.*(?:time|Time|TIME|timestamp|Timestamp|unixtime|_at)|.*时间)$", re.I)
SUBJECT = ("姓名", "客户姓名", "客户", "名字", "联系人", "备注", "显示名称", "昵称", "name", "full_name", "fullname",
           "remark", "nickname", "display_name", "displayName", "contact", "sender", "from")


def machine(name: str) -> bool:
    return bool(MACHINE.match(name.strip()))


def _subject(row: dict[str, Any]) -> str:
    for key in SUBJECT:
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return UNKNOWN_SUBJECT


def _data_like(cell: str) -> bool:
    """A header cell that is a value, not a column name: 6+ digits or an e-mail address."""
    return sum(ch.isdigit() for ch in cell) >= 6 or ("@" in cell and "." in cell)


class _HeaderCheck:
    """A table whose first row is data (a header-less export) would have that row taken as the header
    and never scanned: when any header cell looks like a value, every header cell is scanned too
    (field `(header)`, locator `row:0` or the sheet's row)."""

    def header_records(self, source: Source, header: list[str], locator: str) -> Iterator[Record]:
        if any(_data_like(cell) for cell in header):
            for cell in header:
                if cell.strip():
                    yield self.record(source, locator, "(header)", cell, conversation=source.stem,
                                      data_subject=UNKNOWN_SUBJECT)


class GenericCsvReader(_HeaderCheck, Reader):
    format_id = "generic-csv"
    description = "Any CSV/TSV table with a header row (delimiter , TAB ; |): every text cell but id/time/type columns"
    priority = 900

    def sniff(self, source: Source, head: str) -> bool:
        delimiter = sniff_delimiter(head)
        if delimiter is not None:
            source.cache["delimiter"] = delimiter
        return delimiter is not None

    def read(self, source: Source) -> Iterator[Record]:
        delimiter = source.cache.get("delimiter") or sniff_delimiter(source.head_text()) or ","
        col, rows = columns_and_rows(source, delimiter)
        if col is None:
            return
        fit, relpath, format_id, stem = col.fit, source.relpath, self.format_id, source.stem
        scanned = [(name, col[name]) for name in col.names if not machine(name)]  # dict order, id/time columns out
        subject_at = [col[name] for name in SUBJECT if col.has(name)]
        first = True
        for row_no, row in rows:
            if first:
                first = False
                # the columns the first row has (a short row: only its own), as its dict's keys were
                yield from self.header_records(source, col.names if len(row) >= col.width - 1
                                               else col.keys_of_short_row(len(row)), "row:0")
            fit(row)
            subject = next((row[at] for at in subject_at if row[at].strip()), UNKNOWN_SUBJECT)
            locator = f"row:{row_no}"
            for column, at in scanned:
                value = row[at]
                if value and value.strip():
                    yield Record(relpath, format_id, locator, stem, subject, column, value)


class GenericXlsxReader(_HeaderCheck, Reader):
    format_id = "generic-xlsx"
    description = "Any XLSX workbook: every sheet, first non-empty row as header, locator <sheet>!row:N"
    priority = 900
    binary = True

    def sniff(self, source: Source, head: str) -> bool:
        return True

    def read(self, source: Source) -> Iterator[Record]:
        if not preview(source):
            raise ExportError(message("xlsx.no_sheet"))
        for title in preview(source):
            header: list[str] | None = None
            for row_no, cells in iter_sheet(source, title):
                if header is None:
                    if any(c.strip() for c in cells):
                        header = [c.strip() or f"column{i + 1}" for i, c in enumerate(cells)]
                        yield from self.header_records(source, header, f"{title}!row:{row_no}")
                    continue
                row = dict(zip(header, cells))
                subject = _subject(row)
                for column, value in row.items():
                    if value.strip() and not machine(column):
                        yield self.record(source, f"{title}!row:{row_no}", column, value, conversation=source.stem,
                                          data_subject=subject)


def _scalar_text(key: Any, value: Any) -> str | None:
    if isinstance(key, str) and machine(key):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1_000_000:
        return str(value)  # a phone number stored as a number
    return None


class GenericJsonReader(Reader):
    format_id = "generic-json"
    description = "Any JSON document: every string (and long integer) but id/time/type keys, json:/pointer"
    priority = 900

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head)

    def read(self, source: Source) -> Iterator[Record]:
        for path, value in iter_json(source):
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            text = _scalar_text(key, value)
            if text is not None:
                yield self.record(source, pointer(path), key or "value", text, conversation=source.stem,
                                  data_subject=UNKNOWN_SUBJECT)


class GenericJsonLinesReader(Reader):
    format_id = "generic-jsonl"
    description = "JSON Lines: one JSON value per line, locator row:N (the line), field the pointer inside it"
    priority = 890

    def sniff(self, source: Source, head: str) -> bool:
        lines = [line for line in head.split("\n")[:6] if line.strip()]
        if len(lines) < 2:
            return False
        for line in lines[:-1] if not head.endswith("\n") else lines:
            try:
                if not isinstance(json.loads(line), (dict, list)):
                    return False
            except json.JSONDecodeError:
                return False
        return True

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            for line_no, offset, line in iter_lines(stream):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line) if offset == 0 else None
                except json.JSONDecodeError:
                    value = None
                if value is None:  # cut (longer than a record) or malformed: scan the line as text
                    yield self.record(source, f"row:{line_no}", "line" if offset == 0 else f"line@{offset}", line,
                                      conversation=source.stem, data_subject=UNKNOWN_SUBJECT)
                    continue
                subject = _subject(value) if isinstance(value, dict) else UNKNOWN_SUBJECT
                for sub, text in _leaves(value):
                    yield self.record(source, f"row:{line_no}", pointer(sub)[5:] or "/", text,
                                      conversation=source.stem, data_subject=subject)


def _leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                if not machine(str(key)):
                    yield from _leaves(item, (*path, key))
            else:
                text = _scalar_text(key, item)
                if text is not None:
                    yield (*path, key), text
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                yield from _leaves(item, (*path, index))
            else:
                text = _scalar_text(None, item)
                if text is not None:
                    yield (*path, index), text


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class GenericDocxReader(Reader):
    """Word documents (MemoTrace writes `<备注>.docx`: avatar/content tables, no sender names in 2.x).

    word/document.xml is streamed with iterparse; each paragraph is a record, `line:N` the
    Nth paragraph of the document (line breaks inside a paragraph read as spaces).
    """

    format_id = "generic-docx"
    description = "Any DOCX document (MemoTrace <备注>.docx): one record per paragraph, line:N = paragraph N"
    priority = 900
    binary = True
    kind = "docx"

    def sniff(self, source: Source, head: str) -> bool:
        return True

    def read(self, source: Source) -> Iterator[Record]:
        import xml.etree.ElementTree as ET
        import zipfile
        import zlib

        try:
            with source.opener() as stream, zipfile.ZipFile(stream) as archive, \
                    archive.open("word/document.xml") as document:
                number = 0
                parts: list[str] = []
                for event, element in ET.iterparse(document, events=("start", "end")):
                    if element.tag == f"{W}p" and event == "start":
                        parts = []
                    elif event != "end":
                        continue
                    elif element.tag == f"{W}t" and element.text:
                        parts.append(element.text)
                    elif element.tag in (f"{W}br", f"{W}tab"):
                        parts.append(" ")
                    elif element.tag == f"{W}p":
                        number += 1
                        text = "".join(parts)
                        element.clear()
                        if text.strip():
                            yield self.record(source, f"line:{number}", "text", text, conversation=source.stem,
                                              data_subject=UNKNOWN_SUBJECT)
        except (KeyError, ET.ParseError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise ExportError(message("docx.unreadable", type=type(exc).__name__)) from None


READERS = [GenericCsvReader, GenericXlsxReader, GenericJsonReader, GenericJsonLinesReader, GenericDocxReader]
