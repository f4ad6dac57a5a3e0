"""What every export reader shares: the file it reads, the reader contract, errors, limits."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, ClassVar, Iterable, Iterator, TextIO

from handover_scan.exports.encoding import CHUNK, checked_text, detect_encoding
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

HEAD_BYTES = 64 * 1024
# Longest text one record carries; longer fields and lines are cut into pieces at a safe
# break (see textutil.split_text), the pieces after the first named "<field>@<offset>".
MAX_RECORD_CHARS = 1 << 20


class ExportError(Exception):
    """A file that cannot be read as its format. The message names the problem, never a raw value."""


@dataclass
class Source:
    """One file to read: on disk, or a member of a zip archive (relpath `bundle.zip!inner/path.csv`)."""

    relpath: str  # as reported: relative to the scanned root, "/" separators
    opener: Callable[[], BinaryIO]
    size: int | None = None
    path: Path | None = None  # the file on disk (None for an archive member): scan units reopen it by path
    _encoding: str | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # per-file facts readers share (sniff -> read)

    @property
    def name(self) -> str:
        return self.relpath.rsplit("!", 1)[-1].rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def parent_name(self) -> str:
        parts = self.relpath.rsplit("!", 1)[-1].split("/")
        if len(parts) > 1:
            return parts[-2]
        # a member at the top of an archive: the archive's name stands for its folder
        outer = self.relpath.rsplit("!", 1)[0] if "!" in self.relpath else ""
        return outer.rsplit("/", 1)[-1].rsplit(".", 1)[0] if outer else ""

    def head_bytes(self, n: int = HEAD_BYTES) -> bytes:
        if n == HEAD_BYTES and "head" in self.cache:
            return self.cache["head"]
        with self.opener() as stream:
            data = stream.read(n)
        if n == HEAD_BYTES:
            self.cache["head"] = data
        return data

    @property
    def encoding(self) -> str:
        """Decided over the whole file up to CHUNK bytes; a bigger one on its first CHUNK bytes, and checked
        while open_text() reads it (exports/encoding.py)."""
        if self._encoding is None:
            nul: list[bool] = [False]
            damaged: list[bool] = [False]
            with self.opener() as stream:
                start = stream.read(CHUNK + 1)
                whole = len(start) <= CHUNK
                stream.seek(0)
                self._encoding = detect_encoding(stream if whole else io.BytesIO(start[:CHUNK]), nul, damaged,
                                                 final=whole)
            self.cache["nul"], self.cache["undecodable"], self.cache["checked"] = nul[0], damaged[0], whole
        return self._encoding

    def redetect(self) -> tuple[str, bool]:
        """(encoding, damaged) decided over the whole file, as for a small one (a big file's start was ASCII)."""
        nul: list[bool] = [False]
        damaged: list[bool] = [False]
        with self.opener() as stream:
            self._encoding = detect_encoding(stream, nul, damaged)
        self.cache["nul"] = self.cache.get("nul") or nul[0]
        return self._encoding, damaged[0]

    @property
    def damage(self) -> str:
        """A problem found while decoding that did not stop reading ("" if none)."""
        if self.cache.get("undecodable"):
            return message("decode.damaged", encoding=self.encoding)
        return message("file.nul_bytes") if self.cache.get("nul") else ""

    def open_text(self, newline: str | None = None) -> TextIO:
        """Decoded text stream. newline="" keeps CR/LF for the csv module; None folds them to \\n."""
        encoding = self.encoding  # detected first: that notes undecodable bytes
        errors = "replace" if self.cache.get("undecodable") else "strict"
        if self.cache.get("checked", True):
            return io.TextIOWrapper(self.opener(), encoding=encoding, errors=errors, newline=newline)
        return checked_text(self.opener(), encoding, errors, newline, self)

    def head_text(self, n: int = HEAD_BYTES) -> str:
        """The decoded start of the file, for format detection (a cut multi-byte char is dropped)."""
        raw = self.head_bytes(n)
        text = raw.decode(self.encoding, errors="ignore")
        return text.lstrip("\ufeff")


class Reader:
    """One export layout. Subclasses set the ClassVars and implement sniff() and read().

    Text readers get the decoded head of the file in sniff(); readers with `binary = True`
    (XLSX, DOCX: `kind`) get sniff(source, "") and look at the file themselves.
    """

    format_id: ClassVar[str]
    description: ClassVar[str]
    # Lower runs first; generic fallbacks use high numbers so specific layouts win.
    priority: ClassVar[int] = 50
    binary: ClassVar[bool] = False
    kind: ClassVar[str] = "xlsx"  # for binary readers: the Office file kind they read

    def sniff(self, source: Source, head: str) -> bool:
        raise NotImplementedError

    def read(self, source: Source) -> Iterator[Record]:
        raise NotImplementedError

    def record(self, source: Source, locator: str, field: str, text: str, *, conversation: str,
               data_subject: str, sender: str = "", timestamp: str = "") -> Record:
        return Record(source.relpath, self.format_id, locator, conversation, data_subject or UNKNOWN_SUBJECT,
                      field, text, sender, timestamp)


def is_group_chat(senders: Iterable[str]) -> bool:
    """More than two distinct senders: the owner and one contact make a 1:1 chat, more a group.

    Stops at the third sender, so a streamed pass over a big chat ends early.
    """
    seen: set[str] = set()
    for sender in senders:
        if sender:
            seen.add(sender)
            if len(seen) > 2:
                return True
    return False


class NameOnce:
    """Names (remarks, nicknames, senders) repeat on every message: scan each distinct one once."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def first(self, field: str, value: Any) -> bool:
        if not isinstance(value, str) or not value.strip() or (field, value) in self.seen:
            return False
        self.seen.add((field, value))
        return True
