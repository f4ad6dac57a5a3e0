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
from handover_scan.messages import message

# Files up to this size are parsed whole (fast; Python objects take ~10x the file); larger
# ones are streamed with ijson, one unit (message, contact) in memory at a time.
JSON_WHOLE_CAP = 8 * 1024 * 1024
# Limits whatever the file's shape; over one, the file is refused as its own error (records read
# before stay). Nesting: chat exports use under 20 levels. Keys are names (a 7 MB key took 532 MB
# to analyze as a field name). A token (string, key, number run) in a streamed file is held whole
# by the parser, and yajl rescans an unfinished token on every chunk: both are bounded by
# MAX_JSON_TOKEN and by reading in STREAM_CHUNK pieces.
MAX_JSON_DEPTH = 512
MAX_JSON_KEY_CHARS = 1024
MAX_JSON_TOKEN = 8 * 1024 * 1024  # bytes between two quote characters in a streamed file
STREAM_CHUNK = 1 << 20
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
        return check_shape(_loads(text))
    except json.JSONDecodeError:
        pass
    try:
        return check_shape(_loads(_BAD_X_ESCAPE.sub(r"\1\\u00\2", text)))
    except json.JSONDecodeError as exc:
        raise ExportError(message("json.malformed_at", line=exc.lineno, column=exc.colno)) from None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ExportError(message("json.too_deep", depth=MAX_JSON_DEPTH)) from None


def check_shape(value: Any) -> Any:
    """value, after checking (without recursion) its nesting depth and key lengths against the limits."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ExportError(message("json.too_deep", depth=MAX_JSON_DEPTH))
        if isinstance(item, dict):
            for key, child in item.items():
                if len(key) > MAX_JSON_KEY_CHARS:
                    raise ExportError(message("json.key_too_long", chars=MAX_JSON_KEY_CHARS))
                if isinstance(child, (dict, list)):
                    stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return value


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
        self.since_quote = 0  # bytes read since the last '"': a longer run is a token over MAX_JSON_TOKEN

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            chunk = self.raw.read(max(64 * 1024, len(buffer) - len(self.pending)))
            if not chunk:
                self.pending, self.carry = self.pending + self.carry, b""
                break
            quote = chunk.rfind(b'"')
            self.since_quote = self.since_quote + len(chunk) if quote < 0 else len(chunk) - quote - 1
            if self.since_quote > MAX_JSON_TOKEN:
                raise ExportError(message("json.token_too_long", mib=MAX_JSON_TOKEN >> 20))
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
    stream = io.BufferedReader(_Lenient(raw), STREAM_CHUNK)
    with stream:
        events = ijson.basic_parse(stream, use_float=True, buf_size=STREAM_CHUNK)
        stack: list[list] = []  # [is_array, current key or index]
        try:
            for event, value in events:
                if event == "map_key":
                    if len(value) > MAX_JSON_KEY_CHARS:
                        raise ExportError(message("json.key_too_long", chars=MAX_JSON_KEY_CHARS))
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
                        yield path, _build(event, events, len(stack))
                    elif len(stack) >= MAX_JSON_DEPTH:
                        raise ExportError(message("json.too_deep", depth=MAX_JSON_DEPTH))
                    else:
                        stack.append([event == "start_array", -1 if event == "start_array" else None])
                else:
                    yield path, value
        except ijson.JSONError:
            # ijson's message quotes the text around the error: never pass it on
            raise ExportError(message("json.malformed_stream")) from None


def _build(first: str, events, outer: int = 0) -> Any:
    builder = ObjectBuilder()
    builder.event(first, None)
    depth = 1
    for event, value in events:
        if event == "map_key" and len(value) > MAX_JSON_KEY_CHARS:
            raise ExportError(message("json.key_too_long", chars=MAX_JSON_KEY_CHARS))
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
            if depth + outer > MAX_JSON_DEPTH:
                raise ExportError(message("json.too_deep", depth=MAX_JSON_DEPTH))
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
