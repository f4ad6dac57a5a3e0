"""Decide how a file's bytes become text: BOM first, then UTF-16/32 by content, strict UTF-8, GB18030.

UTF-16 and UTF-32 without a byte-order mark are recognized by their content: ASCII text in them
has NUL bytes in a fixed position of every code unit; Chinese text without any NUL byte is taken
as UTF-16 only when it is not UTF-8 and decodes to mostly common characters (CJK, ASCII,
punctuation), which GB18030 bytes read as UTF-16 do not.

A file up to CHUNK bytes is checked whole before it is read. A bigger one is decided on its first CHUNK
bytes and checked while it is read, so it is decoded once, not twice (issue 8 point 4): checked_text()
gives a text stream whose decoder notes NUL characters and undecodable bytes in the file's cache, reads
on with replacement characters after a bad byte (the file is reported as damaged), and, when everything
before the bad byte was ASCII (which every candidate reads alike), decides the encoding over the whole
file as for a small one and reads the rest in it: a GBK file whose first megabyte is ASCII is read as GBK.
"""

from __future__ import annotations

import codecs
import io
import re
import threading
from typing import BinaryIO, TextIO

from handover_scan.messages import message

BOMS = (  # UTF-32 LE first: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SAMPLE = 4096  # bytes looked at to guess a BOM-less UTF-16/32
CHUNK = 1 << 20


class UndecodableFile(ValueError):
    """The bytes are neither UTF-8 (with or without BOM), UTF-16 with BOM, nor GB18030."""


def _decodes(stream: BinaryIO, encoding: str, nul: list[bool] | None = None, final: bool = True) -> bool:
    """Whether the whole stream decodes (final=False: a character cut at its end is fine); notes in nul[0]
    whether the text holds NUL characters."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    found = False
    try:
        while chunk := stream.read(CHUNK):
            found = "\x00" in decoder.decode(chunk) or found
        decoder.decode(b"", final=final)
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


def detect_encoding(stream: BinaryIO, nul: list[bool] | None = None, damaged: list[bool] | None = None,
                    final: bool = True) -> str:
    """Return the codec name for a seekable binary stream.

    nul, if given, receives [True] when the decoded text contains NUL characters. Without
    `damaged`, bytes that decode in no candidate raise UndecodableFile; with it, the
    candidate with the fewest bad bytes is returned and damaged receives [True]: the
    caller reads with errors="replace" and reports the file as damaged. final=False: the
    stream is the start of a file, and may end inside a character.
    """
    head = stream.read(4)
    stream.seek(0)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            if _decodes(stream, encoding, nul, final):
                return encoding
            if damaged is None:
                raise UndecodableFile(message("decode.bom_mismatch", encoding=encoding))
            damaged[:] = [True]
            return encoding
    sample = stream.read(SAMPLE)
    stream.seek(0)
    wide = wide_encoding(sample) if b"\x00" in sample else None
    if wide and _decodes(stream, wide, nul, final):
        return wide
    if _decodes(stream, "utf-8", nul, final):
        return "utf-8"
    wide = wide or wide_encoding(sample)
    if wide and _decodes(stream, wide, nul, final):
        return wide
    if _decodes(stream, "gb18030", nul, final):
        return "gb18030"
    if damaged is None:
        raise UndecodableFile(message("decode.unknown"))
    damaged[:] = [True]
    return min(("utf-8", "gb18030"), key=lambda encoding: _bad_chars(stream, encoding))


# Characters text in Chinese exports is mostly made of: ASCII, Latin-1, CJK, CJK and general punctuation.
_UNCOMMON = re.compile("[^\t\n\r\x20-\x7e\xa0-\u017f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def wide_encoding(sample: bytes) -> str | None:
    """"utf-32-le", "utf-32-be", "utf-16-le" or "utf-16-be" when sample (no BOM) reads as mostly
    common text in it, else None. A sample cut inside a code unit is trimmed first."""
    if len(sample) < 4:
        return None
    for encoding, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(sample) < SAMPLE and len(sample) % unit:
            continue  # a whole file (shorter than the sample) is whole code units
        cut = sample[:len(sample) - len(sample) % unit]
        text = cut.decode(encoding, errors="replace")
        if encoding.startswith("utf-16") and len(text) > 1 and "\udc00" <= text[-1] <= "\udfff":
            text = text[:-1]
        if not text or "\x00" in text:
            continue
        if "\ufffd" not in text and len(_UNCOMMON.findall(text)) <= 0.1 * len(text):
            return encoding
    return None


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
    # over 5 % NUL or other control bytes, and not UTF-16/32 text (whose NUL bytes belong to characters)
    return control * 20 > len(head) and not wide_encoding(head if len(head) <= SAMPLE else head[:SAMPLE])


# -- a big file, checked while it is read ------------------------------------------------------------------
_CHECKED = "handover_checked"
_opening = threading.local()  # (encoding, errors, source) for the decoder TextIOWrapper makes in checked_text
ASCII_COMPATIBLE = ("utf-8", "gb18030")


def checked_text(raw: BinaryIO, encoding: str, errors: str, newline: str | None, source) -> TextIO:
    """A text stream over raw in `encoding` whose decoder reports to source (a Source: its .cache gets
    "nul" and "undecodable", its .redetect() decides over the whole file) while the file is read."""
    _opening.args = (encoding, errors, source)
    try:
        return io.TextIOWrapper(raw, encoding=_CHECKED, errors="strict", newline=newline)
    finally:
        _opening.args = None


class CheckingDecoder(codecs.IncrementalDecoder):
    def __init__(self, errors: str = "strict"):
        super().__init__(errors)
        self.encoding, errors, self.source = _opening.args
        self.inner = codecs.getincrementaldecoder(self.encoding)(errors)
        self.ascii = True  # every byte decoded so far was ASCII

    def decode(self, data: bytes, final: bool = False) -> str:
        state = self.inner.getstate()
        try:
            text = self.inner.decode(data, final)
        except UnicodeDecodeError:
            text = self._read_on(state, data, final)
        else:
            if self.ascii and not data.isascii():
                self.ascii = False
        if "\x00" in text:
            self.source.cache["nul"] = True
        return text

    def _read_on(self, state, data: bytes, final: bool) -> str:
        """After a byte the encoding cannot decode: the whole file's encoding (if all before was ASCII), else
        the same one with replacement characters; the file is reported as damaged unless the former fits."""
        encoding, damaged = self.encoding, True
        if self.ascii and self.encoding in ASCII_COMPATIBLE:
            whole, damaged = self.source.redetect()
            if whole in ASCII_COMPATIBLE:
                encoding = whole
            else:
                damaged = True
        self.source.cache["undecodable"] = self.source.cache.get("undecodable") or damaged
        same = encoding == self.encoding
        self.encoding = encoding
        self.inner = codecs.getincrementaldecoder(encoding)("replace" if damaged else "strict")
        if same:
            self.inner.setstate(state)
        self.ascii = False
        return self.inner.decode(data, final)

    def reset(self) -> None:
        self.inner.reset()

    def getstate(self):
        return self.inner.getstate()

    def setstate(self, state) -> None:
        self.inner.setstate(state)


def _no_encoder(text, errors="strict"):
    raise UnicodeError("handover_checked only decodes")


class _NoEncoder(codecs.IncrementalEncoder):
    """TextIOWrapper makes an encoder for a writable stream (a BytesIO): reading never uses it."""

    def encode(self, text, final=False):
        return _no_encoder(text)


_CHECKED_INFO = codecs.CodecInfo(_no_encoder, None, incrementalencoder=_NoEncoder, incrementaldecoder=CheckingDecoder,
                                 name=_CHECKED)
codecs.register(lambda name: _CHECKED_INFO if name == _CHECKED else None)
