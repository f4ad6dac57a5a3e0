"""Contact lists with a header row (MemoTrace 2.x/3.0, WeFlow): every text column of a row is about its contact."""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.csvutil import data_rows, header_columns, header_starts
from handover_scan.records import UNKNOWN_SUBJECT, Record

# Contact columns that are machine data, not something a person wrote about a person.
CONTACT_SKIP = frozenset({"UserName", "Type", "PYInitial", "RemarkPYInitial", "smallHeadImgUrl", "bigHeadImgUrl",
                          "gender", "类型", "头像地址", "头像原图", "性别"})


class ContactsCsvReader(Reader):
    """A contact list with a header: every text column of a row is about that row's contact."""

    header: tuple[str, ...] = ()
    subject_columns: tuple[str, ...] = ("Remark", "NickName", "UserName")
    skip: frozenset[str] = CONTACT_SKIP

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *self.header)

    def read(self, source: Source) -> Iterator[Record]:
        col = header_columns(source)
        if col is None:
            return
        fit, relpath, format_id, stem = col.fit, source.relpath, self.format_id, source.stem
        scanned = [(name, col[name]) for name in col.names if name not in self.skip]
        subject_at = [col[name] for name in self.subject_columns if col.has(name)]
        for row_no, row in data_rows(source):
            fit(row)
            subject = next((row[at] for at in subject_at if row[at]), UNKNOWN_SUBJECT)
            locator = f"row:{row_no}"
            for column, at in scanned:
                value = row[at]
                if not value or not value.strip() or value == "None":
                    continue
                yield Record(relpath, format_id, locator, stem, subject, column, value)
