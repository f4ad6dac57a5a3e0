"""Freshly generated synthetic values, planted in one small export per format family, are gone from every byte of
the redacted copy, and every copy reads back as the same format with the same number of records."""

import io
import json
import random
import zipfile

import openpyxl
import pytest
import synth
from redact_helpers import leaks

from handover_scan.redact import REPORT_NAME, RedactOptions, redact
from handover_scan.scan import ScanOptions, scan

KEY = b"families-test-key"


def _values(seed):
    rng = random.Random(seed)
    name = synth.person_name(rng, 2)
    return {"name": name, "phone": synth.mobile(rng), "id": synth.id_number(rng), "card": synth.bank_card(rng),
            "email": synth.email(rng), "wxid": "wxid_" + "".join(rng.choice("abcdefghjk23456789") for _ in range(12))}


def _message(v):
    return f"{v['name']}说：我手机{v['phone']}，身份证号{v['id']}，银行卡号{v['card']}，邮箱{v['email']}"


def _docx(text):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    half = len(text) // 2  # the values split over two runs, as Word does
    body = (f'<w:p><w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:t>{text[half:]}</w:t></w:r></w:p>'
            f'<w:p><w:r><w:t>好的</w:t></w:r></w:p>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body}'
                   '</w:body></w:document>')
    return out.getvalue()


def _xlsx(v):
    book = openpyxl.Workbook()
    book.active.append(["昵称", "微信号", "内容"])
    book.active.append([v["name"], v["wxid"], _message(v)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build(family, v):
    """{file name: bytes} of a small export of one family (names carry the contact's name, as exports do)."""
    text = _message(v)
    if family == "csv":
        return {f"{v['name']}_utf8.csv": ("\ufefflocalId,StrContent,Remark,NickName,Sender\r\n"
                                          f"1,{text},{v['name']},{v['name']},{v['wxid']}\r\n").encode("utf-8")}
    if family == "json":
        return {"customers.json": json.dumps([{"nickname": v["name"], "wxid": v["wxid"], "note": text}],
                                             ensure_ascii=True, indent=2).encode()}
    if family == "jsonl":
        return {"log.jsonl": (json.dumps({"from": v["name"], "text": text}, ensure_ascii=False) + "\n").encode()}
    if family == "text":
        return {f"{v['name']}.txt": f"2024-01-01 10:00:00 {v['name']}\n{text}\n\n".encode("gb18030")}
    if family == "html":
        item = {"type": 1, "text": text, "displayname": v["name"], "avatar_path": "https://wx.qlogo.cn/x/0"}
        return {f"{v['name']}.html": ("<html><body><script>\nconst chatMessages = [" + json.dumps(
            item, ensure_ascii=False) + "];\n</script></body></html>").encode()}
    if family == "js":
        return {"data.js": ("const local_mywxid = 'wxid_owner'\nconst local_user_list = " + json.dumps(
            {v["wxid"]: {"wxid": v["wxid"], "remark": v["name"], "describe": text}}, ensure_ascii=False)
            + "\nconst local_msg_list = " + json.dumps([{"talker": v["wxid"], "msg": text}], ensure_ascii=False)
            + "\n").encode()}
    if family == "xlsx":
        return {f"{v['name']}.xlsx": _xlsx(v)}
    if family == "docx":
        return {f"{v['name']}.docx": _docx(text)}
    if family == "vcf":
        return {"contacts_2025-01-01T00-00-00.vcf": (
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{v['name']}\r\nTEL:{v['phone']}\r\nX-WECHAT-ID:{v['wxid']}\r\n"
            f"NOTE:{text}\r\nEND:VCARD\r\n").encode()}
    if family == "zip":
        inner = build("csv", v) | build("text", v)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, data in inner.items():
                z.writestr(f"{v['name']}/{name}", data)
            z.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
        return {"backup.zip": out.getvalue()}
    raise AssertionError(family)


@pytest.mark.parametrize("family", ["csv", "json", "jsonl", "text", "html", "js", "xlsx", "docx", "vcf", "zip"])
def test_planted_values_are_gone_and_the_copy_reads_the_same(tmp_path, family):
    values = _values(family)
    source = tmp_path / "in"
    source.mkdir()
    for name, data in build(family, values).items():
        (source / name).write_bytes(data)
    outcome = redact([source], tmp_path / "out", RedactOptions(key=KEY))
    assert outcome.exit_code == 0, outcome.summary
    assert leaks(tmp_path / "out", values.values()) == []
    original = scan([source], ScanOptions(key=KEY))
    copy = scan([tmp_path / "out"], ScanOptions(key=KEY, exclude=(tmp_path / "out" / REPORT_NAME,)))
    read = sorted((f.format, f.records) for f in original.files if f.format)
    assert read and sorted((f.format, f.records) for f in copy.files if f.format) == read
    assert sum(outcome.report["replaced_by_type"].values()) >= 5
