"""WhatsApp "Export chat" TXT, Android and iOS layouts (shared/formats §6.3; [3p]).

Android (`WhatsApp Chat with 张三.txt`, `与张三的 WhatsApp 聊天.txt`)::

    01/01/2024, 17:06 - 张三: 明天下午三点到
    2024/1/1 下午5:07 - +86 139 0000 0000: <Media omitted>

iOS (`_chat.txt` in `WhatsApp Chat - 张三.zip`)::

    [01/01/2024, 17:06:40] 张三: 明天下午三点到

U+200E/U+200F, zero-width characters and a BOM are removed, U+202F becomes a space, before
matching and in the text scanned. Lines without a timestamp continue the previous message.
A sender is scanned once (unsaved contacts appear as their phone number).
"""

from __future__ import annotations

import re

from handover_scan.exports.base import Source
from handover_scan.exports.blocktext import BlockTextReader, Header, line_matches
from handover_scan.exports.textutil import strip_invisible

_DATE = r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}"
_TIME = r"(?:上午|下午|凌晨|晚上|中午)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?: ?(?:[AaPp]\.? ?[Mm]\.?))?"
ANDROID = re.compile(rf"^({_DATE}),? ({_TIME}) - (.*)$")
IOS = re.compile(rf"^\[({_DATE}),? ({_TIME})\] (.*)$")
SENDER = re.compile(r"^([^:]{1,80}?): (.*)$", re.S)
NAMES = (re.compile(r"^WhatsApp Chat with (.+)$"), re.compile(r"^与(.+)的 ?WhatsApp ?聊天$"),
         re.compile(r"^與(.+)的 ?WhatsApp ?對話$"), re.compile(r"^WhatsApp Chat - (.+)$"))


class WhatsAppTxtReader(BlockTextReader):
    format_id = "whatsapp-txt"
    description = "WhatsApp TXT: Android '<date>, <time> - <sender>: <text>', iOS '[<date>, <time>] <sender>: <text>'"
    priority = 22
    sender_field = "sender"

    def sniff(self, source: Source, head: str) -> bool:
        cleaned = strip_invisible(head)
        android = line_matches(cleaned, ANDROID, 20)
        ios = line_matches(cleaned, IOS, 20)
        return bool(android and android[0] <= 1) or bool(ios and ios[0] <= 1)

    def clean(self, line: str) -> str:
        return strip_invisible(line)

    def conversation(self, source: Source) -> str:
        for name in (source.stem, source.parent_name):
            for pattern in NAMES:
                match = pattern.match(name)
                if match:
                    return match.group(1)
        return source.parent_name if source.stem == "_chat" and source.parent_name else source.stem

    def header(self, line: str) -> Header | None:
        match = ANDROID.match(line) or IOS.match(line)
        if not match:
            return None
        rest = match.group(3)
        said = SENDER.match(rest)
        stamp = f"{match.group(1)} {match.group(2)}"
        if said:
            return Header(said.group(1).strip(), stamp, said.group(2))
        return Header("", stamp, rest)  # system line


READERS = [WhatsAppTxtReader]
