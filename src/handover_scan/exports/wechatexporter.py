"""WechatExporter (BlueMatthew, iOS backups) exports (shared/formats §5.1).

`<out>/<账号>/<会话>/index.txt`::

    张三 - 微信聊天记录

    张三 (2024-01-01 17:06:40):明天下午三点到
    小明 (2024-01-01 17:07:40):微信转账 ￥200.00 - 已收款
    定金
    System Message: "张三" 撤回了一条消息

`index.html`: `<div class="msg chat left" ...><span class="dspname" wxId="...">张三</span> ...<pre>text</pre>`.
`Files/Data/msg-<n>.js`: `window.moreWechatMsgs.push([ "<div class=\\"msg ...", ... ])` (JSON strings of HTML).
`<账号>_Contacts.csv`: no header, every field quoted: 微信号, 显示名, 头像URL, 标签.
"""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser
from typing import Iterator

from handover_scan.exports.base import ExportError, NameOnce, Reader, Source, is_group_chat
from handover_scan.exports.blocktext import BlockTextReader, Header
from handover_scan.exports.jsarray import iter_array_items
from handover_scan.exports.jsonutil import pointer
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

TITLE = re.compile(r"^(.+) - 微信聊天记录$")
FRAME_TITLE = re.compile(r"<title>(.+?) - 微信聊天记录</title>")
MESSAGE = re.compile(r"^(.+?) \((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\):(.*)$")
SYSTEM = re.compile(r"^System Message: (.*)$")


class WechatExporterTxtReader(BlockTextReader):
    format_id = "wechatexporter-txt"
    description = "WechatExporter TXT index.txt: '<会话> - 微信聊天记录', '<name> (<YYYY-MM-DD HH:MM:SS>):<text>'"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        lines = [line.rstrip("\r") for line in head.split("\n")[:40]]
        return bool(TITLE.match(lines[0])) and any(MESSAGE.match(line) or SYSTEM.match(line) for line in lines)

    def conversation(self, source: Source) -> str:
        with source.open_text() as stream:
            match = TITLE.match(stream.readline(4096).rstrip("\r\n").lstrip("\ufeff"))
        return match.group(1) if match else source.parent_name or source.stem

    def ignore(self, line: str) -> bool:
        return bool(TITLE.match(line))

    def header(self, line: str) -> Header | None:
        match = MESSAGE.match(line)
        if match:
            return Header(match.group(1), match.group(2), match.group(3))
        match = SYSTEM.match(line)
        return Header("", "", match.group(1)) if match else None


class _MessageHtml(HTMLParser):
    """Collects (line, sender, wxid, text) for each div.msg; fed in chunks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.messages: list[tuple[int, str, str, str]] = []
        self.depth = 0
        self.msg_depth: int | None = None
        self.in_name = False
        self.in_text = 0
        self.current: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div":
            self.depth += 1
            if "msg" in classes and self.msg_depth is None:
                self.msg_depth = self.depth
                self.current = {"line": self.getpos()[0], "sender": "", "wxid": "", "text": [], "text_line": 0}
        if self.msg_depth is None:
            return
        if tag == "span" and "dspname" in classes:
            self.in_name = True
            self.current["wxid"] = attrs.get("wxid", "")
        elif tag in ("pre", "p") or (tag == "div" and ("content" in classes or "chat-notice" in classes)):
            self.in_text += 1
            if not self.current["text_line"]:
                self.current["text_line"] = self.getpos()[0]
        elif tag == "br" and self.in_text:
            self.current["text"].append("\n")

    def handle_endtag(self, tag):
        if tag == "span":
            self.in_name = False
        elif tag in ("pre", "p") and self.in_text:
            self.in_text -= 1
        if tag == "div":
            if self.in_text and self.msg_depth is not None and self.depth > self.msg_depth:
                self.in_text = max(0, self.in_text - 1)
            if self.msg_depth == self.depth:
                c = self.current
                self.messages.append((c["text_line"] or c["line"], c["sender"].strip(), c["wxid"],
                                      "".join(c["text"]).strip("\n")))
                self.msg_depth = None
            self.depth -= 1

    def handle_data(self, data):
        if self.msg_depth is None:
            return
        if self.in_name:
            self.current["sender"] += data
        elif self.in_text:
            self.current["text"].append(data)


class WechatExporterHtmlReader(Reader):
    format_id = "wechatexporter-html"
    description = "WechatExporter HTML index.html: div.msg with span.dspname[wxId] and <pre> text"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        # async pages (the default) have an empty body: the frame's title and script name the layout
        return bool(re.search(r'<div class="msg chat|class="dspname', head)) or bool(
            FRAME_TITLE.search(head) and "moreWechatMsgs" in head)

    @staticmethod
    def _messages(source: Source) -> Iterator[tuple[int, str, str, str]]:
        """(line, sender, wxid, text) per message, the page fed in 1 MiB chunks."""
        parser = _MessageHtml()
        with source.open_text() as stream:
            while chunk := stream.read(1 << 20):
                parser.feed(chunk)
                yield from parser.messages
                parser.messages.clear()
            parser.close()
            yield from parser.messages

    def read(self, source: Source) -> Iterator[Record]:
        conversation = source.parent_name or source.stem
        group = is_group_chat(sender for _, sender, _, _ in self._messages(source))
        names = NameOnce()
        with source.open_text() as stream:
            title = FRAME_TITLE.search(stream.read(1 << 16))
        if title and not group:  # the chat's display name (remark, else nickname) in <title>
            yield self.record(source, "line:1", "displayname", html.unescape(title.group(1)),
                              conversation=conversation, data_subject=conversation)
        for line, sender, wxid, text in self._messages(source):
            yield from self._records(source, conversation, group, names, line, sender, wxid, text)

    def _records(self, source, conversation, group, names, line, sender, wxid, text) -> Iterator[Record]:
        subject = (sender or UNKNOWN_SUBJECT) if group else conversation
        common = dict(conversation=conversation, sender=sender)
        if text.strip():
            yield self.record(source, f"line:{line}", "text", text, data_subject=subject, **common)
        if names.first("dspname", sender):
            yield self.record(source, f"line:{line}", "dspname", sender, data_subject=sender, **common)


PUSH = re.compile(r"window\.moreWechatMsgs\.push\(\s*")
# res/templates/scripts.html: `var msgArray = %%JSON_DATA%%;` then a loop pushing msgArray[idx]; an array
# literal pushed directly is accepted too
MSG_ARRAY = re.compile(r"var\s+msgArray\s*=\s*|window\.moreWechatMsgs\.push\(\s*(?=\[)")


class WechatExporterJsReader(Reader):
    format_id = "wechatexporter-js"
    description = "WechatExporter async data Files/Data/msg-<n>.js: window.moreWechatMsgs.push([\"<html>\", ...])"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        return bool(PUSH.search(head))

    @staticmethod
    def _messages(source: Source) -> Iterator[tuple[int, str, str]]:
        """(item index, sender, text) of every message in the file."""
        with source.open_text() as stream:
            for index, item in enumerate(iter_array_items(stream, MSG_ARRAY)):
                try:
                    fragment = json.loads(item)
                except json.JSONDecodeError:
                    raise ExportError(message("wechatexporter.msg_js_malformed")) from None
                if not isinstance(fragment, str):
                    continue
                parser = _MessageHtml()
                parser.feed(fragment)
                parser.close()
                for _, sender, _, text in parser.messages:
                    yield index, sender, text

    def read(self, source: Source) -> Iterator[Record]:
        placed = "/Files/" in source.relpath  # <会话>/Files/Data/msg-N.js: the chat is known by its folder
        conversation = source.relpath.rsplit("/Files/", 1)[0].rsplit("/", 1)[-1] if placed else source.stem
        group = is_group_chat(sender for _, sender, _ in self._messages(source))
        names = NameOnce()
        for index, sender, text in self._messages(source):
            common = dict(conversation=conversation, sender=sender)
            subject = (sender or UNKNOWN_SUBJECT) if group or not placed else conversation
            if text.strip():
                yield self.record(source, pointer((index,)), "text", text, data_subject=subject, **common)
            if names.first("dspname", sender):
                yield self.record(source, pointer((index,)), "dspname", sender, data_subject=sender, **common)


CONTACT_LINE = re.compile(r'^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*"){3,4}\r?$')


class WechatExporterContactsReader(Reader):
    format_id = "wechatexporter-contacts-csv"
    description = "WechatExporter <账号>_Contacts.csv: no header, all quoted: 微信号,显示名,头像URL,标签 (row:N from 1)"
    priority = 12

    def sniff(self, source: Source, head: str) -> bool:
        first = head.split("\n", 1)[0]
        if not CONTACT_LINE.match(first):
            return False
        cells = next(csv.reader([first.rstrip("\r")]), [])
        return any(c.startswith(("http://", "https://")) for c in cells) or "Contacts" in source.name

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text(newline="") as stream:
            try:
                for row_no, cells in enumerate(csv.reader(stream), 1):
                    if not cells:
                        continue
                    if len(cells) >= 5:  # debug build: wxid,微信号,显示名,标签,头像
                        fields = {"微信号": cells[1], "显示名": cells[2], "标签": cells[3]}
                    else:
                        fields = {"微信号": cells[0], "显示名": cells[1] if len(cells) > 1 else "",
                                  "标签": cells[3] if len(cells) > 3 else ""}
                    subject = fields["显示名"] or fields["微信号"] or UNKNOWN_SUBJECT
                    for column, value in fields.items():
                        if value.strip():
                            yield self.record(source, f"row:{row_no}", column, value, conversation=source.stem,
                                              data_subject=subject)
            except csv.Error:
                raise ExportError(message("csv.malformed")) from None


LIST_MAX_CHARS = 16 << 20
LIST_TITLE = re.compile(r"^微信聊天记录 (?: - (.+))?$")
LIST_ITEM = re.compile(r'<a href="[^"]*">([^<]*)</a>')
WECHAT_ID_NOTE = re.compile(r" ?[（(]微信号[：:].*[）)]$")


class WechatExporterListReader(Reader):
    """The account list (`<out>/index.*`: the owner's accounts) and an account's session list
    (`<out>/<账号>/index.*`: `<会话> （微信号：<alias>）` per chat; TXT: `<会话>.txt`)."""

    format_id = "wechatexporter-list"
    description = "WechatExporter account / session list index.html|txt: '微信聊天记录 - <账号>' and one item per chat"
    priority = 20

    def sniff(self, source: Source, head: str) -> bool:
        first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        if LIST_TITLE.match(first):
            return True
        title = re.search(r"<title>(.*?)</title>", head)
        return bool(title and LIST_TITLE.match(html.unescape(title.group(1))) and "<table" in head)

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            text = stream.read(LIST_MAX_CHARS + 1)  # one line per chat: a real list is small
        if len(text) > LIST_MAX_CHARS:
            raise ExportError(message("wechatexporter.list_too_large", mib=LIST_MAX_CHARS >> 20))
        if source.name.endswith(".txt"):
            lines = text.lstrip("\ufeff").split("\n")
            title = LIST_TITLE.match(lines[0].rstrip("\r"))
            items = [(n, line.rstrip("\r")) for n, line in enumerate(lines[1:], 2) if line.strip()]
            items = [(n, re.sub(r"(?:/index)?\.txt$", "", item)) for n, item in items]
        else:
            found = re.search(r"<title>(.*?)</title>", text)
            title = LIST_TITLE.match(html.unescape(found.group(1))) if found else None
            items = [(text.count("\n", 0, m.start()) + 1, html.unescape(m.group(1))) for m in LIST_ITEM.finditer(text)]
        account = title.group(1).strip() if title and title.group(1) else ""
        if account:  # the account whose chats these are: the owner
            yield self.record(source, "line:1", "username", account, conversation=account, data_subject="我")
        for line, item in items:
            if not item.strip():
                continue
            # an item of a session list is a chat (its name, and the contact's 微信号); of the account list, an
            # account of the owner
            subject = WECHAT_ID_NOTE.sub("", item).strip() if account else "我"
            yield self.record(source, f"line:{line}", "displayname" if account else "username", item,
                              conversation=account or source.stem, data_subject=subject)


READERS = [WechatExporterListReader, WechatExporterTxtReader, WechatExporterHtmlReader, WechatExporterJsReader,
           WechatExporterContactsReader]
