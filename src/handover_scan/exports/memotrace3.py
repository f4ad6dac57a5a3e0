"""MemoTrace 3.0 exports (wxManager + exporter; shared/formats §2.2).

`<out>/聊天记录/<备注>(<wxid>)/`:

CSV `<备注>.csv` (and sheet `聊天记录` of `<备注>.xlsx`)::

    消息ID,类型,发送人,时间,内容,备注,昵称,更多信息
    7310000000000000003,转账,张三,2024-01-01 17:08:00,"【发起转账】:￥200.00
    备注: 定金",张三,阿三,more

XLSX sheet `成员信息`: `wxid,微信号,类型,群昵称,昵称,...,性别,[电话,]个性签名,国家（地区）,省份,城市`
(1:1 chats have a 电话 header with no value: the values after 性别 sit one column left).
TXT: `2024-01-01 17:06:40 张三` / to_text() / blank line (system: time alone on the header).
Markdown: `#### 2024-01-01`, `**17:06:40 张三**: text` with backslash escapes (`138\\-0013`).
HTML: `const chatMessages = [{"type": "1", ...}]` (JSON, strings html-escaped); the
sidecar `<备注>.html.json` holds the same array unescaped.
Contact list: `UserName,Alias,Type,Remark,NickName,smallHeadImgUrl,...`; group members
`contacts.csv`: `UserName,微信号,类型,群昵称,昵称,头像地址,...`.

消息ID, 类型, 时间 and 更多信息 are not scanned.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from handover_scan.exports.base import NameOnce, Reader, Source, is_group_chat
from handover_scan.exports.blocktext import BlockTextReader, Header, line_matches
from handover_scan.exports.csvutil import HOLD_ROWS, Columns, columns_and_rows, header_starts, iter_fitted
from handover_scan.exports.jsonutil import iter_json
from handover_scan.exports.memotrace import TXT_HEADER, ContactsCsvReader, MemoTraceTxtReader
from handover_scan.exports.memotrace_html import ChatMessagesHtmlReader, html_message_records
from handover_scan.exports.textutil import md_unescape
from handover_scan.exports.xlsxutil import iter_sheet, preview
from handover_scan.records import UNKNOWN_SUBJECT, Record

CSV_COLUMNS = ("消息ID", "类型", "发送人", "时间", "内容", "备注", "昵称")
NAME_COLUMNS = ("发送人", "备注", "昵称")
CHAT_SHEET, MEMBER_SHEET = "聊天记录", "成员信息"
MEMBER_SKIP = frozenset({"wxid", "类型", "头像地址", "头像原图", "性别", "电话"})


def conversation_name(source: Source) -> str:
    """The chat folder is `<备注>(<wxid>)`; the file `<备注>.<ext>`."""
    return source.stem.removesuffix(".html")


def chat_records(reader: Reader, source: Source, rows: Iterable[tuple[str, dict[str, str]]],
                 group: bool) -> Iterator[Record]:
    conversation = conversation_name(source)
    names = NameOnce()
    for locator, row in rows:
        sender = row.get("发送人", "")
        if sender in ("0", "1"):  # closed-source builds write the direction here, not a name
            sender = row.get("备注") or row.get("昵称") or ""
        subject = (sender or UNKNOWN_SUBJECT) if group else conversation
        common = dict(conversation=conversation, sender=sender, timestamp=row.get("时间", ""))
        text = row.get("内容", "")
        if text.strip():
            yield reader.record(source, locator, "内容", text, data_subject=subject, **common)
        for column in NAME_COLUMNS:
            value = row.get(column, "")
            if value not in ("0", "1") and names.first(column, value):
                yield reader.record(source, locator, column, value, data_subject=sender or subject, **common)


def _is_group(rows: Iterable[dict[str, str]]) -> bool:
    return is_group_chat(row.get("发送人", "") for row in rows)


class MemoTrace3CsvReader(Reader):
    format_id = "memotrace3-csv"
    description = "MemoTrace 3.0 CSV <备注>.csv: 消息ID,类型,发送人,时间,内容,备注,昵称,更多信息"
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CSV_COLUMNS)

    def read(self, source: Source) -> Iterator[Record]:
        # One pass: rows are held back only until a third sender makes the chat a group or the file ends;
        # a 1:1 chat longer than HOLD_ROWS is decided by a separate pass instead.
        col, rows = columns_and_rows(source)
        if col is None:
            return
        fit, sender_at = col.fit, col["发送人"]
        held: list[tuple[int, list[str]]] = []
        senders: set[str] = set()
        for item in rows:
            held.append(item)
            sender = fit(item[1])[sender_at]
            if sender:
                senders.add(sender)
            if len(senders) > 2 or len(held) >= HOLD_ROWS:
                break
        group = len(senders) > 2
        if not group and len(held) >= HOLD_ROWS:  # a long 1:1 chat: a second pass decides
            group = is_group_chat(row[sender_at] for row in iter_fitted(source, col))
        seen: set[tuple[str, str]] = set()
        yield from self._records(source, col, held, group, seen, fitted=True)
        yield from self._records(source, col, rows, group, seen)

    def _records(self, source: Source, col: Columns, rows, group: bool, seen: set[tuple[str, str]],
                 fitted: bool = False) -> Iterator[Record]:
        """chat_records() over row lists (no dict per row)."""
        conversation, relpath, format_id, fit = conversation_name(source), source.relpath, self.format_id, col.fit
        sender_at, time_at, text_at = col["发送人"], col["时间"], col["内容"]
        remark_at, nick_at = col["备注"], col["昵称"]
        names = tuple((column, col[column]) for column in NAME_COLUMNS)
        for row_no, row in rows:
            if not fitted:
                fit(row)
            sender = row[sender_at]
            if sender in ("0", "1"):  # closed-source builds write the direction here, not a name
                sender = row[remark_at] or row[nick_at]
            subject = (sender or UNKNOWN_SUBJECT) if group else conversation
            timestamp, text, locator = row[time_at], row[text_at], f"row:{row_no}"
            if text.strip():
                yield Record(relpath, format_id, locator, conversation, subject or UNKNOWN_SUBJECT, "内容", text,
                             sender, timestamp)
            for column, at in names:
                value = row[at]
                if value and value not in ("0", "1") and (column, value) not in seen and value.strip():
                    seen.add((column, value))
                    yield Record(relpath, format_id, locator, conversation, sender or subject or UNKNOWN_SUBJECT,
                                 column, value, sender, timestamp)



def _sheet_rows(source: Source, title: str) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    for row_no, cells in iter_sheet(source, title):
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if any(c.strip() for c in cells):
            yield row_no, dict(zip(header, cells))


class MemoTrace3XlsxReader(Reader):
    format_id = "memotrace3-xlsx"
    description = ("MemoTrace 3.0 XLSX <备注>.xlsx: sheet 聊天记录 (CSV columns) and 成员信息 (members); "
                   "locator <sheet>!row:N")
    priority = 10
    binary = True

    def sniff(self, source: Source, head: str) -> bool:
        rows = preview(source).get(CHAT_SHEET) or [[]]
        return tuple(rows[0][:3]) == CSV_COLUMNS[:3]

    def read(self, source: Source) -> Iterator[Record]:
        group = _is_group(row for _, row in _sheet_rows(source, CHAT_SHEET))
        yield from chat_records(self, source, ((f"{CHAT_SHEET}!row:{n}", row)
                                               for n, row in _sheet_rows(source, CHAT_SHEET)), group)
        header: list[str] | None = None
        for row_no, cells in iter_sheet(source, MEMBER_SHEET):
            if header is None:
                # 1:1 chats: 电话 is in the header but not in the data (values shifted left)
                header = [c.strip() for c in cells if c.strip() != "电话"]
                continue
            row = dict(zip(header, cells))
            subject = row.get("群昵称") or row.get("昵称") or row.get("微信号") or row.get("wxid") or UNKNOWN_SUBJECT
            for column, value in row.items():
                if column in MEMBER_SKIP or not value.strip():
                    continue
                yield self.record(source, f"{MEMBER_SHEET}!row:{row_no}", column, value,
                                  conversation=conversation_name(source), data_subject=subject)


class MemoTrace3TxtReader(MemoTraceTxtReader):
    format_id = "memotrace3-txt"
    description = "MemoTrace 3.0 TXT: '<time> <name>' (system: time alone) header, 【图片】-style content, blank line"
    priority = 29

    def sniff(self, source: Source, head: str) -> bool:
        if not super().sniff(source, head):
            return False
        lines = head.split("\n")
        time_only = any(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", lines[i].rstrip("\r"))
                        for i in line_matches(head, TXT_HEADER))
        return time_only or "【" in head


MD_MESSAGE = re.compile(r"^\*\*(\d{2}:\d{2}:\d{2}) (.+?)\*\*: ?(.*)$")
MD_SYSTEM = re.compile(r"^> (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ?(.*)$")
MD_HEADING = re.compile(r"^#{2,4} (\d{4}(?:-\d{2}){0,2})\s*$")


class MemoTrace3MarkdownReader(BlockTextReader):
    format_id = "memotrace3-md"
    description = "MemoTrace 3.0 Markdown <备注>.md: '#### YYYY-MM-DD', '**HH:MM:SS name**: text' (escapes undone)"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        return bool(line_matches(head, MD_HEADING)) and bool(line_matches(head, MD_MESSAGE, 80))

    def on_context(self, line: str, context: dict) -> bool:
        match = MD_HEADING.match(line)
        if match:
            context["day"] = match.group(1)
        return bool(match)

    def header(self, line: str) -> Header | None:
        match = MD_MESSAGE.match(line)
        if match:
            return Header(md_unescape(match.group(2)), match.group(1), match.group(3))
        match = MD_SYSTEM.match(line)
        if match:
            return Header("", match.group(1), match.group(2))
        return None

    def unescape(self, text: str) -> str:
        return md_unescape(text)


class MemoTrace3HtmlReader(ChatMessagesHtmlReader):
    format_id = "memotrace3-html"
    description = "MemoTrace 3.0 HTML: const chatMessages = [JSON array] (strings html-escaped)"
    priority = 20
    json_items = True


class MemoTrace3HtmlJsonReader(Reader):
    format_id = "memotrace3-html-json"
    description = "MemoTrace 3.0 <备注>.html.json sidecar: [{type,is_send,timestamp,server_id,display_name,text,...}]"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        return head.lstrip().startswith("[") and '"server_id"' in head and '"display_name"' in head

    def read(self, source: Source) -> Iterator[Record]:
        unit = lambda path: len(path) == 1  # noqa: E731 - each message
        conversation = conversation_name(source).removesuffix(".html")
        group = is_group_chat(item.get("display_name", "") for _, item in iter_json(source, unit)
                              if isinstance(item, dict))
        names = NameOnce()
        for path, item in iter_json(source, unit):
            if isinstance(item, dict):
                yield from html_message_records(self, source, path, item, conversation, group, names)


class MemoTrace3ContactsCsvReader(ContactsCsvReader):
    format_id = "memotrace3-contacts-csv"
    description = "MemoTrace 3.0 contact list: UserName,Alias,Type,Remark,NickName,smallHeadImgUrl,...(no telephone)"
    priority = 10
    header = ("UserName", "Alias", "Type", "Remark", "NickName", "smallHeadImgUrl")


class MemoTrace3MembersCsvReader(ContactsCsvReader):
    format_id = "memotrace3-members-csv"
    description = "MemoTrace 3.0 group members contacts.csv: UserName,微信号,类型,群昵称,昵称,头像地址,..."
    priority = 10
    header = ("UserName", "微信号", "类型", "群昵称", "昵称")
    subject_columns = ("群昵称", "昵称", "微信号", "UserName")


READERS = [MemoTrace3CsvReader, MemoTrace3XlsxReader, MemoTrace3TxtReader, MemoTrace3MarkdownReader,
           MemoTrace3HtmlReader, MemoTrace3HtmlJsonReader, MemoTrace3ContactsCsvReader, MemoTrace3MembersCsvReader]
