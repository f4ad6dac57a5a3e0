"""Stream the items of an array literal embedded in HTML or JavaScript, one item at a time.

MemoTrace writes `const chatMessages = [ ... ];` (a JavaScript literal in 2.x, JSON in
3.0), PyWxDump `const local_msg_list = [...]` in data.js, WechatExporter
`window.moreWechatMsgs.push([...])`. These lines can be hundreds of megabytes, so the
array is cut into item texts with a bounded buffer, each parsed on its own.
"""

from __future__ import annotations

import re
from typing import Iterator, TextIO

from handover_scan.exports.base import ExportError
from handover_scan.messages import message

CHUNK = 1 << 20
MAX_ITEM = 64 << 20
_TOKEN = re.compile(r"""["'{}\[\]]""")
_STRING = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S), "'": re.compile(r"'(?:[^'\\]|\\.)*'", re.S)}
_SPACE = re.compile(r"[\s,]*")


class _Buffer:
    def __init__(self, stream: TextIO):
        self.stream, self.text, self.eof = stream, "", False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.text += chunk
        return True


def find_marker(buffer: _Buffer, marker: re.Pattern) -> int | None:
    """Position just after the marker, or None if the stream has none."""
    while True:
        match = marker.search(buffer.text)
        if match:
            return match.end()
        keep = buffer.text[-4096:]
        buffer.text = keep
        if not buffer.more():
            return None


def text_after_marker(stream: TextIO, marker: re.Pattern, length: int = 200) -> str | None:
    """The `length` characters after the first match of marker anywhere in the stream (read in
    bounded chunks, so a marker 300 KB into an HTML page is found as well as one in the first line)."""
    buffer = _Buffer(stream)
    start = find_marker(buffer, marker)
    if start is None:
        return None
    while len(buffer.text) - start < length and buffer.more():
        pass
    return buffer.text[start:start + length]


def iter_array_items(stream: TextIO, marker: re.Pattern, single: bool = False) -> Iterator[str]:
    """Item texts of the first array after marker (or, single=True, the one value after it).

    Raises ExportError if the array is cut short or malformed.
    """
    buffer = _Buffer(stream)
    start = find_marker(buffer, marker)
    if start is None:
        return
    buffer.text = buffer.text[start:]
    pos = _skip(buffer, 0, r"\s*")
    if single:
        if pos >= len(buffer.text):
            raise ExportError(message("embedded.value_cut"))
        yield buffer.text[pos:_item_end(buffer, pos)]
        return
    if pos >= len(buffer.text) or buffer.text[pos] != "[":
        raise ExportError(message("embedded.array_not_found"))
    pos += 1
    while True:
        pos = _skip(buffer, pos, r"[\s,]*")
        if pos >= len(buffer.text):
            raise ExportError(message("embedded.array_cut"))
        if buffer.text[pos] == "]":
            return
        end = _item_end(buffer, pos)
        yield buffer.text[pos:end]
        buffer.text, pos = buffer.text[end:], 0


def _skip(buffer: _Buffer, pos: int, pattern: str) -> int:
    regex = re.compile(pattern)
    while True:
        end = regex.match(buffer.text, pos).end()
        if end < len(buffer.text) or not buffer.more():
            return end


def _item_end(buffer: _Buffer, pos: int) -> int:
    depth = 0
    while True:
        if len(buffer.text) > MAX_ITEM:
            raise ExportError(message("embedded.message_too_large"))
        match = _TOKEN.search(buffer.text, pos)
        if not match:
            if depth == 0:
                stop = re.compile(r"[,\]]").search(buffer.text, pos)
                if stop:  # a bare number or literal item
                    return stop.start()
            if not buffer.more():
                raise ExportError(message("embedded.array_cut"))
            continue
        char = match.group()
        if depth == 0 and char not in "{[\"'":
            stop = re.compile(r"[,\]]").search(buffer.text, pos)
            return stop.start() if stop else match.start()
        if char in "\"'":
            string = _STRING[char].match(buffer.text, match.start())
            if not string:
                if not buffer.more():
                    raise ExportError(message("embedded.array_cut_in_string"))
                continue
            pos = string.end()
            if depth == 0:
                return pos
            continue
        if char in "{[":
            depth += 1
        else:
            depth -= 1
        pos = match.end()
        if depth == 0:
            return pos
