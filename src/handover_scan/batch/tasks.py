"""What runs on a worker: a whole account's scan, or one file of a large account.

Workers load the fingerprint key themselves ($HANDOVER_SCAN_KEY or their key file), so the key
never travels in a task's arguments; every task is given the client's key_id and refuses to run
with another key (a worker restarted or joined after the batch's check would otherwise
fingerprint with its own key). Each worker thread keeps one Analyzer between tasks.
The gate is decided and the report files rendered on the worker too: only their bytes (values
masked unless --show-values) and a roll-up row of counts go back to the client.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from handover_scan.baseline import key_id
from handover_scan.config import Policy
from handover_scan.keys import load_key
from handover_scan.reports.common import ReportOptions

if TYPE_CHECKING:  # Presidio, spaCy and pandas load on the workers; the client need not wait for them
    from handover_scan.engine.analyzer import Analyzer
    from handover_scan.scan import ScanResult


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


def _analyzer(recognizer_dirs: tuple[Path, ...]) -> "Analyzer":
    from handover_scan.engine.analyzer import Analyzer

    cache = getattr(_local, "analyzers", None)
    if cache is None:
        cache = _local.analyzers = {}
    if recognizer_dirs not in cache:
        cache[recognizer_dirs] = Analyzer(extra_dirs=recognizer_dirs)
    return cache[recognizer_dirs]


def warm(recognizer_dirs: tuple[Path, ...]) -> bool:
    """Import Presidio and build this worker's analyzer now, on every worker at once (client.run), instead of
    one worker after another inside their first tasks."""
    _analyzer(recognizer_dirs)
    return True


class Sealed:
    """A task argument shown as `<sealed>` wherever dask prints one (a failed task's arguments go to the
    worker log): file paths and contact names can carry values."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        return "<sealed>"

    __str__ = __repr__

    def __reduce__(self):
        return (Sealed, (self.value,))


@dataclass(frozen=True, repr=False)
class AccountJob:
    """Everything a worker needs for one account, none of it secret (the key stays on the worker).
    Printed (in a worker's log of a failed task) by its masked name only."""

    path: str  # the account's folder or zip
    name: str  # masked: its report folder and its name in the reports
    shown_root: str  # the scanned path as the reports show it (the masked name in place of the folder's)
    policy: Policy
    report_options: ReportOptions
    key_id: str
    recognizer_dirs: tuple[Path, ...] = ()
    exclude: tuple[Path, ...] = ()

    def __repr__(self) -> str:
        return f"AccountJob({self.name!r})"


@dataclass
class AccountReport:
    """What comes back to the client: the report files' bytes and the roll-up row. Values are masked in
    both unless --show-values; findings themselves never leave the workers."""

    files: dict[str, bytes]
    row: dict


def report_account(job: AccountJob) -> AccountReport:
    """The account as `handover-scan scan PATH` scans it, and the reports it would write."""
    from handover_scan.scan import ScanOptions, scan

    key = _key(job.key_id)
    options = ScanOptions(recognizer_dirs=job.recognizer_dirs, key=key, exclude=job.exclude)
    result = scan([Path(job.path)], options, analyzer=_analyzer(job.recognizer_dirs))
    return render(job, result)


def render(job: AccountJob, result: "ScanResult") -> AccountReport:
    """Gate and report files for one account's scan, rendered here and returned as bytes."""
    from handover_scan.batch.rollup import account_row
    from handover_scan.policy import decide
    from handover_scan.reports import ReportData, write_reports

    definitions = _analyzer(job.recognizer_dirs).definitions
    from handover_scan.exports.pathnames import mask_path
    from handover_scan.spool import updating

    masked_path = mask_path(job.path, getattr(result, "name_masks", None) or {})  # as scan() left the roots
    for report in updating(result.files):  # past 1,000 files a spool: the change is written back
        if report.root in (job.path, masked_path):
            report.root = job.shown_root
    decision = decide(result, job.policy, None, definitions.entities)
    data = ReportData(result, decision, definitions, roots=[job.shown_root])
    with tempfile.TemporaryDirectory(prefix="handover-batch-") as tmp:  # 0700, gone when rendered
        written = write_reports(Path(tmp) / "report", data, job.report_options)
        files = {path.name: path.read_bytes() for path in written}
    return AccountReport(files, account_row(job.name, data))


def account_names(job: AccountJob) -> Sealed:
    """The first pass of scan() over a whole account: the names its contact lists and senders reveal
    (a frozenset, sealed)."""
    from handover_scan.engine.names import collect_names
    from handover_scan.scan import ScanResult, iter_records

    definitions = _analyzer(job.recognizer_dirs).definitions
    return Sealed(frozenset(collect_names(iter_records([Path(job.path)], ScanResult(), job.exclude), definitions)))


def scan_account_unit(job: AccountJob, sealed_unit: Sealed, names: Sealed):
    """One unit (a file, or a zip with its members) of an account, with the whole account's names for
    PERSON, as the account's scan reads it (units.scan_unit)."""
    from handover_scan.units import scan_unit

    key = _key(job.key_id)
    analyzer = _analyzer(job.recognizer_dirs)
    analyzer.register_names(names.value, replace=True)
    return scan_unit(sealed_unit.value, analyzer, key)


def masked_account_names(names: Sealed, recognizer_dirs: tuple[Path, ...], expected_key_id: str) -> list[str]:
    """Account folder names (a sealed list) with any value masked (an account named by the owner's phone
    number), done on a worker so the client need not load the analyzer."""
    from handover_scan.scan import masked_name

    names = names.value

    key = _key(expected_key_id)
    analyzer = _analyzer(recognizer_dirs)
    return [masked_name(analyzer, name, key, account_ids(name)) for name in names]


# An account folder is named by the account: a wxid or a QQ number with no WeChat or QQ word beside it, which
# the analyzer (rightly) does not take for an id in running text. In an account folder's name they are one.
_ACCOUNT_ID = re.compile(r"(?<![A-Za-z0-9_\-])(?:(wxid_[A-Za-z0-9_\-]{4,})|[1-9]\d{4,10})(?![A-Za-z0-9_\-])")


def account_ids(name: str) -> tuple[tuple[int, int, str], ...]:
    """The wxids and QQ-like numbers (5-11 digits) in an account folder's name, as masked_name's also.

    >>> account_ids("3403507705@qq"), account_ids("wxid_r7t2v9k3m5"), account_ids("IMG_100012 x")
    (((0, 10, 'QQ_NUMBER'),), ((0, 15, 'WECHAT_ID'),), ())
    """
    return tuple((m.start(), m.end(), "WECHAT_ID" if m.group(1) else "QQ_NUMBER") for m in _ACCOUNT_ID.finditer(name))
