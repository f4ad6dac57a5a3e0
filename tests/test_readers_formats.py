"""Every layout's fixture (tests/fixtures/exports/files, written by make_fixtures.py from the spec):
detected by content, records at the right locator and field, text unescaped once, the
planted value where a person reads it, the right data subject."""

import shutil

import pytest

from handover_scan.exports import READERS, detect, iter_sources
from handover_scan.scan import ScanResult, iter_records

from conftest import REPO

FILES = REPO / "tests" / "fixtures" / "exports" / "files"
P1, P2, P3, P4, P5 = "13809722233", "18812633920", "13868106871", "15105032582", "13958202938"
ID1 = "420111195404035644"
ADDR = "上海市徐汇区漕溪北路88号3栋1202室"

# file, format, [(locator, field, value that must read whole in the record text, data subject)]
CASES = [
    ("memotrace2_messages.csv", "memotrace2-messages-csv", [
        ("row:1", "StrContent", P1, "周小姐"), ("row:3", "StrContent", ADDR, "吴姐")]),
    ("周小姐_chat.txt", "memotrace-ai-txt", [("line:5", "text", P2, "周小姐")]),
    ("周小姐.html", "memotrace2-html", [
        ("json:/0/text", "text", "上海市徐汇区<漕溪北路88号>'3栋'", "周小姐"),
        ("json:/1/pay_memo", "pay_memo", P3, "周小姐")]),
    ("周小姐_train.json", "memotrace-dataset-json", [("json:/0/conversations/1/content", "conversations/1/content",
                                                     P4, "周小姐")]),
    ("memotrace3_周小姐.csv", "memotrace3-csv", [
        ("row:1", "内容", P1, "memotrace3_周小姐"), ("row:2", "内容", ADDR, "memotrace3_周小姐"),
        ("row:3", "内容", P2, "memotrace3_周小姐")]),
    ("memotrace3_周小姐.txt", "memotrace3-txt", [("line:2", "text", "微信号:zhou_88", "memotrace3_周小姐"),
                                                ("line:8", "text", "撤回了一条消息", "memotrace3_周小姐")]),
    ("周小姐.md", "memotrace3-md", [("line:7", "text", "138-0972-2233", "周小姐"), ("line:11", "text", ADDR, "周小姐")]),
    ("周小姐3.html", "memotrace3-html", [("json:/0/text", "text", f"<{P1}>", "周小姐3"),
                                       ("json:/1/label", "label", ADDR, "周小姐3")]),
    ("周小姐.html.json", "memotrace3-html-json", [("json:/0/text", "text", f"<{P1}>", "周小姐"),
                                                ("json:/1/poiname", "poiname", "某某小区", "周小姐")]),
    ("周小姐.xlsx", "memotrace3-xlsx", [("聊天记录!row:2", "内容", P1, "周小姐"),
                                      ("成员信息!row:2", "个性签名", P2, "小周")]),
    ("memotrace3_contacts.csv", "memotrace3-contacts-csv", [("row:1", "Remark", P1, f"周小姐{P1}")]),
    ("memotrace3_members.csv", "memotrace3-members-csv", [("row:1", "群昵称", P2, f"吴姐{P2}")]),
    ("pywxdump_wxid_zhou01_0_3.csv", "pywxdump-csv", [
        ("row:1", "msg", P1, "wxid_zhou01"), ("row:2", "msg", ADDR, "wxid_zhou01"), ("row:3", "msg", P2, "wxid_zhou01")]),
    ("pywxdump_v2.csv", "pywxdump-csv", [("row:1", "content/msg", P3, "wxid_wu01")]),
    ("pywxdump_wxid_zhou01_0_2.json", "pywxdump-json", [("json:/0/msg", "msg", P1, "wxid_zhou01"),
                                                        ("json:/1/extra/des", "extra/des", P4, "wxid_zhou01")]),
    ("users.json", "pywxdump-users-json", [("json:/wxid_zhou01/describe", "describe", P5, "周小姐"),
                                           ("json:/wxid_zhou01/ExtraBuf/手机号", "ExtraBuf/手机号", P5, "周小姐")]),
    ("data.js", "pywxdump-data-js", [("json:/local_user_list/wxid_zhou01/ExtraBuf/手机号", "ExtraBuf/手机号", P5, "周小姐"),
                                     ("json:/local_msg_list/0/msg", "msg", P1, "wxid_zhou01")]),
    ("周小姐_weflow.json", "weflow-json", [("json:/messages/0/content", "content", P1, "周小姐"),
                                         ("json:/messages/1/locationLabel", "locationLabel", ADDR, "周小姐")]),
    ("周小姐_聊天记录_1735780000000.json", "echotrace-json", [("json:/messages/0/content", "content", P1, "周小姐")]),
    ("周小姐_weflow.txt", "weflow-txt", [("line:2", "text", P1, "周小姐_weflow")]),
    ("周小姐_weflow.xlsx", "weflow-xlsx", [("聊天记录!row:5", "内容", P1, "周小姐")]),
    ("contacts_2025-01-01T00-00-00.csv", "weflow-contacts-csv", [("row:1", "描述", ID1, "周小姐")]),
    ("contacts_2025-01-01T00-00-00.json", "weflow-contacts-json", [("json:/contacts/0/description", "description",
                                                                    P2, "周小姐")]),
    ("contacts_2025-01-01T00-00-00.vcf", "weflow-contacts-vcf", [("row:1", "NOTE/描述", P3, "周小姐"),
                                                                 ("row:2", "NOTE", "漕溪北路88号", "吴姐")]),
    ("wechatexporter_index.txt", "wechatexporter-txt", [("line:3", "text", P1, "周小姐"),
                                                        ("line:4", "text", P2, "周小姐")]),
    ("wechatexporter_index.html", "wechatexporter-html", [("line:4", "text", "地址&电话", "wechatexporter_index")]),
    ("msg-1.js", "wechatexporter-js", [("json:/0", "text", P1, "周小姐")]),
    ("账号_Contacts.csv", "wechatexporter-contacts-csv", [("row:1", "显示名", P1, f"周小姐{P1}")]),
    ("chatlog.json", "chatlog-json", [("json:/0/content", "content", P1, "周小姐"),
                                      ("json:/1/contents/label", "contents/label", ADDR, "周小姐")]),
    ("wxid_zhou01_2024-01-01_2024-01-31.csv", "chatlog-csv", [("row:1", "Content", P1, "周小姐")]),
    ("chatlog.txt", "chatlog-text", [("line:2", "text", P1, "chatlog")]),
    ("chatlog_contacts.csv", "chatlog-list-csv", [("row:1", "Remark", P2, f"周小姐,{P2}")]),
    ("chatlog_contacts.json", "chatlog-items-json", [("json:/items/0/remark", "remark", P1, f"周小姐{P1}")]),
    ("全部消息记录.txt", "qq-txt", [("line:10", "text", P1, "张三"), ("line:23", "text", ADDR, "王五")]),
    ("result.json", "telegram-json", [
        ("json:/personal_information/phone_number", "phone_number", "+86 138 0972 2233", "Xiao Mei"),
        ("json:/contacts/list/0/phone_number", "phone_number", P2, "Zhou Li"),
        ("json:/chats/list/0/messages/0/text", "text", f"call me at {P3}", "Zhou Li"),
        ("json:/chats/list/0/messages/1/contact_information/phone_number", "contact_information/phone_number", P4,
         "Wu"),
        ("json:/sessions/list/0/last_ip", "last_ip", "10.0.0.1", "Xiao Mei")]),
    ("WhatsApp Chat with 周小姐.txt", "whatsapp-txt", [("line:2", "text", P1, "周小姐"),
                                                    ("line:4", "sender", "+86 139 5820 2938", "+86 139 5820 2938")]),
    ("_chat.txt", "whatsapp-txt", [("line:1", "text", f"电话 {P1}", "_chat")]),
    ("customers.tsv", "generic-csv", [("row:1", "手机", P1, "钱七")]),
    ("customers.xlsx", "generic-xlsx", [("客户!row:2", "电话", P4, "钱七")]),
    ("customers.json", "generic-json", [("json:/customers/0/phone", "phone", P2, "(unknown)"),
                                        ("json:/customers/0/note", "note", ID1, "(unknown)")]),
    ("customers.jsonl", "generic-jsonl", [("row:1", "/text", P3, "钱七")]),
    ("周小姐.docx", "generic-docx", [("line:5", "text", P1, "(unknown)"), ("line:6", "text", f"地址  {ADDR}",
                                                                         "(unknown)")]),
]


def read(path):
    result = ScanResult()
    return list(iter_records([path], result)), result


@pytest.mark.parametrize("name,format_id,expected", CASES, ids=[c[0] for c in CASES])
def test_layout(name, format_id, expected, tmp_path):
    # copied under a neutral name: detection must come from content, not the file name
    folder = tmp_path / "files"
    folder.mkdir()
    target = folder / name
    shutil.copy(FILES / name, target)
    records, result = read(target)
    assert [(f.format, f.error) for f in result.files] == [(format_id, "")]
    for locator, field, value, subject in expected:
        hits = [r for r in records if r.locator == locator and r.field == field and value in r.text]
        assert hits, (locator, field)
        assert hits[0].data_subject == subject
        assert hits[0].format == format_id


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[0].endswith((".csv", ".json", ".txt", ".md", ".tsv"))])
def test_detection_ignores_the_extension(name, tmp_path):
    target = tmp_path / "renamed.dat"
    shutil.copy(FILES / name, target)
    expected = next(c[1] for c in CASES if c[0] == name)
    if expected == "whatsapp-txt":
        return  # the conversation name comes from the file name, detection does not
    assert detect(next(iter_sources(target))).format_id == expected


def test_ids_times_and_types_are_not_scanned():
    records, _ = read(FILES / "memotrace3_周小姐.csv")
    assert {r.field for r in records} <= {"内容", "发送人", "备注", "昵称"}
    assert not any("7310000000000000001" in r.text or "2024-01-01 17:06:40" == r.text for r in records)
    records, _ = read(FILES / "pywxdump_wxid_zhou01_0_3.csv")
    assert {r.field for r in records} == {"msg"}
    records, _ = read(FILES / "result.json")
    assert not any(r.text == "1704100000" or r.field.endswith("date") for r in records)
    records, _ = read(FILES / "customers.json")
    assert not any(r.field == "id" for r in records)  # a long number under an id key is no phone


def test_offsets_point_into_the_unescaped_text(analyzer):
    """A finding's start/end index the text a person reads (Markdown, HTML+JS, HTML entities)."""
    for name, value in (("周小姐.md", "138-0972-2233"), ("周小姐.html", P3), ("周小姐3.html", P1)):
        records, _ = read(FILES / name)
        spans = [(r.text[x.start:x.end]) for r in records for x in analyzer.analyze(r.text, r.field)
                 if x.entity_type == "PHONE_NUMBER"]
        assert value in spans, name


def test_escaped_text_has_no_escapes_left():
    records, _ = read(FILES / "周小姐.html")
    text = next(r.text for r in records if r.locator == "json:/0/text")
    assert "&lt;" not in text and "\\'" not in text
    records, _ = read(FILES / "周小姐.md")
    assert not any("\\" in r.text for r in records)


def test_whatsapp_invisible_marks_are_removed():
    records, _ = read(FILES / "_chat.txt")
    assert not any(ch in r.text for r in records for ch in "\u200e\u202f\ufeff")


def test_one_to_one_owner_messages_are_about_the_other_party():
    records, _ = read(FILES / "memotrace2_messages.csv")
    owner = [r for r in records if r.locator == "row:2" and r.field == "StrContent"]
    assert owner[0].data_subject == "周小姐"


def test_every_format_is_listed_once_and_documented():
    ids = [r.format_id for r in READERS]
    assert len(ids) == len(set(ids)) and ids[-1] == "text"
    assert all(r.description and type(r).__doc__ or type(r).__module__ for r in READERS)
    tested = {c[1] for c in CASES} | {"memotrace2-chat-csv", "memotrace2-contacts-csv", "memotrace2-txt", "text",
                                      "memotrace-docx", "memotrace3-ai-txt",  # test_real_writers.py: files MemoTrace's writer made
                                          "wechatexporter-list", "weflow-weclone-csv", "weflow-md", "weflow-html", "echotrace-html",
                                          "weflow-chatlab-json", "weflow-chatlab-jsonl"}  # and the WeFlow, WechatExporter ports
    assert set(ids) == tested


def test_whole_fixture_folder_scans_without_errors():
    records, result = read(FILES)
    assert not result.errors
    assert {f.format for f in result.files if not f.skipped} >= {c[1] for c in CASES}


def test_sample_bundle_formats():
    """sample_exports/ is a realistic bundle: every folder's files come out in their own format."""
    _, result = read(REPO / "sample_exports")
    formats = {f.file: f.format for f in result.files}
    assert not result.errors and not result.skipped
    base = "pywxdump/wxdump_work/export/wxid_owner0001/csv/wxid_sample_zhou06"
    assert formats[f"{base}/users.json"] == "pywxdump-users-json"
    assert formats[f"{base}/wxid_sample_zhou06_0_5.csv"] == "pywxdump-csv"
    assert formats["backup/pywxdump_backup.zip!wxdump_work/export/wxid_owner0001/csv/wxid_sample_zhou06/users.json"] \
        == "pywxdump-users-json"
    assert formats["telegram/DataExport_2024-06-01/result.json"] == "telegram-json"
    assert formats["memotrace/contacts.csv"] == "memotrace2-contacts-csv"


def test_structured_wechat_xml_is_scanned_as_text(tmp_path):
    """Merged forwards, quotes, transfers and contact cards in raw StrContent (MemoTrace 2.x CSV)."""
    import csv
    merged = ('<msg><appmsg><title>群聊的聊天记录</title><type>19</type><recorditem><![CDATA[<recordinfo><datalist>'
              f'<dataitem><datadesc>我的电话{P1}</datadesc><sourcename>周小姐</sourcename></dataitem>'
              '</datalist></recordinfo>]]></recorditem></appmsg></msg>')
    quote = (f'<msg><appmsg><title>好的</title><type>57</type><refermsg><content>地址{ADDR}</content>'
             '<displayname>周小姐</displayname><svrid>7310000000000000001</svrid></refermsg></appmsg></msg>')
    transfer = (f'<msg><appmsg><title>微信转账</title><type>2000</type><wcpayinfo><feedesc>￥200.00</feedesc>'
                f'<pay_memo>定金 {P2}</pay_memo><transferid>1000050001202401010000000001</transferid></wcpayinfo>'
                '</appmsg></msg>')
    card = '<msg username="wxid_x" nickname="吴姐" alias="wu_66" province="上海" city="徐汇" sign="电话' + P3 + '"/>'
    rows = [[i, 7, t, s, 0, 1704100000 + i, 2, xml, "2024-01-01 17:06:40", "周小姐", "小周", "wxid_zhou01"]
            for i, (t, s, xml) in enumerate([(49, 19, merged), (49, 57, quote), (49, 2000, transfer),
                                              (42, 0, card)], 1)]
    path = tmp_path / "周小姐_utf8.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
                    "StrTime", "Remark", "NickName", "Sender"])
        w.writerows(rows)
    records, _ = read(path)
    content = {(r.locator, r.text) for r in records if r.field.startswith("StrContent")}
    assert ("row:1", f"我的电话{P1}") in content
    assert ("row:2", f"地址{ADDR}") in content
    assert ("row:3", f"定金 {P2}") in content
    assert ("row:4", f"电话{P3}") in content and ("row:4", "徐汇") in content
    assert not any("7310000000000000001" in t or "1000050001202401010000000001" in t for _, t in content)


def test_formats_command_lists_every_reader_in_full():
    from conftest import run_cli
    proc = run_cli("formats")
    assert proc.returncode == 0
    for reader in READERS:
        assert reader.format_id in proc.stdout
    assert "…" not in proc.stdout


def test_header_only_workbooks(tmp_path):
    import openpyxl
    for name, rows in (("m.xlsx", [["消息ID", "类型", "发送人", "时间", "内容", "备注", "昵称", "更多信息"]]),
                       ("g.xlsx", [["姓名", "电话"]])):
        book = openpyxl.Workbook()
        book.active.title = "聊天记录"
        for row in rows:
            book.active.append(row)
        book.save(tmp_path / name)
        records, result = read(tmp_path / name)
        assert records == [] and not result.errors and result.files[0].format


def test_weflow_txt_conversation_drops_the_date_range(tmp_path):
    target = tmp_path / "周小姐_20240101-20240131.txt"
    shutil.copy(FILES / "周小姐_weflow.txt", target)
    records, _ = read(target)
    assert {r.conversation for r in records} == {"周小姐"} and {r.data_subject for r in records} == {"周小姐"}
