"""Bad input, for every layout: never a traceback, never lost findings elsewhere, a clear
per-file error (no file content in it), exit code 2 through the CLI."""

import shutil

import pytest

from conftest import REPO, run_cli
from handover_scan.exports.base import MAX_RECORD_CHARS
from handover_scan.scan import ScanResult, iter_records

FILES = REPO / "tests" / "fixtures" / "exports" / "files"
ALL = sorted(p.name for p in FILES.iterdir() if p.is_file())
TEXT = [n for n in ALL if not n.endswith((".xlsx", ".zip", ".docx"))]
PLANTED = ("13809722233", "18812633920", "13868106871", "15105032582", "13958202938", "420111195404035644",
           "漕溪北路")


def read(path):
    result = ScanResult()
    return list(iter_records([path], result)), result


def assert_clean_errors(result):
    for report in result.files:
        assert not any(value in report.error for value in PLANTED), report.error


@pytest.mark.parametrize("name", ALL)
def test_truncated_file(name, tmp_path):
    data = (FILES / name).read_bytes()
    target = tmp_path / name
    target.write_bytes(data[: len(data) * 3 // 5])
    records, result = read(target)  # must not raise
    assert_clean_errors(result)
    if name.endswith((".json", ".js", ".xlsx", ".zip")) and not name.endswith(".jsonl"):
        assert result.errors, "a cut JSON/workbook/archive is an error, not silently partial"


@pytest.mark.parametrize("name", [n for n in TEXT if n != "全部消息记录.txt"])
def test_gb18030_resave_reads_the_same(name, tmp_path):
    """Windows users re-save exports as ANSI (GBK): same records, same text."""
    text = (FILES / name).read_bytes().decode("utf-8-sig")
    target = tmp_path / name
    target.write_bytes(text.encode("gb18030"))
    original, _ = read(FILES / name)
    resaved, result = read(target)
    assert not result.errors
    assert [(r.locator, r.field, r.text) for r in resaved] == [(r.locator, r.field, r.text) for r in original]


@pytest.mark.parametrize("name", TEXT)
def test_crlf_line_ends_read_the_same(name, tmp_path):
    data = (FILES / name).read_bytes()
    if b"\r\n" in data or name == "全部消息记录.txt":
        return
    target = tmp_path / name
    target.write_bytes(data.replace(b"\n", b"\r\n"))
    original, _ = read(FILES / name)
    converted, result = read(target)
    assert not result.errors
    assert [(r.locator, r.text) for r in converted] == [(r.locator, r.text) for r in original]


def test_undecodable_bytes_are_a_per_file_error(tmp_path):
    (tmp_path / "a.csv").write_bytes("消息ID,类型,发送人,时间,内容\n1,文本,张,t,".encode() + b"\xff\xfe\xff\n")
    _, result = read(tmp_path / "a.csv")
    assert result.errors and "not valid utf-8" in result.errors[0].error


def test_one_bad_byte_does_not_hide_the_rest_of_a_chat(tmp_path):
    """A damaged byte is reported (exit 2) but the chat's other messages are still read."""
    data = (FILES / "memotrace3_周小姐.csv").read_bytes()
    at = data.index("撤回".encode()) if "撤回".encode() in data else data.index("转账".encode())
    (tmp_path / "c.csv").write_bytes(data[:at] + b"\xff" + data[at + 1:])
    records, result = read(tmp_path / "c.csv")
    assert result.files[0].format == "memotrace3-csv" and "not valid" in result.files[0].error
    assert any("13809722233" in r.text for r in records)


@pytest.mark.parametrize("name", ALL)
def test_empty_file(name, tmp_path):
    (tmp_path / name).write_bytes(b"")
    records, result = read(tmp_path / name)
    assert records == [] and not result.errors


@pytest.mark.parametrize("name", [n for n in TEXT if n.endswith((".csv", ".tsv"))])
def test_header_only(name, tmp_path):
    lines = (FILES / name).read_bytes().splitlines(keepends=True)
    (tmp_path / name).write_bytes(lines[0])
    records, result = read(tmp_path / name)
    assert not result.errors
    # a header-less file has no header to be alone; a generic table's lone header is read as text
    assert name == "账号_Contacts.csv" or {r.format for r in records} <= {"text"}


@pytest.mark.parametrize("name", TEXT)
def test_ten_megabyte_line(name, tmp_path):
    """A 10 MB line inside any text layout: bounded records, no crash, the rest still read."""
    data = (FILES / name).read_bytes()
    if name == "全部消息记录.txt":
        filler = ("很长的一行" * 1_000_000).encode("utf-16-le")
        data = data + b"\r\x00\n\x00" + filler + b"\r\x00\n\x00"
    else:
        filler = ("很长的一行，" * 900_000 + "13958202938").encode()
        data = data.rstrip(b"\n") + b"\n" + filler + b"\n"
    (tmp_path / name).write_bytes(data)
    records, result = read(tmp_path / name)
    assert_clean_errors(result)
    assert all(len(r.text) <= MAX_RECORD_CHARS for r in records)


def test_ten_megabyte_line_plain_text_keeps_values_whole(tmp_path):
    phone = "13958202938"
    text = ("的" * (MAX_RECORD_CHARS - 5)) + phone + ("的" * 3_000_000) + phone
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    records, result = read(tmp_path / "big.txt")
    assert not result.errors and len(records) > 3
    assert sum(r.text.count(phone) for r in records) == 2  # whole, and each once
    assert records[1].field.startswith("text@") and records[0].field == "text"


@pytest.mark.parametrize("name", [n for n in TEXT if n.endswith(".csv")])
def test_nul_byte_in_a_csv_is_an_error(name, tmp_path):
    data = bytearray((FILES / name).read_bytes())
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1  # inside the last row
    data[cut + 2:cut + 2] = b"\x00"
    (tmp_path / name).write_bytes(bytes(data))
    _, result = read(tmp_path / name)
    assert result.errors and "NUL" in result.errors[0].error


def test_binary_noise_is_skipped_not_an_error(tmp_path):
    (tmp_path / "x.dat").write_bytes(bytes(range(256)) * 40)
    records, result = read(tmp_path / "x.dat")
    assert records == [] and result.files[0].skipped and not result.errors


@pytest.mark.parametrize("name", [n for n in TEXT if n.endswith(".json") and n != "result.json"])
def test_malformed_json(name, tmp_path):
    text = (FILES / name).read_text("utf-8")
    (tmp_path / name).write_text(text.replace(":", "::", 3), encoding="utf-8")
    _, result = read(tmp_path / name)
    assert result.errors and "JSON" in result.errors[0].error
    assert_clean_errors(result)


def test_malformed_json_streamed(tmp_path, monkeypatch):
    """Files above the whole-parse cap go through ijson; its error text (which quotes the
    file) must not reach the report."""
    from handover_scan.exports import jsonutil
    monkeypatch.setattr(jsonutil, "JSON_WHOLE_CAP", 10)
    text = (FILES / "result.json").read_text("utf-8").replace("\\x01", "")
    (tmp_path / "ok.json").write_text(text, encoding="utf-8")
    records, result = read(tmp_path / "ok.json")
    assert not result.errors and any("13868106871" in r.text for r in records)
    (tmp_path / "bad.json").write_text(text[: len(text) // 2] + "13809722233 oops", encoding="utf-8")
    _, result = read(tmp_path / "bad.json")
    assert result.errors and "13809722233" not in result.errors[0].error


@pytest.mark.parametrize("name", ["周小姐.html", "周小姐3.html", "data.js", "msg-1.js"])
def test_malformed_embedded_array(name, tmp_path):
    text = (FILES / name).read_text("utf-8")
    cut = text.index("13") + 4
    (tmp_path / name).write_text(text[:cut], encoding="utf-8")
    _, result = read(tmp_path / name)
    assert result.errors
    assert_clean_errors(result)


def test_damaged_workbook_is_an_error(tmp_path):
    data = (FILES / "周小姐.xlsx").read_bytes()
    (tmp_path / "a.xlsx").write_bytes(data[:200] + b"\x00" * 100 + data[300:])
    _, result = read(tmp_path / "a.xlsx")
    assert result.errors or result.files[0].skipped


def _planted_bundle(folder):
    """Good and bad files, each carrying distinctive synthetic values (tests/synth.py) where a leak could
    pick them up: error positions, JSON keys, a header-less CSV's first row, neighbouring findings."""
    import io
    import random
    import zipfile

    import synth

    rng = random.Random("planted")
    v = {name: synth.mobile(rng) for name in ("key", "header", "row", "broken", "badjson", "undecodable",
                                              "jsonl", "zip", "near", "nul", "sender", "sender2")}
    v["id"] = synth.id_number(rng)
    v["email"] = synth.email(rng)
    folder.mkdir()
    shutil.copy(FILES / "users.json", folder / "users.json")
    (folder / "keyed.json").write_text(f'{{"{v["key"]}": "身份证 {v["id"]}"}}', encoding="utf-8")
    (folder / "headerless.csv").write_text(f"王小明,{v['header']},老客户\n李四,{v['row']},新客户\n", encoding="utf-8")
    (folder / "broken.json").write_text(f'{{"messages": [{{"content": "电话{v["broken"]}"', encoding="utf-8")
    (folder / "badjson.json").write_text(f'{{"a": "b", {v["badjson"]} }}', encoding="utf-8")
    (folder / "undecodable.txt").write_bytes(f"电话 {v['undecodable']} ".encode() + b"\xff\xfe\x81" +
                                             v["undecodable"].encode() + b"\n")
    (folder / "lines.jsonl").write_text(f'{{"a": "x"}}\n{{"b": "y"}}\n{{"c": "{v["jsonl"]}", oops}}\n', encoding="utf-8")
    (folder / "near.txt").write_text(f"电话{v['near']}身份证{v['id']}邮箱{v['email']}\n", encoding="utf-8")
    (folder / "nul.csv").write_bytes(b"id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n"
                                     + "1,2,文本,0,wxid_a,wxid_a,你好,,2024-01-01 17:06:40\n".encode() * 40
                                     + f"1,2,\x00{v['nul']}\n".encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"../{v['zip']}.txt", f"电话 {v['zip']}")
    (folder / "evil.zip").write_bytes(buffer.getvalue())
    sender, sender2 = (f"+86 {p[:3]} {p[3:7]} {p[7:]}" for p in (v["sender"], v["sender2"]))
    (folder / "WhatsApp Chat with 群.txt").write_text(  # unsaved contacts are named by their phone number
        f"01/01/2024, 17:06 - {sender}: 我的电话 {v['near']}\n01/01/2024, 17:07 - {sender2}: 电话{v['row']}\n"
        "01/01/2024, 17:08 - 我: 好\n", encoding="utf-8")
    v["sender_spaced"], v["sender2_spaced"] = sender, sender2
    (folder / "cut.xlsx").write_bytes((FILES / "customers.xlsx").read_bytes()[:1500])
    return v


def read_subjects(path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row["data_subject"] for row in csv.DictReader(f)]


def test_cli_bad_files_exit_2_keep_other_findings_and_write_only_out(tmp_path):
    """Bad input beside good: exit 2, each bad file named in stderr, the good files' findings kept, no
    planted value in stdout, stderr or any report file (field names and locators masked too), nothing
    written outside --out; with --show-values raw values go only into findings.csv/.jsonl and the HTML."""
    bundle = tmp_path / "bundle"
    planted = _planted_bundle(bundle)
    before = set(tmp_path.rglob("*"))
    proc = run_cli("scan", bundle, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    for name in ("broken.json", "badjson.json", "nul.csv", "undecodable.txt", "lines.jsonl", "evil.zip", "cut.xlsx"):
        assert f"错误：{name}" in proc.stderr, name  # --lang zh (the default) says "error" in Chinese
    findings = (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")
    assert "users.json" in findings and "PHONE_NUMBER" in findings
    assert "json:/[PHONE_NUMBER]" in findings and ",[PHONE_NUMBER]," in findings  # keyed.json, headerless.csv
    subjects = read_subjects(tmp_path / "out" / "subjects.csv")
    masked_senders = [s for s in subjects if s.startswith(planted["sender"][:3] + "****")
                      or s.startswith(planted["sender2"][:3] + "****")]
    assert len(masked_senders) == 2, subjects  # two unsaved contacts: still two people, neither shown raw
    outputs = {"stdout": proc.stdout, "stderr": proc.stderr,
               **{p.name: _text(p) for p in (tmp_path / "out").iterdir()}}
    for where, text in outputs.items():
        leaked = [k for k, value in planted.items() if value in text]
        assert not leaked, (where, leaked)
    new = set(tmp_path.rglob("*")) - before
    out = tmp_path / "out"
    assert out in new and all(p == out or p.parent == out for p in new)  # nothing written outside --out
    assert {"findings.csv", "summary.csv"} <= {p.name for p in new}

    proc = run_cli("scan", bundle, "--out", tmp_path / "raw", "--show-values", cwd=tmp_path)
    assert proc.returncode == 2
    assert not [k for k, value in planted.items() if value in proc.stdout + proc.stderr]
    raw = {p.name: _text(p) for p in (tmp_path / "raw").iterdir()}
    assert planted["near"] in raw["findings.csv"] and planted["id"] in raw["findings.jsonl"]
    # the header-less CSV's first row is data: scanned as such (it was taken as the header and never scanned)
    assert f"headerless.csv,generic-csv,row:0,headerless,(unattributed),(header),PHONE_NUMBER" in raw["findings.csv"]
    assert planted["header"] in raw["findings.csv"]
    for name, text in raw.items():
        if name not in ("findings.csv", "findings.jsonl", "report.html") and not name.startswith("report-findings-"):
            assert not [k for k, value in planted.items() if value in text], name


@pytest.mark.parametrize("name", ALL)
def test_damaged_bytes_never_escape_as_exceptions(name, tmp_path):
    """Seeded random damage (flipped, dropped, inserted bytes): the scan finishes, errors stay clean."""
    import random
    rng = random.Random(name)
    data = (FILES / name).read_bytes()
    for variant in range(6):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(damaged))
            action = rng.choice(("flip", "drop", "insert"))
            if action == "flip":
                damaged[at] ^= 1 << rng.randrange(8)
            elif action == "drop":
                del damaged[at]
            else:
                damaged.insert(at, rng.choice(b'"\'{}[],:\\<>\n\r\x00'))
        target = tmp_path / f"{variant}_{name}"
        target.write_bytes(bytes(damaged))
        _, result = read(target)
        assert_clean_errors(result)


@pytest.mark.parametrize("jobs", [1, 2])
def test_analysis_failure_is_that_files_error_and_keeps_other_findings(tmp_path, monkeypatch, jobs):
    """A record the engine chokes on (any exception, in the process or in a worker) becomes its file's
    error, naming the exception type only; other records and files keep their findings; a folder
    given twice is scanned once. Workers are forked, so the patch reaches them."""
    import multiprocessing

    from handover_scan import scan as scan_module
    from handover_scan.scan import ScanOptions, scan

    if jobs > 1 and multiprocessing.get_start_method() != "fork":
        pytest.skip("needs fork to patch the workers")
    real = scan_module.analyze_record

    def flaky(analyzer, record, key):
        if "BOOM" in record.text:
            raise ValueError(f"cannot handle {record.text}")  # a message quoting content must not leak
        return real(analyzer, record, key)

    monkeypatch.setattr(scan_module, "analyze_record", flaky)
    (tmp_path / "a.txt").write_text("电话13812345678\nBOOM 13909876543\n电话15105032582\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("电话13868106871\n", encoding="utf-8")
    result = scan([tmp_path, tmp_path], ScanOptions(key=b"k", jobs=jobs))
    errors = {r.file: r.error for r in result.errors}
    assert list(errors) == ["a.txt"] and errors["a.txt"].startswith("analysis failed (ValueError)")
    assert "13909876543" not in errors["a.txt"]
    assert sorted(f.value for f in result.findings) == ["13812345678", "13868106871", "15105032582"]
    assert sorted(r.file for r in result.files) == ["a.txt", "b.txt"]


def test_a_worker_that_dies_makes_the_scan_incomplete_not_a_crash(tmp_path, monkeypatch):
    import multiprocessing
    import os

    from handover_scan import scan as scan_module
    from handover_scan.scan import ScanOptions, scan

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs fork to patch the workers")
    real = scan_module.analyze_record

    def dying(analyzer, record, key):
        if "DIE" in record.text:
            os._exit(1)  # as if killed for memory
        return real(analyzer, record, key)

    monkeypatch.setattr(scan_module, "analyze_record", dying)
    (tmp_path / "a.txt").write_text("DIE\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("电话13868106871\n", encoding="utf-8")
    result = scan([tmp_path], ScanOptions(key=b"k", jobs=2))
    assert not result.complete
    assert any("worker process stopped" in r.error for r in result.errors)


def _text(path):
    """A report file as text; the workbook as the text of all its sheets."""
    if path.suffix == ".xlsx":
        import pandas as pd

        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
        return "\n".join(frame.to_csv(index=False) for frame in sheets.values())
    return path.read_text("utf-8")
