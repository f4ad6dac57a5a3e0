"""A check that does not lean on the recognizers: the values the scan of the original found, and the names the
export revealed, are looked for in every byte of the copy (archive, XLSX and DOCX members opened, text decoded as
UTF-8, GB18030 or UTF-16, HTML entities and \\uXXXX escapes undone). Reported by type and file, never by value.

Names and identifiers only: a health word or a city can rightly stay in a column label or a generalised address.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Iterator

from handover_scan.redact.policy import Replacer

CHECKED = frozenset({"CN_ID_CARD", "PHONE_NUMBER", "BANK_CARD", "EMAIL", "PASSPORT", "HK_MACAO_TW_PERMIT",
                     "SOCIAL_SECURITY", "MEDICAL_RECORD_NO", "LICENSE_PLATE", "QQ_NUMBER", "WECHAT_ID", "PERSON"})
MIN_NAME = 3  # two-character names (小周) also occur inside ordinary words; they are checked by the re-scan
MAX_DEPTH = 3
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _blobs(data: bytes, name: str, depth: int = 0) -> Iterator[tuple[str, bytes]]:
    yield name, data
    if data.startswith(b"PK\x03\x04") and depth < MAX_DEPTH:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        yield from _blobs(archive.read(info), f"{name}!{info.filename}", depth + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            return


def _forms(data: bytes) -> Iterator[str]:
    texts = [data.decode("utf-8", "ignore"), data.decode("gb18030", "ignore")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        texts.append(data.decode("utf-16", "ignore"))
    for text in texts:
        yield text
        if "&" in text:
            yield html.unescape(text)
        if "\\u" in text:
            yield _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def find_residue(root: Path, replacer: Replacer, skip: frozenset[Path] = frozenset()) -> list[dict]:
    """[{file, entity_type, count}] of original values still readable in the copy under root."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p not in skip):
        rel = path.relative_to(root).as_posix()
        for name, data in _blobs(path.read_bytes(), rel):
            types: Counter = Counter()
            for text in _forms(data):
                for entity_type, length in replacer.known_in(text):
                    if entity_type in CHECKED and (entity_type != "PERSON" or length >= MIN_NAME):
                        types[entity_type] += 1
            found.extend({"file": name, "entity_type": t, "count": n} for t, n in sorted(types.items()))
    return found
