"""One file's failure stays that file's error: failures described in words, records checked.

Readers take fields straight from JSON, CSV and XML, so a record can carry an object where a name
belongs (WeFlow with `"senderDisplayName": {...}`). check_record() turns such a record into text
fields plus a message naming the problem ("sender name is a JSON object, expected text"), so the
names pass, the analyzer and the reports only ever see strings. describe() turns any exception a
reader, the archive code or detection raised into one line that never quotes file content.
"""

from __future__ import annotations

import csv
import dataclasses
import zipfile
import zlib
from typing import Any

from handover_scan.exports.base import ExportError
from handover_scan.exports.encoding import UndecodableFile
from handover_scan.records import UNKNOWN_SUBJECT, Record

# Record fields and how a message names them.
FIELD_WORDS = {"text": "message text", "sender": "sender name", "data_subject": "person name",
               "conversation": "conversation name", "field": "field name", "timestamp": "timestamp",
               "locator": "locator", "file": "file name", "format": "format"}
# What a field that is not text becomes: the text of a number; empty for anything else.
_FALLBACK = {"data_subject": UNKNOWN_SUBJECT}


def json_kind(value: Any) -> str:
    """The JSON (or Python) name of a value's type, for messages: "a JSON object", "a number"."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, (list, tuple)):
        return "a JSON array"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    return f"a {type(value).__name__} value"


def check_record(record: Record) -> tuple[Record | None, str]:
    """(record with text in every field, problem or ""). A non-text message body that is not a number
    makes the record unusable (None); a non-text name becomes empty and the record is kept."""
    try:  # the common case in one C call: every field text, no NUL outside the message body
        if isinstance(record.text, str) and "\x00" not in "".join((
                record.sender, record.data_subject, record.conversation, record.field, record.timestamp,
                record.locator, record.file, record.format)):
            return record, ""
    except TypeError:  # a field that is not text: said below
        pass
    problem = ""
    changes: dict[str, str] = {}
    for name in ("text", "sender", "data_subject", "conversation", "field", "timestamp", "locator", "file",
                 "format"):
        value = getattr(record, name)
        if isinstance(value, str):
            if "\x00" in value and name != "text":
                changes[name] = value.replace("\x00", "")
            continue
        problem = problem or f"{FIELD_WORDS[name]} is {json_kind(value)}, expected text"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            changes[name] = str(value)
        elif name == "text":
            return None, problem
        else:
            changes[name] = _FALLBACK.get(name, "")
    if not changes:
        return record, problem
    try:
        return dataclasses.replace(record, **changes), problem
    except Exception:  # noqa: BLE001 - a Record subclass that refuses replace(): drop the record, say why
        return None, problem or "record could not be read"


def describe(exc: BaseException) -> str:
    """A failure as one line in words that never quotes file content."""
    if isinstance(exc, (ExportError, UndecodableFile)):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"text does not decode as {exc.encoding}"
    if isinstance(exc, UnicodeError):
        return "text or name is not valid Unicode"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error)):
        return "archive member is corrupt (bad CRC, damaged compressed data or truncated archive)"
    if isinstance(exc, NotImplementedError):
        return "uses a compression method or zip feature that is not supported"
    if isinstance(exc, EOFError):
        return "file ends early (truncated?)"
    if isinstance(exc, MemoryError):
        return "needs more memory than is available (a field or structure too large); not read"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or type(exc).__name__}"
    if isinstance(exc, csv.Error):
        return "malformed CSV"
    if isinstance(exc, (TypeError, AttributeError, KeyError, IndexError)):
        return f"unexpected structure: a field holds a different type or shape than the format has ({type(exc).__name__})"
    if isinstance(exc, ValueError):
        return f"unexpected value in the file ({type(exc).__name__})"
    return f"reader failed ({type(exc).__name__})"
