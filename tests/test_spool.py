"""The findings spool (spool.py) holds raw values on disk: private, and gone on every way out."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from handover_scan.spool import FindingSpool

HOLD = textwrap.dedent("""
    import sys, time
    from handover_scan.spool import FindingSpool
    spool = FindingSpool()
    spool.extend(["13812345678"] * 3)
    spool._flush(); spool._file.flush()
    print(spool.path, flush=True)
    sys.stdin.readline()  # until the test has seen the file
    {then}
""")


def _default_signals() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _run_until_spooled(then: str) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen([sys.executable, "-c", HOLD.format(then=then)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=_default_signals)  # a test run under nohup would pass SIGHUP ignored
    path = child.stdout.readline().strip()
    assert path and os.path.exists(path), child.stderr.read()
    child.stdin.write("go\n")
    child.stdin.flush()
    return child, path


def test_the_spool_is_private():
    spool = FindingSpool()
    try:
        assert stat.S_IMODE(os.stat(spool.path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(spool.path)).st_mode) == 0o700
    finally:
        spool.close()
    assert not os.path.exists(os.path.dirname(spool.path))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_removes_the_spool(signum):
    """atexit does not run when a process is terminated by a signal: the spool handles SIGTERM itself."""
    child, path = _run_until_spooled("time.sleep(60)")
    child.send_signal(signum)
    child.wait(timeout=30)
    assert child.returncode == -signum  # still dies of the signal, as the caller expects
    assert not os.path.exists(os.path.dirname(path))


def test_an_exception_removes_the_spool():
    child, path = _run_until_spooled("raise RuntimeError('boom')")
    child.wait(timeout=30)
    assert child.returncode == 1
    assert not os.path.exists(os.path.dirname(path))


def test_the_spool_is_never_inside_the_scanned_folder(tmp_path, monkeypatch):
    """TMPDIR inside the export (a scan of a home folder): the spool goes elsewhere, not into the input."""
    import tempfile
    from pathlib import Path

    from handover_scan import scan as scan_module
    from handover_scan.scan import ScanOptions, scan

    export = tmp_path / "export"
    (export / "tmp").mkdir(parents=True)
    (export / "notes.txt").write_text("王女士电话13812345678\n邮箱 wang.li@example.com\n", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(export / "tmp"))
    monkeypatch.setattr(scan_module, "SPOOL_AT", 0)
    result = scan([export], ScanOptions(jobs=1, key=b"k"))
    assert isinstance(result.findings, FindingSpool)
    try:
        assert export.resolve() not in Path(result.findings.path).resolve().parents
        assert len(list(result.iter_findings())) == len(result.findings) >= 2
    finally:
        result.findings.close()


def test_without_a_temporary_folder_outside_the_input_findings_stay_in_memory(tmp_path, monkeypatch):
    """Scanning / (every temporary folder inside the input) or a full disk: the scan still completes."""
    from handover_scan import scan as scan_module
    from handover_scan import spool
    from handover_scan.scan import ScanOptions, scan

    def nowhere(avoid=()):
        raise OSError("no temporary folder outside the scanned paths")

    monkeypatch.setattr(spool, "temp_base", nowhere)
    monkeypatch.setattr(scan_module, "SPOOL_AT", 0)
    (tmp_path / "notes.txt").write_text("王女士电话13812345678\n邮箱 wang.li@example.com\n", encoding="utf-8")
    result = scan([tmp_path], ScanOptions(jobs=1, key=b"k"))
    assert isinstance(result.findings, list) and len(result.findings) >= 2 and result.complete
