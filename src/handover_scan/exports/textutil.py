"""Bounded line reading, long-text splitting and the unescaping readers share.

No reader holds a whole file: lines come from readline(limit), so a 1 GB file with no
newline arrives as 1 MiB pieces, each cut at a safe break (punctuation or a space that is
not between digits) so that a phone or ID number is never split in two.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Iterator, TextIO

from handover_scan.exports.base import MAX_RECORD_CHARS
from handover_scan.records import Record

# Where a long text may be cut without splitting a value: after sentence or clause
# punctuation, or at whitespace not sitting between two digits ("138 0013 8000").
_BREAK = re.compile(r"[。！？；，、,;!?\n]|(?<!\d)\s|\s(?!\d)")
_SEARCH_BACK = 64 * 1024
# When a piece has no safe break at all, the next piece starts this many characters earlier.
OVERLAP = 256
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                              "\u2069\ufeff"), None)
INVISIBLE[0x202F] = " "  # narrow no-break space (WhatsApp before AM/PM) reads as a space


def cut_point(text: str, limit: int) -> tuple[int, int]:
    """(end of this piece, start of the next) for a text longer than limit."""
    window_start = max(0, limit - _SEARCH_BACK)
    last = None
    for match in _BREAK.finditer(text, window_start, limit):
        last = match
    if last is not None:
        return last.end(), last.end()
    return limit, limit - OVERLAP  # nothing safe: overlap so a value at the edge is seen whole once


def split_text(text: str, limit: int = MAX_RECORD_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering text; one piece when it fits."""
    offset = 0
    while len(text) - offset > limit:
        end, nxt = cut_point(text[offset:offset + limit + 1], limit)
        yield offset, text[offset:offset + end]
        offset += nxt
    yield offset, text[offset:]


def iter_lines(stream: TextIO, limit: int = MAX_RECORD_CHARS) -> Iterator[tuple[int, int, str]]:
    """(1-based line number, character offset in the line, text without newline), memory bounded.

    A line up to `limit` characters comes as one piece at offset 0; a longer one as several.
    """
    line_no = 0
    carry = ""
    offset = 0
    while True:
        chunk = stream.readline(limit)
        if not chunk:
            if carry:
                yield line_no, offset, carry
            return
        ended = chunk.endswith("\n")
        if not carry and offset == 0:
            line_no += 1
        text = carry + (chunk[:-1] if ended else chunk)
        if ended:
            for sub_offset, piece in split_text(text, limit):
                yield line_no, offset + sub_offset, piece
            carry, offset = "", 0
            continue
        if len(text) < limit:  # readline stopped short without a newline: end of file next
            carry = text
            continue
        end, nxt = cut_point(text, limit)
        yield line_no, offset, text[:end]
        carry, offset = text[nxt:], offset + nxt


def field_name(field: str, offset: int) -> str:
    return field if offset == 0 else f"{field}@{offset}"


def split_record(record: Record) -> Iterator[Record]:
    """A record as is, or cut into MAX_RECORD_CHARS pieces named `<field>@<offset>`."""
    if len(record.text) <= MAX_RECORD_CHARS:
        yield record
        return
    for offset, piece in split_text(record.text):
        yield dataclasses.replace(record, text=piece, field=field_name(record.field, offset),
                                  locator=record.locator_at(offset))


_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def js_unescape(text: str) -> str:
    """Undo JavaScript string escapes (\\', \\", \\n, \\uXXXX, \\xNN)."""

    def repl(match: re.Match) -> str:
        token = match.group(1)
        if token[0] in "ux" and len(token) > 1:
            return chr(int(token[1:], 16))
        return _JS_SIMPLE.get(token, token)

    return _JS_ESCAPE.sub(repl, text)


def html_unescape(text: str) -> str:
    return html.unescape(text)


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def md_unescape(text: str) -> str:
    """Undo Markdown backslash escapes: 138\\-0013\\-8000 reads 138-0013-8000."""
    return _MD_ESCAPE.sub(r"\1", text)


def strip_invisible(text: str) -> str:
    return text.translate(INVISIBLE)
