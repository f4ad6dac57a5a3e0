"""MemoTrace (留痕 / WeChatMsg) 2.x exports (shared/formats §2.1).

Per-chat CSV `data/聊天记录/<备注>/<备注>_utf8.csv` and all-chats `messages.csv`::

    localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
    101,7,1,0,0,1704100000,2,明天下午三点到,2024-01-01 17:06:40,张三,阿三,wxid_example001

(in messages.csv Remark/NickName name the conversation and Sender is `我` or a display name).
contacts.csv: `UserName,Alias,Type,Remark,NickName,PYInitial,...,telephone,signature,...`.
TXT: `2024-01-01 17:06:40 张三` / content / blank line. AI-TXT `_chat.txt`: day banners
`********************2024-01-01********************` and `name:text` lines. HTML: a
JavaScript array `const chatMessages = [{ type:1, text: '...', displayname:'张三'},...]`
(HTML- then JS-escaped). `_train.json`/`_dev.json`: `{"conversations":[{"role","content"}]}`.

Data subject: in a 1:1 chat every message is about the other party; in a group the
sender; in a contact list the contact of that row. Only StrContent and the name columns
are scanned: ids, times and type codes are not personal information.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.contacts import CONTACT_SKIP, ContactsCsvReader  # noqa: F401 - where readers import them
from handover_scan.exports.blocktext import BlockTextReader, Header, Message, line_matches
from handover_scan.exports.csvutil import HOLD_ROWS, Columns, columns_and_rows, header_starts, iter_row_lists
from handover_scan.exports.memotrace_html import DatasetJsonReader, MemoTraceHtmlReader
from handover_scan.exports.textutil import html_unescape, js_unescape
from handover_scan.exports.wechat_xml import MEDIA_TYPES, looks_like_xml, xml_parts
from handover_scan.records import UNKNOWN_SUBJECT, Record

CHAT_COLUMNS = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime")
CONTACT_COLUMNS = ("UserName", "Alias", "Type", "Remark", "NickName", "PYInitial")
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


def sample_rows(head: str, limit: int = 50) -> list[dict[str, str]]:
    """Parsed data rows from the head of a CSV (a row cut at the end of the head is dropped)."""
    try:
        rows = list(csv.reader(io.StringIO("\n".join(head.split("\n")[:limit + 1]))))
    except csv.Error:
        return []
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:-1] if row]


def _is_all_chats(head: str) -> bool:
    rows = sample_rows(head)
    return any(r.get("Sender") == "我" for r in rows) or len({r.get("TalkerId") for r in rows}) > 1


class MemoTraceChatCsvReader(Reader):
    format_id = "memotrace2-chat-csv"
    description = "MemoTrace 2.x per-chat CSV (<备注>_utf8.csv): localId,TalkerId,Type,...,StrContent,...,Sender"
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CHAT_COLUMNS) and not _is_all_chats(head)

    def read(self, source: Source) -> Iterator[Record]:
        # One pass: rows are held back only until the chat is known to be a group (a second other party)
        # or the file ends; a 1:1 chat longer than HOLD_ROWS is decided by a separate pass instead.
        col, rows = columns_and_rows(source)
        if col is None:
            return
        held: list[tuple[int, list[str]]] = []
        others: dict[str, str] = {}
        width, is_sender, remark, nick, sender_at = col.width, col["IsSender"], col["Remark"], col["NickName"], \
            col["Sender"]
        for item in rows:  # _other_party_noter's note(), inline: it runs on every row of a 1:1 chat
            held.append(item)
            row = item[1]
            if len(row) < width:
                row += [""] * (width - len(row))
            if row[is_sender] == "0":
                display = row[remark] or row[nick] or row[sender_at] or UNKNOWN_SUBJECT
                key = row[sender_at] or display
                if key not in others and key != "我":
                    others[key] = display
                    if len(others) > 1:
                        break
            if len(held) >= HOLD_ROWS:
                break
        if len(held) >= HOLD_ROWS and len(others) < 2:
            others = self._other_parties(source)
        seen: set[tuple[str, str]] = set()  # NameOnce: name columns repeat on every row
        yield from self._records(source, col, held, others, seen)
        yield from self._records(source, col, rows, others, seen)

    def _records(self, source: Source, col: Columns, rows, others: dict[str, str],
                 seen: set[tuple[str, str]]) -> Iterator[Record]:
        conversation = conversation_name(source, "_utf8")
        is_group = len(others) > 1
        one_to_one_subject = (next(iter(others.values())) if len(others) == 1 else conversation) or UNKNOWN_SUBJECT
        relpath, format_id, width = source.relpath, self.format_id, col.width
        remark, nick, sender_at, type_at, content_at, time_at = (col["Remark"], col["NickName"], col["Sender"],
                                                                  col["Type"], col["StrContent"], col["StrTime"])
        has_type = col.has("Type")
        names = tuple((column, col[column]) for column in CHAT_NAME_COLUMNS)
        for row_no, row in rows:
            if len(row) < width:
                row += [""] * (width - len(row))
            sender = row[remark] or row[nick] or row[sender_at] or UNKNOWN_SUBJECT
            subject = sender if is_group else one_to_one_subject
            timestamp, content = row[time_at], row[content_at]
            type_code = row[type_at] if has_type else "1"
            locator = f"row:{row_no}"
            if type_code == "1":
                if content.strip():
                    yield Record(relpath, format_id, locator, conversation, subject, "StrContent", content, sender,
                                 timestamp)
            else:
                for suffix, text in message_parts(type_code, content):
                    if text.strip():
                        yield Record(relpath, format_id, locator, conversation, subject, "StrContent" + suffix,
                                     text, sender, timestamp)
            for column, at in names:
                value = row[at]
                if value and (column, value) not in seen and value.strip():
                    seen.add((column, value))
                    # A name column is about whoever sent the row, owner included.
                    yield Record(relpath, format_id, locator, conversation, sender, column, value, sender, timestamp)

    def collect_names(self, source: Source, is_name_field, names: set[str]) -> None:
        """Into `names`: what engine/names.collect_names finds in read(source) (the senders of rows that
        make records, name-field texts), without making records or deciding 1:1 against group."""
        col, rows = columns_and_rows(source)
        if col is None:
            return
        seen: set[tuple[str, str]] = set()
        remark, nick, sender_at, type_at, content_at = (col["Remark"], col["NickName"], col["Sender"], col["Type"],
                                                         col["StrContent"])
        columns = tuple((column, col[column], is_name_field(column)) for column in CHAT_NAME_COLUMNS)
        width, has_type = col.width, col.has("Type")
        for _, row in rows:
            if len(row) < width:
                row += [""] * (width - len(row))
            made = False
            for column, at, is_name in columns:
                value = row[at]
                if value and (column, value) not in seen and value.strip():
                    seen.add((column, value))
                    made = True
                    if is_name and len(value) <= 64:
                        names.add(value.strip())
            type_code, content = row[type_at] if has_type else "1", row[content_at]
            if type_code == "1":
                made = made or bool(content.strip())
            else:
                for suffix, text in message_parts(type_code, content):
                    if text.strip():
                        made = True
                        if suffix and len(text) <= 64 and is_name_field("StrContent" + suffix):
                            names.add(text.strip())
            if made:
                sender = row[remark] or row[nick] or row[sender_at]
                if sender and sender != UNKNOWN_SUBJECT:
                    names.add(sender)

    @staticmethod
    def _other_parties(source: Source) -> dict[str, str]:
        """Distinct senders other than the account owner: one means a 1:1 chat, more a group."""
        rows = iter_row_lists(source)
        header = next(rows, None)
        others: dict[str, str] = {}
        if header is not None:
            note_other = _other_party_noter(Columns(header[1]), others)
            for _, row in rows:
                if note_other(row):
                    break
        return others



def _other_party_noter(col: Columns, others: dict[str, str]):
    """note(row): note the row's sender in `others` if it is another party (not the owner); True once there
    are two. Rows may be short (missing cells read as "")."""
    is_sender, remark, nick, sender_at = col["IsSender"], col["Remark"], col["NickName"], col["Sender"]
    width = col.width

    def note(row: list[str]) -> bool:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if row[is_sender] == "0":
            display = row[remark] or row[nick] or row[sender_at] or UNKNOWN_SUBJECT
            key = row[sender_at] or display
            if key and key not in others and key != "我":
                others[key] = display
        return len(others) > 1

    return note


class MemoTraceContactsCsvReader(ContactsCsvReader):
    format_id = "memotrace2-contacts-csv"
    description = "MemoTrace 2.x contacts.csv: UserName,Alias,Type,Remark,NickName,PYInitial,...,telephone,..."
    priority = 10
    header = CONTACT_COLUMNS


TXT_HEADER = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?: (.+))?$")


class MemoTraceTxtReader(BlockTextReader):
    format_id = "memotrace2-txt"
    description = "MemoTrace 2.x TXT: '<YYYY-MM-DD HH:MM:SS> <name>' header line, content, blank line"
    priority = 30
    header_after_blank = True

    def sniff(self, source: Source, head: str) -> bool:
        lines = head.split("\n")[:40]
        headers = line_matches(head, TXT_HEADER)
        # Headers start the file and follow blank lines.
        return bool(headers) and headers[0] == 0 and all(lines[i - 1].strip() == "" for i in headers[1:])

    def header(self, line: str) -> Header | None:
        match = TXT_HEADER.match(line)
        # display names went through MemoTrace's HTML+JS escape even in TXT (&amp;, \')
        return Header(html_unescape(js_unescape(match.group(2) or "")), match.group(1)) if match else None

    def empty_body(self, message: Message) -> Message | None:
        # 2.x system message: '<time> <text>' on one line, nothing below
        if not message.sender:
            return None
        return Message(message.header_line, "", message.timestamp, message.sender, message.extra,
                       message.header_line)




READERS = [MemoTraceChatCsvReader, MemoTraceContactsCsvReader, MemoTraceTxtReader,
           MemoTraceHtmlReader, DatasetJsonReader]
