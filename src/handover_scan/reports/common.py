"""What every report writer shares: private files, the options, and the data they render."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from handover_scan import __version__
from handover_scan.people.attribution import NOT_PEOPLE, UNATTRIBUTED_ID

FORMATS = ("csv", "jsonl", "html", "json", "sarif", "xlsx")
LANGS = ("zh", "en")
FILES = {"csv": ("findings.csv", "subjects.csv", "summary.csv", "conversations.csv"), "jsonl": ("findings.jsonl",),
         "html": ("report.html",), "json": ("report.json",), "sarif": ("report.sarif",), "xlsx": ("report.xlsx",)}

# Export formats that are contact or member lists, not chats: their "conversation" is the list itself.
CONTACT_LIST = re.compile(r"contacts|members|users-json|list-csv|items-json")


CONTACT_SECTIONS = ("json:/contacts/", "json:/frequent_contacts/")  # Telegram's full export: lists, not chats


def is_contact_list(format_id: str, locator: str = "") -> bool:
    """True for a finding from a contact-list, member-list or user-list file (`handover-scan formats`), or from
    the contact-list section of a Telegram export.

    >>> is_contact_list("memotrace2-contacts-csv"), is_contact_list("memotrace2-chat-csv")
    (True, False)
    """
    return bool(CONTACT_LIST.search(format_id or "")) or str(locator).startswith(CONTACT_SECTIONS)


def private_open(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = "",
                 follow: bool = False):
    """Open for writing with permissions 0600 from the first byte (chmod after would leave a window).
    A symbolic link in the file's place is refused (ELOOP) unless follow: a planted link would have the
    report truncate and overwrite whatever it points at."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    if "b" in mode:
        return os.fdopen(fd, mode)
    # a path argument with bytes that are not UTF-8 (lone surrogates) is written as \udcNN, not a crash
    return os.fdopen(fd, mode, encoding=encoding, newline=newline, errors="backslashreplace")


def stream_placeholder(name: str) -> str:
    """A value to put where dump_streamed() writes the list `name` item by item."""
    return f"\x00stream:{name}\x00"


def dump_streamed(f, obj, streams: dict, indent: int | None = None) -> None:
    """json.dumps(obj) into f, with each stream_placeholder(name) written as a list of streams[name]'s
    items, one item encoded at a time: the text is the same as json.dumps gives with the lists in place,
    but a list of 100,000 files or findings is never held whole.

    >>> import io; out = io.StringIO()
    >>> dump_streamed(out, {"a": 1, "b": stream_placeholder("b")}, {"b": iter([{"x": 1}, 2])})
    >>> out.getvalue() == json.dumps({"a": 1, "b": [{"x": 1}, 2]})
    True
    """
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    at = 0
    for name, items in streams.items():
        token = json.dumps(stream_placeholder(name))
        pos = text.index(token, at)
        f.write(text[at:pos])
        line = text[text.rfind("\n", 0, pos) + 1:pos]
        pad = line[:len(line) - len(line.lstrip(" "))]
        first = True
        for item in items:
            encoded = json.dumps(item, ensure_ascii=False, indent=indent)
            if indent is None:
                f.write(("[" if first else ", ") + encoded)
            else:
                inner = pad + " " * indent
                f.write(("[\n" if first else ",\n") + inner + encoded.replace("\n", "\n" + inner))
            first = False
        f.write("[]" if first else ("]" if indent is None else "\n" + pad + "]"))
        at = pos + len(token)
    f.write(text[at:])


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (a sender named `=HYPERLINK(...)`) gets a
    leading apostrophe (OWASP CSV injection); numbers and other text are written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def prepare_out_dir(out: Path) -> Path:
    """The report folder, created 0700; an existing one is tightened to 0700 too (a folder left
    group- or world-readable would let others list, or with write access swap, the report files).
    A folder owned by another user is refused."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "exists and is not a folder", str(out))
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = out.stat()
    if info.st_uid != os.geteuid():  # someone else's folder (made first in a shared /tmp?): not ours to fill
        raise PermissionError(1, "folder belongs to another user", str(out))
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(out, 0o700)
    return out


@cache
def rules_version(sources: tuple[Path, ...]) -> str:
    """A digest of every recognizer file in use: two reports with the same value used the same rules."""
    digest = hashlib.sha256()
    for folder in sources:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class ReportOptions:
    formats: tuple[str, ...] = FORMATS
    lang: str = "zh"
    show_values: bool = False
    html_page_size: int = 500  # findings per page of report-findings-N.html (every finding is on some page)
    csv_headers: str = "en"  # header row of the CSV files: en (the fixed schema) or zh
    sarif_names: bool = False  # person and conversation names in SARIF (off: dashboards are shared widely)

    def __post_init__(self) -> None:
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ValueError(f"unknown report format(s) {', '.join(bad)}; use {', '.join(FORMATS)}")
        if self.lang not in LANGS:
            raise ValueError(f"unknown language {self.lang!r}; use zh or en")
        if self.csv_headers not in LANGS:
            raise ValueError(f"unknown CSV header language {self.csv_headers!r}; use en or zh")
        if self.html_page_size < 1:
            raise ValueError("html_page_size must be at least 1")


@dataclass
class ReportData:
    """A scan, its gate decision and the definitions it was made with: what every writer renders."""

    result: object  # ScanResult
    decision: object  # GateDecision
    definitions: object  # Definitions
    roots: list[str] = field(default_factory=list)
    generated_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    elapsed: float = 0.0  # seconds the scan took, if known
    started: float = field(default_factory=time.monotonic)
    report_files: list = field(default_factory=list)  # names of the files written together (set by the writer)

    @property
    def entities(self) -> dict:
        return self.definitions.entities

    @property
    def findings(self) -> list:
        return self.result.findings

    @property
    def tool(self) -> dict[str, str]:
        return {"name": "handover-scan", "version": __version__,
                "rules_version": rules_version(tuple(self.definitions.sources))}

    def statuses(self) -> tuple[str, ...]:
        statuses = getattr(self.decision, "statuses", ())
        return statuses if len(statuses) == len(self.findings) else ("counted",) * len(self.findings)

    def iter_exposed(self):
        """Findings a transfer would hand over (at or above the min score, not allowlisted), streamed."""
        return (f for f, s in zip(self.findings, self.statuses()) if s in EXPOSED)

    def exposed(self) -> list:
        """iter_exposed() as a list."""
        return list(self.iter_exposed())

    def audit(self) -> tuple[str, ...]:
        """Per finding: its baseline entry's audit status (unaudited, accepted, false_positive) or ""."""
        audit = getattr(self.decision, "audit", ())
        return audit if len(audit) == len(self.findings) else ("",) * len(self.findings)

    def people(self) -> set[str]:
        """Data subjects (person_id) of the exposed findings: never the owner, never 'unattributed'."""
        return {_person(f) for f in self.iter_exposed()} - NOT_PEOPLE

    def sensitive_people(self) -> set[str]:
        return {_person(f) for f in self.iter_exposed() if f.sensitive} - NOT_PEOPLE

    def unattributed(self) -> int:
        """Exposed findings whose person is unknown (counted apart from the people)."""
        return sum(1 for f in self.iter_exposed() if f.person_id == UNATTRIBUTED_ID)


def _person(finding) -> str:
    return finding.person_id or finding.data_subject  # findings built without attribution (tests, baselines)


EXPOSED = ("counted", "not_gated", "baseline")
