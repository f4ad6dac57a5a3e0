"""Work split by file (handover_scan/units.py): the same findings in the same order whatever --jobs is."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from handover_scan import scan as scan_module
from handover_scan.scan import ScanOptions, scan
from handover_scan.engine.definitions import load_definitions
from handover_scan.units import plan_units, scan_unit, unit_names

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    import realistic

    folder = tmp_path_factory.mktemp("export")
    realistic.make_export(folder, 3000, files=5)
    (folder / "notes.txt").write_text("王女士电话13812345678\n", encoding="utf-8")
    return folder


def _rows(result):
    return [dataclasses.astuple(f) for f in result.findings], [dataclasses.astuple(f) for f in result.files]


def test_same_findings_in_the_same_order_with_any_number_of_jobs(export, monkeypatch):
    one = scan([export], ScanOptions(jobs=1, key=b"k"))
    two = scan([export], ScanOptions(jobs=2, key=b"k"))
    assert len(one.findings) > 50 and len(one.files) == 6
    assert _rows(one) == _rows(two)
    # a file over BIG_UNIT is read here and analyzed by the pool in batches: still the same
    monkeypatch.setattr(scan_module, "BIG_UNIT", 1)
    assert _rows(scan([export], ScanOptions(jobs=2, key=b"k"))) == _rows(one)


def test_units_are_the_files_in_scan_order_and_scan_on_their_own(export):
    from handover_scan.engine.analyzer import Analyzer

    units = plan_units([export])
    assert [u.index for u in units] == list(range(6)) and all(u.path for u in units)
    assert units[0].relpath == "notes.txt" and units[1].relpath == "chat000/chat000_utf8.csv"  # os.walk order
    whole = scan([export], ScanOptions(jobs=1, key=b"k"))
    analyzer = Analyzer()
    definitions = load_definitions()
    analyzer.register_names(set().union(*(unit_names(u, definitions) for u in units)), replace=True)
    parts = [scan_unit(u, analyzer, b"k") for u in units]
    # scan() ends with the people pass (person_id, data_subject): run it on the units' findings too
    from collections import deque

    from handover_scan.people import Identities, attribute
    from handover_scan.scan import ScanResult, iter_records

    merged = ScanResult(findings=[f for p in parts for f in p.findings])
    identities = Identities()
    deque(identities.observe(iter_records([export], ScanResult())), maxlen=0)
    attribute(merged, identities, b"k")
    assert [dataclasses.astuple(f) for f in merged.findings] == _rows(whole)[0]


def test_names_pass_fast_path_finds_what_the_records_hold(export, tmp_path):
    """MemoTrace CSV names come without making records: the same set as collect_names over the records."""
    from handover_scan.engine.names import collect_names
    from handover_scan.scan import ScanResult, iter_records

    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "王女士_utf8.csv").write_text(
        "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n"
        "1,7,1,0,0,1,2,你好,t,王女士-水光针,小王,wxid_a\n"
        "2,7,1,0,1,2,2,   ,t,,,我\n"                      # blank text, names seen: no record, no sender
        "3,7,3,0,0,3,2,[图片],t,,赵姐,wxid_b\n"            # media: only the new NickName makes a record
        "4,7,1,0,0,4\n", encoding="utf-8")                 # a short row
    definitions = load_definitions()
    for folder in (export, odd, REPO / "sample_exports"):
        units = plan_units([folder])
        fast = set().union(*(unit_names(u, definitions) for u in units))
        slow = collect_names(iter_records([folder], ScanResult()), definitions)
        assert fast == slow and fast, folder.name


def test_findings_past_the_spool_threshold_stream_from_a_private_file(export, monkeypatch):
    import os
    import stat

    from handover_scan.spool import FindingSpool

    whole = scan([export], ScanOptions(jobs=1, key=b"k"))
    monkeypatch.setattr(scan_module, "SPOOL_AT", 10)
    spooled = scan([export], ScanOptions(jobs=2, key=b"k"))
    assert isinstance(spooled.findings, FindingSpool) and len(spooled.findings) == len(whole.findings)
    assert [dataclasses.astuple(f) for f in spooled.iter_findings()] == _rows(whole)[0]
    assert dataclasses.astuple(spooled.findings[3]) == dataclasses.astuple(whole.findings[3])
    assert [f.file for f in spooled.files] == [f.file for f in whole.files]
    assert [f.findings for f in spooled.files] == [f.findings for f in whole.files]
    path = spooled.findings.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    spooled.findings.close()
    assert not os.path.exists(os.path.dirname(path))


def test_a_unit_whose_analysis_fails_is_named_in_the_errors(tmp_path, monkeypatch):
    """Bad input or a bug in one file's analysis: an error naming that file, and the rest goes on."""
    import multiprocessing

    from handover_scan import pool

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs fork to patch the workers")
    real = pool.scan_unit

    def failing(unit, analyzer, key):
        if unit.relpath == "a.txt":
            raise ValueError("boom")
        return real(unit, analyzer, key)

    monkeypatch.setattr(pool, "scan_unit", failing)  # the forked workers inherit it
    (tmp_path / "a.txt").write_text("电话13868106871\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("电话13868106871\n", encoding="utf-8")
    result = scan([tmp_path], ScanOptions(key=b"k", jobs=2))
    assert not result.complete
    assert [(r.file, r.error) for r in result.errors] == [("a.txt", "analysis failed (ValueError)")]
    assert [f.file for f in result.findings] == ["b.txt"]
