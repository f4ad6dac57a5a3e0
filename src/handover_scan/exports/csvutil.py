"""Streaming CSV helpers shared by the CSV-based readers."""

from __future__ import annotations

import csv
from typing import Iterator

from handover_scan.exports.base import ExportError, Source

# A single field may hold a long merged-forward message; refuse only absurd ones.
csv.field_size_limit(64 * 1024 * 1024)


def first_line(head: str) -> str:
    return head.split("\n", 1)[0].rstrip("\r")


def header_starts(head: str, *columns: str) -> bool:
    return first_line(head).lstrip("\ufeff").startswith(",".join(columns))


def iter_rows(source: Source) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (1-based data row, {column: value}) for a CSV with a header row."""
    with source.open_text(newline="") as stream:
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ExportError(f"unreadable CSV header: {exc}") from None
        header = [h.lstrip("\ufeff").strip() for h in header]
        row_no = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ExportError(f"malformed CSV after data row {row_no}: {exc}") from None
            row_no += 1
            if not row:
                continue
            yield row_no, dict(zip(header, row))
