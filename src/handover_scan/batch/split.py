"""A large account spread over the cluster by file, with findings identical to a plain scan, in its order.

`submit_account_by_file` is the one place that knows how an account is cut into tasks: list the
files with exports.iter_sources (the order scan() reads them in), one task per file (a zip with
its members is one file), the account's names collected once by a task of their own (PERSON
needs the whole account's contact names in every file), and a last task that concatenates the
pieces in the listing order and renders the reports. Files iter_sources reports without reading them (broken links,
pipes, links out of the account, folders it cannot list) are reported here as scan() reports them.
When the engine can cut a file into chunks, this function is what changes.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scan.py loads Presidio: only an account that is split needs it on the client
    from handover_scan.scan import FileReport, ScanResult


def plan_files(root: Path, exclude: tuple[Path, ...] = ()) -> "list[str | FileReport] | None":
    """The account's files in scan order: relpaths to scan (one per file on disk), or the FileReport scan()
    would make for an entry it does not read. None when the account cannot be cut by file (a single zip,
    a name that does not map back to a path) and must be scanned whole."""
    from handover_scan.exports import FileError, SkippedFile, iter_sources
    from handover_scan.scan import FileReport

    root = Path(root)
    if not root.is_dir():
        return None
    plan: list[str | FileReport] = []
    try:
        for item in iter_sources(root, exclude):
            rel = getattr(item, "relpath", None) or item.file
            disk = _disk_part(root, rel)
            if isinstance(item, (FileError, SkippedFile)) and disk == rel:  # not read (a link out, a pipe ...)
                report = FileReport(rel, str(root))
                if isinstance(item, FileError):
                    report.error = item.error
                else:
                    report.skipped = item.reason
                plan.append(report)
                continue
            if not (root / disk).is_file():
                return None
            if not plan or plan[-1] != disk:  # the members of one zip come one after the other
                plan.append(disk)
    except Exception:  # noqa: BLE001 - a walk that breaks: scan() reports it, so scan the account whole
        return None
    return plan


def _disk_part(root: Path, rel: str) -> str:
    """`sub/a.zip!inner/x.csv` -> `sub/a.zip`; a plain path stays as it is."""
    if "!" in rel and not (root / rel).exists():
        head = rel.split("!", 1)[0]
        if (root / head).is_file():
            return head
    return rel


def combine(plan: "list[str | FileReport]", *pieces: "ScanResult") -> "ScanResult":
    """The pieces in plan order, as one scan of the account: findings and file list in the same order."""
    from handover_scan.scan import FileReport, ScanResult

    result = ScanResult()
    it = iter(pieces)
    for step in plan:
        if isinstance(step, FileReport):
            result.files.append(step)
            continue
        piece = next(it)
        result.findings.extend(piece.findings)
        result.files.extend(piece.files)
    return result


def combine_and_render(job, plan, *pieces: "ScanResult"):
    from handover_scan.batch.tasks import render

    return render(job, combine(plan.value, *pieces))


def submit_account_by_file(client, index: str, job, plan: "list[str | FileReport]", retries: int):
    """Submit one task per file of the account and one that joins them and renders the reports; returns
    the last one's future. Task keys name the account and file by number only (index: the account's number
    and the batch's token; never a path, a value or the key)."""
    from handover_scan.batch.tasks import Sealed, account_names, scan_file

    names = client.submit(account_names, job, key=f"names-account-{index}", retries=retries)
    pieces = [client.submit(scan_file, job, Sealed(step), names, key=f"scan-account-{index}-file-{n}",
                            retries=retries)
              for n, step in enumerate(plan) if isinstance(step, str)]
    return client.submit(combine_and_render, job, Sealed(plan), *pieces, key=f"scan-account-{index}",
                         retries=retries)
