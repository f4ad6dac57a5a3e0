"""Issue 14 point 5: 100,000 small files need no more memory than 1,000.

Past scan.FILES_IN_MEMORY the plan of units and the file reports go to a spool on disk (spool.py), and what
the identities keep does not grow per file. These tests fail on a scan that keeps a FileReport (or a
WorkUnit) per file in a list: ~0.3 KB a file retained, ~0.5 KB a file at the peak."""

from __future__ import annotations

import gc
import sys
import json
import random
import tracemalloc
from dataclasses import astuple

import pytest

import handover_scan.engine.analyzer as analyzer_module
import handover_scan.scan as scan_module
from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.definitions import load_definitions
from handover_scan.scan import ScanOptions, scan
from handover_scan.spool import FindingSpool, spilled, updating
from tests.synth import id_number, mobile

KEY = b"m" * 32


def _notes(folder, n: int):
    folder.mkdir()
    for i in range(n):
        (folder / f"note{i:06d}.txt").write_text("你好，今天天气不错。\n", encoding="utf-8")
    return folder


def _traced(analyzer, folder) -> tuple[int, int]:
    """(retained with the result alive, peak) bytes traced while scanning folder in this process."""
    gc.collect()
    tracemalloc.start()
    try:
        result = scan([folder], ScanOptions(key=KEY, jobs=1), analyzer=analyzer)
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.files) == len(list(folder.iterdir()))  # every file is still listed
    return current, peak


def test_ten_times_the_files_need_no_more_memory(tmp_path, monkeypatch):
    # the analyzer's results of texts seen before (file names are texts too) are a cache bounded by
    # SEEN_LIMIT, whatever the number of files: kept below the small folder's size so only the scan's own
    # per-file state is measured
    monkeypatch.setattr(analyzer_module, "SEEN_LIMIT", 100)
    analyzer = Analyzer(load_definitions(()))
    small, large = _notes(tmp_path / "small", 400), _notes(tmp_path / "large", 4_000)
    _traced(analyzer, small)  # caches filled, lazy imports done: not what is measured
    # pathlib interns every path part (sys.intern): CPython's table of interned strings, not the scan's, grows by
    # the new names and, when it resizes during the measured scan, shows as one allocation of a few MiB
    interned = [sys.intern(path.name) for folder in (small, large) for path in folder.iterdir()]  # kept alive
    small_current, small_peak = _traced(analyzer, small)
    large_current, large_peak = _traced(analyzer, large)
    # a list of reports and units costs ~0.3 KB (retained) and ~0.5 KB (peak) a file: 1.0 and 1.8 MiB here.
    # What may grow at the peak is the walk's sorted listing of the one folder being walked (~100 B a file:
    # bounded by the biggest folder, not by the number of files; 360 KiB here).
    assert large_current < small_current + (256 << 10), (small_current, large_current)
    assert large_peak < small_peak + (640 << 10), (small_peak, large_peak)
    assert len(interned) == 4_400


@pytest.fixture
def export(tmp_path):
    rng = random.Random(14)
    root = tmp_path / "export"
    root.mkdir()
    for i in range(25):
        text = f"客户电话{mobile(rng)}\n" if i % 3 == 0 else "好的\n"
        (root / f"chat{i:02d}.txt").write_text(text, encoding="utf-8")
    (root / f"客户{id_number(rng)}.txt").write_text(f"身份证 {id_number(rng)}\n", encoding="utf-8")  # a name masked
    (root / "broken.json").write_text('{"messages": [', encoding="utf-8")
    return root


def test_spooled_file_reports_are_the_listed_ones(export, monkeypatch):
    """The same file reports (counts, masked names, errors) and findings whether they were spooled or not."""
    listed = scan([export], ScanOptions(key=KEY, jobs=1))
    monkeypatch.setattr(scan_module, "FILES_IN_MEMORY", 4)
    spooled = scan([export], ScanOptions(key=KEY, jobs=1))
    assert isinstance(listed.files, list) and isinstance(spooled.files, FindingSpool)
    assert [astuple(r) for r in spooled.files] == [astuple(r) for r in listed.files]
    assert any(r.findings for r in spooled.files) and any(r.error for r in spooled.files)
    assert not any(r.file.startswith("客户") and "*" not in r.file for r in spooled.files)  # the ID in it masked
    assert [f.row() for f in spooled.findings] == [f.row() for f in listed.findings]
    assert spooled.errors and [astuple(r) for r in spooled.errors] == [astuple(r) for r in listed.errors]


def test_spooled_file_reports_reach_report_json(export, tmp_path, monkeypatch):
    from handover_scan.config import load_policy
    from handover_scan.policy import decide
    from handover_scan.reports import ReportData, ReportOptions, write_reports

    monkeypatch.setattr(scan_module, "FILES_IN_MEMORY", 4)
    result = scan([export], ScanOptions(key=KEY, jobs=1))
    definitions = load_definitions(())
    data = ReportData(result, decide(result, load_policy(None), None, definitions.entities), definitions)
    write_reports(tmp_path / "out", data, ReportOptions(formats=("json",)))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [(f["file"], f["findings"]) for f in report["files"]] == [(r.file, r.findings) for r in result.files]
    assert report["totals"]["files"] == 27 and report["totals"]["files_with_errors"] == 1


def test_updating_writes_changes_back_and_spilled_keeps_small_lists():
    assert spilled(iter([1, 2]), 5) == [1, 2]
    spool = spilled(iter([[i] for i in range(50)]), 5)
    assert isinstance(spool, FindingSpool) and len(spool) == 50
    for item in updating(spool):
        item.append("changed")
    assert list(spool) == [[i, "changed"] for i in range(50)]
    for item in updating(spool):
        break  # left early: nothing written back, nothing lost
    assert len(spool) == 50 and spool[49] == [49, "changed"]


def test_spooled_units_and_reports_in_the_pool(export, monkeypatch):
    """With worker processes the spooled plan and reports give what one process gives (order, counts)."""
    listed = scan([export], ScanOptions(key=KEY, jobs=1))
    monkeypatch.setattr(scan_module, "FILES_IN_MEMORY", 4)
    monkeypatch.setattr(scan_module, "SMALL_SCAN", 0)
    pooled = scan([export], ScanOptions(key=KEY, jobs=2))
    assert isinstance(pooled.files, FindingSpool)
    assert [astuple(r) for r in pooled.files] == [astuple(r) for r in listed.files]
    assert [f.row() for f in pooled.findings] == [f.row() for f in listed.findings]


def test_a_rewritten_spool_leaves_no_file_behind():
    """updating() writes a new file in place of the old one: the old one goes at once, the new one with the spool."""
    import os

    spool = spilled(iter([[i] for i in range(20)]), 5)
    old = spool.path
    for item in updating(spool):
        item.append(0)
    new = spool.path
    assert new != old and not os.path.exists(old) and os.path.exists(new)
    assert oct(os.stat(new).st_mode & 0o777) == "0o600" and oct(os.stat(os.path.dirname(new)).st_mode & 0o777) == "0o700"
    spool.close()
    assert not os.path.exists(os.path.dirname(new))
