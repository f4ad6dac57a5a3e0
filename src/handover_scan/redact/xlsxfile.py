"""Workbooks: every cell value through openpyxl (full mode, so the workbook can be saved), sheet titles too."""

from __future__ import annotations

import io
import re

import openpyxl

from handover_scan.redact.policy import Replacer

_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _row_kind(labels: list[str], replacer: Replacer) -> str:
    """"header" (a row naming identity columns: 发送者昵称, 微信号 ...), "pairs" (微信ID | wxid_... | 昵称 | 小周:
    each identity label followed by its value), or "data"."""
    marks = [bool(label) and replacer.field_kind(label) is not None for label in labels]
    if not any(marks):
        return "data"
    pairs = all(i + 1 < len(labels) and labels[i + 1] and not marks[i + 1] for i, m in enumerate(marks) if m)
    return "pairs" if pairs else "header"


def rewrite_xlsx(data: bytes, replacer: Replacer) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        title = replacer.text(sheet.title, identifiers_only=False)
        if title != sheet.title:  # sheet titles cannot hold [ ] : * ? / \ and are at most 31 characters
            sheet.title = _TITLE_FORBIDDEN.sub(lambda m: {"[": "（", "]": "）"}.get(m.group(), "_"), title)[:31]
        header: list[str] = []
        for row in sheet.iter_rows():
            labels = [str(c.value).strip() if isinstance(c.value, str) else "" for c in row]
            kind = _row_kind(labels, replacer)
            if kind == "header":
                header = labels
            for index, cell in enumerate(row):
                if cell.comment is not None:  # a note on a cell is text of the workbook too
                    cell.comment.text = replacer.text(cell.comment.text or "")
                    cell.comment.author = None
                value = cell.value
                if isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, int) and abs(value) >= 100000:
                    value = str(value)
                if not isinstance(value, str):
                    continue
                if kind == "header" or (kind == "pairs" and replacer.field_kind(labels[index] or "-")):
                    new = replacer.text(value, identifiers_only=True)  # a label names a column, it is no value
                elif kind == "pairs" and index > 0 and replacer.field_kind(labels[index - 1] or "-"):
                    new = replacer.value(value, labels[index - 1])
                else:
                    new = replacer.value(value, header[index] if index < len(header) else "")
                if new != value:
                    cell.value = new
    workbook.properties.creator = None
    workbook.properties.lastModifiedBy = None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
