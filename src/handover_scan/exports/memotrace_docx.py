"""MemoTrace DOCX chats, 2.x and 3.0 (`<备注>_<n>.docx`, one file per 200 / 500 messages).

Both writers (exporter_docx.py, `DocxExporter.create_table`) put each message in a 1x2 table: the
owner's messages (is_send) are right-aligned with the content in the first cell and the avatar in the
second; the other side's have the avatar first. Timestamps and system messages are centred paragraphs
between the tables. 3.0 (core property author `MemoTrace`) writes the sender's display name and a
line break before the text in group chats; its folder is `<备注>(<wxid>)`, `...@chatroom` for groups.
The `_<n>` chunk suffix (and a `_<time>` added when the file was locked) is not part of the name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

from handover_scan.exports.base import ExportError, NameOnce, Reader, Source, is_group_chat
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_CHUNK = re.compile(r"_\d+(?:_\d+(?:\.\d+)?)?$")
_FOLDER = re.compile(r"^(.*)\(([^()]+)\)$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?$")


@dataclass
class DocxMessage:
    paragraph: int  # 1-based number of the first paragraph of the message in the document
    is_send: bool
    text: str
    timestamp: str = ""
    system: bool = False
    avatar: str = ""  # relationship id of the avatar picture: one per sender (python-docx stores each image once)


def conversation_of(source: Source) -> str:
    """`王建国_江阴装修_3.docx` -> `王建国_江阴装修` (the chunk number is not part of the remark)."""
    return _CHUNK.sub("", source.stem)


def _text_of(paragraph: ET.Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}br":
            parts.append("\n")
        elif node.tag == f"{W}tab":
            parts.append(" ")
    return "".join(parts)


def _is_right(element: ET.Element, props: str) -> bool:
    jc = element.find(f"{W}{props}/{W}jc")
    return jc is not None and jc.get(f"{W}val") in ("right", "end")


def _table_message(table: ET.Element, number: int) -> DocxMessage | None:
    row = table.find(f"{W}tr")
    cells = row.findall(f"{W}tc") if row is not None else []
    if len(cells) != 2:
        return None
    is_send = _is_right(table, "tblPr")
    content = cells[0] if is_send else cells[1]
    paragraphs = [_text_of(p) for p in content.iter(f"{W}p")]
    text = "\n".join(p for p in paragraphs if p.strip())
    blip = next((b for b in cells[1 if is_send else 0].iter(BLIP)), None)
    return DocxMessage(number, is_send, text, avatar=blip.get(EMBED, "") if blip is not None else "")


def iter_messages(source: Source) -> Iterator[DocxMessage]:
    """Messages and centred paragraphs (timestamps, system text) of the document, streamed."""
    try:
        with source.opener() as stream, zipfile.ZipFile(stream) as archive, \
                archive.open("word/document.xml") as document:
            number, depth, timestamp = 0, 0, ""
            for event, element in ET.iterparse(document, events=("start", "end")):
                if element.tag == f"{W}tbl":
                    depth += 1 if event == "start" else -1
                    if event == "end" and depth == 0:
                        message = _table_message(element, number + 1)
                        number += sum(1 for _ in element.iter(f"{W}p"))
                        element.clear()
                        if message and message.text.strip():
                            message.timestamp = timestamp
                            yield message
                elif event == "end" and element.tag == f"{W}p" and depth == 0:
                    number += 1
                    text = _text_of(element).strip()
                    element.clear()
                    if not text:
                        continue
                    if _TIME.match(text):
                        timestamp = text
                    else:
                        yield DocxMessage(number, False, text, timestamp, system=True)
    except (KeyError, ET.ParseError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ExportError(message("docx.unreadable", type=type(exc).__name__)) from None


def _core_creator(source: Source) -> str:
    try:
        with source.opener() as stream, zipfile.ZipFile(stream) as archive:
            root = ET.fromstring(archive.read("docProps/core.xml"))
        return (root.findtext(f"{DC}creator") or "").strip()
    except (KeyError, ET.ParseError, zipfile.BadZipFile, EOFError, zlib.error, OSError):
        return ""


def _looks_like_chat(source: Source) -> bool:
    """The first tables of the document are 1x2 message tables (an avatar cell and a content cell)."""
    try:
        with source.opener() as stream, zipfile.ZipFile(stream) as archive, \
                archive.open("word/document.xml") as document:
            head = document.read(256 * 1024).decode("utf-8", "ignore")
    except (KeyError, zipfile.BadZipFile, EOFError, zlib.error, OSError):
        return False
    tables = re.findall(r"<w:tbl>(.*?)</w:tbl>", head, re.S)
    return bool(tables) and all(t.count("<w:gridCol ") == 2 and t.count("<w:tr") == 1 for t in tables[:5])


class MemoTraceDocxReader(Reader):
    format_id = "memotrace-docx"
    description = ("MemoTrace 2.x/3.0 DOCX (<备注>_<n>.docx): 1x2 avatar/content tables, owner's right-aligned; "
                   "3.0 writes the sender before each group message")
    priority = 30
    binary = True
    kind = "docx"

    def sniff(self, source: Source, head: str) -> bool:
        creator = _core_creator(source)
        source.cache["memotrace3"] = creator == "MemoTrace"
        return creator == "MemoTrace" or _looks_like_chat(source)

    def read(self, source: Source) -> Iterator[Record]:
        conversation = conversation_of(source)
        folder = _FOLDER.match(source.parent_name)
        group = bool(folder and folder.group(2).endswith("@chatroom"))
        if not folder and source.cache.get("memotrace3"):  # a loose file: names on every message make a group
            first_lines = [m.text.split("\n", 1)[0] for m in iter_messages(source) if not m.system]
            group = is_group_chat(first_lines) and all("\n" in m.text for m in iter_messages(source)
                                                       if not m.system)
        elif not folder:  # 2.x names nobody: the other side's avatars tell a group (one picture per sender)
            avatars = {m.avatar for m in iter_messages(source) if not m.system and not m.is_send and m.avatar}
            group = len(avatars) > 1
        names = NameOnce()
        for message in iter_messages(source):
            locator = f"line:{message.paragraph}"
            if message.system:
                yield self.record(source, locator, "system", message.text, conversation=conversation,
                                  data_subject=conversation if not group else UNKNOWN_SUBJECT,
                                  timestamp=message.timestamp)
                continue
            text, sender = message.text, ""
            if group and "\n" in text:
                sender, text = text.split("\n", 1)
                sender = sender.strip()
            if message.is_send:
                sender, subject = "我", conversation  # the owner: a 1:1 chat's findings are the other party's
            elif group:
                subject = sender or UNKNOWN_SUBJECT
            else:
                sender = sender or conversation
                subject = conversation
            if group and sender and sender != "我" and names.first("display_name", sender):
                yield self.record(source, locator, "display_name", sender, conversation=conversation,
                                  data_subject=sender, sender=sender, timestamp=message.timestamp)
            if text.strip():
                yield self.record(source, locator, "text", text, conversation=conversation, data_subject=subject,
                                  sender=sender, timestamp=message.timestamp)


READERS = [MemoTraceDocxReader]
