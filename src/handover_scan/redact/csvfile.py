"""CSV and TSV: cell by cell with the csv module, keeping delimiter, quoting, BOM (via the encoding) and line ends."""

from __future__ import annotations

import csv
import io

from handover_scan.exports.csvutil import sniff_delimiter
from handover_scan.redact.policy import Replacer

# Layouts whose first line is already a record, not a header.
HEADERLESS = {"wechatexporter-contacts-csv"}


def rewrite_csv(text: str, replacer: Replacer, format_id: str) -> str:
    head = text[:65536]
    newline = "\r\n" if "\r\n" in head else "\r" if "\r" in head and "\n" not in head else "\n"
    delimiter = sniff_delimiter(head) or ("\t" if head.count("\t") > head.count(",") else ",")
    first = head.split("\n", 1)[0].rstrip("\r")
    cells = next(csv.reader([first], delimiter=delimiter), []) if first else []
    quote_all = bool(cells) and first.startswith('"') and first.count('"') >= 2 * len(cells)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for number, row in enumerate(reader):
        if number == 0 and format_id not in HEADERLESS:
            header = [cell.lstrip("\ufeff").strip() for cell in row]
            # a header names columns; only identifiers are taken out of it (a header-less export's first row)
            writer.writerow([replacer.text(cell, identifiers_only=True) for cell in row])
            continue
        writer.writerow([replacer.value(cell, header[i] if i < len(header) else "") for i, cell in enumerate(row)])
    result = out.getvalue()
    if not text.endswith(("\n", "\r")) and result.endswith(newline):
        result = result[:-len(newline)]
    return result
