"""Issue 14, points 3 and 4: names are values (found, counted, masked everywhere); reports are atomic,
locked, free of stale files, and an interrupted run leaves the previous report or none."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import TEST_KEY, raw_anywhere, run_cli
from handover_scan.reports import ReportData, ReportOptions, write_reports
from handover_scan.reports.writer import report_lock
from handover_scan.scan import ScanOptions, ScanResult, scan

PHONE_SPACED = "+86 137 0972 2233"
PHONE = "13709722233"
ID = "110101199003074514"


@pytest.fixture
def named_export(tmp_path):
    root = tmp_path / "export"
    (root / "chats").mkdir(parents=True)
    (root / "chats" / f"WhatsApp Chat with {PHONE_SPACED}.txt").write_text(
        "[2024/1/2 10:00:00] 周小姐: 你好\n", encoding="utf-8")
    with zipfile.ZipFile(root / "bundle.zip", "w") as z:
        z.writestr(f"客户{ID}/notes.txt", "明天见\n")
    return root


def test_values_in_file_folder_and_member_names_are_findings_and_masked(named_export, analyzer):
    result = scan([named_export], ScanOptions(key=b"k"), analyzer=analyzer)
    named = {(f.entity_type, f.field) for f in result.findings if f.format == "name"}
    assert ("PHONE_NUMBER", "file name") in named
    assert ("CN_ID_CARD", "folder name") in named  # a folder inside the archive
    shown = [f.file for f in result.files] + [f.file for f in result.findings]
    assert not any(ID in s or PHONE_SPACED in s or PHONE in s.replace(" ", "") for s in shown), shown


def test_cli_counts_name_values_and_never_shows_them(named_export, tmp_path):
    out = tmp_path / "out"
    run = run_cli("scan", named_export, "--out", out)
    assert run.returncode == 1, run.stderr  # the gate fails on values that are only in names
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["by_entity_type"]["CN_ID_CARD"]["findings"] >= 1
    assert not raw_anywhere(out, run.stdout + run.stderr, [ID, PHONE_SPACED, PHONE])


def test_sheet_names_are_scanned(tmp_path, analyzer):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = PHONE
    book.active.append(["备注"])
    book.active.append(["你好"])
    book.save(tmp_path / "list.xlsx")
    result = scan([tmp_path], ScanOptions(key=b"k"), analyzer=analyzer)
    assert any(f.field == "sheet name" and f.entity_type == "PHONE_NUMBER" for f in result.findings)
    assert not any(PHONE in f.locator for f in result.findings)


def report_data(result=None):
    from handover_scan.engine.definitions import load_definitions
    from handover_scan.policy import Policy, decide

    definitions = load_definitions(())
    result = result or ScanResult()
    return ReportData(result, decide(result, Policy(), None, definitions.entities), definitions, roots=["x"])


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_report_json_marks_completion_and_stale_formats_are_removed(tmp_path):
    write_reports(tmp_path, report_data())
    assert (tmp_path / "findings.csv").exists() and (tmp_path / "report.html").exists()
    write_reports(tmp_path, report_data(), ReportOptions(formats=("json", "jsonl")))
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == ["findings.jsonl", "report.json"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["report_complete"] is True and sorted(report["report_files"]) == ["findings.jsonl", "report.json"]


def test_a_failed_write_leaves_the_previous_report_whole(tmp_path, monkeypatch):
    from handover_scan.reports import writer

    write_reports(tmp_path, report_data())
    before = digest(tmp_path)

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "write_sarif", full_disk)
    with pytest.raises(OSError):
        write_reports(tmp_path, report_data())
    assert digest(tmp_path) == before  # no new file, no cut file, no temporary left


def test_a_second_scan_into_the_same_out_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("hi\n", encoding="utf-8")
    out = tmp_path / "out"
    with report_lock(out):
        run = run_cli("scan", tmp_path / "a.txt", "--out", out)
    assert run.returncode == 2 and "another scan is writing reports into this folder" in run.stderr
    assert "Traceback" not in run.stderr and not (out / "report.json").exists()


def wait_until_locked(lock, process):
    """Until /proc/locks lists a lock on `lock` (taken without touching it: a probe could race the scan's own)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        if lock.exists() and f":{lock.stat().st_ino} " in open("/proc/locks").read():
            time.sleep(1)  # into the walk and the analysis
            return
        time.sleep(0.2)
    pytest.fail("the scan never took its lock")


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="needs /proc/locks (Linux)")
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_scan_exits_cleanly_and_keeps_the_previous_report(tmp_path, signum, code):
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text("你好\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("scan", small, "--out", out, "-q").returncode == 0
    before = digest(out)
    big = tmp_path / "big"
    big.mkdir()
    line = "客户说明天下午三点到，电话是13958202938，地址在上海市徐汇区漕溪北路\n"
    for i in range(40):
        (big / f"part{i}.txt").write_text(line * 2000, encoding="utf-8")
    env = {**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY}
    process = subprocess.Popen([sys.executable, "-m", "handover_scan", "scan", str(big), "--out", str(out), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wait_until_locked(out / ".lock", process)  # the scan holds its lock: past start-up, scanning
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1 and "interrupted" in stderr
    assert digest(out) == before


@pytest.mark.parametrize("folder, file", [
    # minimal inputs the file-name fuzz target found: a value again beside a recognized one, unrecognized
    ("13809722233", "13809722233+86 138 0972 223313809722233"),
    ("d", "京A12345京A12345A"),
])
def test_fuzz_found_names_are_masked_whole(tmp_path, analyzer, folder, file):
    path = tmp_path / folder / f"{file}.txt"
    path.parent.mkdir()
    path.write_text("你好\n", encoding="utf-8")
    result = scan([tmp_path], ScanOptions(key=b"k"), analyzer=analyzer)
    values = {f.value for f in result.findings if f.format == "name"}
    assert values
    shown = [f.file for f in result.files] + [f.file for f in result.findings]
    assert not any(v in s for v in values for s in shown), shown
