"""The accounts of a batch and their report folders.

Each immediate subfolder or zip archive of ACCOUNTS_DIR is one account. Its reports go into
DIR/<name>/, where <name> is the folder or zip name with any value in it masked (an account
folder named after the owner's phone number becomes `139****5678 (75e5ea)`).

A report folder is published atomically: written into a hidden temporary folder in DIR, then
renamed into place, and only then is its completion marker (DIR/.batch/<name>.json) written.
A batch stopped at any moment (Ctrl-C, a crash, power) leaves a report folder either complete
with its marker or without one; `--resume` trusts only the marker.

    >>> sorted(RESERVED)
    ['.batch', 'accounts.csv', 'index.html']
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from handover_scan.exports import printable
from handover_scan.reports.common import prepare_out_dir, private_open

STATE = ".batch"  # completion markers, one per account
TMP_PREFIX = ".tmp-"  # report folders being written; never an account's name (hidden names are not accounts)
RESERVED = frozenset({STATE, "accounts.csv", "index.html"})


@dataclass(frozen=True)
class Account:
    index: int
    path: Path  # the account's folder or zip
    name: str  # printable, values masked: the report folder's name and the account's name in every report

    @property
    def root(self) -> str:
        """The scanned path as reports show it: the masked name in place of the folder's own."""
        return str(self.path.parent / self.name)


def list_accounts(accounts_dir: Path, mask_names: Callable[[list[str]], list[str]] = list,
                  out: Path | None = None) -> list[Account]:
    """Immediate subfolders and zip archives, sorted by name; hidden entries and the report folder left out.
    mask_names masks the values in a list of names (on a worker: the client loads no analyzer).

    >>> import tempfile; d = Path(tempfile.mkdtemp()); (d / "b").mkdir(); (d / "a").mkdir()
    >>> [a.name for a in list_accounts(d, lambda names: [n.upper() for n in names])]
    ['A', 'B']
    """
    accounts_dir = Path(accounts_dir)
    skip = out.resolve() if out is not None else None
    entries = [entry for entry in sorted(accounts_dir.iterdir(), key=lambda p: p.name)
               if not entry.name.startswith(".") and (skip is None or entry.resolve() != skip)
               and (entry.is_dir() or _is_zip(entry))]
    masked = mask_names([printable(entry.name) for entry in entries]) if entries else []
    accounts: list[Account] = []
    used: set[str] = set(RESERVED)
    for entry, base in zip(entries, masked):
        name, n = base, 2
        while name in used:  # two names masked alike, or an account called accounts.csv
            name, n = f"{base} ({n})", n + 1
        used.add(name)
        accounts.append(Account(len(accounts), entry, name))
    return accounts


def _is_zip(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)


def account_bytes(account: Account) -> int:
    """Total size of the account's files (what decides whether it is split by file)."""
    if account.path.is_file():
        return account.path.stat().st_size
    total = 0
    for folder, _dirs, files in os.walk(account.path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def clean_leftovers(out: Path) -> None:
    """Temporary folders an interrupted batch left behind (they never had a marker)."""
    if out.is_dir():
        for entry in out.iterdir():
            if entry.name.startswith(TMP_PREFIX) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def publish(out: Path, account: Account, files: dict[str, bytes]) -> Path:
    """Write an account's report files (name -> bytes) into a temporary folder, then rename it into DIR/<name>/.

    The old marker goes first and the new one comes last (mark_complete), so no moment has a
    marker beside a report that is not whole."""
    out = prepare_out_dir(out)
    drop_marker(out, account)
    tmp = out / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    final = out / account.name
    try:
        prepare_out_dir(tmp)
        for name, data in files.items():
            with private_open(tmp / Path(name).name, "wb") as f:
                f.write(data)
        if final.is_symlink() or final.is_file():
            raise FileExistsError(17, "exists and is not a report folder (not replaced)", str(final))
        if final.exists():
            old = out / f"{TMP_PREFIX}{uuid.uuid4().hex}"
            os.rename(final, old)
            os.rename(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _marker(out: Path, account: Account) -> Path:
    return out / STATE / f"{account.name}.json"


def drop_marker(out: Path, account: Account) -> None:
    try:
        _marker(out, account).unlink()
    except FileNotFoundError:
        pass


def mark_complete(out: Path, account: Account, settings_digest: str, row: dict) -> None:
    """The completion marker: the settings the report was made with and its roll-up row (no values)."""
    state = prepare_out_dir(out / STATE)
    tmp = state / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    with private_open(tmp) as f:
        json.dump({"settings": settings_digest, "row": row}, f, ensure_ascii=False)
    os.replace(tmp, _marker(out, account))


def completed_row(out: Path, account: Account, settings_digest: str) -> dict | None:
    """The roll-up row of a complete report made with the same settings, else None (scan it again)."""
    try:
        data = json.loads(_marker(out, account).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (out / account.name).is_dir() or data.get("settings") != settings_digest:
        return None
    return data.get("row")
