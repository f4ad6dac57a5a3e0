"""WeFlow and EchoTrace HTML. WeFlow (HtmlFormatter.ts): the messages are data in the page, not markup::

    <title>王建国 江阴装修 - 聊天记录</title> ... <span>私聊</span> ...
    <script>
      window.WEFLOW_DATA = [
    {"i":1,"t":1717207200,"s":0,"a":"<span>王</span>","b":"<div class=\"message-time\">...</div>
      [<div class=\"sender-name\">赵磊</div>]<div class=\"message-content\"><div class=\"message-text\">text<br />
      more</div></div>"},
    ...];

`s` is 1 for the owner's messages; groups name each sender (`sender-name`), 1:1 chats do not. The avatar
(`a`, the name's first character) and the time are not scanned.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from typing import Iterator

from handover_scan.exports.base import ExportError, NameOnce, Reader, Source
from handover_scan.exports.jsarray import iter_array_items
from handover_scan.exports.jsonutil import pointer
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

DATA = re.compile(r"window\.WEFLOW_DATA\s*=\s*")
TITLE = re.compile(r"<title>(.*?) - 聊天记录</title>")
OWNER = "我"


class _Body(HTMLParser):
    """Text of div.sender-name, div.quoted-sender / quoted-text and div.message-text (<br /> = newline)."""

    KEEP = ("sender-name", "message-text", "quoted-sender", "quoted-text")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {}
        self.stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            if any(self.stack):
                self.parts.setdefault(next(c for c in reversed(self.stack) if c), []).append("\n")
            return
        if tag in ("img", "input", "meta"):
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(next((c for c in self.KEEP if c in classes), None))

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "input", "meta") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        kind = next((c for c in reversed(self.stack) if c), None)
        if kind:
            self.parts.setdefault(kind, []).append(data)

    def text(self, kind: str) -> str:
        return "".join(self.parts.get(kind, [])).strip()


class WeFlowHtmlReader(Reader):
    format_id = "weflow-html"
    description = "WeFlow HTML: '<title><会话> - 聊天记录</title>', window.WEFLOW_DATA = [{i,t,s,a,b}, ...]"
    priority = 18

    def sniff(self, source: Source, head: str) -> bool:
        # the marker follows the page's CSS (about 5 KB); the title and the page skeleton come first
        return bool(TITLE.search(head)) and ("window.WEFLOW_DATA" in head or 'id="scrollContainer"' in head)

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            top = stream.read(1 << 16)
        title = TITLE.search(top)
        conversation = unescape(title.group(1)) if title else source.stem
        group = "<span>群聊</span>" in top
        names = NameOnce()
        with source.open_text() as stream:
            for index, item in enumerate(iter_array_items(stream, DATA)):
                try:
                    data = json.loads(item)
                except json.JSONDecodeError:
                    raise ExportError(message("embedded.malformed_message")) from None
                if not isinstance(data, dict) or not isinstance(data.get("b"), str):
                    continue
                body = _Body()
                body.feed(data["b"])
                body.close()
                own = data.get("s") == 1
                shown = body.text("sender-name")
                sender = OWNER if own else shown
                subject = (UNKNOWN_SUBJECT if own else shown or UNKNOWN_SUBJECT) if group else conversation
                common = dict(conversation=conversation, sender=sender)
                for kind in ("message-text", "quoted-sender", "quoted-text"):
                    text = body.text(kind)
                    if text:
                        yield self.record(source, pointer((index, "b")), kind, text, data_subject=subject, **common)
                if shown and names.first("sender-name", shown):
                    yield self.record(source, pointer((index, "b")), "sender-name", shown,
                                      data_subject=OWNER if own else shown, **common)


ECHO_DATA = re.compile(r"const\s+messagesData\s*=\s*")
INFO_ITEM = re.compile(r'<span class="info-label">(微信ID|昵称|备注)</span>\s*<span class="info-value">(.*?)</span>')


class EchoTraceHtmlReader(Reader):
    """EchoTrace HTML (chat_export_service.dart _generateHtmlFromData): the chat's 微信ID / 昵称 / 备注 in an
    info menu, then `const messagesData = [{date, time, isSend, content (HTML-escaped), senderName, ...}];`."""

    format_id = "echotrace-html"
    description = "EchoTrace HTML: '<title><会话> - 聊天记录</title>', const messagesData = [{content,senderName,...}]"
    priority = 18

    def sniff(self, source: Source, head: str) -> bool:
        return bool(TITLE.search(head)) and ("const messagesData" in head or 'id="messages-container"' in head)

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            top = stream.read(1 << 16)
        title = TITLE.search(top)
        conversation = unescape(title.group(1)) if title else source.stem
        for label, value in INFO_ITEM.findall(top):
            if label != "微信ID" and value.strip():
                yield self.record(source, "line:1", label, unescape(value), conversation=conversation,
                                  data_subject=conversation)
        group = "<span>群聊</span>" in top
        names = NameOnce()
        with source.open_text() as stream:
            for index, item in enumerate(iter_array_items(stream, ECHO_DATA)):
                try:
                    data = json.loads(item)
                except json.JSONDecodeError:
                    raise ExportError(message("embedded.malformed_message")) from None
                if not isinstance(data, dict):
                    continue
                own = data.get("isSend") is True
                shown = str(data.get("senderName") or "")
                sender = OWNER if own else shown
                subject = (UNKNOWN_SUBJECT if own else shown or UNKNOWN_SUBJECT) if group else conversation
                common = dict(conversation=conversation, sender=sender, timestamp=str(data.get("timeTooltip", "")))
                content = data.get("content")
                if isinstance(content, str) and content.strip() and not data.get("isMedia"):
                    yield self.record(source, pointer((index, "content")), "content", unescape(content),
                                      data_subject=subject, **common)
                if shown and names.first("senderName", shown):
                    yield self.record(source, pointer((index, "senderName")), "senderName", shown,
                                      data_subject=OWNER if own else shown, **common)


READERS = [WeFlowHtmlReader, EchoTraceHtmlReader]
