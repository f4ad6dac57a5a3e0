"""Zip archives read in place with guards; links, loops and permission errors per file."""

import io
import os
import zipfile

import pytest

from conftest import REPO, run_cli
from handover_scan.exports import archive
from handover_scan.scan import ScanResult, iter_records

FILES = REPO / "tests" / "fixtures" / "exports" / "files"
PHONE = "13958202938"


def read(path):
    result = ScanResult()
    return list(iter_records([path], result)), result


def make_zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_members_are_sources_with_bang_paths_and_nested_archives(tmp_path):
    records, result = read(FILES / "bundle.zip")
    files = {f.file: (f.format, f.skipped, f.error) for f in result.files}
    assert files == {"bundle.zip!chat/周小姐_weflow.txt": ("weflow-txt", "", ""),
                     "bundle.zip!inner.zip!notes.txt": ("text", "", ""),
                     "bundle.zip!photo.png": ("", "binary or media file", "")}
    assert any("17720246633" in r.text and r.file == "bundle.zip!inner.zip!notes.txt" for r in records)
    assert next(r for r in records if r.format == "weflow-txt").data_subject == "周小姐_weflow"


def test_nothing_is_extracted_to_disk(tmp_path, monkeypatch):
    make_zip(tmp_path / "a.zip", {"x/chat.txt": f"电话{PHONE}\n"})
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    read(tmp_path / "a.zip")
    assert set(os.listdir(tmp_path)) == before


def test_path_traversal_member_is_refused(tmp_path):
    make_zip(tmp_path / "evil.zip", {"../../etc/x.txt": f"电话{PHONE}\n", "/abs.txt": "x\n", "ok.txt": f"电话{PHONE}\n"})
    records, result = read(tmp_path / "evil.zip")
    assert [r.file for r in records] == ["evil.zip!ok.txt"]
    refused = [f for f in result.files if f.error]
    assert len(refused) == 2 and all("climbs out" in f.error for f in refused)
    assert all(".." not in f.file and "abs" not in f.file for f in refused)


def test_zip_bomb_ratio_is_refused(tmp_path):
    make_zip(tmp_path / "bomb.zip", {"big.txt": b"0" * (8 << 20), "small.txt": f"电话{PHONE}\n"})
    records, result = read(tmp_path / "bomb.zip")
    assert [r.file for r in records] == ["bomb.zip!small.txt"]
    assert "zip bomb" in next(f.error for f in result.files if f.file.endswith("big.txt"))


def test_total_uncompressed_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_UNCOMPRESSED", 100)
    make_zip(tmp_path / "a.zip", {"a.txt": "x" * 80 + "\n", "b.txt": "y" * 80 + "\n"})
    _, result = read(tmp_path / "a.zip")
    assert [bool(f.error) for f in result.files] == [False, True]
    assert "cap" in result.files[1].error


def test_nesting_depth_is_limited(tmp_path):
    level3 = io.BytesIO()
    make_zip(level3, {"deep.txt": f"电话{PHONE}\n"})
    level2 = io.BytesIO()
    make_zip(level2, {"l3.zip": level3.getvalue()})
    make_zip(tmp_path / "l1.zip", {"l2.zip": level2.getvalue(), "top.txt": "hi\n"})
    records, result = read(tmp_path / "l1.zip")
    assert "deeper than 2" in next(f.error for f in result.files if f.file == "l1.zip!l2.zip!l3.zip")
    assert [r.file for r in records] == ["l1.zip!top.txt"]


def test_corrupt_and_encrypted_archives_are_per_file_errors(tmp_path):
    good = make_zip(tmp_path / "g.zip", {"a.txt": f"电话{PHONE}\n"}).read_bytes()
    (tmp_path / "cut.zip").write_bytes(good[: len(good) // 2])
    enc = bytearray(good)
    enc[6] |= 1  # local header: encrypted flag
    central = enc.rfind(b"PK\x01\x02")
    enc[central + 8] |= 1
    (tmp_path / "enc.zip").write_bytes(bytes(enc))
    records, result = read(tmp_path)
    errors = {f.file: f.error for f in result.files if f.error}
    assert "not a readable zip" in errors["cut.zip"]
    assert "encrypted" in errors["enc.zip!a.txt"]
    assert [r.file for r in records] == ["g.zip!a.txt"]


def test_crc_damage_inside_a_member_is_that_members_error(tmp_path):
    data = bytearray(make_zip(tmp_path / "s.zip", {"a.txt": "电话13958202938\n" * 50, "b.txt": f"电话{PHONE}\n"},
                              zipfile.ZIP_STORED).read_bytes())
    data[40] ^= 0xFF  # inside a.txt's stored bytes
    (tmp_path / "s.zip").write_bytes(bytes(data))
    records, result = read(tmp_path / "s.zip")
    assert result.files[0].error and result.files[1].error == ""
    assert any(r.file == "s.zip!b.txt" for r in records)


def test_office_documents_are_not_archives(tmp_path):
    make_zip(tmp_path / "a.docx", {"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})
    make_zip(tmp_path / "b.pptx", {"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<p/>"})
    _, result = read(tmp_path)
    assert [(f.file, f.format, f.skipped) for f in result.files] == [("a.docx", "generic-docx", ""),
                                                                     ("b.pptx", "", "pptx file not read")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_error_is_per_file(tmp_path):
    (tmp_path / "locked.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    (tmp_path / "open.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    os.chmod(tmp_path / "locked.txt", 0)
    records, result = read(tmp_path)
    assert [r.file for r in records] == ["open.txt"]
    assert "cannot read" in next(f.error for f in result.files if f.file == "locked.txt")


def test_unreadable_file_is_per_file(tmp_path, monkeypatch):
    """The same path without relying on file modes (root ignores them): opening fails."""
    (tmp_path / "a.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    import os
    real_open = os.open  # files are opened with os.open (non-blocking, then checked: exports/isolation.py)

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    records, result = read(tmp_path)
    assert [r.file for r in records] == ["b.txt"]
    assert result.files[0].error == "cannot read: Permission denied"


@pytest.mark.parametrize("exclude", [False, True])
def test_symlink_loops_broken_links_and_folder_links(tmp_path, exclude):
    """exclude: as the CLI always scans (its --out folder left out); a file-link loop once stopped the
    whole walk there (Path.resolve() raises RuntimeError on a loop)."""
    root = tmp_path / "root"
    (root / "chats").mkdir(parents=True)
    (root / "chats" / "a.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    os.symlink(root, root / "chats" / "loop")  # a folder link back up: never followed
    os.symlink(root / "x1", root / "x2")
    os.symlink(root / "x2", root / "x1")  # file-link loop
    os.symlink(root / "missing", root / "dangling")
    os.symlink(root / "chats" / "a.txt", root / "alias.txt")  # a link to a file inside is read
    (tmp_path / "outside.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", root / "escape.txt")  # a link out of the folder is not
    (root / "z_after_the_loop.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    if exclude:
        result = ScanResult()
        records = list(iter_records([root], result, exclude=(root / "out",)))
    else:
        records, result = read(root)
    status = {f.file: (f.skipped, f.error) for f in result.files}
    assert status["chats/loop"] == ("link to a folder not followed", "")
    assert "symbolic link" in status["x1"][1] and "symbolic link" in status["x2"][1]
    assert "symbolic link" in status["dangling"][1]
    assert status["escape.txt"] == ("link to a file outside the scanned folder not followed", "")
    assert sorted(r.file for r in records) == ["alias.txt", "chats/a.txt", "z_after_the_loop.txt"]
    assert not any(f.error.startswith("walk stopped") for f in result.files)


def test_cli_scans_a_zip_and_reports_member_paths(tmp_path):
    make_zip(tmp_path / "bundle.zip", {"notes/a.txt": f"电话{PHONE}\n"})
    proc = run_cli("scan", tmp_path / "bundle.zip", "--out", tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    assert "bundle.zip!notes/a.txt" in (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")


def test_whatsapp_ios_zip_names_the_chat_after_the_archive(tmp_path):
    chat = (FILES / "_chat.txt").read_bytes()
    make_zip(tmp_path / "WhatsApp Chat - 周小姐.zip", {"_chat.txt": chat, "00000012-PHOTO-2024-01-01-17-08-00.jpg":
                                                      b"\xff\xd8\xff\xe0" + b"\x00" * 64})
    records, result = read(tmp_path / "WhatsApp Chat - 周小姐.zip")
    assert [f.format or f.skipped for f in result.files] == ["binary or media file", "whatsapp-txt"]
    assert {r.conversation for r in records} == {"周小姐"}
    assert next(r for r in records if r.field == "text").data_subject == "周小姐"


def test_empty_archive_is_listed_as_skipped(tmp_path):
    make_zip(tmp_path / "empty.zip", {})
    records, result = read(tmp_path)
    assert records == [] and [(f.file, f.skipped) for f in result.files] == [("empty.zip", "empty archive")]


def test_office_file_zip_bomb_is_refused(tmp_path):
    """An XLSX is a zip too: openpyxl inflates its parts (the shared strings wholly), so the same
    ratio guard applies; the error names the file, and a normal workbook beside it is read."""
    import shutil

    data = io.BytesIO((FILES / "customers.xlsx").read_bytes())
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings2.xml", b"0" * (20 << 20))
    (tmp_path / "bomb.xlsx").write_bytes(data.getvalue())
    shutil.copy(FILES / "customers.xlsx", tmp_path / "ok.xlsx")
    records, result = read(tmp_path)
    status = {f.file: f.error for f in result.files}
    assert "possible zip bomb" in status["bomb.xlsx"] and status["ok.xlsx"] == ""
    assert records and {r.file for r in records} == {"ok.xlsx"}


def test_named_pipe_is_skipped_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text(f"电话{PHONE}\n", encoding="utf-8")
    records, result = read(tmp_path)
    assert [r.file for r in records] == ["a.txt"]
    assert {f.file: f.skipped for f in result.files}["pipe"].startswith("not a regular file")
