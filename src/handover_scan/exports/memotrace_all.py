"""MemoTrace 2.x all-chats messages.csv (shared/formats §2.1): the per-chat CSV's header, Remark/NickName name
the chat and Sender is `我` or a display name; a chat is a group when it has two senders besides the owner."""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.csvutil import data_rows, header_columns, header_starts
from handover_scan.exports.memotrace import CHAT_COLUMNS, CHAT_NAME_COLUMNS, _is_all_chats, message_parts
from handover_scan.records import UNKNOWN_SUBJECT, Record


class MemoTraceAllChatsCsvReader(Reader):
    format_id = "memotrace2-messages-csv"
    description = ("MemoTrace 2.x all-chats messages.csv: same header, Remark/NickName name the chat, "
                   "Sender is 我 or a display name")
    priority = 9

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CHAT_COLUMNS) and _is_all_chats(head)

    def read(self, source: Source) -> Iterator[Record]:
        col = header_columns(source)
        if col is None:
            return
        fit = col.fit
        talker_at, sender_at, remark_at, nick_at, type_at, content_at, time_at = (
            col[c] for c in ("TalkerId", "Sender", "Remark", "NickName", "Type", "StrContent", "StrTime"))
        senders: dict[str, set[str]] = {}
        for _, row in data_rows(source):
            fit(row)
            people = senders.setdefault(row[talker_at], set())
            if len(people) < 2 and row[sender_at] not in ("我", ""):
                people.add(row[sender_at])
        seen: set[tuple[str, str]] = set()  # NameOnce
        relpath, format_id = source.relpath, self.format_id
        names = tuple((column, col[column]) for column in CHAT_NAME_COLUMNS)
        for row_no, row in data_rows(source):
            fit(row)
            conversation = row[remark_at] or row[nick_at] or row[talker_at] or UNKNOWN_SUBJECT
            sender, timestamp, locator = row[sender_at], row[time_at], f"row:{row_no}"
            group = len(senders.get(row[talker_at], ())) > 1
            subject = (sender or UNKNOWN_SUBJECT) if group and sender != "我" else conversation
            type_code = row[type_at] if col.has("Type") else "1"
            for suffix, text in message_parts(type_code, row[content_at]):
                if text.strip():
                    yield Record(relpath, format_id, locator, conversation, subject, "StrContent" + suffix, text,
                                 sender, timestamp)
            for column, at in names:
                value = row[at]
                if value and (column, value) not in seen and value.strip():
                    seen.add((column, value))
                    yield Record(relpath, format_id, locator, conversation, conversation, column, value, sender,
                                 timestamp)
            if sender != "我" and sender and ("Sender", sender) not in seen and sender.strip():
                seen.add(("Sender", sender))
                yield Record(relpath, format_id, locator, conversation, sender, "Sender", sender, sender, timestamp)


READERS = [MemoTraceAllChatsCsvReader]
