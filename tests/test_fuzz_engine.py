"""Fuzz targets for the names pass and the analyzer: any record (fields of any type, any text) is
analyzed or refused in words, never a crash; findings point inside the text; names are masked."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import strategies as st

from fuzzing import json_value, run_budget
from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.definitions import load_definitions
from handover_scan.engine.names import collect_names
from handover_scan.exports.isolation import check_record
from handover_scan.exports.pathnames import mask_path
from handover_scan.records import Record
from handover_scan.scan import ScanOptions, analyze_record, scan

# Text that looks like what the recognizers look for, cut and mixed: digits runs, IDs, phones, Chinese
# labels, full-width digits, separators, emoji, bidi and zero-width characters.
pieces = st.sampled_from(["13809722233", "+86 138 0972 2233", "110101199003074514", "11010119900307451X",
                          "身份证", "电话", "住址", "北京市朝阳区", "张三", "先生", "银行卡", "6222021234567890123",
                          "@", "qq.com", "wxid_", "１３８０９７２２２３３", "-", " ", "\n", "，", "：", "\u200b",
                          "\u202e", "😀", "病", "血型A", "京A12345", "1990-03-07", "[/b]", "\x00"])
text = st.one_of(st.text(max_size=200), st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=40).map("".join))


def test_fuzz_analyzer(analyzer):
    def body(message, field):
        record = Record("f.txt", "text", "line:1", "会话", "(unknown)", field, message)
        for finding in analyze_record(analyzer, record, b"fuzz-key"):
            assert 0 <= finding.start < finding.end <= len(message)
            assert finding.value == message[finding.start:finding.end]
            before, after = finding.context
            assert finding.value not in before + after or len(finding.value) < 6 or \
                finding.value in message.replace(finding.value, "", 1)  # the same value twice may show

    run_budget("analyzer", body, text, st.one_of(st.sampled_from(["text", "电话", "StrContent", "json:/a/0"]),
                                                 st.text(max_size=12)))


def test_fuzz_names_pass():
    definitions = load_definitions(())

    def body(values):
        records = []
        for sender, field, message in values:
            record = Record("f.json", "x", "json:/0", sender, sender, field, message, sender)  # any types at all
            checked, problem = check_record(record)
            assert checked is None or all(isinstance(getattr(checked, n), str) for n in
                                          ("text", "sender", "field", "conversation", "data_subject"))
            assert checked is not None or problem
            records.append(record)
        collect_names(records, definitions)  # raw records too: the names pass must survive them

    anything = st.one_of(json_value, st.text(max_size=70))
    run_budget("names-pass", body, st.lists(st.tuples(anything, anything, anything), max_size=6))


def test_fuzz_file_and_folder_names():
    """Any file or folder name: scanned, its values counted, and never shown raw in the result."""
    analyzer = Analyzer()  # its own: scan() registers the export's names on the analyzer it is given
    name_text = st.lists(st.one_of(pieces, st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                                          blacklist_characters="/\x00"),
                                                   max_size=8)), min_size=1, max_size=6).map("".join)

    def body(folder_name, file_name, as_root):
        folder_name = folder_name.replace("\x00", "").replace("/", "").strip(".") or "d"
        file_name = (file_name.replace("\x00", "").replace("/", "").strip(".") or "f")[:100] + ".txt"
        with tempfile.TemporaryDirectory() as root:
            try:
                path = Path(root) / folder_name[:100] / file_name
                path.parent.mkdir()
                path.write_text("你好\n", encoding="utf-8")
            except OSError:
                return  # a name this file system refuses
            scanned = path.parent if as_root else Path(root)  # the folder given on the command line, or inside it
            result = scan([scanned], ScanOptions(key=b"fuzz-key"), analyzer=analyzer)
        shown = [f.file for f in result.files] + [f.file for f in result.findings]
        shown += [mask_path(str(scanned), result.name_masks)] + [f.root for f in result.files]
        for finding in result.findings:
            # a value found in a name is masked in that name wherever it is shown
            if finding.format == "name" and len(finding.value) >= 6 and finding.field != "conversation name":
                named = finding.file.rsplit("/", 1)[-1]  # the name the value was found in, as shown
                assert finding.value not in named, finding.entity_type
                assert any(name.endswith(named) for name in shown)

    run_budget("file-names", body, name_text, name_text, st.booleans())
