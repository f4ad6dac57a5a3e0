"""Export readers: find the files under a path, detect each one's layout by content, read records.

Add a format by writing a Reader subclass in its own module and listing it in READERS.
Zip archives are opened in place (exports/archive.py); their members are Sources like files.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from handover_scan.exports import (chatlog, generic, memotrace, memotrace3, plaintext, pywxdump, qq, telegram,
                                   wechatexporter, weflow, whatsapp)
from handover_scan.exports.archive import ArchiveProblem, is_zip, iter_members, office_problem, ooxml_kind
from handover_scan.exports.base import ExportError, Reader, Source
from handover_scan.exports.encoding import UndecodableFile, is_binary

_MODULES = (memotrace, memotrace3, pywxdump, weflow, wechatexporter, chatlog, qq, telegram, whatsapp, generic,
            plaintext)
READERS: list[Reader] = sorted((cls() for module in _MODULES for cls in module.READERS),
                               key=lambda reader: reader.priority)

# Magic numbers of media that exports carry beside the text (images, audio, video, WeChat .dat).
MEDIA_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp",
               b"\x00\x00\x00\x1cftyp", b"\x02#!SILK", b"#!SILK", b"#!AMR", b"ID3", b"OggS", b"%PDF", b"BM",
               b"\x1aE\xdf\xa3", b"SQLite format 3\x00", b"7z\xbc\xaf", b"Rar!", b"\x1f\x8b", b"BZh", b"wOF")


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
    if is_zip(head):
        kind = ooxml_kind(source)
        problem = office_problem(source) if kind else None
        if problem:
            raise ExportError(problem)
        for reader in READERS:
            if reader.binary and reader.kind == kind and reader.sniff(source, ""):
                return reader
        return SkippedFile(source.relpath, f"{kind} file not read" if kind else "archive not opened")
    if head.startswith(MEDIA_MAGIC) or is_binary(head):
        return SkippedFile(source.relpath, "binary or media file")
    text = source.head_text()
    for reader in READERS:
        if not reader.binary and reader.sniff(source, text):
            return reader
    raise AssertionError("the plain-text reader accepts every text file")


def iter_sources(root: Path, exclude: tuple[Path, ...] = (), expand: bool = True
                 ) -> Iterator[Source | FileError | SkippedFile]:
    """Every file under root (or root itself), archives opened (unless expand=False: then each file on disk
    comes as one Source with its .path, and expand_archive(source) opens it later), in a stable order.

    Unreadable files, broken links and refused archive members come as FileError; links to
    folders (loops) and to files outside root are not followed and come as SkippedFile.
    """
    root = Path(root)
    excluded = {r for r in map(_resolve, exclude) if r is not None}
    if root.is_file():
        if _resolve(root) not in excluded:
            yield from _maybe_expand(_disk_source(root, printable(root.name)), expand)
        return
    if not root.is_dir():
        yield FileError(printable(root.as_posix()), "no such file or folder" if not root.is_symlink()
                        else "broken or looping symbolic link")
        return

    def on_error(exc: OSError) -> None:
        errors.append(FileError(_rel(Path(exc.filename or root), root), f"cannot list folder: {exc.strerror}"))

    errors: list[FileError] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        links = sorted(d for d in dirs if (Path(folder) / d).is_symlink())
        dirs[:] = sorted(d for d in dirs if d not in links and _resolve(Path(folder) / d) not in excluded)
        yield from errors
        errors.clear()
        for name in links:
            yield SkippedFile(_rel(Path(folder) / name, root), "link to a folder not followed")
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink():
                target = _resolve(path)
                if target is None or not path.exists():  # a loop makes resolve() fail, not just exists()
                    yield FileError(_rel(path, root), "broken or looping symbolic link")
                    continue
                if excluded and target in excluded:
                    continue
                if not target.is_relative_to(real_root):
                    yield SkippedFile(_rel(path, root), "link to a file outside the scanned folder not followed")
                    continue
            elif excluded and _resolve(path) in excluded:  # the baseline or config this scan reads
                continue
            if not _regular(path):  # opening a named pipe would block the scan forever
                yield SkippedFile(_rel(path, root), "not a regular file (pipe, socket or device) not read")
                continue
            yield from _maybe_expand(_disk_source(path, _rel(path, root)), expand)
    yield from errors


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # unreadable: opening it reports the error


def _resolve(path: Path) -> Path | None:
    """path.resolve(), or None for a symbolic-link loop (resolve() raises RuntimeError on 3.11)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return None


def _maybe_expand(source: Source, expand: bool) -> Iterator[Source | FileError | SkippedFile]:
    if expand:
        yield from _expand(source)
    else:
        yield source


def expand_archive(source: Source) -> Iterator[Source | FileError | SkippedFile]:
    """A file on disk as the scan reads it: itself, or the members of a zip archive."""
    return _expand(source)


def _expand(source: Source) -> Iterator[Source | FileError | SkippedFile]:
    """The source itself, or the members of a zip archive (never extracted to disk)."""
    try:
        head = source.head_bytes()
    except OSError:
        yield source  # the reader stage reports the error
        return
    if is_zip(head) and ooxml_kind(source) is None:
        empty = True
        for member in iter_members(source):
            empty = False
            if isinstance(member, ArchiveProblem):
                yield FileError(member.relpath, member.reason)
            else:
                yield member
        if empty:  # listed, so the report accounts for every file it was given
            yield SkippedFile(source.relpath, "empty archive")
    else:
        yield source


def _rel(path: Path, root: Path) -> str:
    return printable(path.relative_to(root).as_posix() if path != root else path.name)


def printable(name: str) -> str:
    """A file name as reported: bytes that are not UTF-8 (kept by Python as lone surrogates, which no
    report file or terminal can encode) shown as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _disk_source(path: Path, relpath: str) -> Source:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return Source(relpath, lambda: open(path, "rb"), size, path=path)


__all__ = ["READERS", "ExportError", "FileError", "Reader", "SkippedFile", "Source", "UndecodableFile", "detect", "expand_archive",
           "iter_sources"]
