"""Zip archives read in place: members become Sources, nothing is extracted to disk.

Guards (module constants, change them here): member names that climb out of the archive
or are absolute are refused; the declared uncompressed total, the member count and the
compression ratio of every member over 64 KiB and of all members together are capped (zip
bombs); nested archives are opened to MAX_DEPTH levels.
zipfile itself stops every member at its declared size and checks its CRC.
"""

from __future__ import annotations

import struct
import zipfile
from typing import Iterator

from handover_scan.exports.base import Source
from handover_scan.messages import message

MAX_DEPTH = 2  # bundle.zip!inner.zip!file.csv is depth 2
MAX_TOTAL_UNCOMPRESSED = 8 << 30  # per archive, summed over members
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20  # Office documents: parts above this are ratio-checked
MEMBER_RATIO_FLOOR = 64 << 10  # archive members: every member above this is ratio-checked
TOTAL_RATIO_FLOOR = 16 << 20  # and the members' total once it passes this
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OOXML_PARTS = ("xl/workbook.xml", "word/document.xml", "ppt/presentation.xml")


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def ooxml_kind(source: Source) -> str | None:
    """"xlsx", "docx", "pptx" for Office files (zips that are documents, not archives), else None."""
    if "ooxml" not in source.cache:
        kind = None
        try:
            with source.opener() as stream, zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for part, name in zip(OOXML_PARTS, ("xlsx", "docx", "pptx")):
                    if part in names:
                        kind = name
        except Exception:  # noqa: BLE001 - not an Office file we can open; the archive code reports damage
            kind = None
        source.cache["ooxml"] = kind
    return source.cache["ooxml"]


MAX_OFFICE_UNCOMPRESSED = 2 << 30  # an XLSX/DOCX whose parts inflate past this is not opened


def office_problem(source: Source) -> str | None:
    """Why an Office file must not be opened (its parts are inflated by openpyxl / the DOCX reader, the
    shared strings of a workbook wholly in memory): a zip-bomb ratio or size. None if it is fine."""
    try:
        with source.opener() as stream, zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except Exception:  # noqa: BLE001 - the reader reports a damaged file
        return None
    if sum(info.file_size for info in infos) > MAX_OFFICE_UNCOMPRESSED:
        return message("office.too_big", gib=MAX_OFFICE_UNCOMPRESSED >> 30)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return message("office.ratio", ratio=MAX_RATIO)
    return None


def unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or ".." in parts or "\x00" in name
            or (len(name) > 1 and name[1] == ":"))


REST_NOT_READ = ("archive.total_cap", "archive.total_ratio")  # problems that stop reading the archive


class ArchiveProblem(Exception):
    """A member (or the archive) that is not read, with the reason; the caller reports it."""

    def __init__(self, relpath: str, reason: str):
        super().__init__(reason)
        self.relpath, self.reason = relpath, reason


def iter_members(source: Source, depth: int = 1) -> Iterator[Source | ArchiveProblem]:
    """Members of a zip archive in name order; the archive stays open while they are read.

    A member that cannot be listed or opened (damaged compressed data, an unsupported method, an
    empty or undecodable name) is that member's ArchiveProblem; the others are read.
    """
    if depth > MAX_DEPTH:
        yield ArchiveProblem(source.relpath, message("archive.too_deep", depth=MAX_DEPTH))
        return
    try:
        stream = source.opener()
    except Exception as exc:  # noqa: BLE001 - any failure to open is this archive's error
        yield ArchiveProblem(source.relpath, _describe(exc))
        return
    try:
        try:
            archive = zipfile.ZipFile(stream)
        except UnicodeDecodeError:  # one bad name must not cost the other members: names decoded one by one
            archive = _open_names_one_by_one(stream)
    except UnicodeDecodeError:
        stream.close()
        yield ArchiveProblem(source.relpath, message("archive.names_not_utf8"))
        return
    except (zipfile.BadZipFile, EOFError):
        stream.close()
        yield ArchiveProblem(source.relpath, message("archive.unreadable"))
        return
    except Exception as exc:  # noqa: BLE001 - zipfile raises many types on damage
        stream.close()
        yield ArchiveProblem(source.relpath, message("archive.unreadable_because", problem=_describe(exc)))
        return
    with stream, archive:
        infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
        if len(infos) > MAX_MEMBERS:
            yield ArchiveProblem(source.relpath, message("archive.too_many_members", count=MAX_MEMBERS))
            return
        budget = _Budget(source.size)
        for info in sorted(infos, key=lambda i: i.filename):
            relpath = f"{source.relpath}!{_printable(info.filename.replace(chr(92), '/'))}"
            try:
                problem = _member_problem(info, relpath, source.relpath, budget)
                if problem is not None:
                    yield problem
                    if getattr(problem.reason, "code", "") in REST_NOT_READ:
                        return
                    continue
                member = Source(relpath, _member_opener(archive, info), info.file_size)
                head = member.head_bytes()
                nested = is_zip(head) and ooxml_kind(member) is None
            except Exception as exc:  # noqa: BLE001 - a bad member is that member's error
                yield ArchiveProblem(relpath, _describe(exc))
                continue
            if nested:
                yield from iter_members(member, depth + 1)
            else:
                yield member


class _Budget:
    """Running totals of one archive: uncompressed bytes against the cap and against the archive's size."""

    def __init__(self, archive_size: int | None):
        self.total = 0
        self.archive_size = archive_size

    def add(self, size: int) -> str | None:
        self.total += size
        if self.total > MAX_TOTAL_UNCOMPRESSED:
            return message("archive.total_cap", gib=MAX_TOTAL_UNCOMPRESSED >> 30)
        if (self.archive_size is not None and self.total > TOTAL_RATIO_FLOOR
                and self.total > MAX_RATIO * max(self.archive_size, 1)):
            return message("archive.total_ratio", ratio=MAX_RATIO)
        return None


def _member_problem(info: zipfile.ZipInfo, relpath: str, archive_path: str, budget: _Budget) -> ArchiveProblem | None:
    if not info.filename:
        return ArchiveProblem(f"{archive_path}!{message('path.empty_member_name')}",
                              message("archive.empty_member_name"))
    if unsafe_name(info.filename):
        return ArchiveProblem(f"{archive_path}!{message('path.unsafe_member_name')}",
                              message("archive.unsafe_member_name"))
    if info.flag_bits & 0x1:
        return ArchiveProblem(relpath, message("archive.encrypted_member"))
    if info.file_size > MEMBER_RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return ArchiveProblem(relpath, message("archive.member_ratio", ratio=MAX_RATIO))
    over = budget.add(info.file_size)
    return ArchiveProblem(relpath, over) if over else None


class _UTF8FlagCleared:
    """A zip's stream that clears the UTF-8 name flag in the central directory (noting which entries had it)
    and in each member's local header as zipfile reads them, so that zipfile takes every name as bytes
    (latin-1) and a name that is not valid UTF-8 fails alone, not the archive's listing."""

    def __init__(self, stream):
        self._stream, self.utf8, self.patching = stream, [], True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if self.patching and data.startswith(b"PK\x01\x02"):
            data, at, self.utf8 = bytearray(data), 0, []
            while data.startswith(b"PK\x01\x02", at) and at + 46 <= len(data):
                (flags,) = struct.unpack_from("<H", data, at + 8)
                self.utf8.append(bool(flags & 0x800))
                struct.pack_into("<H", data, at + 8, flags & ~0x800)
                name, extra, comment = struct.unpack_from("<HHH", data, at + 28)
                at += 46 + name + extra + comment
            data = bytes(data)
        elif size == 30 and data.startswith(b"PK\x03\x04"):  # a member's local header, before its name
            (flags,) = struct.unpack_from("<H", data, 6)
            data = data[:6] + struct.pack("<H", flags & ~0x800) + data[8:]
        return data

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _open_names_one_by_one(stream) -> zipfile.ZipFile:
    """The archive with each member's name decoded on its own: UTF-8 where marked (bytes that are not UTF-8
    kept as \\xNN, as for file names on disk), cp437 elsewhere, as zipfile does. The members are read as usual."""
    stream.seek(0)
    wrapped = _UTF8FlagCleared(stream)
    archive = zipfile.ZipFile(wrapped, metadata_encoding="latin-1")
    wrapped.patching = False
    infos = archive.infolist()
    if len(wrapped.utf8) != len(infos):  # a central directory this code did not walk as zipfile did
        archive.close()
        raise UnicodeDecodeError("utf-8", b"", 0, 1, "member names")
    for info, utf8 in zip(infos, wrapped.utf8):
        raw = info.filename.encode("latin-1")
        info.filename = raw.decode("utf-8", "surrogateescape") if utf8 else raw.decode("cp437")
    return archive


def _printable(name: str) -> str:
    """As exports.printable (not imported: exports/__init__ imports this module)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _describe(exc: BaseException) -> str:
    from handover_scan.exports.isolation import describe  # isolation imports base, as this module does

    return describe(exc)


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    return lambda: archive.open(info)
