"""MemoTrace HTML exports (a JavaScript `chatMessages` array) and `_train.json`/`_dev.json` datasets.

Split from memotrace.py (module size); see its docstring for the layouts.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from handover_scan.exports.base import ExportError, NameOnce, Reader, Source, is_group_chat
from handover_scan.exports.jsarray import iter_array_items, text_after_marker
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, relative, strings
from handover_scan.exports.textutil import html_unescape, js_unescape
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record


# Keys of a MemoTrace HTML message that hold what people wrote; display names go once each.
HTML_TEXT_KEYS = ("text", "refer_text", "quote_text", "voice_to_text", "pay_memo", "title", "description",
                  "file_name", "label", "poiname", "alias", "province", "city", "x", "y")
HTML_NAME_KEYS = ("displayname", "display_name")
_HTML_START = re.compile(r"<!doctype html|<html|<head|<script", re.I)
CHAT_MESSAGES = re.compile(r"(?:const|let|var)\s+chatMessages\s*=\s*")
_JS_PAIR = re.compile(r"""\s*([A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*:\s*"""
                      r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,}]*)\s*,?""", re.S)


def js_object(item: str) -> dict[str, Any]:
    """A flat JavaScript object literal ({ type:1, text: '..'}) as a dict of unescaped values."""
    body = item.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise ExportError(message("embedded.not_object"))
    result: dict[str, Any] = {}
    for match in _JS_PAIR.finditer(body, 1, len(body) - 1):
        key, value = match.group(1), match.group(2).strip()
        if key[:1] in "'\"":
            key = js_unescape(key[1:-1])
        result[key] = js_unescape(value[1:-1]) if value[:1] in "'\"" else value
    return result


class ChatMessagesHtmlReader(Reader):
    """HTML page carrying its messages in `const chatMessages = [...]`; unescaped once, per item."""

    json_items = False  # 3.0 writes JSON; 2.x a JavaScript literal

    def sniff(self, source: Source, head: str) -> bool:
        match = CHAT_MESSAGES.search(head)
        if match:
            start = head[match.end():match.end() + 200]
        elif _HTML_START.search(head[:4096]):  # 3.0 puts the array ~300 KB in, after the page's styles
            if "chatMessages" not in source.cache:
                with source.open_text() as stream:
                    source.cache["chatMessages"] = text_after_marker(stream, CHAT_MESSAGES)
            start = source.cache["chatMessages"]
            if start is None:
                return False
        else:
            return False
        if self.json_items:
            return re.match(r'\s*\[\s*(\]|\{\s*")', start) is not None
        return re.match(r"\s*\[\s*(\]|\{\s*[A-Za-z_$'])", start) is not None

    def items(self, source: Source) -> Iterator[dict[str, Any]]:
        with source.open_text() as stream:
            for item in iter_array_items(stream, CHAT_MESSAGES):
                if self.json_items:
                    try:
                        value = json.loads(item)
                    except json.JSONDecodeError:
                        raise ExportError(message("embedded.malformed_message")) from None
                else:
                    value = js_object(item)
                yield value if isinstance(value, dict) else {}

    def read(self, source: Source) -> Iterator[Record]:
        conversation = source.stem.removesuffix(".html")
        group = is_group_chat(_first(item, HTML_NAME_KEYS) for item in self.items(source))
        names = NameOnce()
        for index, item in enumerate(self.items(source)):
            yield from html_message_records(self, source, (index,), item, conversation, group, names, html_unescape)


def html_message_records(reader: Reader, source: Source, path: tuple, item: dict[str, Any], conversation: str,
                         group: bool, names: NameOnce, unescape=lambda text: text) -> Iterator[Record]:
    """Records of one MemoTrace HTML message (the embedded array or the 3.0 .html.json sidecar)."""
    name = unescape(_first(item, HTML_NAME_KEYS))
    group = group or str(item.get("is_chatroom", "0")) in ("1", "true")
    subject = (name or UNKNOWN_SUBJECT) if group else conversation
    common = dict(conversation=conversation, sender=name, timestamp=str(item.get("timestamp", "")))
    for key in HTML_TEXT_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and not value.startswith("http"):
            yield reader.record(source, pointer((*path, key)), key, unescape(value), data_subject=subject, **common)
    for key in HTML_NAME_KEYS:
        if names.first(key, item.get(key)):
            yield reader.record(source, pointer((*path, key)), key, unescape(item[key]), data_subject=name, **common)


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


class MemoTraceHtmlReader(ChatMessagesHtmlReader):
    format_id = "memotrace2-html"
    description = "MemoTrace 2.x HTML: const chatMessages = [{ type:1, text: '...' }] (JS literal, HTML+JS escaped)"
    priority = 20


class DatasetJsonReader(Reader):
    """LLM fine-tuning sets MemoTrace writes: role/content conversations or Alpaca items."""

    format_id = "memotrace-dataset-json"
    description = ("MemoTrace JSON datasets: 2.x <备注>_train.json/_dev.json {conversations:[{role,content}]}, "
                   "3.0 Alpaca {instruction,input,output,history} or {messages:[...]}")
    priority = 25

    def sniff(self, source: Source, head: str) -> bool:
        if not looks_like_json(head):
            return False
        chat = '"role"' in head and '"content"' in head and ('"conversations"' in head or '"messages"' in head)
        alpaca = '"instruction"' in head and '"output"' in head
        return chat or alpaca

    @staticmethod
    def _unit(path: tuple) -> bool:
        return (len(path) == 1 and isinstance(path[0], int)) or (
            len(path) == 2 and path[0] in ("conversations", "messages") and isinstance(path[1], int))

    def read(self, source: Source) -> Iterator[Record]:
        conversation = re.sub(r"_(train|dev)$", "", source.stem)
        for path, value in iter_json(source, self._unit):
            for sub, text in strings(value, skip=frozenset({"role"})):
                full = (*path, *sub)
                if full and full[-1] != "role":
                    yield self.record(source, pointer(full), relative(full, path[:1] if isinstance(path[0], int) else ()), text,
                                      conversation=conversation, data_subject=conversation)
