"""Zip archives read in place: members become Sources, nothing is extracted to disk.

Guards (module constants, change them here): member names that climb out of the archive
or are absolute are refused; the declared uncompressed total, the member count and the
compression ratio are capped (zip bombs); nested archives are opened to MAX_DEPTH levels.
zipfile itself stops every member at its declared size and checks its CRC.
"""

from __future__ import annotations

import zipfile
from typing import Iterator

from handover_scan.exports.base import Source

MAX_DEPTH = 2  # bundle.zip!inner.zip!file.csv is depth 2
MAX_TOTAL_UNCOMPRESSED = 8 << 30  # per archive, summed over members
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
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
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
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
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None  # the reader reports a damaged file
    if sum(info.file_size for info in infos) > MAX_OFFICE_UNCOMPRESSED:
        return f"document parts over {MAX_OFFICE_UNCOMPRESSED >> 30} GiB uncompressed; not read"
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return f"document part with a compression ratio over {MAX_RATIO}:1 (possible zip bomb); not read"
    return None


def unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or ".." in parts or "\x00" in name
            or (len(name) > 1 and name[1] == ":"))


class ArchiveProblem(Exception):
    """A member (or the archive) that is not read, with the reason; the caller reports it."""

    def __init__(self, relpath: str, reason: str):
        super().__init__(reason)
        self.relpath, self.reason = relpath, reason


def iter_members(source: Source, depth: int = 1) -> Iterator[Source | ArchiveProblem]:
    """Members of a zip archive in name order; the archive stays open while they are read."""
    if depth > MAX_DEPTH:
        yield ArchiveProblem(source.relpath, f"nested archive deeper than {MAX_DEPTH} levels not opened")
        return
    try:
        stream = source.opener()
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        yield ArchiveProblem(source.relpath, f"not a readable zip archive ({type(exc).__name__})")
        return
    with stream, archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_MEMBERS:
            yield ArchiveProblem(source.relpath, f"archive has more than {MAX_MEMBERS} members; not opened")
            return
        total = 0
        for info in sorted(infos, key=lambda i: i.filename):
            relpath = f"{source.relpath}!{info.filename.replace(chr(92), '/')}"
            if unsafe_name(info.filename):
                yield ArchiveProblem(f"{source.relpath}!(unsafe member name)",
                                     "member path is absolute or climbs out of the archive; not read")
                continue
            if info.flag_bits & 0x1:
                yield ArchiveProblem(relpath, "encrypted archive member; not read")
                continue
            total += info.file_size
            if total > MAX_TOTAL_UNCOMPRESSED:
                yield ArchiveProblem(relpath, "archive uncompressed size over the cap "
                                              f"({MAX_TOTAL_UNCOMPRESSED >> 30} GiB); rest not read")
                return
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                yield ArchiveProblem(relpath, f"compression ratio over {MAX_RATIO}:1 (possible zip bomb); not read")
                continue
            member = Source(relpath, _member_opener(archive, info), info.file_size)
            try:
                head = member.head_bytes()
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                yield ArchiveProblem(relpath, f"archive member is corrupt or unsupported ({type(exc).__name__})")
                continue
            if is_zip(head) and ooxml_kind(member) is None:
                yield from iter_members(member, depth + 1)
            else:
                yield member


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    return lambda: archive.open(info)
