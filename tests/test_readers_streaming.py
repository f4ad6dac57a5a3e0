"""Bounded reading: lines, long texts, streamed JSON, embedded arrays."""

import io
import tracemalloc

import pytest

from conftest import REPO
from handover_scan.exports import jsonutil
from handover_scan.exports.jsarray import iter_array_items
from handover_scan.exports.textutil import OVERLAP, iter_lines, split_text
from handover_scan.scan import ScanResult, iter_records

FILES = REPO / "tests" / "fixtures" / "exports" / "files"


def read(path):
    result = ScanResult()
    return list(iter_records([path], result)), result


def test_iter_lines_numbers_and_pieces():
    text = "a\n" + "第一句，" * 30 + "\r\nlast"
    pieces = list(iter_lines(io.StringIO(text, newline=None), limit=50))
    assert pieces[0] == (1, 0, "a")
    long = [p for p in pieces if p[0] == 2]
    assert len(long) > 1 and all(len(p[2]) <= 50 for p in long)
    assert "".join(p[2] for p in long) == "第一句，" * 30  # cut at the commas: nothing lost, nothing doubled
    assert [p[1] for p in long] == [sum(len(q[2]) for q in long[:i]) for i in range(len(long))]
    assert pieces[-1] == (3, 0, "last")


def test_split_text_never_cuts_a_number_at_a_safe_break():
    phone = "138 0013 8000"
    text = ("好" * 40 + "，") * 3 + phone + "。" + "好" * 60
    pieces = list(split_text(text, limit=100))
    assert sum(piece.count(phone) for _, piece in pieces) == 1
    assert "".join(piece for _, piece in pieces) == text


def test_split_text_without_a_break_overlaps():
    text = "1" * 3000
    pieces = list(split_text(text, limit=1000))
    assert all(len(p) <= 1000 for _, p in pieces)
    assert pieces[1][0] == 1000 - OVERLAP


def test_one_line_file_memory_is_bounded(tmp_path):
    path = tmp_path / "one.txt"
    block = "没有换行的文本，" * 4096 + "电话13958202938。"
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(160):  # ~ 15 MB, one line
            f.write(block)
    tracemalloc.start()
    count = sum(1 for _ in iter_records([path], ScanResult()))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 4
    assert peak < 24 << 20  # a few 1 MiB pieces (4 bytes a char), never the 15 MB line


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.iterdir()
                                        if p.suffix == ".json"))
def test_streamed_json_reads_like_whole_json(name, monkeypatch):
    whole, _ = read(FILES / name)
    monkeypatch.setattr(jsonutil, "JSON_WHOLE_CAP", 0)
    streamed, result = read(FILES / name)
    assert not result.errors
    assert [(r.locator, r.field, r.text, r.data_subject) for r in streamed] == \
        [(r.locator, r.field, r.text, r.data_subject) for r in whole]


def test_streamed_json_in_gb18030(tmp_path, monkeypatch):
    text = (FILES / "users.json").read_text("utf-8")
    (tmp_path / "users.json").write_bytes(text.encode("gb18030"))
    monkeypatch.setattr(jsonutil, "JSON_WHOLE_CAP", 0)
    records, result = read(tmp_path / "users.json")
    assert not result.errors and any(r.field == "ExtraBuf/手机号" for r in records)


def test_embedded_array_items_across_chunks(monkeypatch):
    from handover_scan.exports import jsarray
    monkeypatch.setattr(jsarray, "CHUNK", 7)
    source = "x = 1; const chatMessages = [{a:'}]\\'', b:[1,{c:\"]\"}]}, \"str,]\" , 42];"
    import re
    items = list(iter_array_items(io.StringIO(source), re.compile(r"const chatMessages = ")))
    assert items == ["{a:'}]\\'', b:[1,{c:\"]\"}]}", "\"str,]\"", "42"]


def test_xlsx_inside_a_zip_is_read_in_place(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as z:
        z.write(FILES / "周小姐.xlsx", "chats/周小姐.xlsx")
    records, result = read(tmp_path / "b.zip")
    assert [(f.file, f.format) for f in result.files] == [("b.zip!chats/周小姐.xlsx", "memotrace3-xlsx")]
    assert any(r.locator == "聊天记录!row:2" and "13809722233" in r.text for r in records)
