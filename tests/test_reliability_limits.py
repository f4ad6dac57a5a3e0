"""Issue 14, point 5 (and the smaller ones of 9): work and memory bounded by the input's size, not its
shape. No timings here: each test counts the work (rows, cells, comparisons) or checks the refusal."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import zipfile

import pytest

from handover_scan.exports import archive, csvutil, jsonutil, xlsxutil
from handover_scan.exports.base import Source
from handover_scan.findings import context_around
from handover_scan.keys import ENV_VAR, default_key_file, load_key
from handover_scan.scan import ScanResult, iter_records


def read(path):
    result = ScanResult()
    return list(iter_records([path], result)), result


def whole_sheet_xlsx(path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "13958202938"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', data.decode())
                text = text.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x'
                                                    '</t></is></c></row></sheetData>')
                data = text.encode()
            target.writestr(info, data)


def test_xlsx_dimension_is_not_trusted(tmp_path):
    path = tmp_path / "list.xlsx"
    whole_sheet_xlsx(path)  # 5 KB declaring 1,048,576 x 16,384 cells
    source = Source("list.xlsx", lambda: open(path, "rb"), path.stat().st_size)
    rows = list(itertools.islice(xlsxutil.iter_sheet(source, "Sheet"), 10_000))
    assert len(rows) == 3 and rows[-1][0] == 1048576  # two rows, then the far one: row numbers kept
    assert max(len(cells) for _, cells in rows) <= xlsxutil.MAX_PADDED_COLUMNS + 1
    assert rows[1][1] == ["张三", "13958202938"]
    assert all(len(r) <= 2 for r in xlsxutil.preview(source)["Sheet"])


class CountingResult:
    reads = 0

    def __init__(self, start, end):
        self._start, self._end, self.entity_type = start, end, "PHONE_NUMBER"

    @property
    def start(self):
        CountingResult.reads += 1
        return self._start

    @property
    def end(self):
        return self._end


def test_context_building_is_linear_in_findings_per_record():
    n = 4000
    text = "，".join("13958202938" for _ in range(n))
    results = [CountingResult(i * 12, i * 12 + 11) for i in range(n)]
    CountingResult.reads = 0
    for r in results:
        context_around(text, r.start, r.end, results)
    assert CountingResult.reads < 40 * n  # was n * n: every finding sorted every other one


def test_every_member_is_ratio_checked_and_so_is_the_total(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(200):  # the input: 200 members just under the old 1 MiB floor, 200 KB in all
            z.writestr(f"m{i:03d}.txt", "1" * ((1 << 20) - 1))
    records, result = read(path)
    assert not records
    assert all("possible zip bomb" in f.error for f in result.files)
    # each member under the ratio, the archive as a whole far over it
    path = tmp_path / "total.zip"
    member = os.urandom(20_000).hex().encode()[:30_000] + b"\n" + b"0" * 30_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(600):
            z.writestr(f"m{i:03d}.txt", member)
    source = Source("total.zip", lambda: open(path, "rb"), path.stat().st_size)
    problems = [m for m in archive.iter_members(source) if isinstance(m, archive.ArchiveProblem)]
    assert not problems  # 36 MB from a 20 MB archive: fine
    monkey_floor = archive.TOTAL_RATIO_FLOOR
    try:
        archive.TOTAL_RATIO_FLOOR, ratio = 1 << 20, archive.MAX_RATIO
        archive.MAX_RATIO = 1
        problems = [m for m in archive.iter_members(source) if isinstance(m, archive.ArchiveProblem)]
    finally:
        archive.TOTAL_RATIO_FLOOR, archive.MAX_RATIO = monkey_floor, ratio
    assert len(problems) == 1 and "rest not read" in problems[0].reason


@pytest.mark.parametrize("streamed", [False, True])
def test_json_nesting_keys_and_tokens_are_limited(tmp_path, monkeypatch, streamed):
    if streamed:
        monkeypatch.setattr(jsonutil, "JSON_WHOLE_CAP", 10)
    monkeypatch.setattr(jsonutil, "MAX_JSON_TOKEN", 1 << 20)
    cases = {"deep.json": "[" * 100_000 + "]" * 100_000,
             "key.json": json.dumps({"k" * 5000: "13958202938"}),
             "string.json": json.dumps({"messages": [{"content": "好" * (3 << 20)}]}, ensure_ascii=False)}
    expected = {"deep.json": "nested deeper than", "key.json": "key longer than",
                "string.json": "longer than 1 MiB" if streamed else ""}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, result = read(tmp_path)
    errors = {f.file: f.error for f in result.files}
    for name, words in expected.items():
        assert words in errors[name] and (errors[name] or not words), (name, errors[name])


def test_csv_field_limit_and_cut_quoted_field(tmp_path, monkeypatch):
    (tmp_path / "cut.csv").write_text('姓名,电话,备注\n张三,13958202938,"还没写完\n', encoding="utf-8")
    monkeypatch.setattr(csvutil, "MAX_CSV_FIELD", 1000)
    import csv

    old = csv.field_size_limit(1000)
    try:
        rows = "".join(f"张三,13958202938,第{i}行\n" for i in range(4000))  # past the head detection reads
        (tmp_path / "wide.csv").write_text('姓名,电话,备注\n' + rows + '李四,13958202938,"' + "x" * 5000 + '"\n',
                                           encoding="utf-8")
        records, result = read(tmp_path)
    finally:
        csv.field_size_limit(old)
    errors = {f.file: f.error for f in result.files}
    assert "ends inside a quoted field" in errors["cut.csv"]
    assert "field larger than field limit" in errors["wide.csv"]
    assert any("13958202938" in r.text for r in records if r.file == "cut.csv")  # rows before the cut kept


def test_relative_xdg_config_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_key_file() == tmp_path / ".config" / "handover-scan" / "key"


def test_non_utf8_key_is_used_as_its_bytes(monkeypatch):
    monkeypatch.setenv(ENV_VAR, os.fsdecode(b"key-\xff\xfe-bytes"))
    assert load_key() == b"key-\xff\xfe-bytes"


def test_folder_swapped_for_a_link_mid_scan_is_listed(tmp_path):
    from handover_scan.exports import iter_sources

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y.txt").write_text("y\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    walk = iter_sources(tmp_path)
    first = next(walk)
    assert first.relpath == "a/x.txt"
    os.rename(tmp_path / "b", tmp_path / "b.old")
    os.symlink(tmp_path / "elsewhere", tmp_path / "b")
    rest = list(walk)
    assert [(type(i).__name__, getattr(i, "relpath", getattr(i, "file", ""))) for i in rest][:1] == \
        [("SkippedFile", "b")]
