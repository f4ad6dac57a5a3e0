"""CSV and TSV: cell by cell with the csv module, keeping delimiter, quoting, BOM (via the encoding) and line ends."""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from handover_scan.exports.csvutil import sniff_delimiter
from handover_scan.redact.policy import Replacer

# Layouts whose first line is already a record, not a header.
HEADERLESS = {"wechatexporter-contacts-csv"}


def iter_rewrite_csv(lines: Iterable[str], head: str, replacer: Replacer, format_id: str) -> Iterator[str]:
    """Lines of the file (endings kept, as from open(newline="")) in, rewritten rows out; head: its start,
    for the dialect. Memory stays bounded whatever the file size."""
    head = head[:65536]
    newline = "\r\n" if "\r\n" in head else "\r" if "\r" in head and "\n" not in head else "\n"
    delimiter = sniff_delimiter(head) or ("\t" if head.count("\t") > head.count(",") else ",")
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    cells = next(csv.reader([first], delimiter=delimiter), []) if first else []
    quote_all = bool(cells) and first.startswith('"') and first.count('"') >= 2 * len(cells)
    last = [""]

    def tracked() -> Iterator[str]:
        for line in lines:
            last[0] = line
            yield line

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    header: list[str] = []
    pending = ""
    for number, row in enumerate(csv.reader(tracked(), delimiter=delimiter)):
        if number == 0 and format_id not in HEADERLESS:
            header = [cell.lstrip("\ufeff").strip() for cell in row]
            # a header names columns; only identifiers are taken out of it (a header-less export's first row)
            writer.writerow([replacer.text(cell, identifiers_only=True) for cell in row])
        else:
            writer.writerow([replacer.value(cell, header[i] if i < len(header) else "") for i, cell in enumerate(row)])
        if pending:
            yield pending
        pending = out.getvalue()
        out.seek(0)
        out.truncate()
    if pending and not last[0].endswith(("\n", "\r")) and pending.endswith(newline):
        pending = pending[:-len(newline)]  # the original had no line end after its last row
    yield pending


def rewrite_csv(text: str, replacer: Replacer, format_id: str) -> str:
    return "".join(iter_rewrite_csv(io.StringIO(text, newline=""), text, replacer, format_id))
