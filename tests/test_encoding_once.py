"""A big file is decoded once (issue 8 point 4): its encoding is decided on its start and checked while it is
read; what the whole-file check used to find later in the file is still found."""

from __future__ import annotations

import io

from handover_scan.exports import encoding
from handover_scan.exports.base import Source
from handover_scan.scan import ScanResult, iter_records

HEADER = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n"


def _rows(count: int, text: str, name: str) -> str:
    return "".join(f"{i},7,1,0,0,1704100000,2,{text},2024-01-01 17:06:40,{name},a,wxid_x\n" for i in range(count))


def _big(text: str = "明天下午三点到", name: str = "张三") -> str:
    """Over 2 CHUNKs in UTF-8 (and in GB18030): decided on its start, checked while read."""
    row = len(_rows(1, text, name).encode("gb18030"))
    return HEADER + _rows(2 * encoding.CHUNK // row + 1, text, name)


def _read(tmp_path, name: str, data: bytes):
    assert len(data) > encoding.CHUNK  # else the whole file is checked first, as before
    folder = tmp_path / name.split(".")[0]
    folder.mkdir()
    (folder / name).write_bytes(data)
    result = ScanResult()
    return list(iter_records([folder], result)), result.files[0]


def test_detection_reads_only_the_start_of_a_big_file():
    data = _big().encode()
    assert len(data) > 2 * encoding.CHUNK
    read = [0]

    class Counting(io.BytesIO):
        def read(self, n=-1):
            chunk = super().read(n)
            read[0] += len(chunk)
            return chunk

    source = Source("a.csv", lambda: Counting(data), len(data))
    assert source.encoding == "utf-8" and read[0] <= encoding.CHUNK + 1
    with source.open_text(newline="") as stream:
        assert stream.read() == data.decode()
    assert not source.damage


def test_gbk_after_an_ascii_start_is_read_as_gbk(tmp_path):
    data = (HEADER + _rows(20_000, "ok 13800138000", "zhang")).encode() + _rows(3, "张三的电话", "张三").encode("gb18030")
    assert data[:encoding.CHUNK].isascii() and len(data) > encoding.CHUNK
    records, report = _read(tmp_path, "a_utf8.csv", data)
    assert not report.error and sum(r.text == "张三的电话" for r in records) == 3


def test_a_bad_byte_after_the_start_is_reported_and_the_rest_read(tmp_path):
    data = _big().encode() + b"9,7,1,0,0,1,2,\xff bad,t,x,y,z\n" + _rows(2, "后面的话", "李四").encode()
    records, report = _read(tmp_path, "b_utf8.csv", data)
    assert "not valid utf-8" in report.error and sum(r.text == "后面的话" for r in records) == 2
    assert any("\ufffd" in r.text for r in records)


def test_a_nul_after_the_start_is_reported(tmp_path):
    data = _big().encode() + "9,7,1,0,0,1,2,a\x00b,t,x,y,z\n".encode()
    records, report = _read(tmp_path, "c_utf8.csv", data)
    assert "NUL" in report.error and records


def test_big_gb18030_and_utf16_files_read_as_before(tmp_path):
    text = _big("电话一三八", "王五")
    for name, data in (("d_utf8.csv", text.encode("gb18030")), ("e_utf8.csv", text.encode("utf-16"))):
        records, report = _read(tmp_path, name, data)
        assert not report.error and records[0].text == "电话一三八" and len(records) == text.count("\n") - 1 + 2
