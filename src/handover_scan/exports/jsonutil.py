"""JSON for readers: small files parsed whole (with Telegram's lenient escapes), big ones streamed.

Readers see one stream of (path, value) pairs in document order, whatever the file size:
every container whose path the reader calls a *unit* (a message, a contact) comes whole,
every scalar outside a unit comes alone. Paths are tuples of keys and indices; pointer()
turns them into RFC 6901 locators.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, BinaryIO, Callable, Iterator

import ijson
from ijson.common import ObjectBuilder

from handover_scan.exports.base import ExportError, Source

# Files up to this size are parsed whole (fast; Python objects take ~10x the file); larger
# ones are streamed with ijson, one unit (message, contact) in memory at a time.
JSON_WHOLE_CAP = 8 * 1024 * 1024
Path = tuple[Any, ...]
Units = Callable[[Path], bool]
# Telegram writes control characters as \xNN, which JSON does not allow.
_BAD_X_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9a-fA-F]{2})")


def pointer(path: Path) -> str:
    return "json:" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def relative(path: Path, base: Path) -> str:
    """Key path below base as "a/b/0", the field name readers report."""
    return "/".join(str(p) for p in path[len(base):])


def looks_like_json(head: str) -> bool:
    stripped = head.lstrip()
    return stripped[:1] in ("{", "[")


def load_whole(source: Source) -> Any:
    with source.open_text() as stream:
        text = stream.read()  # bounded: only called for files under JSON_WHOLE_CAP
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_BAD_X_ESCAPE.sub(r"\1\\u00\2", text))
    except json.JSONDecodeError as exc:
        raise ExportError(f"malformed JSON at line {exc.lineno} column {exc.colno}") from None


def iter_json(source: Source, units: Units = lambda path: False) -> Iterator[tuple[Path, Any]]:
    if source.size is not None and source.size <= JSON_WHOLE_CAP:
        yield from _walk(load_whole(source), (), units, top=True)
    else:
        yield from _stream(source, units)


def _walk(value: Any, path: Path, units: Units, top: bool = False) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, (dict, list)) and not top and units(path):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key), units)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), units)
    else:
        yield path, value


class _Lenient(io.RawIOBase):
    """Bytes with Telegram's invalid \\xNN escapes rewritten as \\u00NN (escaped backslashes kept)."""

    _ESCAPE = re.compile(rb"\\\\|\\x")

    def __init__(self, raw: BinaryIO):
        self.raw, self.pending, self.carry = raw, b"", b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            chunk = self.raw.read(64 * 1024)
            if not chunk:
                self.pending, self.carry = self.pending + self.carry, b""
                break
            data = self.carry + chunk
            run = len(data) - len(data.rstrip(b"\\"))
            keep = run % 2  # an unpaired backslash at the end waits for the byte it escapes
            data, self.carry = (data[:-1], data[-1:]) if keep else (data, b"")
            self.pending += self._ESCAPE.sub(lambda m: m.group() if m.group() == b"\\\\" else b"\\u00", data)
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


class _Utf8(io.RawIOBase):
    """Bytes for ijson from a decoded text stream (GB18030 or BOM files)."""

    def __init__(self, text: io.TextIOBase):
        self.text, self.pending = text, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            chunk = self.text.read(64 * 1024)
            if not chunk:
                break
            self.pending += chunk.encode("utf-8")
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        return n

    def close(self) -> None:
        self.text.close()
        super().close()


def _stream(source: Source, units: Units) -> Iterator[tuple[Path, Any]]:
    raw = source.opener() if source.encoding == "utf-8" else _Utf8(source.open_text())
    stream = io.BufferedReader(_Lenient(raw))
    with stream:
        events = ijson.basic_parse(stream, use_float=True)
        stack: list[list] = []  # [is_array, current key or index]
        try:
            for event, value in events:
                if event == "map_key":
                    stack[-1][1] = value
                    continue
                if event in ("end_map", "end_array"):
                    stack.pop()
                    continue
                if stack and stack[-1][0]:
                    stack[-1][1] += 1
                path = tuple(level[1] for level in stack)
                if event in ("start_map", "start_array"):
                    if stack and units(path):
                        yield path, _build(event, events)
                    else:
                        stack.append([event == "start_array", -1 if event == "start_array" else None])
                else:
                    yield path, value
        except ijson.JSONError:
            # ijson's message quotes the text around the error: never pass it on
            raise ExportError("malformed JSON (the streaming parser stopped)") from None


def _build(first: str, events) -> Any:
    builder = ObjectBuilder()
    builder.event(first, None)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                break
    return builder.value


def strings(value: Any, path: Path = (), skip: frozenset[str] = frozenset()) -> Iterator[tuple[Path, str]]:
    """Every string below value (keys in skip left out), with its path relative to value."""
    if isinstance(value, str):
        if value.strip():
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from strings(item, (*path, key), skip)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index), skip)
