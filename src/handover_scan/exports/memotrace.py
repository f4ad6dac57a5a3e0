"""MemoTrace (留痕 / WeChatMsg) 2.x exports: per-chat CSV, contacts.csv, TXT.

Layouts are in shared/formats/chat-export-formats.md §2.1. Data subject rules:
in a 1:1 chat every message is about the other party; in a group chat it is
the sender; in a contact list it is the contact of that row.
"""

from __future__ import annotations

import re
from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.csvutil import header_starts, iter_rows
from handover_scan.exports.wechat_xml import MEDIA_TYPES, looks_like_xml, xml_parts
from handover_scan.records import UNKNOWN_SUBJECT, Record

CHAT_COLUMNS = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime")
CONTACT_COLUMNS = ("UserName", "Alias", "Type", "Remark", "NickName", "PYInitial")
# Contact columns that are machine data, not something a person wrote about a person.
CONTACT_SKIP = frozenset({"Type", "PYInitial", "RemarkPYInitial", "smallHeadImgUrl", "bigHeadImgUrl", "gender"})
# Chat columns scanned once per distinct value (they repeat on every row of a sender).
CHAT_NAME_COLUMNS = ("Remark", "NickName")


def conversation_name(source: Source, suffix: str = "") -> str:
    """MemoTrace names each chat file (and its folder) after the contact's remark."""
    stem = source.stem
    return stem[: -len(suffix)] if suffix and stem.endswith(suffix) else stem


def _display(row: dict[str, str]) -> str:
    return row.get("Remark") or row.get("NickName") or row.get("Sender") or UNKNOWN_SUBJECT


def message_parts(type_code: str, content: str) -> Iterator[tuple[str, str]]:
    """(field suffix, text) pairs worth scanning in one StrContent value."""
    try:
        code = int(type_code)
    except ValueError:
        code = 1
    if code in MEDIA_TYPES:
        return
    if code != 1 and looks_like_xml(content):
        for path, value in xml_parts(content):
            yield "/" + path, value
        return
    yield "", content


class MemoTraceChatCsvReader(Reader):
    format_id = "memotrace2-chat-csv"
    description = "MemoTrace 2.x chat CSV (<备注>_utf8.csv, messages.csv): localId,TalkerId,Type,...,StrContent"
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CHAT_COLUMNS)

    def read(self, source: Source) -> Iterator[Record]:
        conversation = conversation_name(source, "_utf8")
        others = self._other_parties(source)
        is_group = len(others) > 1
        one_to_one_subject = next(iter(others.values())) if len(others) == 1 else conversation
        seen_names: set[tuple[str, str]] = set()
        for row_no, row in iter_rows(source):
            subject = _display(row) if is_group else one_to_one_subject
            sender = _display(row)
            common = dict(conversation=conversation, data_subject=subject, sender=sender,
                          timestamp=row.get("StrTime", ""))
            for suffix, text in message_parts(row.get("Type", "1"), row.get("StrContent", "")):
                if text.strip():
                    yield self.record(source, f"row:{row_no}", "StrContent" + suffix, text, **common)
            for column in CHAT_NAME_COLUMNS:
                value = row.get(column, "")
                if value.strip() and (column, value) not in seen_names:
                    seen_names.add((column, value))
                    # A name column is about whoever sent the row, owner included.
                    yield self.record(source, f"row:{row_no}", column, value,
                                      **{**common, "data_subject": sender})

    @staticmethod
    def _other_parties(source: Source) -> dict[str, str]:
        """Distinct senders other than the account owner: one means a 1:1 chat, more a group."""
        others: dict[str, str] = {}
        for _, row in iter_rows(source):
            if row.get("IsSender") == "0":
                key = row.get("Sender") or _display(row)
                if key and key not in others and key != "我":
                    others[key] = _display(row)
        return others


class MemoTraceContactsCsvReader(Reader):
    format_id = "memotrace2-contacts-csv"
    description = "MemoTrace 2.x contacts.csv: UserName,Alias,Type,Remark,NickName,PYInitial,...,telephone,..."
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CONTACT_COLUMNS)

    def read(self, source: Source) -> Iterator[Record]:
        for row_no, row in iter_rows(source):
            subject = row.get("Remark") or row.get("NickName") or row.get("UserName") or UNKNOWN_SUBJECT
            for column, value in row.items():
                if column in CONTACT_SKIP or not value.strip() or value == "None":
                    continue
                yield self.record(source, f"row:{row_no}", column, value,
                                  conversation=source.stem, data_subject=subject)


TXT_HEADER = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?: (.+))?$")


class MemoTraceTxtReader(Reader):
    format_id = "memotrace2-txt"
    description = "MemoTrace 2.x TXT: '<YYYY-MM-DD HH:MM:SS> <name>' header line, content, blank line"
    priority = 30

    def sniff(self, source: Source, head: str) -> bool:
        lines = head.split("\n")[:40]
        headers = [i for i, line in enumerate(lines) if TXT_HEADER.match(line.rstrip("\r"))]
        # Headers start the file and follow blank lines.
        return bool(headers) and headers[0] == 0 and all(lines[i - 1].strip() == "" for i in headers[1:])

    def read(self, source: Source) -> Iterator[Record]:
        conversation = source.stem
        senders = {sender for _, sender, _, _ in self._messages(source) if sender}
        is_group = len(senders) > 2
        for line_no, sender, timestamp, body in self._messages(source):
            subject = (sender or UNKNOWN_SUBJECT) if is_group else conversation
            if body.strip():
                yield self.record(source, f"line:{line_no}", "text", body, conversation=conversation,
                                  data_subject=subject, sender=sender, timestamp=timestamp)

    @staticmethod
    def _messages(source: Source) -> Iterator[tuple[int, str, str, str]]:
        """(first body line number, sender, timestamp, body). System messages have the text on the header line."""
        current: list | None = None
        pending_blank = True
        with source.open_text() as stream:
            for line_no, raw in enumerate(stream, 1):
                line = raw.rstrip("\n")
                match = TXT_HEADER.match(line) if pending_blank else None
                if match:
                    if current:
                        yield _finish(current)
                    current = [line_no + 1, match.group(2) or "", match.group(1), []]
                elif current is not None:
                    current[3].append(line)
                pending_blank = line.strip() == ""
        if current:
            yield _finish(current)


def _finish(message: list) -> tuple[int, str, str, str]:
    first_line, sender, timestamp, lines = message
    while lines and not lines[-1].strip():
        lines.pop()
    body = "\n".join(lines)
    if not lines:  # system message: '<time> <text>' on one line
        return first_line - 1, "", timestamp, sender
    return first_line, sender, timestamp, body
