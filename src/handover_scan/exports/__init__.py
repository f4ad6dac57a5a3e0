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

from handover_scan.exports import (chatlog, generic, memotrace, memotrace3, memotrace_ai, memotrace_all, memotrace_docx,
                                   plaintext, pywxdump, qq, telegram, wechatexporter, weflow, whatsapp)
from handover_scan.exports.archive import ArchiveProblem, is_zip, iter_members, office_problem, ooxml_kind
from handover_scan.exports.base import ExportError, Reader, Source
from handover_scan.exports.encoding import UndecodableFile, is_binary
from handover_scan.messages import message, os_reason

_MODULES = (memotrace, memotrace_all, memotrace3, memotrace_ai, memotrace_docx, pywxdump, weflow, wechatexporter, chatlog, qq, telegram, whatsapp, generic,
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
        return SkippedFile(source.relpath, message("skip.office_kind", kind=kind) if kind
                           else message("skip.archive_not_opened"))
    if head.startswith(MEDIA_MAGIC) or is_binary(head):
        return SkippedFile(source.relpath, message("skip.binary"))
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
    folders (loops) and to files outside root are not followed and come as SkippedFile. Whatever
    goes wrong with one entry (a folder swapped for a link mid-scan, a damaged zip) is that
    entry's FileError and the walk goes on. Folders are listed one at a time (os.scandir), so
    memory follows the widest folder, not the number of files.
    """
    root = Path(root)
    excluded = {r for r in map(_resolve, exclude) if r is not None}
    if root.is_file():
        if _resolve(root) not in excluded:
            yield from _isolated(_disk_source(root, printable(root.name)), expand)
        return
    if not root.is_dir():
        if root.exists():  # given on the command line: opening a named pipe would block the scan forever
            yield SkippedFile(printable(root.as_posix()), message("skip.not_regular"))
        else:
            yield FileError(printable(root.as_posix()), message("path.missing") if not root.is_symlink()
                            else message("path.broken_link"))
        return
    real_root = root.resolve()
    yield from _walk(root, root, real_root, excluded, expand)


MAX_FOLDER_DEPTH = 256  # folders below the scanned one; deeper ones are their own error (the walk recurses)


def _walk(folder: Path, root: Path, real_root: Path, excluded: set[Path], expand: bool = True, depth: int = 0):
    """Depth first, names sorted, as os.walk(topdown) with the entries of each folder checked on the way."""
    if folder != root and os.path.islink(folder):  # listed as a folder, swapped for a link since
        yield SkippedFile(_rel(folder, root), message("skip.folder_became_link"))
        return
    try:
        with os.scandir(folder) as listing:
            names = sorted((entry.name, entry.is_dir(follow_symlinks=False), entry.is_symlink())
                           for entry in listing)
    except OSError as exc:
        yield FileError(_rel(folder, root), message("folder.cannot_list", reason=os_reason(exc)))
        return
    folders = []
    for name, is_dir, is_link in names:
        path = folder / name
        if is_dir:
            folders.append(path)
            continue
        try:
            if is_link and path.is_dir():
                yield SkippedFile(_rel(path, root), message("skip.link_to_folder"))
                continue
            yield from _file_entry(path, root, real_root, excluded, is_link, expand)
        except Exception as exc:  # noqa: BLE001 - one entry's failure is its error; the walk goes on
            from handover_scan.exports.isolation import describe

            yield FileError(_rel(path, root), describe(exc))
    for path in folders:
        if _resolve(path) in excluded:
            yield SkippedFile(_rel(path, root) + "/", message("skip.this_report_folder"))
            continue
        why = skipped_folder(path)
        if why:
            yield SkippedFile(_rel(path, root) + "/", why)
            continue
        if depth >= MAX_FOLDER_DEPTH:
            yield FileError(_rel(path, root) + "/", message("path.too_deep", limit=MAX_FOLDER_DEPTH))
            continue
        yield from _walk(path, root, real_root, excluded, expand, depth + 1)


VCS_FOLDERS = (".git", ".hg", ".svn")
REPORT_FOLDERS = (".handover-report", "handover-report")  # the pre-commit hooks' and the CLI's default --out
REPORT_MARKERS = ("report.json", "report.sarif", "report.html", "findings.csv")


def skipped_folder(path: Path) -> str:  # a Message, or ""
    """Why a folder is not scanned by default ("" to scan it): version-control data (.git/config is no
    export) and a handover-scan report folder (its masked findings would be scanned as an export)."""
    if path.name in VCS_FOLDERS:
        return message("skip.vcs_folder", name=path.name)
    if path.name in REPORT_FOLDERS and any((path / m).is_file() for m in REPORT_MARKERS):
        return message("skip.report_folder")
    return ""


def _file_entry(path: Path, root: Path, real_root: Path, excluded: set[Path], is_link: bool, expand: bool = True):
    if is_link:
        target = _resolve(path)
        if target is None or not path.exists():  # a loop makes resolve() fail, not just exists()
            yield FileError(_rel(path, root), message("path.broken_link"))
            return
        if excluded and target in excluded:
            return
        if not target.is_relative_to(real_root):
            yield SkippedFile(_rel(path, root), message("skip.link_outside"))
            return
    elif excluded and _resolve(path) in excluded:  # the baseline or config this scan reads
        return
    if not _regular(path):  # opening a named pipe would block the scan forever
        yield SkippedFile(_rel(path, root), message("skip.not_regular"))
        return
    yield from _isolated(_disk_source(path, _rel(path, root)), expand)


def _isolated(source: Source, expand: bool = True) -> Iterator[Source | FileError | SkippedFile]:
    """_expand(source) (or source itself, unexpanded), any failure in it (a damaged archive) that source's error."""
    if not expand:
        yield source
        return
    try:
        yield from _expand(source)
    except Exception as exc:  # noqa: BLE001 - a bad archive is its own error, not the folder's
        from handover_scan.exports.isolation import describe

        yield FileError(source.relpath, describe(exc))


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


def expand_archive(source: Source) -> Iterator[Source | FileError | SkippedFile]:
    """A file on disk as the scan reads it: itself, or the members of a zip archive (a failure: its error)."""
    return _isolated(source)


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
            yield SkippedFile(source.relpath, message("skip.empty_archive"))
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
    from handover_scan.exports.isolation import open_regular  # isolation imports this package's modules

    return Source(relpath, lambda: open_regular(path), size, path=path)


__all__ = ["READERS", "ExportError", "FileError", "Reader", "SkippedFile", "Source", "UndecodableFile", "detect", "expand_archive",
           "iter_sources"]
