"""Streaming CSV helpers shared by the CSV-based readers."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from handover_scan.exports.base import ExportError, Source
from handover_scan.messages import Message, message

# A single field may hold a long merged-forward message; refuse only absurd ones. The csv module
# holds a field whole, at 4 bytes a character, so this bounds memory (a 200 MB field took 563 MB).
MAX_CSV_FIELD = 8 * 1024 * 1024
# rows a chat CSV reader holds back while it decides 1:1 or group; a longer 1:1 chat is decided by a second pass
HOLD_ROWS = 20_000
csv.field_size_limit(MAX_CSV_FIELD)


def first_line(head: str) -> str:
    return head.split("\n", 1)[0].rstrip("\r")


def header_starts(head: str, *columns: str) -> bool:
    """The first row begins with these columns (quoted or not)."""
    line = first_line(head).lstrip("\ufeff")
    if line.startswith(",".join(columns)):
        return True
    if not line.startswith('"'):
        return False
    try:
        cells = next(csv.reader([line]), [])
    except csv.Error:
        return False
    return tuple(c.strip() for c in cells[:len(columns)]) == columns


def iter_rows(source: Source, delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (1-based data row, {column: value}) for a CSV with a header row."""
    rows = iter_row_lists(source, delimiter)
    header = next(rows, None)
    if header is None:
        return
    names = header[1]
    for row_no, row in rows:
        yield row_no, dict(zip(names, row))


class Columns:
    """Column positions of a header, for readers that index row lists (no dict per row).

    A column the header lacks, or a cell a short row lacks, reads as "": rows from
    iter_row_lists are padded to `width`. With duplicate names the last one wins, as in a dict."""

    def __init__(self, header: list[str]):
        self.width = len(header) + 1  # the extra cell is the "" every missing column points at
        self.positions = {name: i for i, name in enumerate(header)}
        self.names = list(self.positions)  # distinct, in header order: the keys of dict(zip(header, row))
        self._header_len = len(header)
        spots: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            spots.setdefault(name, []).append(i)
        self._repeated = [positions for positions in spots.values() if len(positions) > 1]

    def __getitem__(self, name: str) -> int:
        return self.positions.get(name, self.width - 1)

    def has(self, name: str) -> bool:
        return name in self.positions

    def fit(self, row: list[str]) -> list[str]:
        """The row (changed in place) as dict(zip(header, row)) reads it, one cell per header cell and the
        "" that missing columns point at: surplus cells dropped, missing ones "". A name the header repeats
        reads its last cell the row has, as in the dict."""
        have, length = len(row), self._header_len
        if have == length:
            row.append("")
            return row
        if have > length:
            del row[length:]
            row.append("")
            return row
        row += [""] * (length + 1 - have)
        for positions in self._repeated:
            if positions[-1] >= have:
                present = [p for p in positions if p < have]
                if present:
                    row[positions[-1]] = row[present[-1]]
        return row

    def keys_of_short_row(self, have: int) -> list[str]:
        """The keys dict(zip(header, row)) has for a row of `have` cells."""
        return [name for name in self.names if any(p < have for p in self._spots(name))]

    def _spots(self, name: str) -> list[int]:
        return next((positions for positions in self._repeated if positions[-1] == self.positions[name]),
                    [self.positions[name]])


def padded(rows: Iterator[tuple[int, list[str]]], width: int) -> Iterator[tuple[int, list[str]]]:
    for row_no, row in rows:
        if len(row) < width:
            row += [""] * (width - len(row))
        yield row_no, row


def iter_row_lists(source: Source, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(0, header) first, then (1-based data row, cells) for each non-empty row: the csv module's C parser
    and, per line, a count of quote characters (a file cut inside a quoted field is an error, not a row)."""
    with source.open_text(newline="") as stream:
        quotes = [0]  # '"' characters in the lines of the row being parsed
        reader = csv.reader(_counting(stream, quotes), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ExportError(message("csv.header_unreadable", reason=_reason(exc))) from None
        quotes[0] = 0
        yield 0, [h.lstrip("\ufeff").strip() for h in header]
        row_no, last_odd = 0, False
        try:
            for row in reader:
                row_no += 1
                last_odd = quotes[0] % 2 == 1
                quotes[0] = 0
                if row:
                    yield row_no, row
        except csv.Error as exc:
            raise ExportError(message("csv.malformed_after_row", row=row_no, reason=_reason(exc))) from None
        if last_odd:
            # quoted fields double their quotes: an odd count in the last row means the file ended
            # inside a quoted field, which the csv module returns as if it were complete
            raise ExportError(message("csv.ends_in_quoted_field", row=row_no))


def columns_and_rows(source: Source, delimiter: str = ",") -> tuple[Columns | None, Iterator[tuple[int, list[str]]]]:
    """The header's Columns (None for an empty file) and, in the same pass, the data rows after it."""
    rows = iter_row_lists(source, delimiter)
    header = next(rows, None)
    return (None if header is None else Columns(header[1])), rows


def header_columns(source: Source, delimiter: str = ",") -> Columns | None:
    """The header's Columns (None for an empty file); the file is opened again for the rows (data_rows)."""
    rows = iter_row_lists(source, delimiter)
    header = next(rows, None)
    rows.close()
    return None if header is None else Columns(header[1])


def data_rows(source: Source, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(1-based data row, cells) after the header, as iter_row_lists gives them."""
    rows = iter_row_lists(source, delimiter)
    next(rows, None)
    return rows


def iter_fitted(source: Source, col: Columns, delimiter: str = ",") -> Iterator[list[str]]:
    """The data rows again, each fitted to col (Columns.fit): a second pass, for a decision rows held back
    could not make (a 1:1 chat longer than a reader holds)."""
    rows = iter_row_lists(source, delimiter)
    next(rows, None)
    for _, row in rows:
        yield col.fit(row)


def _counting(stream, quotes: list[int]) -> Iterator[str]:
    for line in stream:
        quotes[0] += line.count('"')
        yield line


_CSV_REASONS = {"NUL": "csvwhy.nul", "field larger than field limit": "csvwhy.field_limit",
                "unexpected end of data": "csvwhy.unexpected_end", "EOF inside string": "csvwhy.eof_in_string",
                "new-line character seen in unquoted field": "csvwhy.newline_unquoted"}


def _reason(exc: csv.Error) -> Message:
    """csv's own messages name the problem (NUL, field limit, EOF in quotes), not the content."""
    text = str(exc)
    return message(next((code for known, code in _CSV_REASONS.items() if known in text), "csvwhy.other"))


def sniff_delimiter(head: str, min_columns: int = 2) -> str | None:
    """The delimiter of a header-plus-rows table, if head looks like one; None for prose."""
    lines = [line for line in head.split("\n")[:12] if line.strip()]
    if len(lines) < 2:
        return None
    if len(lines) == 12 or not head.endswith("\n"):
        lines = lines[:-1]  # the last line of the head may be cut
    if len(lines) < 2:
        return None
    for delimiter in (",", "\t", ";", "|"):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        header = rows[0]
        if len(header) < min_columns or any(len(h) > 64 or not h.strip() for h in header):
            continue
        if all(len(row) == len(header) for row in rows[1:] if row):
            return delimiter
    return None
