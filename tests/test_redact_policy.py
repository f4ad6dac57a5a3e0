"""The redaction policy: what each kind of value becomes, and the keyed pseudonyms."""

import json

import pytest

from handover_scan.redact.policy import RedactPolicy, Replacer, generalise, merge
from handover_scan.redact.pseudonym import id_pseudonym, person_pseudonym

KEY = b"policy-test-key"


@pytest.mark.parametrize("entity_type, value, action, expected", [
    ("ADDRESS", "上海市徐汇区漕溪北路88号3栋1202室", "city", "上海市"),
    ("ADDRESS", "浙江省杭州市西湖区文三路90号", "city", "浙江省杭州市"),
    ("ADDRESS", "北京朝阳区建国路88号", "city", "北京"),
    ("ADDRESS", "漕溪北路88号3栋", "city", "[地址]"),
    ("ADDRESS", "上海市徐汇区漕溪北路88号", "placeholder", "[地址]"),
    ("BIRTH_DATE", "1992年6月15日", "year", "1992年"),
    ("BIRTH_DATE", "1992-06-15", "year", "1992"),
    ("BIRTH_DATE", "6月15日", "year", "[出生日期]"),
    ("MEDICAL", "过敏性鼻炎", "health", "[健康信息]"),
    ("PHONE_NUMBER", "13912345678", "placeholder", "[手机号]"),
    ("CN_ID_CARD", "11010519491231002X", "placeholder", "[身份证号]"),
    ("PHONE_NUMBER", "13912345678", "keep", "13912345678"),
])
def test_each_action(entity_type, value, action, expected):
    assert generalise(entity_type, value, action, KEY) == expected


def test_pseudonyms_are_consistent_keyed_and_carry_no_value():
    first = person_pseudonym(KEY, "王女士")
    assert first == person_pseudonym(KEY, "王女士") and first.startswith("客户") and len(first) == 8
    assert first != person_pseudonym(b"another key", "王女士")  # without the key, nobody can recompute it
    assert first != person_pseudonym(KEY, "李先生")
    tag = id_pseudonym(KEY, "微信号", "wxid_abc123")
    assert tag.startswith("[微信号·") and not any(c.isascii() and c.isalnum() for c in tag)


def test_overlapping_spans_merge_into_the_longest_type():
    assert merge([(0, 3, "PERSON"), (2, 10, "ADDRESS"), (12, 14, "MEDICAL")]) == [(0, 10, "ADDRESS"),
                                                                                  (12, 14, "MEDICAL")]


def test_a_bad_action_is_refused():
    with pytest.raises(ValueError, match="TYPE=ACTION"):
        RedactPolicy.with_overrides(["PHONE_NUMBER=blur"])
    assert RedactPolicy.with_overrides(["address=placeholder"]).action("ADDRESS") == "placeholder"


def test_replacer_keeps_lines_and_skips_timestamps(analyzer):
    replacer = Replacer(analyzer, KEY, RedactPolicy(), {"1381234\n5678": "PHONE_NUMBER"})
    text = "麻烦发一下出生日期\n2024-04-01 10:05:40 王女士\n电话1381234\n5678\n"
    new = replacer.text(text)
    assert new.count("\n") == text.count("\n")
    assert "2024-04-01 10:05:40" in new and "5678" not in new


def test_a_shared_contact_card_loses_every_identity_attribute(analyzer):
    replacer = Replacer(analyzer, KEY, RedactPolicy(), {})
    card = ('<?xml version="1.0"?><msg bigheadimgurl="http://wx.qlogo.cn/mmhead/ver_1/abc/0" '
            'username="wxid_abcdef123" nickname="欧阳娜娜" alias="ouyang_nana88" fullpy="ouyangnana" '
            'sign="爱生活" province="上海" certflag="0"/>')
    new = replacer.text(card, "StrContent")
    for value in ("qlogo", "wxid_abcdef123", "欧阳娜娜", "ouyang_nana88", "ouyangnana", "爱生活"):
        assert value not in new
    assert 'province="上海"' in new and 'version="1.0"' in new and new.startswith("<?xml")
    assert person_pseudonym(KEY, "欧阳娜娜") in new


def test_quoted_printable_vcard_values_are_decoded_and_replaced(analyzer):
    import quopri

    from handover_scan.redact.vcffile import rewrite_vcf

    def qp(text):
        return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("=\n", "")

    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
            f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('欧阳;娜娜;;;')}\r\n"
            f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('欧阳娜娜')}\r\n"
            f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('住址上海市徐汇区漕溪北路88号3栋，')}=\r\n"
            f"{qp('手机13912345678')}\r\n"
            "TEL;CELL:13912345678\r\nEND:VCARD\r\n")
    new = rewrite_vcf(card, Replacer(analyzer, KEY, RedactPolicy(), {}))
    decoded = quopri.decodestring(new.encode("utf-8")).decode("utf-8")
    assert "欧阳" not in decoded and "漕溪北路" not in decoded and "13912345678" not in decoded
    assert person_pseudonym(KEY, "欧阳娜娜") in decoded
    assert new.count("BEGIN:VCARD") == 1 and new.endswith("END:VCARD\r\n")


def test_workbook_cell_notes_and_authors_are_rewritten(analyzer):
    import io
    import zipfile

    import openpyxl
    from openpyxl.comments import Comment

    from handover_scan.redact.xlsxfile import rewrite_xlsx

    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["钱七", "15105032582"])
    book.active["A2"].comment = Comment("老客户，手机13912345678", "张三丰")
    data = io.BytesIO()
    book.save(data)
    new = rewrite_xlsx(data.getvalue(), Replacer(analyzer, KEY, RedactPolicy(), {}))
    with zipfile.ZipFile(io.BytesIO(new)) as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    for value in ("13912345678", "张三丰", "15105032582", "钱七"):
        assert value.encode() not in blob, value


def test_docx_comments_and_their_authors_are_rewritten(analyzer):
    import io
    import zipfile

    from handover_scan.redact.docxfile import rewrite_docx

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<w:document {w}><w:body><w:p><w:r><w:t>电话1391234</w:t></w:r>'
                         '<w:r><w:t>5678</w:t></w:r></w:p></w:body></w:document>')
        archive.writestr("word/comments.xml", f'<w:comments {w}><w:comment w:id="0" w:author="张三丰" w:initials="ZS">'
                         '<w:p><w:r><w:t>她手机13812345678</w:t></w:r></w:p></w:comment></w:comments>')
        archive.writestr("docProps/core.xml", "<cp:coreProperties><dc:creator>张三丰</dc:creator></cp:coreProperties>")
    new = rewrite_docx(data.getvalue(), Replacer(analyzer, KEY, RedactPolicy(), {}))
    with zipfile.ZipFile(io.BytesIO(new)) as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    for value in ("13912345678", "1391234", "13812345678", "张三丰", 'initials="ZS"'):
        assert value.encode() not in blob, value


def test_telegram_json_with_its_invalid_escapes_is_rewritten_as_json_field_by_field(analyzer):
    from handover_scan.redact.jsonfile import rewrite_json

    text = '{\n "about": "\\x01Here is the data",\n "personal_information": {"username": "mei_88a", "first_name": "Mei"}\n}\n'
    new = json.loads(rewrite_json(text, Replacer(analyzer, KEY, RedactPolicy(), {})))  # valid JSON now
    assert new["about"] == "\x01Here is the data"
    person = new["personal_information"]
    assert list(person) == ["username", "first_name"]
    assert person["username"].startswith("[账号·") and person["first_name"].startswith("客户")
