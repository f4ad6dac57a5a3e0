"""Zip archives: rebuilt member by member in memory, each member redacted like a file on disk.

The reader's guards apply (exports/archive.py): unsafe member names, encrypted members, zip-bomb ratios and
nesting deeper than MAX_DEPTH are withheld, never copied.
"""

from __future__ import annotations

import io
import zipfile
from typing import Callable

from handover_scan.exports.archive import MAX_DEPTH, MAX_MEMBERS, MAX_RATIO, RATIO_FLOOR, unsafe_name
from handover_scan.exports.base import Source

# process(member source, depth) -> the member's new bytes, or None when it is withheld (the callback lists it)
Process = Callable[[Source, int], "bytes | None"]


def rebuild_zip(source: Source, depth: int, process: Process, rename: Callable[[str], str],
                withhold: Callable[[str, str], None]) -> bytes | None:
    if depth > MAX_DEPTH:
        withhold(source.relpath, f"nested archive deeper than {MAX_DEPTH} levels")
        return None
    out = io.BytesIO()
    with source.opener() as stream, zipfile.ZipFile(stream) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_MEMBERS:
            withhold(source.relpath, f"archive has more than {MAX_MEMBERS} members")
            return None
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in sorted(infos, key=lambda i: i.filename):
                name = info.filename.replace("\\", "/")
                relpath = f"{source.relpath}!{name}"
                if unsafe_name(info.filename):
                    withhold(f"{source.relpath}!(unsafe member name)", "member path is absolute or climbs out")
                    continue
                if info.flag_bits & 0x1:
                    withhold(relpath, "encrypted archive member")
                    continue
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    withhold(relpath, f"compression ratio over {MAX_RATIO}:1 (possible zip bomb)")
                    continue
                data = archive.read(info)
                member = Source(relpath, lambda data=data: io.BytesIO(data), len(data))
                new = process(member, depth + 1)
                if new is None:
                    continue
                target.writestr(zipfile.ZipInfo(rename(name), date_time=info.date_time), new,
                                compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
