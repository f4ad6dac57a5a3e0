"""chatlog (sjzar/chatlog) HTTP API dumps saved to files (shared/formats §3).

JSON: `[{"seq","time","talker","talkerName","isChatRoom","sender","senderName","isSelf","type",
"subType","content","contents"?}]`. CSV: `Time,SenderName,Sender,TalkerName,Talker,Content`.
Text::

    张三(wxid_example001) 17:06:40
    明天下午三点到

(time `15:04:05`, `01-02 15:04:05` or `2006-01-02 15:04:05`; `[Talker(talkerid)]` before it
when several chats were queried). Lists: contacts `UserName,Alias,Remark,NickName`,
chatrooms `Name,Remark,NickName,Owner,UserCount`, sessions `UserName,NOrder,NickName,Content,NTime`
(CSV), and `{"items":[...]}` (JSON).
"""

from __future__ import annotations

import re
from typing import Iterator

from handover_scan.exports.base import NameOnce, Reader, Source
from handover_scan.exports.blocktext import BlockTextReader, Header, Message, line_matches
from handover_scan.exports.csvutil import columns_and_rows, first_line
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.exports.textutil import iter_lines
from handover_scan.records import UNKNOWN_SUBJECT, Record

CONTENTS_SKIP = frozenset({"md5", "url", "host", "path", "thumb", "cdnurl", "fileMd5", "key", "seq", "time",
                           "talker", "sender", "type", "subType", "isSelf", "isChatRoom"})


class ChatlogJsonReader(Reader):
    format_id = "chatlog-json"
    description = "chatlog JSON: [{seq,time,talker,talkerName,isChatRoom,sender,senderName,content,contents}]"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return head.lstrip().startswith("[") and '"talkerName"' in head and '"senderName"' in head

    def read(self, source: Source) -> Iterator[Record]:
        names = NameOnce()
        for path, item in iter_json(source, lambda p: len(p) == 1):
            if not isinstance(item, dict):
                continue
            conversation = item.get("talkerName") or item.get("talker") or source.stem
            sender = "我" if item.get("isSelf") else item.get("senderName") or item.get("sender") or ""
            subject = (sender or UNKNOWN_SUBJECT) if item.get("isChatRoom") else conversation
            common = dict(conversation=conversation, sender=sender, timestamp=str(item.get("time", "")))
            content = item.get("content")
            if isinstance(content, str) and content.strip():
                yield self.record(source, pointer((*path, "content")), "content", content, data_subject=subject,
                                  **common)
            if isinstance(item.get("contents"), dict):
                for sub, text in strings(item["contents"], skip=CONTENTS_SKIP):
                    if not text.startswith("http"):
                        yield self.record(source, pointer((*path, "contents", *sub)),
                                          "contents/" + "/".join(map(str, sub)), text, data_subject=subject, **common)
            for key, who in (("senderName", sender), ("talkerName", conversation)):
                if not item.get("isSelf") or key == "talkerName":
                    if names.first(key, item.get(key)):
                        yield self.record(source, pointer((*path, key)), key, item[key], data_subject=who, **common)


CSV_HEADER = "Time,SenderName,Sender,TalkerName,Talker,Content"


class ChatlogCsvReader(Reader):
    format_id = "chatlog-csv"
    description = f"chatlog CSV <talker>_<from>_<to>.csv: {CSV_HEADER}"
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return first_line(head).lstrip("\ufeff").startswith(CSV_HEADER)

    def read(self, source: Source) -> Iterator[Record]:
        col, rows = columns_and_rows(source)
        if col is None:
            return
        fit, seen = col.fit, set()  # seen: NameOnce, names repeat on every row
        time_at, name_at, sender_at, talker_name_at, talker_at, content_at = (
            col[c] for c in ("Time", "SenderName", "Sender", "TalkerName", "Talker", "Content"))
        relpath, format_id, stem = source.relpath, self.format_id, source.stem
        for row_no, row in rows:
            fit(row)
            talker = row[talker_at]
            conversation = row[talker_name_at] or talker or stem
            sender = row[name_at] or row[sender_at]  # the owner has no SenderName
            subject = (sender or UNKNOWN_SUBJECT) if talker.endswith("@chatroom") else conversation
            timestamp, content, locator = row[time_at], row[content_at], f"row:{row_no}"
            if content.strip():
                yield Record(relpath, format_id, locator, conversation, subject or UNKNOWN_SUBJECT, "Content",
                             content, sender, timestamp)
            for column, value, who in (("SenderName", row[name_at], sender),
                                       ("TalkerName", row[talker_name_at], conversation)):
                if value and (column, value) not in seen and value.strip():
                    seen.add((column, value))
                    yield Record(relpath, format_id, locator, conversation, who or UNKNOWN_SUBJECT, column, value,
                                 sender, timestamp)


# Message.PlainText writes `<SenderName>(<sender>)`, or the bare sender when there is no name: `我` for the
# owner (whose name is never filled in), a wxid for someone the contact list does not know.
TEXT_HEADER = re.compile(r"^(?:(.+?)\(([^()]*)\)|(我|系统消息|wxid_[0-9A-Za-z_]+|[A-Za-z][0-9A-Za-z_\-]{5,19}))"
                         r"(?: \[(.+?)\(([^()]*)\)\])? "
                         r"((?:\d{4}-)?(?:\d{2}-\d{2} )?\d{2}:\d{2}:\d{2})$")


class ChatlogTextReader(BlockTextReader):
    format_id = "chatlog-text"
    description = "chatlog text: '<SenderName>(<sender|我>) [<Talker>(<id>)] <time>' header, content, blank line"
    priority = 26
    header_after_blank = True

    def sniff(self, source: Source, head: str) -> bool:
        matches = line_matches(head, TEXT_HEADER)
        return bool(matches) and matches[0] == 0

    def header(self, line: str) -> Header | None:
        match = TEXT_HEADER.match(line)
        if not match:
            return None
        extra = {"conversation": match.group(4)} if match.group(4) else {}
        if match.group(5):
            extra["group"] = match.group(5).endswith("@chatroom")
        sender = "我" if match.group(2) == "我" else match.group(1) or match.group(3)
        return Header(sender, match.group(6), None, extra)

    def subject(self, message: Message, conversation: str, group: bool) -> str:
        return (message.sender or UNKNOWN_SUBJECT) if group and message.sender != "我" else conversation


LIST_HEADERS = {
    "UserName,Alias,Remark,NickName": ("Remark", "NickName", "UserName"),
    "Name,Remark,NickName,Owner,UserCount": ("Remark", "NickName", "Name"),
    "UserName,NOrder,NickName,Content,NTime": ("NickName", "UserName"),
}
LIST_SKIP = frozenset({"UserName", "Name", "Owner", "UserCount", "NOrder", "NTime"})


class ChatlogListCsvReader(Reader):
    format_id = "chatlog-list-csv"
    description = ("chatlog lists: contacts UserName,Alias,Remark,NickName; chatrooms Name,Remark,NickName,Owner,"
                   "UserCount; sessions UserName,NOrder,NickName,Content,NTime")
    priority = 11

    def sniff(self, source: Source, head: str) -> bool:
        return first_line(head).lstrip("\ufeff").strip() in LIST_HEADERS

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            header_line = stream.readline(4096).strip().lstrip("\ufeff")
        subjects = LIST_HEADERS.get(header_line, ())
        # chatlog writes these with plain string formatting: no quoting, so split on commas and
        # give a row's surplus cells (a comma inside a remark) to the last text column.
        columns = header_line.split(",")
        with source.open_text() as stream:
            for line_no, offset, line in iter_lines(stream):
                if line_no == 1 or offset or not line.strip():
                    continue
                cells = line.split(",")
                if len(cells) > len(columns):
                    extra = len(cells) - len(columns)
                    index = columns.index("Remark") if "Remark" in columns else columns.index("Content")
                    cells[index:index + extra + 1] = [",".join(cells[index:index + extra + 1])]
                row = dict(zip(columns, cells))
                subject = next((row[c] for c in subjects if row.get(c)), UNKNOWN_SUBJECT)
                for column, value in row.items():
                    if column in LIST_SKIP or not value.strip():
                        continue
                    text = value.replace("\\n", "\n") if column == "Content" else value
                    yield self.record(source, f"row:{line_no - 1}", column, text, conversation=source.stem,
                                      data_subject=subject)


class ChatlogItemsJsonReader(Reader):
    format_id = "chatlog-items-json"
    description = "chatlog JSON lists: {items:[{userName,alias,remark,nickName}|{name,users,...}|{content,...}]}"
    priority = 16

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and re.match(r'\s*\{\s*"items"\s*:\s*\[', head) is not None

    def read(self, source: Source) -> Iterator[Record]:
        skip = frozenset({"userName", "name", "owner", "nOrder", "nTime", "isFriend", "avatar", "smallHeadImgUrl",
                          "bigHeadImgUrl"})
        for path, item in iter_json(source, lambda p: len(p) == 2 and p[0] == "items"):
            if not isinstance(item, dict):
                continue
            subject = (item.get("remark") or item.get("nickName") or item.get("userName") or item.get("name")
                       or UNKNOWN_SUBJECT)
            for sub, text in strings(item, skip=skip):
                who = subject
                if sub[:1] == ("users",) and isinstance(item.get("users"), list):
                    who = item["users"][sub[1]].get("displayName") or UNKNOWN_SUBJECT
                    if sub[-1] == "userName":
                        continue
                yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text,
                                  conversation=source.stem, data_subject=who)


READERS = [ChatlogJsonReader, ChatlogCsvReader, ChatlogTextReader, ChatlogListCsvReader, ChatlogItemsJsonReader]
