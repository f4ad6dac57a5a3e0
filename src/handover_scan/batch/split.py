"""A large account spread over the cluster by file, with findings identical to a plain scan, in its order.

`submit_account_by_file` is the one place that knows how an account is cut into tasks, on the engine's
unit API (handover_scan/units.py): plan_units lists the account's units (one file on disk each, a zip
with its members; the order scan() reads them in), one task scans each unit (scan_unit), the account's
names are collected once by a task of their own (PERSON needs the whole account's contact names in
every file), and a last task merges the unit results in unit order (merge_unit) and renders the reports.
Unit results are plain lists, so they travel between machines (a scan() result past its spool limit
would point at a file on one worker's disk). When the engine can cut a file into chunks, this is what changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # units.py loads Presidio: only an account that is split needs it on the client
    from handover_scan.units import UnitResult, WorkUnit


def plan_account(root: Path, exclude: tuple[Path, ...] = ()) -> "list[WorkUnit]":
    """The account's units in scan order (cheap: a walk, nothing decoded)."""
    from handover_scan.units import plan_units

    return plan_units([Path(root)], exclude)


def combine_and_render(job, *pieces: "UnitResult"):
    """The unit results merged in unit order, as one scan of the account, then its reports."""
    from handover_scan.batch.tasks import _key, render
    from handover_scan.scan import ScanResult, finish_scan, merge_unit

    result = ScanResult()
    for piece in sorted(pieces, key=lambda p: p.index):
        merge_unit(result, piece)
    finish_scan(result, [Path(job.path)], job.exclude, _key(job.key_id))  # the end of scan(), shared with it
    return render(job, result)


def submit_account_by_file(client, index: str, job, units: "list[WorkUnit]", retries: int):
    """Submit one task per unit of the account, one for its names and one that merges and renders; returns
    the last one's future. Task keys name the account and unit by number only (index: the account's number
    and the batch's token; never a path, a value or the key)."""
    from handover_scan.batch.tasks import Sealed, account_names, scan_account_unit

    names = client.submit(account_names, job, key=f"names-account-{index}", retries=retries)
    pieces = [client.submit(scan_account_unit, job, Sealed(unit), names, key=f"scan-account-{index}-file-{unit.index}",
                            retries=retries) for unit in units]
    return client.submit(combine_and_render, job, *pieces, key=f"scan-account-{index}", retries=retries)
