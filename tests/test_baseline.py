"""Baselines: create, re-export with rows moved (still passes), one new phone (fails), keys, audit."""

import csv
import io
import json

import pytest

from conftest import run_cli
from handover_scan import baseline as baselines
from handover_scan.scan import ScanOptions, scan
from synth import id_number, mobile

HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]


def chat_csv(messages):
    """A MemoTrace-style group chat: (sender, text) per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i, (sender, text) in enumerate(messages, 1):
        writer.writerow([100 + i, 8, 1, 0, 0, 1704790000 + i, 2, text, "2024-09-02 11:01:17", sender, sender,
                         f"wxid_{sender}"])
    return "\ufeff" + out.getvalue()


@pytest.fixture
def messages(rng):
    return [("赵姐", f"我手机{mobile(rng)}，到了打给我"), ("钱小姐", "好的收到"),
            ("孙阿姨", f"身份证号{id_number(rng)}，帮我登记"), ("赵姐", f"备用手机号{mobile(rng)}"),
            ("周先生", "明天几点发货")]


def export(folder, messages):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "团购群_utf8.csv").write_text(chat_csv(messages), encoding="utf-8")
    return folder


def test_round_trip_rows_moved_passes_new_phone_fails(tmp_path, messages, rng):
    first = export(tmp_path / "v1", messages)
    base = tmp_path / ".handover-baseline.json"
    proc = run_cli("baseline", "create", first, "-o", base)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(base.read_text("utf-8"))
    # 3 planted values, and each of the 4 senders' names in the Remark and NickName columns (issue 10 point 4)
    entries = data["entries"]
    assert len([e for e in entries if e["entity_type"] != "PERSON"]) == 3 and len(entries) == 3 + 8
    assert data["match_key"] == ["entity_type", "fingerprint", "file", "field"]

    # re-export: same messages, other order, extra chatter in between: rows and localIds move
    moved = [("周先生", "在吗")] + list(reversed(messages)) + [("钱小姐", "谢谢")]
    second = export(tmp_path / "v2", moved)
    assert run_cli("scan", second, "--out", tmp_path / "o0", "-f", "json").returncode == 1  # without baseline
    proc = run_cli("scan", second, "--out", tmp_path / "o1", "--baseline", base, "-f", "json", "-f", "sarif")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "o1" / "report.json").read_text("utf-8"))
    assert report["gate"]["status_counts"] == {"baseline": 11} and report["gate"]["baseline_used"]
    sarif = json.loads((tmp_path / "o1" / "report.sarif").read_text("utf-8"))
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"unchanged"}

    # one new phone number fails, and only it and the new sender's name (Remark and NickName) count
    new_phone = mobile(rng)
    third = export(tmp_path / "v3", moved + [("吴女士", f"我的电话{new_phone}")])
    proc = run_cli("scan", third, "--out", tmp_path / "o2", "--baseline", base, "-f", "json", "-f", "sarif")
    assert proc.returncode == 1
    report = json.loads((tmp_path / "o2" / "report.json").read_text("utf-8"))
    assert report["gate"]["failing_findings"] == 3
    assert report["gate"]["failed_types"] == {"PHONE_NUMBER": 1, "PERSON": 2}
    states = [r["baselineState"] for r in json.loads((tmp_path / "o2" / "report.sarif").read_text("utf-8"))
              ["runs"][0]["results"]]
    assert sorted(states) == ["new"] * 3 + ["unchanged"] * 11
    assert new_phone not in proc.stdout + proc.stderr


def test_baseline_holds_no_raw_values_and_no_line_numbers(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    base = tmp_path / "b.json"
    assert run_cli("baseline", "create", folder, "-o", base).returncode == 0
    text = base.read_text("utf-8")
    for finding in scan([folder]).findings:
        if finding.entity_type == "PERSON" and finding.value == finding.subject_raw:
            continue  # a contact's name in its own Remark column is also who the entry is about (data_subject)
        assert finding.value not in text
    for entry in json.loads(text)["entries"]:
        assert not {"locator", "start", "end", "line", "row", "value"} & set(entry)


def test_fingerprint_is_keyed_not_plain_sha(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    a = scan([folder], ScanOptions(key=b"key-a")).findings
    b = scan([folder], ScanOptions(key=b"key-b")).findings
    assert [f.fingerprint for f in a] != [f.fingerprint for f in b]
    assert baselines.key_id(b"key-a") != baselines.key_id(b"key-b")


def test_other_key_is_a_clear_error(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    base = tmp_path / "b.json"
    made = baselines.create(scan([folder], ScanOptions(key=b"another-key")).findings, b"another-key")
    baselines.save(made, base)
    proc = run_cli("scan", folder, "--out", tmp_path / "o", "--baseline", base)
    assert proc.returncode == 2 and "different fingerprint key" in proc.stderr


def test_missing_or_broken_baseline_is_exit_2(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    assert run_cli("scan", folder, "--out", tmp_path / "o", "--baseline", tmp_path / "none.json").returncode == 2
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    proc = run_cli("scan", folder, "--out", tmp_path / "o", "--baseline", tmp_path / "bad.json")
    assert proc.returncode == 2 and "not a handover-scan baseline" in proc.stderr


@pytest.mark.parametrize("content", [
    '{"handover_scan_baseline": 1}',  # no key_id: was a KeyError traceback
    '{"handover_scan_baseline": 1, "key_id": "x", "entries": {"a": 1}}',
    '{"handover_scan_baseline": 1, "key_id": "x", "entries": ["13912345678"]}',
    '{"handover_scan_baseline": 1, "key_id": "x", "entries": [{"entity_type": "PHONE_NUMBER"}]}',
    '{"handover_scan_baseline": 1, "key_id": "x", "entries": [{"entity_type": "PHONE_NUMBER", "fingerprint": 1,'
    ' "file": "a", "field": "b", "masked_value": ["13912345678"]}]}',
    '{"handover_scan_baseline": 1, "key_id": "x", "entries": [{"entity_type": "PHONE_NUMBER", "fingerprint": "f",'
    ' "file": "a", "field": "b", "status": "13912345678"}]}',
    '{"13912345678": ', "[" * 100000,
])
def test_malformed_baseline_is_a_clear_error(tmp_path, content):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(baselines.BaselineError, match="bad.json: ") as caught:
        baselines.load(tmp_path / "bad.json")
    assert "13912345678" not in str(caught.value)


def test_audit_flags_and_marks_survive_recreate(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    base = tmp_path / "b.json"
    run_cli("baseline", "create", folder, "-o", base)
    entries = json.loads(base.read_text("utf-8"))["entries"]
    phone_entry = next(e for e in entries if e["entity_type"] == "PHONE_NUMBER")
    assert run_cli("baseline", "audit", base, "--mark", f"{phone_entry['id']}=accepted").returncode == 2  # no reason
    proc = run_cli("baseline", "audit", base, "--mark", f"{phone_entry['id'][:8]}=accepted", "--reason",
                   "customer consented in writing", "--stats")
    assert proc.returncode == 0, proc.stderr
    # 3 planted values + the 4 senders' names in Remark and NickName; one accepted
    assert json.loads(proc.stdout) == {"unaudited": len(entries) - 1, "accepted": 1, "false_positive": 0}
    assert len(entries) == 3 + 8
    proc = run_cli("baseline", "audit", base, "--all-unaudited", "false_positive", "--reason", "test data",
                   "--json")
    listed = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {e["status"] for e in listed} == {"accepted", "false_positive"}
    assert run_cli("baseline", "audit", base, "--mark", "zzzz=accepted", "--reason", "x").returncode == 2
    # re-creating keeps the marks of entries still found
    assert run_cli("baseline", "create", folder, "-o", base).returncode == 0
    again = {e["id"]: e for e in json.loads(base.read_text("utf-8"))["entries"]}
    assert again[phone_entry["id"]]["status"] == "accepted"
    assert again[phone_entry["id"]]["reason"] == "customer consented in writing"


def test_baseline_of_incomplete_scan_is_refused(tmp_path, messages):
    folder = export(tmp_path / "v1", messages)
    (folder / "bad.txt").write_bytes(b"hello \xff\xff world")
    proc = run_cli("baseline", "create", folder, "-o", tmp_path / "b.json")
    assert proc.returncode == 2 and not (tmp_path / "b.json").exists()


def test_repository_of_exports_with_baseline_and_config_inside(tmp_path, messages):
    """The pre-commit layout: baseline, config and report folder live in the scanned folder and are not scanned."""
    repo = export(tmp_path / "repo", messages)
    (repo / "handover-scan.toml").write_text(
        '# 王女士-水光针 手机 13912345678\nmin_score = 0.5\n', encoding="utf-8")
    assert run_cli("baseline", "create", ".", "-o", ".handover-baseline.json", cwd=repo).returncode == 0
    entries = json.loads((repo / ".handover-baseline.json").read_text("utf-8"))["entries"]
    assert {e["file"] for e in entries} == {"团购群_utf8.csv"}
    proc = run_cli("scan", ".", "--baseline", ".handover-baseline.json", "--out", ".handover-report", "-q",
                   cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_cli("scan", ".", "--baseline", ".handover-baseline.json", "--out", ".handover-report", "-f", "json",
                   cwd=repo)
    files = json.loads((repo / ".handover-report" / "report.json").read_text("utf-8"))["files"]
    assert {f["file"] for f in files if not f["skipped"]} == {"团购群_utf8.csv"}
    assert {f["file"] for f in files if f["skipped"]} == {".handover-report/"}  # listed as skipped, not scanned
    # `scan .` with the default --out (handover-report, with raw values here), then `baseline create .`:
    # the report folder is not baselined (it once was: entries for findings.csv and report.html)
    assert run_cli("scan", ".", "-q", "--show-values", cwd=repo).returncode == 1
    assert (repo / "handover-report" / "findings.csv").is_file()
    assert run_cli("baseline", "create", ".", "-o", ".handover-baseline.json", cwd=repo).returncode == 0
    entries = json.loads((repo / ".handover-baseline.json").read_text("utf-8"))["entries"]
    assert {e["file"] for e in entries} == {"团购群_utf8.csv"}


def test_interactive_audit_on_a_terminal(tmp_path, messages):
    import os
    import pty
    import subprocess
    import sys

    from conftest import TEST_KEY

    folder = export(tmp_path / "v1", messages)
    base = tmp_path / "b.json"
    assert run_cli("baseline", "create", folder, "-o", base).returncode == 0
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "handover_scan", "baseline", "audit", str(base)], stdin=slave,
                            stdout=slave, stderr=slave, env={**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY})
    os.close(slave)
    # accept, false positive (empty reason is asked again), then skip the other 9 (3 values, 8 sender names)
    os.write(master, b"a\nconsent on file\nf\n\nnot a real value\n" + b"s\n" * 9)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=60) == 0, output.decode("utf-8", "replace")[-2000:]
    os.close(master)
    statuses = sorted(e["status"] for e in json.loads(base.read_text("utf-8"))["entries"])
    assert statuses == ["accepted", "false_positive"] + ["unaudited"] * 9
    reasons = {e["reason"] for e in json.loads(base.read_text("utf-8"))["entries"]}
    assert reasons == {"consent on file", "not a real value", ""}
