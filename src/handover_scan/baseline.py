"""Baselines, like detect-secrets: record what a scan found, then fail only on what is new.

An entry is matched by (entity_type, fingerprint, file, field): the keyed fingerprint
of the normalized value, the file path relative to the scanned folder and the column or
key it sits in. Row and line numbers are not part of the key, so a re-export that moves
rows keeps its entries. No raw value is stored; the masked value and where it was seen
are kept so a person can audit an entry.

Fingerprints are HMACs (keys.py). The baseline stores `key_id`, an HMAC of a fixed
string with the same key, so a scan with another key gives a clear error instead of
reporting every finding as new.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from handover_scan import __version__

FORMAT_VERSION = 1
STATUSES = ("unaudited", "accepted", "false_positive")


class BaselineError(ValueError):
    """A baseline that cannot be used (unreadable, wrong version, other key)."""


def key_id(key: bytes) -> str:
    """Names the fingerprint key without revealing it."""
    return hmac.new(key, b"handover-scan baseline key id v1", hashlib.sha256).hexdigest()[:16]


def match_key(finding) -> tuple[str, str, str, str]:
    return (finding.entity_type, finding.fingerprint, finding.file, finding.field)


def entry_id(key: tuple[str, str, str, str]) -> str:
    """A short stable id for one entry, for `baseline audit --mark ID=...`."""
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:12]


@dataclass
class Entry:
    entity_type: str
    fingerprint: str
    file: str
    field: str
    category: str = ""
    masked_value: str = ""
    conversation: str = ""
    data_subject: str = ""
    context: str = ""  # the first occurrence's masked context (value and other findings masked), for audit
    count: int = 0
    status: str = "unaudited"
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.entity_type, self.fingerprint, self.file, self.field)

    @property
    def id(self) -> str:
        return entry_id(self.key)

    def as_dict(self) -> dict:
        return {"id": self.id, **{k: getattr(self, k) for k in self.__dataclass_fields__}}


@dataclass
class Baseline:
    key_id: str
    entries: dict[tuple[str, str, str, str], Entry] = field(default_factory=dict)
    generated_at: str = ""
    tool_version: str = __version__
    scanned: list[str] = field(default_factory=list)

    def contains(self, finding) -> bool:
        return match_key(finding) in self.entries

    def status_of(self, finding) -> str | None:
        entry = self.entries.get(match_key(finding))
        return entry.status if entry else None

    def check_key(self, key: bytes) -> None:
        if key_id(key) != self.key_id:
            raise BaselineError("the baseline was made with a different fingerprint key "
                                f"(key id {self.key_id}, this key {key_id(key)}); set HANDOVER_SCAN_KEY or "
                                "--key-file to the key used for `baseline create`, or create a new baseline")

    def find(self, ident: str) -> list[Entry]:
        """Entries by id (a unique prefix is enough) or every entry of one fingerprint."""
        by_fingerprint = [e for e in self.entries.values() if e.fingerprint == ident]
        if by_fingerprint:
            return by_fingerprint
        hits = [e for e in self.entries.values() if e.id.startswith(ident)] if len(ident) >= 4 else []
        if not hits:
            raise BaselineError(f"no baseline entry with id {ident!r}")
        if len(hits) > 1:
            raise BaselineError(f"id {ident!r} matches {len(hits)} entries; give more characters")
        return hits

    def mark(self, ident: str, status: str, reason: str) -> list[Entry]:
        """Set the audit status of the entry with this id (or of every entry with this fingerprint)."""
        if status not in STATUSES:
            raise BaselineError(f"status must be one of {', '.join(STATUSES)}")
        if status != "unaudited" and not reason.strip():
            raise BaselineError("a reason is required to mark an entry accepted or false_positive")
        entries = self.find(ident)
        for entry in entries:
            entry.status, entry.reason = status, reason
        return entries

    def stats(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for entry in self.entries.values():
            counts[entry.status] = counts.get(entry.status, 0) + 1
        return counts

    def to_json(self) -> dict:
        entries = sorted(self.entries.values(), key=lambda e: (e.file, e.field, e.entity_type, e.fingerprint))
        return {"handover_scan_baseline": FORMAT_VERSION, "tool_version": self.tool_version,
                "generated_at": self.generated_at, "key_id": self.key_id, "match_key":
                ["entity_type", "fingerprint", "file", "field"], "scanned": self.scanned,
                "entries": [e.as_dict() for e in entries]}


def create(findings: Iterable, key: bytes, scanned: Iterable[str] = (), previous: Baseline | None = None) -> Baseline:
    """A baseline of these findings; audit marks of a previous baseline carry over to the same entries."""
    baseline = Baseline(key_id(key), generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        scanned=[str(s) for s in scanned])
    for finding in findings:
        k = match_key(finding)
        entry = baseline.entries.get(k)
        if entry is None:
            entry = baseline.entries[k] = Entry(*k, category=finding.category, masked_value=finding.masked_value,
                                                conversation=finding.conversation,
                                                data_subject=finding.data_subject,
                                                context=masked_context(finding))
            if previous is not None and k in previous.entries:
                entry.status, entry.reason = previous.entries[k].status, previous.entries[k].reason
        entry.count += 1
    return baseline


def masked_context(finding) -> str:
    """The short context around a finding with the value masked, as the reports show it (the context
    window already masks other findings and long digit runs), on one line."""
    before, after = getattr(finding, "context", ("", "")) or ("", "")
    return " ".join(f"{before}[{finding.masked_value}]{after}".split())


def load(path: Path) -> Baseline:
    """A baseline file; anything malformed is a BaselineError naming the problem (never a traceback,
    never the file's content)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline not found") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or type(exc).__name__}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: cannot read baseline: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: cannot read baseline: malformed JSON at line {exc.lineno} "
                            f"column {exc.colno}") from None
    except RecursionError:
        raise BaselineError(f"{path}: cannot read baseline: JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("handover_scan_baseline") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not a handover-scan baseline (version {FORMAT_VERSION})")
    entries = data.get("entries", [])
    if not isinstance(data.get("key_id"), str) or not isinstance(entries, list):
        raise BaselineError(f"{path}: malformed baseline (key_id must be a string, entries a list)")
    scanned = data.get("scanned", [])
    baseline = Baseline(data["key_id"], generated_at=str(data.get("generated_at", "")),
                        tool_version=str(data.get("tool_version", "")),
                        scanned=[str(s) for s in scanned] if isinstance(scanned, list) else [])
    fields = Entry.__dataclass_fields__
    for number, raw in enumerate(entries, 1):
        if not isinstance(raw, dict):
            raise BaselineError(f"{path}: malformed entry {number}: not an object")
        values = {k: v for k, v in raw.items() if k in fields}
        missing = [k for k in ("entity_type", "fingerprint", "file", "field") if k not in values]
        wrong = [k for k, v in values.items() if not isinstance(v, int if k == "count" else str)
                 or isinstance(v, bool)]
        if missing or wrong:
            raise BaselineError(f"{path}: malformed entry {number}: "
                                + "; ".join(filter(None, (missing and f"missing {', '.join(missing)}",
                                                          wrong and f"wrong type of {', '.join(wrong)}"))))
        entry = Entry(**values)
        if entry.status not in STATUSES:
            raise BaselineError(f"{path}: entry {entry.id}: unknown status (use {', '.join(STATUSES)})")
        baseline.entries[entry.key] = entry
    return baseline


def save(baseline: Baseline, path: Path) -> None:
    from handover_scan.reports.common import private_open

    text = json.dumps(baseline.to_json(), ensure_ascii=False, indent=2) + "\n"
    with private_open(Path(path), follow=True) as f:  # the path the user named, link or not
        f.write(text)
