"""Classic PC QQ message-manager TXT (shared/formats §6.1; [3p], encoding unverified)::

    消息记录（此消息记录为文本格式，不支持重新导入）

    ================================================================
    消息分组:我的群聊
    ================================================================
    消息对象:示例项目群
    ================================================================

    2024-01-01 17:06:40 张三(10001)
    明天下午三点到

    2024-01-01 8:07:40 PM 【管理员】李四<lisi@example.com>
    [图片]

A file holds one or many sections. In a group section (消息分组 我的群聊 or 群) a message is
about its sender; in a friend section about the 消息对象. The sender text (nickname with
QQ number or e-mail) is scanned once per distinct sender.
"""

from __future__ import annotations

import re

from handover_scan.exports.base import Source
from handover_scan.exports.blocktext import BlockTextReader, Header, Message
from handover_scan.records import UNKNOWN_SUBJECT

FIRST_LINE = "消息记录（此消息记录为文本格式"
SEPARATOR = re.compile(r"^={40,}$")
SECTION = re.compile(r"^(消息分组|消息对象)[:：](.*)$")
HEADER = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}(?: ?[AaPp][Mm])?) (.+)$")
SENDER = re.compile(r"^(?:【[^】]*】)?(.*?)(?:\(([^()]*)\)|<([^<>]*)>)?$")


class QQTxtReader(BlockTextReader):
    format_id = "qq-txt"
    description = "QQ message manager TXT: '消息记录（此消息记录为文本格式...' first line, 消息分组/消息对象 sections, '<time> <nick>(<QQ>)'"
    priority = 20
    sender_field = "sender"

    def sniff(self, source: Source, head: str) -> bool:
        lines = [line.strip() for line in head.split("\n")[:12]]
        return lines[0].startswith(FIRST_LINE) or (any(SEPARATOR.match(x) for x in lines)
                                                   and any(x.startswith("消息对象") for x in lines))

    def on_context(self, line: str, context: dict) -> bool:
        if SEPARATOR.match(line.strip()) or line.startswith(FIRST_LINE):
            return True
        match = SECTION.match(line.strip())
        if not match:
            return False
        if match.group(1) == "消息分组":
            context["group_name"] = match.group(2).strip()
        else:
            context["conversation"] = match.group(2).strip()
            grouping = context.get("group_name", "")
            context["group"] = "群" in grouping or "讨论组" in grouping
        return True

    def header(self, line: str) -> Header | None:
        match = HEADER.match(line.rstrip())
        return Header(match.group(2).strip(), match.group(1)) if match else None

    def is_group(self, source: Source) -> bool:
        return False  # decided per section from 消息分组

    def subject(self, message: Message, conversation: str, group: bool) -> str:
        if group:
            match = SENDER.match(message.sender)
            return (match.group(1).strip() if match and match.group(1).strip() else message.sender) or UNKNOWN_SUBJECT
        return conversation


READERS = [QQTxtReader]
