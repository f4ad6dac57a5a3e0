"""Issue 14, point 1, checked with nasty inputs beyond the issue's: through the CLI (exit code, no traceback,
each bad file's error in words, the good files' findings kept, no raw value shown) and files that change
between the walk and the read (vanished, swapped for a folder or a named pipe)."""

from __future__ import annotations

import io
import json
import os
import signal
import struct
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from handover_scan import scan as scan_module
from handover_scan.scan import ScanOptions, scan

PHONES = ["13709722233", "13709722244", "13709722255", "13709722266", "13709722277", "13709722288"]
ID = "110101199003074514"


def zip_with_a_name_that_is_not_utf8() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("AAAA.txt", f"电话 {PHONES[1]}\n")
        z.writestr("BBBB.txt", f"电话 {PHONES[2]}\n")
    data = bytearray(buf.getvalue().replace(b"AAAA", b"\xff\xfe\xc3\x28"))
    for header, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # names marked UTF-8
        at = data.find(header)
        while at != -1:
            struct.pack_into("<H", data, at + flag_at, struct.unpack_from("<H", data, at + flag_at)[0] | 0x800)
            at = data.find(header, at + 4)
    return bytes(data)


@pytest.fixture
def nasty(tmp_path):
    root = tmp_path / "export"
    root.mkdir()
    (root / "good.txt").write_text(f"客户电话 {PHONES[0]} 身份证 {ID}\n", encoding="utf-8")
    (root / "names.zip").write_bytes(zip_with_a_name_that_is_not_utf8())
    (root / "nul.csv").write_bytes(f"name,phone\n王\x00小美,1370972\x002266\n周,{PHONES[4]}\n".encode())
    with open(root / "bigkey.json", "w", encoding="ascii") as f:  # a 10 MB key
        f.write('{"' + "k" * 10_000_000 + f'": "{PHONES[5]}"}}')
    os.mkfifo(root / "pipe.txt")
    return root


def test_cli_nasty_inputs_are_each_their_files_error_and_the_rest_is_scanned(nasty, tmp_path):
    out = tmp_path / "out"
    run = run_cli("scan", nasty, "--out", out, "--format", "json", "--lang", "en")
    assert run.returncode == 2, run.stderr  # incomplete: errors, not a gate verdict
    assert "Traceback" not in run.stderr + run.stdout
    files = {f["file"]: f for f in json.loads((out / "report.json").read_text(encoding="utf-8"))["files"]}
    assert files["good.txt"]["findings"] == 2 and not files["good.txt"]["error"]
    # both members of the zip are read, the one whose name is not UTF-8 shown with \xNN
    assert files["names.zip!BBBB.txt"]["findings"] == 1
    assert files["names.zip!\\xff\\xfe\\xc3(.txt"]["findings"] == 1
    assert "NUL bytes" in files["nul.csv"]["error"] and files["nul.csv"]["findings"] >= 1
    assert "longer than" in files["bigkey.json"]["error"]
    assert "pipe" in files["pipe.txt"]["skipped"]
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert any("bigkey.json:" in line and "longer than" in line for line in errors), run.stderr
    assert any("nul.csv:" in line and "NUL bytes" in line for line in errors), run.stderr
    shown = run.stdout + run.stderr + (out / "report.json").read_text(encoding="utf-8")
    assert not [v for v in [*PHONES, ID] if v in shown]


class Blocked(BaseException):
    """Not an Exception: no isolation handler in the scan may take it for a file's error."""


def _blocked(*_):
    raise Blocked("the scan blocked for 60 s")


@pytest.fixture
def changed_after_listing(tmp_path, monkeypatch):
    """scan() with `change(folder)` run right after its walk (the first plan_units call only)."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name, phone in zip("abc", PHONES):
        (folder / f"{name}.txt").write_text(f"电话 {phone}\n", encoding="utf-8")
    planned = scan_module.plan_units

    def run(change):
        calls = []

        def plan_then_change(paths, exclude=(), **kwargs):
            units = planned(paths, exclude, **kwargs)
            if not calls:
                calls.append(1)
                change(folder)
            return units

        monkeypatch.setattr(scan_module, "plan_units", plan_then_change)
        previous = signal.signal(signal.SIGALRM, _blocked)
        signal.alarm(60)  # a scan that blocks on a pipe fails the test instead of hanging it
        try:
            result = scan([folder], ScanOptions(key=b"k", jobs=1))
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        return {f.file: f for f in result.files}

    return run


def test_a_file_that_vanishes_or_becomes_a_folder_after_the_walk(changed_after_listing):
    def change(folder: Path):
        (folder / "a.txt").unlink()
        (folder / "b.txt").unlink()
        (folder / "b.txt").mkdir()

    files = changed_after_listing(change)
    assert "No such file" in files["a.txt"].error and "became a folder" in files["b.txt"].error
    assert files["c.txt"].findings == 1 and not files["c.txt"].error


def test_a_file_swapped_for_a_named_pipe_after_the_walk_does_not_block_the_scan(changed_after_listing):
    def change(folder: Path):
        (folder / "a.txt").unlink()
        os.mkfifo(folder / "a.txt")

    files = changed_after_listing(change)
    assert "pipe" in files["a.txt"].error
    assert files["b.txt"].findings == 1 and files["c.txt"].findings == 1


def test_control_characters_in_names_and_messages_reach_every_report_format(tmp_path):
    """A file named with an escape sequence and a newline, a message with \\x01: openpyxl refused them
    (IllegalCharacterError) and the run stopped with no report at all."""
    root = tmp_path / "export"
    root.mkdir()
    (root / f"a\x1b[2J\nerror: fake {PHONES[0]}\r.json").write_text('{"messages": [', encoding="utf-8")
    (root / "chat.txt").write_text(f"电话 {PHONES[1]}\x01\x1b[31m 你好\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("scan", root, "--out", out, "--lang", "en")
    assert run.returncode == 2 and "internal error" not in run.stderr, run.stderr
    assert (out / "report.xlsx").is_file() and json.loads((out / "report.json").read_text("utf-8"))["report_complete"]
    assert "\x1b" not in run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "malformed JSON" in errors[0] and "\\x1b" in errors[0]
    import openpyxl

    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    cells = [str(c) for row in book["findings"].iter_rows(values_only=True) for c in row if c is not None]
    assert any("\\x01" in c for c in cells)  # the message's control character, shown
    assert not [v for v in PHONES if any(v in c for c in cells)]


def test_a_pipe_or_device_given_on_the_command_line_is_skipped_in_words(tmp_path):
    """It exists, so "no such file or folder" was wrong; and it must not be opened (a pipe blocks)."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "good.txt").write_text(f"电话 {PHONES[0]}\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("scan", tmp_path / "pipe", "/dev/null", tmp_path / "good.txt", "--out", out, "--format", "json")
    assert run.returncode == 1, run.stderr  # complete: the phone fails the gate
    files = {f["file"]: f for f in json.loads((out / "report.json").read_text("utf-8"))["files"]}
    for given in (str(tmp_path / "pipe"), "/dev/null"):
        assert "pipe, socket or device" in files[given]["skipped"] and not files[given]["error"]
    assert files["good.txt"]["findings"] == 1


def test_folders_nested_deeper_than_the_limit_are_their_own_error_and_the_walk_goes_on(tmp_path, monkeypatch):
    """1,900 nested folders made the recursive walk fail (RecursionError): `walk stopped` on the root and
    every folder after the deep one lost. Scaled down so the tree stays cheap to make and remove (pytest
    removes old tmp folders with a recursive rmtree): 300 levels, the recursion limit 150 frames above
    this one, the folder limit lowered to 50."""
    import inspect
    import sys

    from handover_scan import exports
    from handover_scan.scan import ScanResult, iter_records

    monkeypatch.setattr(exports, "MAX_FOLDER_DEPTH", 50, raising=False)
    root = tmp_path / "export"
    deep = root / "a" / "/".join(["a"] * 300)
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text("你好\n", encoding="utf-8")
    (root / "b").mkdir()
    (root / "b" / "y.txt").write_text(f"电话 {PHONES[0]}\n", encoding="utf-8")
    result = ScanResult()
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        records = list(iter_records([root], result))
    finally:
        sys.setrecursionlimit(previous)
    assert [r.file for r in records] == ["b/y.txt"]
    errors = {f.file: f.error for f in result.files if f.error}
    assert list(errors.values()) == ["folder nested more than 50 levels deep; not scanned"]
    assert next(iter(errors)).count("/") == 51  # the first folder past the limit: `a/` + 50 more


def test_a_file_inside_a_folder_given_too_is_scanned_once(tmp_path, analyzer):
    """`scan exp exp/chat.txt exp/../exp` counted the phone number twice (the file under two roots)."""
    root = tmp_path / "exp"
    root.mkdir()
    (root / "chat.txt").write_text(f"电话 {PHONES[0]}\n", encoding="utf-8")
    result = scan([root, root / "chat.txt", root / ".." / "exp"], ScanOptions(key=b"k"), analyzer=analyzer)
    assert [(f.file, f.root, f.findings) for f in result.files] == [("chat.txt", str(root), 1)]
    assert len(result.findings) == 1
