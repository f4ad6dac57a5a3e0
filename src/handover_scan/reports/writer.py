"""Write the report files a scan asked for: the one entry point the CLI and library callers use.

A report folder never holds a mix of two runs, nor a cut file that looks whole:
- one scan at a time per folder: report_lock() holds an exclusive flock on DIR/.lock (the CLI takes
  it before scanning; write_reports() takes it itself when the caller did not);
- every file is written to a hidden temporary name first; only when all are written are they
  renamed into place, report.json last (it says "report_complete": true), with SIGINT/SIGTERM held
  back for those few renames; files of formats this run did not write are removed then;
- a failure (full disk, an interrupt) removes the temporary files and leaves the previous report.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from handover_scan.reports.common import FILES, ReportData, ReportOptions, prepare_out_dir, private_open
from handover_scan.reports.csv_reports import (write_conversations_csv, write_findings_csv, write_subjects_csv,
                                               write_summary_csv)
from handover_scan.reports.html import html_pages
from handover_scan.reports.json_report import write_report_json
from handover_scan.reports.jsonl import write_findings_jsonl
from handover_scan.reports.sarif import write_sarif
from handover_scan.reports.xlsx import write_xlsx

LOCK_NAME = ".lock"
_TEMP_MARK = ".tmp-"
_held: dict[Path, int] = {}  # report folders this process holds the lock of -> lock fd


class ReportFolderBusy(OSError):
    """Another scan holds the report folder's lock."""


@contextmanager
def report_lock(out: Path) -> Iterator[Path]:
    """Hold DIR/.lock (created 0600) for a scan and its report writing; a second holder is refused at once.

    The lock is advisory (flock): released by the kernel if the process dies, so a killed scan never
    leaves a folder locked. Re-entrant within one process."""
    out = prepare_out_dir(Path(out))
    key = out.resolve()
    if key in _held:
        yield out
        return
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ReportFolderBusy(16, "another scan is writing reports into this folder (its lock file "
                                   f"{LOCK_NAME} is held); wait for it to finish or choose another --out",
                               str(out)) from None
    _held[key] = fd
    try:
        _remove_temporaries(out)  # left by a scan that was killed (SIGKILL, power loss) while writing
        yield out
    finally:
        del _held[key]
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_reports(out: Path, data: ReportData, options: ReportOptions = ReportOptions()) -> list[Path]:
    """Write every format in options.formats into out (created 0700; files 0600). Returns the paths written.

    All or nothing: on any failure the previous report files stay as they were and no new one appears."""
    with report_lock(Path(out)) as out:
        # report.html and its findings pages are rendered first: report.json lists every file of the report;
        # report.html says which of the other files this run writes (where the lists it shortens are whole)
        data.report_files = [name for fmt in options.formats for name in FILES[fmt]]
        pages = (html_pages(data, options.lang, options.show_values, options.html_page_size)
                 if "html" in options.formats else {})
        final = [out / name for fmt in options.formats for name in FILES[fmt]]
        final += [out / name for name in pages if name != "report.html"]
        data.report_files = [path.name for path in final]
        temporary = {path: path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}") for path in final}
        try:
            for fmt in options.formats:
                _write_format(fmt, {path.name: temp for path, temp in temporary.items()}, data, options, pages)
            _commit(out, temporary)
        finally:
            for path in temporary.values():
                path.unlink(missing_ok=True)
        return final


def _write_format(fmt: str, paths: dict[str, Path], data: ReportData, options: ReportOptions,
                  pages: dict[str, str]) -> None:
    """Write one format into its temporary paths (report.html with its findings pages)."""
    if fmt == "csv":
        write_findings_csv(paths["findings.csv"], data.findings, options.show_values, options.csv_headers)
        write_subjects_csv(paths["subjects.csv"], data, options.csv_headers)
        write_summary_csv(paths["summary.csv"], data, options.csv_headers)
        write_conversations_csv(paths["conversations.csv"], data, options.csv_headers)
    elif fmt == "jsonl":
        write_findings_jsonl(paths["findings.jsonl"], data.findings, options.show_values)
    elif fmt == "html":
        for name, text in pages.items():
            with private_open(paths[name]) as f:
                f.write(text)
    elif fmt == "json":
        write_report_json(paths["report.json"], data)
    elif fmt == "sarif":
        write_sarif(paths["report.sarif"], data, options.lang, options.sarif_names)
    elif fmt == "xlsx":
        write_xlsx(paths["report.xlsx"], data, options.lang, options.csv_headers)


def _commit(out: Path, temporary: dict[Path, Path]) -> None:
    """Rename the new files into place (report.json last) and remove the other formats' old files,
    with SIGINT and SIGTERM held back: an interrupt lands before or after, never in between."""
    for path in temporary:
        if path.is_symlink():  # planted in a report's place: refused, as private_open refuses to follow one
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    for path in temporary.values():
        with open(path, "rb") as f:
            os.fsync(f.fileno())  # on disk before the rename makes it visible (a full disk fails here)
    stale = [out / name for names in FILES.values() for name in names if out / name not in temporary]
    stale += [p for p in sorted(out.glob("report-findings-*.html")) if p not in temporary]  # an earlier, larger report's
    order = sorted(temporary, key=lambda p: p.name == "report.json")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        (out / "report.json").unlink(missing_ok=True)  # the old marker goes first: no old "complete" beside new files
        for path in stale:
            path.unlink(missing_ok=True)
        for path in order:
            os.replace(temporary[path], path)
        _fsync_dir(out)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _fsync_dir(out: Path) -> None:
    fd = os.open(out, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_temporaries(out: Path) -> None:
    for path in out.iterdir():
        if path.name.startswith(".") and _TEMP_MARK in path.name and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
