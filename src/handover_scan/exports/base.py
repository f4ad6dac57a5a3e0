"""What every export reader shares: the file it reads, the reader contract, errors."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, ClassVar, Iterator, TextIO

from handover_scan.exports.encoding import detect_encoding
from handover_scan.records import Record

HEAD_BYTES = 64 * 1024


class ExportError(Exception):
    """A file that cannot be read as its format. The message names the problem, never a raw value."""


@dataclass
class Source:
    """One file to read: on disk, or (later) a member of an archive."""

    relpath: str  # as reported: relative to the scanned root, "/" separators
    opener: Callable[[], BinaryIO]
    size: int | None = None
    _encoding: str | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.relpath.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def parent_name(self) -> str:
        parts = self.relpath.split("/")
        return parts[-2] if len(parts) > 1 else ""

    def head_bytes(self, n: int = HEAD_BYTES) -> bytes:
        with self.opener() as stream:
            return stream.read(n)

    @property
    def encoding(self) -> str:
        if self._encoding is None:
            with self.opener() as stream:
                self._encoding = detect_encoding(stream)
        return self._encoding

    def open_text(self, newline: str | None = None) -> TextIO:
        """Decoded text stream. newline="" keeps CR/LF for the csv module; None folds them to \\n."""
        return io.TextIOWrapper(self.opener(), encoding=self.encoding, newline=newline)

    def head_text(self, n: int = HEAD_BYTES) -> str:
        """The decoded start of the file, for format detection (a cut multi-byte char is dropped)."""
        raw = self.head_bytes(n)
        text = raw.decode(self.encoding, errors="ignore")
        return text.lstrip("\ufeff")


class Reader:
    """One export layout. Subclasses set the ClassVars and implement sniff() and read()."""

    format_id: ClassVar[str]
    description: ClassVar[str]
    # Lower runs first; generic fallbacks use high numbers so specific layouts win.
    priority: ClassVar[int] = 50

    def sniff(self, source: Source, head: str) -> bool:
        raise NotImplementedError

    def read(self, source: Source) -> Iterator[Record]:
        raise NotImplementedError

    def record(self, source: Source, locator: str, field: str, text: str, *, conversation: str,
               data_subject: str, sender: str = "", timestamp: str = "") -> Record:
        return Record(source.relpath, self.format_id, locator, conversation, data_subject, field, text,
                      sender, timestamp)
