"""Decide how a file's bytes become text: BOM first, then strict UTF-8, then GB18030.

Decoding is checked over the whole stream in fixed-size chunks, so a file that
is UTF-8 for its first megabyte and GBK later is not half-decoded, and memory
stays bounded whatever the file size.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CHUNK = 1 << 20


class UndecodableFile(ValueError):
    """The bytes are neither UTF-8 (with or without BOM), UTF-16 with BOM, nor GB18030."""


def _decodes(stream: BinaryIO, encoding: str) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def detect_encoding(stream: BinaryIO) -> str:
    """Return the codec name for a seekable binary stream, or raise UndecodableFile."""
    head = stream.read(4)
    stream.seek(0)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            if _decodes(stream, encoding):
                return encoding
            raise UndecodableFile(f"starts with a {encoding} byte-order mark but does not decode as {encoding}")
    for encoding in ("utf-8", "gb18030"):
        if _decodes(stream, encoding):
            return encoding
    raise UndecodableFile("not valid UTF-8, UTF-16 or GB18030 text")


def is_binary(head: bytes) -> bool:
    """A NUL byte in the head of a file without a UTF-16 BOM means it is not text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head
