"""One file's failure stays that file's error: failures described in words, records checked.

Readers take fields straight from JSON, CSV and XML, so a record can carry an object where a name
belongs (WeFlow with `"senderDisplayName": {...}`). check_record() turns such a record into text
fields plus a message naming the problem ("sender name is a JSON object, expected text"), so the
names pass, the analyzer and the reports only ever see strings. describe() turns any exception a
reader, the archive code or detection raised into one line that never quotes file content.
Both give a messages.Message: a code and parameters, English as text, rendered per language by reports.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import os
import stat
import zipfile
import zlib
from typing import Any, BinaryIO

from handover_scan.exports.base import ExportError
from handover_scan.exports.encoding import UndecodableFile
from handover_scan.messages import Message, message, os_reason, parse
from handover_scan.records import UNKNOWN_SUBJECT, Record

# Record fields a message names (message codes field.<name>).
FIELDS = ("text", "sender", "data_subject", "conversation", "field", "timestamp", "locator", "file", "format")
# What a field that is not text becomes: the text of a number; empty for anything else.
_FALLBACK = {"data_subject": UNKNOWN_SUBJECT}


def json_kind(value: Any) -> Message:
    """The JSON (or Python) name of a value's type, for messages: "a JSON object", "a number"."""
    if isinstance(value, dict):
        return message("kind.object")
    if isinstance(value, (list, tuple)):
        return message("kind.array")
    if isinstance(value, bool):
        return message("kind.bool")
    if isinstance(value, (int, float)):
        return message("kind.number")
    if value is None:
        return message("kind.null")
    return message("kind.other", type=type(value).__name__)


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
    for name in FIELDS:
        value = getattr(record, name)
        if isinstance(value, str):
            if "\x00" in value and name != "text":
                changes[name] = value.replace("\x00", "")
            continue
        problem = problem or message("record.not_text", field=message(f"field.{name}"), kind=json_kind(value))
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
        return None, problem or message("record.unreadable")


class NotRegularFile(OSError):
    """A file listed as a regular file that is a folder, pipe, socket or device when it is opened (swapped since)."""

    def __init__(self, message: Message):
        super().__init__(errno.EINVAL, str(message))
        self.message = message


def open_regular(path) -> BinaryIO:
    """open(path, "rb") that never blocks on a named pipe: opened non-blocking, refused unless it is a regular
    file, then blocking again. The walk skips pipes; this covers a file swapped for one after the walk."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(message("file.became_folder") if stat.S_ISDIR(mode) else message("file.became_special"))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def describe(exc: BaseException) -> str:
    """A failure as one line in words that never quotes file content: a Message (plain text only where a
    reader raised ExportError with text, which tests/test_messages.py forbids)."""
    if isinstance(exc, NotRegularFile):
        return exc.message
    if isinstance(exc, (ExportError, UndecodableFile)):
        text = exc.args[0] if exc.args else ""
        return text if isinstance(text, Message) else (parse(str(text)) or str(exc))
    if isinstance(exc, UnicodeDecodeError):
        return message("decode.failed", encoding=exc.encoding)
    if isinstance(exc, UnicodeError):
        return message("decode.not_unicode")
    if isinstance(exc, (zipfile.BadZipFile, zlib.error)):
        return message("archive.member_corrupt")
    if isinstance(exc, NotImplementedError):
        return message("archive.unsupported")
    if isinstance(exc, EOFError):
        return message("file.ends_early")
    if isinstance(exc, MemoryError):
        return message("file.out_of_memory")
    if isinstance(exc, RecursionError):
        return message("file.too_deep")
    if isinstance(exc, OSError):
        return message("file.cannot_read", reason=os_reason(exc))
    if isinstance(exc, csv.Error):
        return message("csv.malformed")
    if isinstance(exc, (TypeError, AttributeError, KeyError, IndexError)):
        return message("file.unexpected_structure", type=type(exc).__name__)
    if isinstance(exc, ValueError):
        return message("file.unexpected_value", type=type(exc).__name__)
    return message("reader.failed", type=type(exc).__name__)
