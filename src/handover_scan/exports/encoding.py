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


def _decodes(stream: BinaryIO, encoding: str, nul: list[bool] | None = None) -> bool:
    """Whether the whole stream decodes; notes in nul[0] whether the text holds NUL characters."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    found = False
    try:
        while chunk := stream.read(CHUNK):
            found = "\x00" in decoder.decode(chunk) or found
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    if nul is not None:
        nul[:] = [found]
    return True


def _bad_chars(stream: BinaryIO, encoding: str) -> int:
    """How many replacement characters decoding with errors="replace" produces."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    count = 0
    try:
        while chunk := stream.read(CHUNK):
            count += decoder.decode(chunk).count("\ufffd")
        count += decoder.decode(b"", final=True).count("\ufffd")
    finally:
        stream.seek(0)
    return count


def detect_encoding(stream: BinaryIO, nul: list[bool] | None = None, damaged: list[bool] | None = None) -> str:
    """Return the codec name for a seekable binary stream.

    nul, if given, receives [True] when the decoded text contains NUL characters. Without
    `damaged`, bytes that decode in no candidate raise UndecodableFile; with it, the
    candidate with the fewest bad bytes is returned and damaged receives [True]: the
    caller reads with errors="replace" and reports the file as damaged.
    """
    head = stream.read(4)
    stream.seek(0)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            if _decodes(stream, encoding, nul):
                return encoding
            if damaged is None:
                raise UndecodableFile(f"starts with a {encoding} byte-order mark but does not decode as {encoding}")
            damaged[:] = [True]
            return encoding
    for encoding in ("utf-8", "gb18030"):
        if _decodes(stream, encoding, nul):
            return encoding
    if damaged is None:
        raise UndecodableFile("not valid UTF-8, UTF-16 or GB18030 text")
    damaged[:] = [True]
    return min(("utf-8", "gb18030"), key=lambda encoding: _bad_chars(stream, encoding))


_CONTROL = bytes(b for b in range(256) if b < 0x09 or b in (0x0B, 0x0E, 0x0F) or 0x10 <= b < 0x1B
                 or 0x1C <= b < 0x20 or b == 0x7F)
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)


def is_binary(head: bytes) -> bool:
    """Media and other binary data: NUL and other control bytes that text files do not have.

    A text export with a stray NUL byte is not binary: its reader reports the NUL as an error.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not head:
        return False
    control = len(head.translate(None, _NOT_CONTROL))
    return control * 20 > len(head)  # over 5 % NUL or other control bytes
