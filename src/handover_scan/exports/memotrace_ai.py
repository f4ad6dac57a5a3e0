"""MemoTrace 'AI TXT' `<备注>_chat.txt` (2.x and 3.0): day banners, then `name:text` lines.

2.x (exporter_ai_txt.py, AiTxtExporter.title) writes `\n<name>:` only when the side (owner / others)
changes and ends each text with a space; 3.0 writes it whenever the sender changes, after a blank line.
Numbers are pre-redacted by the writer (`[phone xxx]`) where its regex matched.
"""

from __future__ import annotations

import re
from typing import Iterator

from handover_scan.exports.base import Source
from handover_scan.exports.blocktext import BlockTextReader, Header, Message, line_matches
from handover_scan.exports.memotrace import conversation_name

AI_BANNER = re.compile(r"^\*{20}(\d{4}-\d{2}-\d{2})\*{20}$")
# The writer (exporter_ai_txt.py, AiTxtExporter.title) writes '\n' + name + ':' with an ASCII colon and
# the text right after it, only when the side changes; 引用：…, 备注: …, 标签: … are lines of a message.
AI_LINE = re.compile(r"^([^:：\n]{1,64}):(?! )(.*)$")


class MemoTraceAiTxtReader(BlockTextReader):
    """Day banners, then `name:text` lines (text messages of one sender joined by spaces).

    A multi-line message stays one record: a `word:text` line starts a message only where the writer
    starts one, after a blank line (a day banner) or after a line that ends a message (the writer ends
    each text with a space, media with `]`); inside a message the line before ends as the person typed it.
    """

    format_id = "memotrace-ai-txt"
    description = ("MemoTrace 2.x/3.0 'AI TXT' <备注>_chat.txt: '*'x20 YYYY-MM-DD '*'x20 day banners, "
                   "'name:text' lines (numbers pre-redacted as [phone xxx])")
    priority = 20
    _line, _before = "", ""

    def sniff(self, source: Source, head: str) -> bool:
        return bool(line_matches(head, AI_BANNER, 10))

    def conversation(self, source: Source) -> str:
        return conversation_name(source, "_chat")

    def messages(self, source: Source) -> Iterator[Message]:
        self._line = self._before = ""
        yield from super().messages(source)

    def clean(self, line: str) -> str:
        self._before, self._line = self._line, line
        return line

    def on_context(self, line: str, context: dict) -> bool:
        match = AI_BANNER.match(line)
        if match:
            context["day"] = match.group(1)
        return bool(match)

    def header(self, line: str) -> Header | None:
        match = AI_LINE.match(line)
        before = self._before.rstrip("\r")
        starts = not before.strip() or before.endswith((" ", "]"))
        return Header(match.group(1), "", match.group(2)) if match and starts else None

    def subject(self, message: Message, conversation: str, group: bool) -> str:
        return message.sender if group else conversation


class MemoTrace3AiTxtReader(MemoTraceAiTxtReader):
    """3.0 writes `\n<name>:` whenever the sender changes (2.x only when the side does, and ends each text
    with a space): a message starts after a blank line, and in groups every member is named."""

    format_id = "memotrace3-ai-txt"
    description = ("MemoTrace 3.0 'AI TXT' <备注>_chat.txt: day banners, a blank line and 'name:text' whenever "
                   "the sender changes (every group member named)")
    priority = 19

    def sniff(self, source: Source, head: str) -> bool:
        if not super().sniff(source, head):
            return False
        lines = [line.rstrip("\r") for line in head.split("\n")]
        starts = [i for i in range(1, len(lines)) if AI_LINE.match(lines[i])]
        return bool(starts) and all(not lines[i - 1].endswith(" ") for i in starts) and \
            all(not lines[i - 1].strip() for i in starts[:1])

    def header(self, line: str) -> Header | None:
        match = AI_LINE.match(line)
        return Header(match.group(1), "", match.group(2)) if match and not self._before.strip(" \t\r") else None


READERS = [MemoTrace3AiTxtReader, MemoTraceAiTxtReader]
