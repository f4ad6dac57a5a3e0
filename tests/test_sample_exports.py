"""The bundle in sample_exports/ against the answer key its generator wrote (tools/make_samples.py)."""

import csv
import stat

import pandas as pd
import pytest

from conftest import REPO, run_cli
from handover_scan.findings import CSV_COLUMNS
from handover_scan.scan import ScanOptions, scan

SAMPLES = REPO / "sample_exports"


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return run_cli("scan", SAMPLES, "--out", out), out


def expected_spans():
    with open(REPO / "tests" / "fixtures" / "sample_expected.csv", encoding="utf-8") as f:
        return sorted((r["file"], r["locator"], r["field"], r["entity_type"], int(r["start"]), int(r["end"]))
                      for r in csv.DictReader(f))


def test_library_finds_exactly_the_planted_values():
    result = scan([SAMPLES])
    found = sorted((f.file, f.locator, f.field, f.entity_type, f.start, f.end) for f in result.findings)
    assert found == expected_spans()
    assert result.complete and all(f.score >= 0.5 for f in result.findings)


def test_cli_writes_the_same_findings_with_the_fixed_schema(cli_run):
    proc, out = cli_run
    assert proc.returncode == 1, proc.stderr
    raw = (out / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tuple(table.columns) == CSV_COLUMNS
    found = sorted(zip(table.file, table.locator, table.field, table.entity_type, table.start.astype(int),
                       table.end.astype(int)))
    assert found == expected_spans()
    assert set(table.sensitive) <= {"true", "false"}
    assert table[table.entity_type == "MEDICAL"].sensitive.eq("true").all()
    assert table[table.entity_type == "MEDICAL"].category.eq("健康信息").all()


def test_group_findings_are_attributed_to_senders(cli_run):
    _, out = cli_run
    table = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    group = table[table.conversation == "玻尿酸团购群"]
    assert set(group[group.field == "StrContent"].data_subject) >= {"赵姐", "钱小姐", "孙阿姨"}
    one_to_one = table[(table.conversation == "李先生代购") & (table.field == "StrContent")]
    assert set(one_to_one.data_subject) == {"李先生代购"}


def test_report_files_are_owner_only(cli_run):
    _, out = cli_run
    for name in ("findings.csv", "summary.csv"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600


def test_no_raw_value_in_reports_or_output(cli_run):
    proc, out = cli_run
    result = scan([SAMPLES])
    texts = [proc.stdout, proc.stderr, (out / "findings.csv").read_text("utf-8-sig"),
             (out / "summary.csv").read_text("utf-8-sig")]
    # Conversation and people names are shown as the export gives them; a name field's PERSON value
    # (Telegram's first_name Xiaomei, the chat's name) can only be hidden in its own finding.
    shown_names = {f.conversation_raw or f.conversation for f in result.findings} | \
        {f.subject_raw for f in result.findings}
    for finding in result.findings:
        if finding.entity_type == "PERSON" and any(finding.value in n for n in shown_names):
            continue
        if len(finding.value) >= 6:
            assert not any(finding.value in t for t in texts), finding.entity_type


def test_masks_and_fingerprints(cli_run):
    _, out = cli_run
    table = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    phones = table[table.entity_type == "PHONE_NUMBER"].masked_value
    assert phones.str.fullmatch(r"1\d\d\*{4}\d{4}").all()
    ids = table[table.entity_type == "CN_ID_CARD"].masked_value
    assert ids.str.fullmatch(r"\d{6}\*{8}[\dX]{4}").all() and len(ids) == 1
    # the same phone in contacts.csv and in a chat shares a fingerprint
    assert table[table.entity_type == "PHONE_NUMBER"].fingerprint.duplicated().any()
    assert table.fingerprint.str.fullmatch(r"[0-9a-f]{32}").all()


def test_summary_counts(cli_run):
    _, out = cli_run
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig", dtype={"key": str})
    by_type = summary[summary.dimension == "entity_type"].set_index("key").findings.to_dict()
    expected = pd.Series([e[3] for e in expected_spans()]).value_counts().to_dict()
    assert by_type == expected
    assert summary[summary.dimension == "data_subject"].findings.sum() == len(expected_spans())


def test_parallel_workers_find_the_same(tmp_path):
    serial = scan([SAMPLES])
    parallel = scan([SAMPLES], ScanOptions(jobs=2))
    key = lambda f: (f.file, f.locator, f.field, f.start, f.entity_type, f.fingerprint)  # noqa: E731
    assert sorted(map(key, parallel.findings)) == sorted(map(key, serial.findings))
