"""Any text file no specific reader claims: one record per line, never skipped."""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.records import UNKNOWN_SUBJECT, Record


class PlainTextReader(Reader):
    format_id = "text"
    description = "Plain text (fallback for any text file): one record per line"
    priority = 1000

    def sniff(self, source: Source, head: str) -> bool:
        return True

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            for line_no, line in enumerate(stream, 1):
                line = line.rstrip("\n")
                if line.strip():
                    yield self.record(source, f"line:{line_no}", "text", line,
                                      conversation=source.stem, data_subject=UNKNOWN_SUBJECT)
