"""What runs on a worker: a whole account's scan, or one file of a large account.

Workers load the fingerprint key themselves ($HANDOVER_SCAN_KEY or their key file), so the key
never travels in a task's arguments; every task is given the client's key_id and refuses to run
with another key (a worker restarted or joined after the batch's check would otherwise
fingerprint with its own key). Each worker thread keeps one Analyzer between tasks.
Raw values are dropped before a result leaves the worker unless --show-values asked for them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from handover_scan.baseline import key_id
from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.names import collect_names
from handover_scan.keys import load_key
from handover_scan.scan import ScanOptions, ScanResult, iter_records, scan


class KeyMismatch(RuntimeError):
    """This worker's fingerprint key is not the client's (names key ids only, never the key)."""


_local = threading.local()


def worker_key_id() -> str:
    """key_id of the key this worker would use (for client.run); a key that cannot load, as an error."""
    try:
        return key_id(load_key())
    except (ValueError, OSError) as exc:
        return f"error: {exc}"


def _key(expected_key_id: str) -> bytes:
    key = load_key()
    if key_id(key) != expected_key_id:
        raise KeyMismatch(f"worker key id {key_id(key)} differs from the client's {expected_key_id}")
    return key


def _analyzer(recognizer_dirs: tuple[Path, ...]) -> Analyzer:
    cache = getattr(_local, "analyzers", None)
    if cache is None:
        cache = _local.analyzers = {}
    if recognizer_dirs not in cache:
        cache[recognizer_dirs] = Analyzer(extra_dirs=recognizer_dirs)
    return cache[recognizer_dirs]


class _AccountNames(Analyzer):
    """Scanning one file of an account, PERSON must know the whole account's names (a contact list in
    another file names the people mentioned here); scan() would register only this file's."""

    def __init__(self, base: Analyzer, names: frozenset[str]):  # noqa: super().__init__ not called: a view
        self.__dict__.update(base.__dict__)
        self._names = names

    def register_names(self, names, replace: bool = False) -> int:
        return super().register_names(self._names, replace=True)


def _strip(result: ScanResult, keep_values: bool) -> ScanResult:
    if not keep_values:
        for finding in result.findings:
            finding.value = ""
    return result


def scan_account(path: str, recognizer_dirs: tuple[Path, ...], exclude: tuple[Path, ...], expected_key_id: str,
                 keep_values: bool) -> ScanResult:
    """The account as `handover-scan scan PATH` scans it."""
    key = _key(expected_key_id)
    options = ScanOptions(recognizer_dirs=recognizer_dirs, key=key, exclude=exclude)
    return _strip(scan([Path(path)], options, analyzer=_analyzer(recognizer_dirs)), keep_values)


def account_names(path: str, recognizer_dirs: tuple[Path, ...], exclude: tuple[Path, ...]) -> frozenset[str]:
    """The first pass of scan() over a whole account: the names its contact lists and senders reveal."""
    definitions = _analyzer(recognizer_dirs).definitions
    return frozenset(collect_names(iter_records([Path(path)], ScanResult(), exclude), definitions))


def scan_file(root: str, relpath: str, names: frozenset[str], recognizer_dirs: tuple[Path, ...],
              exclude: tuple[Path, ...], expected_key_id: str, keep_values: bool) -> ScanResult:
    """One file (or zip, with its members) of an account, as the account's scan reports it: paths relative
    to the account's root, PERSON with the account's names."""
    key = _key(expected_key_id)
    options = ScanOptions(recognizer_dirs=recognizer_dirs, key=key, exclude=exclude)
    analyzer = _AccountNames(_analyzer(recognizer_dirs), names)
    result = scan([Path(root) / relpath], options, analyzer=analyzer)
    prefix = relpath.rpartition("/")[0]
    if prefix:  # scan() of a single file names it by its own name; the account's scan by its path
        for finding in result.findings:
            finding.file = f"{prefix}/{finding.file}"
        for report in result.files:
            report.file = f"{prefix}/{report.file}"
    for report in result.files:
        report.root = root
    return _strip(result, keep_values)
