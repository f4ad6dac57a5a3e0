"""WeFlow's ChatLab export (ChatLabFormatter.ts), `.json` (pretty) or `.jsonl` (one object a line)::

    {"chatlab": {"version", "exportedAt", "generator": "WeFlow"},
     "meta": {"name": <会话>, "platform": "wechat", "type": "private"|"group", "groupId"?},
     "members": [{"platformId": <wxid>, "accountName": <显示名>, "groupNickname"?}],
     "messages": [{"sender": <wxid>, "accountName": <显示名>, "groupNickname"?, "timestamp", "type", "content"}]}

    {"_type":"header","chatlab":{...},"meta":{...}}
    {"_type":"member","platformId":...,"accountName":...}
    {"_type":"message","sender":...,"accountName":...,"content":...}

No message says which side is the owner's: in a private chat the sender who is not the chat's name is
(people/owner.py infers it). wxids, timestamps and types are not scanned.
"""

from __future__ import annotations

import json
from typing import Iterator

from handover_scan.exports.base import ExportError, NameOnce, Reader, Source
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer
from handover_scan.exports.textutil import iter_lines
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

NAMES = ("accountName", "groupNickname")


class _ChatLab:
    def __init__(self, reader: Reader, source: Source) -> None:
        self.reader, self.source = reader, source
        self.meta: dict = {}
        self.names = NameOnce()

    @property
    def conversation(self) -> str:
        return str(self.meta.get("name") or self.source.stem)

    def member(self, at, member: dict) -> Iterator[Record]:
        """Records of one member or message; at(key) is the locator of one of its keys."""
        who = str(member.get("groupNickname") or member.get("accountName") or "")
        for key in NAMES:
            value = member.get(key)
            if isinstance(value, str) and value.strip() and self.names.first(key, value):
                yield self.reader.record(self.source, at(key), key, value, conversation=self.conversation,
                                         data_subject=who)

    def message(self, at, message: dict) -> Iterator[Record]:
        sender = str(message.get("groupNickname") or message.get("accountName") or "")
        group = self.meta.get("type") == "group"
        subject = (sender or UNKNOWN_SUBJECT) if group else self.conversation
        content = message.get("content")
        if isinstance(content, str) and content.strip():
            yield self.reader.record(self.source, at("content"), "content", content,
                                     conversation=self.conversation, data_subject=subject, sender=sender,
                                     timestamp=str(message.get("timestamp", "")))
        yield from self.member(at, message)


class WeFlowChatLabJsonReader(Reader):
    format_id = "weflow-chatlab-json"
    description = "WeFlow ChatLab JSON: {chatlab:{generator}, meta:{name,type}, members:[...], messages:[...]}"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and '"chatlab"' in head and '"meta"' in head

    def read(self, source: Source) -> Iterator[Record]:
        chat = _ChatLab(self, source)
        for path, value in iter_json(source, lambda p: len(p) == 2 and p[0] in ("members", "messages")
                                     or p == ("meta",) or p == ("chatlab",)):
            if path == ("meta",) and isinstance(value, dict):
                chat.meta = value
            elif len(path) == 2 and isinstance(value, dict):
                handle = chat.member if path[0] == "members" else chat.message
                yield from handle(lambda key, path=path: pointer((*path, key)), value)


class WeFlowChatLabJsonlReader(Reader):
    format_id = "weflow-chatlab-jsonl"
    description = "WeFlow ChatLab JSONL: {\"_type\":\"header\",\"chatlab\":...} then member and message lines"
    priority = 14  # before the JSON reader: its first line has "chatlab" and "meta" too

    def sniff(self, source: Source, head: str) -> bool:
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        return first.startswith('{"_type":"header"') and '"chatlab"' in first

    def read(self, source: Source) -> Iterator[Record]:
        chat = _ChatLab(self, source)
        with source.open_text() as stream:
            for line_no, offset, line in iter_lines(stream):
                if offset or not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    raise ExportError(message("jsonl.malformed_line", line=line_no)) from None
                if not isinstance(item, dict):
                    continue
                kind = item.get("_type")
                if kind == "header" and isinstance(item.get("meta"), dict):
                    chat.meta = item["meta"]
                elif kind in ("member", "message"):
                    handle = chat.member if kind == "member" else chat.message
                    yield from handle(lambda key, n=line_no: f"line:{n}", item)
