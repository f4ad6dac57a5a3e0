"""Workbooks: every cell value through openpyxl (full mode, so the workbook can be saved), sheet titles too."""

from __future__ import annotations

import io
import re

import openpyxl

from handover_scan.redact.policy import Replacer

_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def rewrite_xlsx(data: bytes, replacer: Replacer) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        title = replacer.text(sheet.title, identifiers_only=False)
        if title != sheet.title:  # sheet titles cannot hold [ ] : * ? / \ and are at most 31 characters
            sheet.title = _TITLE_FORBIDDEN.sub(lambda m: {"[": "（", "]": "）"}.get(m.group(), "_"), title)[:31]
        header: list[str] = []
        for number, row in enumerate(sheet.iter_rows()):
            if number == 0:
                header = [str(c.value).strip() if c.value is not None else "" for c in row]
            for index, cell in enumerate(row):
                value = cell.value
                if isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, int) and abs(value) >= 100000:
                    value = str(value)
                if not isinstance(value, str):
                    continue
                if number == 0:
                    new = replacer.text(value, identifiers_only=True)
                else:
                    new = replacer.value(value, header[index] if index < len(header) else "")
                if new != value:
                    cell.value = new
    workbook.properties.creator = None
    workbook.properties.lastModifiedBy = None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
