"""Issue 14, point 3, the parts that were missing: the folder given on the command line is a name too
(counted once, gated, masked everywhere), a folder's name counts once however many files it holds, and
files the pool reads in batches (over scan.BIG_UNIT) have their names scanned as well."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest

from conftest import raw_anywhere, run_cli
from handover_scan import scan as scan_module
from handover_scan.exports.pathnames import root_name_records
from handover_scan.scan import ScanOptions, scan
from handover_scan.units import plan_units

PHONE = "13709722233"
PHONE_SHOWN = "137****2233"
ID = "110101199003074514"
ROOT = f"王小美{PHONE}的微信"


@pytest.fixture
def export(tmp_path):
    """A root folder named after a customer (with her phone), holding a folder with an ID number in its
    name and three chats, and a chat beside it."""
    root = tmp_path / ROOT
    (root / f"客户{ID}").mkdir(parents=True)
    for i in range(3):
        (root / f"客户{ID}" / f"chat{i}.txt").write_text("你好\n", encoding="utf-8")
    (root / "notes.txt").write_text("明天见\n", encoding="utf-8")
    return root


def name_findings(result, field=None):
    return [f for f in result.findings if f.format == "name" and (field is None or f.field == field)]


def test_the_scanned_folders_own_name_is_a_finding_and_masked(export, analyzer):
    result = scan([export], ScanOptions(key=b"k"), analyzer=analyzer)
    phones = [f for f in name_findings(result, "folder name") if f.entity_type == "PHONE_NUMBER"]
    assert len(phones) == 1 and phones[0].value == PHONE
    assert all(PHONE not in r.root and PHONE not in r.file for r in result.files)
    assert PHONE_SHOWN in result.files[0].root
    assert PHONE not in phones[0].file


def test_a_folder_name_counts_once_however_many_files_it_holds(export, analyzer):
    result = scan([export], ScanOptions(key=b"k"), analyzer=analyzer)
    ids = [f for f in name_findings(result) if f.entity_type == "CN_ID_CARD"]
    assert len(ids) == 1, [(f.file, f.field) for f in ids]  # one folder, three files: one finding


def test_same_name_findings_whatever_the_number_of_jobs(export):
    one = scan([export], ScanOptions(jobs=1, key=b"k"))
    two = scan([export], ScanOptions(jobs=2, key=b"k"))
    rows = [[dataclasses.astuple(f) for f in r.findings] for r in (one, two)]
    assert rows[0] == rows[1] and len(name_findings(one)) == 2


def test_files_the_pool_reads_in_batches_have_their_names_scanned(tmp_path, monkeypatch):
    """A file over BIG_UNIT is read by the main process and analyzed by the pool batch by batch: its file
    name (and the folders above it) must be scanned there too. BIG_UNIT lowered instead of a 64 MiB file."""
    root = tmp_path / "export"
    (root / f"客户{ID}").mkdir(parents=True)
    (root / f"客户{ID}" / f"WhatsApp Chat with +86 137 0972 2233.txt").write_text(
        "[2024/1/2 10:00:00] 周小姐: 你好\n", encoding="utf-8")
    (root / "notes.txt").write_text("明天见\n", encoding="utf-8")
    small = scan([root], ScanOptions(jobs=2, key=b"k"))
    monkeypatch.setattr(scan_module, "BIG_UNIT", 1)
    big = scan([root], ScanOptions(jobs=2, key=b"k"))
    assert {(f.entity_type, f.field) for f in name_findings(big)} >= {("PHONE_NUMBER", "file name"),
                                                                      ("CN_ID_CARD", "folder name")}
    assert [dataclasses.astuple(f) for f in big.findings] == [dataclasses.astuple(f) for f in small.findings]
    assert not any(PHONE in f.file or ID in f.file for f in big.files)


def test_an_empty_folder_is_still_scanned_for_its_name(tmp_path, analyzer):
    root = tmp_path / ROOT
    root.mkdir()
    units = plan_units([root])
    assert len(units) == 1 and units[0].path is None and units[0].names
    result = scan([root], ScanOptions(key=b"k"), analyzer=analyzer)
    assert [f.entity_type for f in name_findings(result)] == ["PHONE_NUMBER"]
    assert result.files == []  # a name is no file: nothing listed as read


def test_root_name_record_is_the_folder_as_given_or_its_real_name():
    assert [(r.file, r.text) for r in root_name_records(f"/data/{ROOT}", ROOT)] == [(ROOT, ROOT)]
    assert [(r.file, r.text) for r in root_name_records(".", ROOT)] == [(ROOT, ROOT)]
    # the folders above it are the operator's; an ASCII name costs nothing
    assert root_name_records(f"/home/u{PHONE}/export", "export") == ()


def test_cli_counts_the_root_name_and_never_shows_it(export, tmp_path):
    out = tmp_path / "out"
    run = run_cli("scan", export, "--out", out)
    assert run.returncode == 1, run.stderr  # values only in names: the gate fails
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["by_entity_type"]["PHONE_NUMBER"]["findings"] == 1
    assert report["totals"]["by_entity_type"]["CN_ID_CARD"]["findings"] == 1
    assert all(PHONE not in root for root in report["roots"]) and PHONE_SHOWN in report["roots"][0]
    assert not raw_anywhere(out, run.stdout + run.stderr, [PHONE, ID])


def test_cli_scan_dot_counts_the_folders_real_name(export, tmp_path):
    out = tmp_path / "out"
    run = run_cli("scan", ".", "--out", out, "--format", "json", cwd=export)
    assert run.returncode == 1, run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["by_entity_type"]["PHONE_NUMBER"]["findings"] == 1
    assert not raw_anywhere(out, run.stdout + run.stderr, [PHONE, ID])
    assert os.path.isdir(export)  # nothing moved or removed


def test_baseline_file_shows_the_scanned_folder_masked(export, tmp_path):
    base = tmp_path / "baseline.json"
    run = run_cli("baseline", "create", export, "-o", base)
    assert run.returncode == 0, run.stderr
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["scanned"] and PHONE_SHOWN in data["scanned"][0]
    assert not raw_anywhere(tmp_path / "none", base.read_text(encoding="utf-8") + run.stdout + run.stderr, [PHONE, ID])


def test_a_folder_name_with_an_exclamation_mark_is_masked_whole(tmp_path, analyzer):
    """`!` separates an archive from its members in a path, so a folder `客户!<ID>` is two names, as the
    masking reads it: the ID number was masked at the wrong offsets (`客户!110110101********4514`)."""
    root = tmp_path / f"王!{PHONE}的微信"
    (root / f"客户!{ID}").mkdir(parents=True)
    for i in range(2):
        (root / f"客户!{ID}" / f"c{i}.txt").write_text("你好\n", encoding="utf-8")
    result = scan([root], ScanOptions(key=b"k"), analyzer=analyzer)
    assert [f.entity_type for f in name_findings(result)] == ["PHONE_NUMBER", "CN_ID_CARD"]
    masked_id = next(f for f in result.findings if f.entity_type == "CN_ID_CARD").masked_value
    assert all(r.file.startswith(f"客户!{masked_id} (") for r in result.files), [r.file for r in result.files]
    assert result.files[0].root.endswith(f"王!{PHONE_SHOWN} (" + result.files[0].root.split(" (")[1])


def test_a_link_to_the_export_is_scanned_under_both_names(tmp_path, analyzer, export):
    """The reports show the link's name; the folder handed over has its own: both are scanned."""
    other = "13709722299"
    link = tmp_path / f"客户{other}"
    link.symlink_to(export, target_is_directory=True)
    result = scan([link], ScanOptions(key=b"k"), analyzer=analyzer)
    phones = {f.value for f in name_findings(result, "folder name") if f.entity_type == "PHONE_NUMBER"}
    assert phones == {other, PHONE}
    assert all(other not in r.root and PHONE not in r.root for r in result.files), result.files[0].root


@pytest.mark.parametrize("how", ["dot", "link"])
def test_sarif_scan_root_uri_never_shows_the_folders_real_name(export, tmp_path, how):
    """SARIF's SCANROOT base is the scanned folder's absolute path: after `scan .` or through a link, the
    folder's real name (scanned, and holding a value) was written raw there."""
    out = tmp_path / "out"
    if how == "dot":
        run = run_cli("scan", ".", "--out", out, "--format", "sarif", cwd=export)
    else:
        link = tmp_path / "export-link"
        link.symlink_to(export, target_is_directory=True)
        run = run_cli("scan", link, "--out", out, "--format", "sarif")
    assert run.returncode == 1, run.stderr
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["originalUriBaseIds"]["SCANROOT"]["uri"]  # the base is still given
    assert not raw_anywhere(out, run.stdout + run.stderr, [PHONE, ID])


def test_a_baseline_matches_the_root_name_however_the_folder_is_given(export, tmp_path):
    """The root name's finding is keyed in a baseline by its file: it was the path as given, so a baseline
    made with `/abs/<folder>` failed the gate of `scan <folder>` or `scan .` on that same, unchanged name."""
    base = tmp_path / "baseline.json"
    run = run_cli("baseline", "create", export.absolute(), "-o", base)
    assert run.returncode == 0, run.stderr
    for given, cwd in ((export.name, export.parent), (".", export)):
        run = run_cli("scan", given, "--baseline", base, "--out", tmp_path / "out", "--format", "json", cwd=cwd)
        assert run.returncode == 0, (given, run.stdout, run.stderr)
