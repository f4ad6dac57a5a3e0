"""Small pieces of the reader fixes the real-writer fixtures called for (tests/test_real_writers.py runs the
whole exports): WeFlow / EchoTrace file names, merged Excel metadata cells, WeFlow's vCard NOTE."""

from __future__ import annotations

import pytest

from handover_scan.exports.vcard import _note_parts
from handover_scan.exports.weflow import _labelled, session_name


@pytest.mark.parametrize("stem,name", [
    ("私聊_王建国 江阴装修", "王建国 江阴装修"),  # getSessionFilePrefix
    ("群聊_装修交流群_20240101-20240601", "装修交流群"),  # fileNamingMode date-range
    ("私聊_张伟_20240601", "张伟"),
    ("私聊_张伟_全部时间", "张伟"),
    ("张伟_聊天记录_1717302400002", "张伟"),  # EchoTrace
    ("私聊_", "私聊_"),  # nothing left: the stem as it is
    ("王建国_江阴装修", "王建国_江阴装修"),  # an underscore inside a name stays
])
def test_session_name_from_the_file_name(stem, name):
    assert session_name(stem) == name


def test_metadata_values_after_merged_cells():
    # WeFlow: 微信ID | <wxid> (merged over two columns) | 昵称 | <nickname>; an empty value is not the next label
    assert dict(_labelled(["微信ID", "wxid_a1", "", "昵称", "Lina"])) == {"微信ID": "wxid_a1", "昵称": "Lina"}
    assert dict(_labelled(["微信ID", "x@chatroom", "", "昵称", "群", "备注", "", ""])) == {
        "微信ID": "x@chatroom", "昵称": "群", "备注": ""}
    assert dict(_labelled(["昵称", "", "备注", "李娜"])) == {"昵称": "", "备注": "李娜"}


def test_weflow_vcard_note_splits_into_the_remark_and_labelled_parts():
    assert _note_parts("王建国 江阴装修\n标签: 客户, 装修\n描述: 手机 13800138000\n地区: 中国 江苏 无锡") == [
        ("NOTE/备注", "王建国 江阴装修"), ("NOTE/标签", "客户, 装修"), ("NOTE/描述", "手机 13800138000"),
        ("NOTE/地区", "中国 江苏 无锡")]
    assert _note_parts("描述: 第一行\n第二行") == [("NOTE/描述", "第一行\n第二行")]  # a value that runs on
    assert _note_parts("any note\nof two lines") == [("NOTE", "any note\nof two lines")]  # not WeFlow's: as it is
