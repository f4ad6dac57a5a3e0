"""Issue 14, points 1 and 2: a bad file is that file's error in words and the scan goes on; UTF-16/32
are text. Each test plants the input the issue found and fails on the code before the fix."""

from __future__ import annotations

import codecs
import io
import json
import struct
import zipfile

import pytest

from conftest import REPO, run_cli
from handover_scan.engine.definitions import load_definitions
from handover_scan.engine.names import collect_names
from handover_scan.exports import encoding, iter_sources
from handover_scan.records import Record
from handover_scan.scan import ScanResult, iter_records

FILES = REPO / "tests" / "fixtures" / "exports" / "files"
PHONE = "13958202938"
ID = "110101199003074514"


def read(path, names=False):
    result = ScanResult()
    return list(iter_records([path], result, names=names)), result


def weflow_with(tmp_path, **message_fields):
    document = json.loads((FILES / "周小姐_weflow.json").read_text(encoding="utf-8"))
    document["messages"][0].update(message_fields)
    path = tmp_path / "周小姐_weflow.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_sender_name_object_is_that_files_error_in_words(tmp_path):
    weflow_with(tmp_path, senderDisplayName={"nick": "x"})
    (tmp_path / "zz_good.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    records, result = read(tmp_path)
    by_file = {f.file: f for f in result.files}
    assert by_file["周小姐_weflow.json"].error.startswith("sender name is a JSON object, expected text")
    assert all(isinstance(r.sender, str) and isinstance(r.data_subject, str) for r in records)
    assert any(PHONE in r.text for r in records if r.file == "zz_good.txt")
    collect_names(records, load_definitions(()))  # the names pass crashed on this file


def test_names_pass_survives_records_of_any_type():
    odd = Record("f", "x", "json:/0", {"a": 1}, ["b"], 7, None, {"c": 2})  # type: ignore[arg-type]
    assert collect_names([odd], load_definitions(())) == set()


def test_cli_sender_object_gives_exit_2_a_clear_error_and_a_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    weflow_with(folder, senderDisplayName={"nick": "x"})
    run = run_cli("scan", folder, "--out", tmp_path / "out", "-q", "--lang", "en")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "sender name is a JSON object, expected text" in run.stderr
    assert (tmp_path / "out" / "report.json").is_file()


def test_internal_failure_is_one_line_never_a_traceback(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from handover_scan import cli, scan

    def broken(*args, **kwargs):
        raise RuntimeError("boom 13958202938")

    monkeypatch.setattr(scan, "scan", broken)
    (tmp_path / "a.txt").write_text("hi\n", encoding="utf-8")
    run = CliRunner().invoke(cli.app, ["scan", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")])
    assert run.exit_code == 2
    assert "internal error (RuntimeError)" in run.output and PHONE not in run.output
    assert run.exc_info is None or run.exc_info[0] is SystemExit


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return bytearray(out.getvalue())


def test_corrupt_deflate_member_is_that_members_error_and_the_folder_goes_on(tmp_path):
    data = zip_bytes({"bad.txt": "x" * 5000 + PHONE, "good.txt": f"电话{PHONE}\n"})
    start = data.find(b"bad.txt") + len("bad.txt")
    data[start:start + 20] = b"\xff" * 20  # the deflate stream of bad.txt
    (tmp_path / "a.zip").write_bytes(bytes(data))
    (tmp_path / "b.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    records, result = read(tmp_path)
    errors = {f.file: f.error for f in result.errors}
    assert list(errors) == ["a.zip!bad.txt"], errors
    assert "corrupt" in errors["a.zip!bad.txt"]
    assert {r.file for r in records} == {"a.zip!good.txt", "b.txt"}
    assert not any(f.error.startswith("walk stopped") for f in result.files)


def test_empty_member_name_and_unsupported_method_are_member_errors(tmp_path):
    data = zip_bytes({"odd.txt": "hello", "ok.txt": f"电话{PHONE}\n"})
    # compression method 99 (AES) for odd.txt, in its local header and the central directory
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(header)
        offset = 8 if header == b"PK\x03\x04" else 10
        data[at + offset:at + offset + 2] = struct.pack("<H", 99)
    (tmp_path / "m.zip").write_bytes(bytes(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("x")
        info.filename = ""
        z.writestr(info, "hidden")
        z.writestr("fine.txt", f"电话{PHONE}\n")
    (tmp_path / "n.zip").write_bytes(out.getvalue())
    records, result = read(tmp_path)
    errors = {f.file: f.error for f in result.errors}
    assert "m.zip!odd.txt" in errors and "not supported" in errors["m.zip!odd.txt"]
    assert "n.zip!(empty member name)" in errors
    assert {r.file for r in records} >= {"m.zip!ok.txt", "n.zip!fine.txt"}


def utf8_flagged(data: bytearray) -> bytearray:
    """Every entry's UTF-8 name flag set, in the local headers and the central directory."""
    for header, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(header)
        while at != -1:
            flags = struct.unpack("<H", data[at + flag_at:at + flag_at + 2])[0] | 0x800
            data[at + flag_at:at + flag_at + 2] = struct.pack("<H", flags)
            at = data.find(header, at + 4)
    return data


def test_a_member_name_that_is_not_utf8_costs_no_other_member(tmp_path):
    """Marked UTF-8 but not UTF-8: zipfile cannot list the archive at all. Each name is decoded on its
    own; the bad one is shown with \\xNN (as a file name on disk) and every member is read."""
    data = utf8_flagged(zip_bytes({"aaaa.txt": f"电话{PHONE}\n", "客户/聊天.txt": f"身份证{ID}\n"}))
    for at in [i for i in range(len(data)) if data.startswith(b"aaaa.txt", i)]:
        data[at:at + 2] = b"\xff\xfe"
    (tmp_path / "a.zip").write_bytes(bytes(data))
    (tmp_path / "b.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    records, result = read(tmp_path)
    assert [r.file for r in records] == ["a.zip!客户/聊天.txt", "a.zip!\\xff\\xfeaa.txt", "b.txt"]  # name order
    assert not result.errors
    assert ID in records[0].text and PHONE in records[1].text


def test_a_nested_archive_with_a_bad_member_name_is_read_too(tmp_path):
    inner = utf8_flagged(zip_bytes({"aaaa.txt": f"电话{PHONE}\n", "好.txt": "你好\n"}))
    for at in [i for i in range(len(inner)) if inner.startswith(b"aaaa.txt", i)]:
        inner[at:at + 1] = b"\xc3"
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as z:
        z.writestr("inner.zip", bytes(inner))
    records, result = read(tmp_path)
    assert [r.file for r in records] == ["outer.zip!inner.zip!好.txt", "outer.zip!inner.zip!\\xc3aaa.txt"]
    assert not result.errors


def test_a_failing_entry_does_not_stop_the_walk(tmp_path, monkeypatch):
    from handover_scan import exports

    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b\n", encoding="utf-8")
    real = exports._expand

    def flaky(source):
        if source.relpath == "a.txt":
            raise TypeError("listing failed")
        return real(source)

    monkeypatch.setattr(exports, "_expand", flaky)
    items = list(iter_sources(tmp_path))
    assert [(type(i).__name__, i.relpath if hasattr(i, "relpath") else i.file) for i in items] == \
        [("FileError", "a.txt"), ("Source", "b.txt")]


def test_detection_failure_is_that_files_error(tmp_path, monkeypatch):
    from handover_scan import exports

    reader = exports.READERS[0]
    monkeypatch.setattr(type(reader), "sniff", lambda self, source, head: {}["missing"])
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    _, result = read(tmp_path)
    assert "unexpected structure" in next(f.error for f in result.files if f.file == "a.json")
    assert next(f for f in result.files if f.file == "b.bin").skipped


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32"])
def test_utf16_and_utf32_with_or_without_bom_are_text(tmp_path, codec):
    text = f"身份证{ID}，电话{PHONE}\nhello 123\n"
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(codec))
    records, result = read(path)
    assert not result.errors and not result.skipped
    assert [r.text for r in records] == [f"身份证{ID}，电话{PHONE}", "hello 123"]


def test_chinese_only_utf16_without_bom_is_text_and_real_binary_is_not():
    chinese = ("我们明天下午三点在公司见面，请带上合同。" * 20).encode("utf-16-le")
    assert encoding.detect_encoding(io.BytesIO(chinese)) == "utf-16-le"
    assert not encoding.is_binary(chinese)
    noise = bytes((i * 7919) % 251 for i in range(4096))
    assert encoding.is_binary(noise)
    assert encoding.detect_encoding(io.BytesIO("电话".encode("gb18030") * 50)) == "gb18030"
    assert encoding.detect_encoding(io.BytesIO(codecs.BOM_UTF8 + b"abc")) == "utf-8-sig"
