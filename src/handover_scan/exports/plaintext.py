"""Any text file no specific reader claims: one record per line, never skipped.

A line longer than MAX_RECORD_CHARS (a 1 GB file without newlines) is read in pieces cut at
safe breaks; pieces after the first have the field `text@K`, K the piece's offset in the line.
"""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.textutil import field_name, iter_lines
from handover_scan.records import UNKNOWN_SUBJECT, Record


class PlainTextReader(Reader):
    format_id = "text"
    description = "Plain text (fallback for any text file): one record per line"
    priority = 1000

    def sniff(self, source: Source, head: str) -> bool:
        return True

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            for line_no, offset, line in iter_lines(stream):
                if line.strip():
                    yield self.record(source, f"line:{line_no}", field_name("text", offset), line,
                                      conversation=source.stem, data_subject=UNKNOWN_SUBJECT)


READERS = [PlainTextReader]
