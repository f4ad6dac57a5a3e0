"""Shared by the redaction tests: every byte of a copy, archives and Office files opened."""

import codecs
import html
import io
import re
import zipfile
from pathlib import Path

_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def blobs(data: bytes, name: str):
    """(name, bytes) of a file and, for zips (archives, xlsx, docx), of every member, recursively."""
    yield name, data
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                yield info.filename, info.filename.encode("utf-8")  # member names are bytes of the copy too
                yield from blobs(archive.read(info), f"{name}!{info.filename}")


def readable_forms(data: bytes) -> list[str]:
    """The text a value could hide in: UTF-8, GB18030, UTF-16, with HTML entities and \\uXXXX escapes undone."""
    texts = [data.decode("utf-8", "ignore"), data.decode("gb18030", "ignore")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        texts.append(data.decode("utf-16", "ignore"))
    out = []
    for text in texts:
        out.extend([text, html.unescape(text), _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)])
    return out


def copy_texts(root: Path) -> dict[str, list[str]]:
    """Every file under root (path names included) -> its readable forms."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[f"(name) {rel}"] = [rel]
        if path.is_file():
            for name, data in blobs(path.read_bytes(), rel):
                found[name] = readable_forms(data)
    return found


def leaks(root: Path, values) -> list[tuple[str, str]]:
    """(file or member, value) for every value still readable anywhere in the copy."""
    texts = copy_texts(root)
    return [(name, value) for value in values for name, forms in texts.items() if any(value in t for t in forms)]
