"""Export readers: find the files under a path, detect each one's layout by content, read records.

Add a format by writing a Reader subclass in its own module and listing it in READERS.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from handover_scan.exports.base import ExportError, Reader, Source
from handover_scan.exports.encoding import UndecodableFile, is_binary
from handover_scan.exports.memotrace import (MemoTraceChatCsvReader, MemoTraceContactsCsvReader,
                                             MemoTraceTxtReader)
from handover_scan.exports.plaintext import PlainTextReader

READERS: list[Reader] = sorted(
    [MemoTraceChatCsvReader(), MemoTraceContactsCsvReader(), MemoTraceTxtReader(), PlainTextReader()],
    key=lambda reader: reader.priority,
)

# Magic numbers of media that exports carry beside the text (images, audio, video, WeChat .dat).
MEDIA_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp",
               b"\x02#!SILK", b"#!AMR", b"ID3", b"OggS", b"%PDF", b"PK\x03\x04")


@dataclass
class SkippedFile:
    file: str
    reason: str


@dataclass
class FileError:
    file: str
    error: str


def detect(source: Source) -> Reader | SkippedFile:
    """The reader for a file, chosen by content; binary files come back as SkippedFile."""
    head = source.head_bytes()
    if head.startswith(MEDIA_MAGIC) or is_binary(head):
        return SkippedFile(source.relpath, "binary or media file")
    text = source.head_text()
    for reader in READERS:
        if reader.sniff(source, text):
            return reader
    raise AssertionError("the plain-text reader accepts every text file")


def iter_sources(root: Path, exclude: tuple[Path, ...] = ()) -> Iterator[Source | FileError]:
    """Every file under root (or root itself), in a stable order, with unreadable ones as FileError."""
    root = Path(root)
    excluded = {p.resolve() for p in exclude}
    if root.is_file():
        yield _disk_source(root, root.name)
        return
    if not root.is_dir():
        yield FileError(root.as_posix(), "no such file or folder")
        return

    def on_error(exc: OSError) -> None:
        errors.append(FileError(_rel(Path(exc.filename or root), root), f"cannot list folder: {exc.strerror}"))

    errors: list[FileError] = []
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if (Path(folder) / d).resolve() not in excluded)
        yield from errors
        errors.clear()
        for name in sorted(files):
            path = Path(folder) / name
            yield _disk_source(path, _rel(path, root))
    yield from errors


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else path.name


def _disk_source(path: Path, relpath: str) -> Source:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return Source(relpath, lambda: open(path, "rb"), size)


__all__ = ["READERS", "ExportError", "FileError", "Reader", "SkippedFile", "Source", "UndecodableFile", "detect",
           "iter_sources"]
