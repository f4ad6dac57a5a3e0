"""Each reader on a small file written in its real layout (shared/formats §2.1)."""

import csv

from handover_scan.exports import READERS, detect, iter_sources
from handover_scan.exports.base import Source
from handover_scan.scan import ScanResult, iter_records

CHAT_HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
               "StrTime", "Remark", "NickName", "Sender"]


def write_csv(path, header, rows, encoding="utf-8-sig"):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def records(path):
    result = ScanResult()
    out = list(iter_records([path], result))
    return out, result


def test_detection_is_by_content_not_extension(tmp_path):
    path = write_csv(tmp_path / "chat.dat.txt", CHAT_HEADER, [[1, 7, 1, 0, 0, 1704100000, 2, "你好", "2024-01-01 17:06:40",
                                                              "张三", "阿三", "wxid_a"]])
    source = next(iter_sources(path))
    assert detect(source).format_id == "memotrace2-chat-csv"


def test_chat_csv_one_to_one_subject_is_other_party(tmp_path):
    path = write_csv(tmp_path / "张三" / "张三_utf8.csv", CHAT_HEADER, [
        [1, 7, 1, 0, 0, 1704100000, 2, "明天到", "2024-01-01 17:06:40", "张三", "阿三", "wxid_a"],
        [2, 7, 1, 0, 1, 1704100060, 2, "你的地址发我", "2024-01-01 17:07:40", "小明", "小明", "wxid_me"],
        [3, 7, 3, 0, 0, 1704100120, 2, '<?xml version="1.0"?><msg><img md5="123456789012345678"/></msg>',
         "2024-01-01 17:08:40", "张三", "阿三", "wxid_a"],
    ])
    recs, result = records(path)
    content = [r for r in recs if r.field == "StrContent"]
    assert [(r.locator, r.text) for r in content] == [("row:1", "明天到"), ("row:2", "你的地址发我")]
    assert {r.data_subject for r in content} == {"张三"}
    assert all(r.conversation == "张三" for r in recs)
    assert result.files[0].format == "memotrace2-chat-csv"


def test_chat_csv_group_subject_is_sender(tmp_path):
    rows = [[i, 9, 1, 0, 0, 1704100000 + i, 2, f"消息{i}", "2024-01-01 17:06:40", name, name, wxid]
            for i, (name, wxid) in enumerate([("赵姐", "wxid_z"), ("钱小姐", "wxid_q"), ("赵姐", "wxid_z")], 1)]
    recs, _ = records(write_csv(tmp_path / "群" / "群_utf8.csv", CHAT_HEADER, rows))
    assert [r.data_subject for r in recs if r.field == "StrContent"] == ["赵姐", "钱小姐", "赵姐"]
    # names are read once per distinct value, not on every row
    assert sorted((r.field, r.text) for r in recs if r.field != "StrContent") == [
        ("NickName", "赵姐"), ("NickName", "钱小姐"), ("Remark", "赵姐"), ("Remark", "钱小姐")]


def test_xml_content_yields_text_parts_not_md5s(tmp_path):
    xml = ('<msg><location x="31.2" y="121.4" label="上海市徐汇区漕溪北路88号" poiname="某某小区" '
           'md5="0123456789abcdef"/></msg>')
    recs, _ = records(write_csv(tmp_path / "a_utf8.csv", CHAT_HEADER,
                                [[1, 7, 48, 0, 0, 1704100000, 2, xml, "2024-01-01 17:06:40", "A", "A", "wxid_a"]]))
    parts = {r.field: r.text for r in recs if r.field.startswith("StrContent")}
    assert parts["StrContent/msg/location@label"] == "上海市徐汇区漕溪北路88号"
    assert "0123456789abcdef" not in "".join(parts.values())


def test_contacts_csv_every_text_column(tmp_path):
    header = ["UserName", "Alias", "Type", "Remark", "NickName", "PYInitial", "RemarkPYInitial", "smallHeadImgUrl",
              "bigHeadImgUrl", "label", "gender", "telephone", "signature", "country/region", "province", "city"]
    row = ["wxid_a", "zhangsan_88", "3", "张三装修", "阿三", "AS", "ZSZX", "https://x/132", "https://x/0", "客户",
           "男", "13800138000", "好好生活", "CN", "Guangdong", "Shenzhen"]
    recs, result = records(write_csv(tmp_path / "contacts.csv", header, [row]))
    assert result.files[0].format == "memotrace2-contacts-csv"
    fields = {r.field: r.text for r in recs}
    assert fields["telephone"] == "13800138000" and fields["Remark"] == "张三装修" and fields["signature"] == "好好生活"
    assert "smallHeadImgUrl" not in fields and "Type" not in fields
    assert {r.data_subject for r in recs} == {"张三装修"} and {r.locator for r in recs} == {"row:1"}


def test_memotrace_txt_messages_and_line_numbers(tmp_path):
    path = tmp_path / "张三.txt"
    path.write_text("2024-01-01 17:06:40 张三\n明天下午三点到\n第二行\n\n2024-01-01 17:07:40 小明\n[图片]\n\n"
                    "2024-01-01 17:10:02 \"张三\" 撤回了一条消息\n\n", encoding="utf-8")
    recs, result = records(path)
    assert result.files[0].format == "memotrace2-txt"
    assert [(r.locator, r.sender, r.text) for r in recs] == [
        ("line:2", "张三", "明天下午三点到\n第二行"), ("line:6", "小明", "[图片]"),
        ("line:8", "", "\"张三\" 撤回了一条消息")]
    assert recs[0].locator_at(recs[0].text.index("第二行")) == "line:3"
    assert {r.data_subject for r in recs} == {"张三"}


def test_plain_text_one_record_per_line(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("第一行\n\n第三行 13800138000\n", encoding="utf-8")
    recs, result = records(path)
    assert result.files[0].format == "text"
    assert [(r.locator, r.field, r.text) for r in recs] == [("line:1", "text", "第一行"),
                                                           ("line:3", "text", "第三行 13800138000")]


def test_gb18030_text_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("电话 13800138000\n".encode("gb18030"))
    recs, result = records(path)
    assert recs[0].text == "电话 13800138000" and not result.errors


def test_binary_media_skipped_and_counted(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    (tmp_path / "b.bin").write_bytes(b"abc\x00def")
    recs, result = records(tmp_path)
    assert recs == [] and [f.skipped for f in result.files] == ["binary or media file"] * 2


def test_undecodable_file_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"hello \xff\xff world")  # 0xff is no lead byte in UTF-8 or GB18030
    (tmp_path / "good.txt").write_text("电话13800138000", encoding="utf-8")
    recs, result = records(tmp_path)
    assert "good.txt" in [r.file for r in recs]
    assert [(f.file, bool(f.error)) for f in result.files] == [("bad.txt", True), ("good.txt", False)]
    assert "not valid" in result.files[0].error  # the readable rest of bad.txt is still scanned


def test_every_reader_is_listed_once():
    ids = [r.format_id for r in READERS]
    assert len(ids) == len(set(ids)) and ids[-1] == "text"


def test_source_names(tmp_path):
    source = Source("a/b/张三_utf8.csv", lambda: open(tmp_path / "x", "rb"))
    assert (source.name, source.stem, source.parent_name) == ("张三_utf8.csv", "张三_utf8", "b")
