"""Write sample_exports/ (a synthetic handover bundle) and its answer key.

The bundle: a MemoTrace 2.x folder, a PyWxDump folder (CSV + users.json with 手机号/描述),
a Telegram full export (result.json with contacts), and a zip of the PyWxDump folder
as an account seller would send it (scanned in place: `pywxdump_backup.zip!...`).

    python tools/make_samples.py

Every personal value is generated (valid check digits, live number ranges, real area
codes) and belongs to nobody. Messages are built from segments; a segment tagged with an
entity type is planted PII, and its offsets go into tests/fixtures/sample_expected.csv,
which the tests compare with what the scanner finds. Untagged segments hold the hard
negatives (order and tracking numbers, amounts, appointment dates, a wrong check digit).
"""

from __future__ import annotations

import csv
import json
import random
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import synth  # noqa: E402

OUT = REPO / "sample_exports"
KEY = REPO / "tests" / "fixtures" / "sample_expected.csv"
OWNER = ("wxid_owner0001", "小美医美顾问", "小美")
rng = random.Random(20261122)
extra_rng = random.Random(20261123)  # values for the entity types added later; keeps the older values stable

Segment = tuple[str, str | None]  # (text, entity type or None)
# Contact remarks that carry PII themselves (owners tag customers by treatment).
# The personal name in a name field (remark, nickname, first/last name) is a PERSON finding on that contact;
# nicknames without a surname (小王同学, LiLi, 小美) and the rest of a remark (代购) are not names.
REMARK_SEGMENTS: dict[str, list[Segment]] = {
    "王女士-水光针": [("王女士", "PERSON"), ("-", None), ("水光针", "MEDICAL")],
    "周小姐-热玛吉": [("周小姐", "PERSON"), ("-", None), ("热玛吉", "MEDICAL")],
    "李先生代购": [("李先生", "PERSON"), ("代购", None)],
    **{name: [(name, "PERSON")] for name in ("孙阿姨", "孙姐", "赵姐", "赵赵", "钱小姐", "Qian", "周周")},
}


def text_of(segments: list[Segment]) -> tuple[str, list[tuple[int, int, str]]]:
    text, spans = "", []
    for piece, entity in segments:
        if entity:
            spans.append((len(text), len(text) + len(piece), entity))
        text += piece
    return text, spans


expected: list[dict[str, object]] = []


def plant(file: str, locator: str, field: str, segments: list[Segment]) -> str:
    text, spans = text_of(segments)
    for start, end, entity in spans:
        line = locator
        if locator.startswith("line:"):
            line = f"line:{int(locator[5:]) + text.count(chr(10), 0, start)}"
        expected.append({"file": file, "locator": line, "field": field, "entity_type": entity,
                         "start": start, "end": end})
    return text


def chat_csv(rel: str, talker_id: int, contact: tuple[str, str, str], messages: list[tuple[int, list[Segment]]],
             members: list[tuple[str, str, str]] | None = None) -> None:
    """messages: (sender index: 0 = owner, 1.. = contact/members, segments). Type 1 text unless segments say XML."""
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    people = [OWNER, contact] if members is None else [OWNER, *members]
    t = 1_704_100_000 + talker_id * 86_400
    seen_names: set[tuple[str, str]] = set()
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
                    "StrTime", "Remark", "NickName", "Sender"])
        for row, (who, segments) in enumerate(messages, 1):
            wxid, remark, nick = people[who]
            msg_type = "3" if segments and segments[0][0].startswith("<?xml") else "1"
            text = plant(rel, f"row:{row}", "StrContent", segments) if msg_type == "1" else segments[0][0]
            for column, value in (("Remark", remark), ("NickName", nick)):
                if (column, value) not in seen_names:  # the scanner reads each name once per file
                    seen_names.add((column, value))
                    plant(rel, f"row:{row}", column, REMARK_SEGMENTS.get(value, [(value, None)]))
            t += 97
            stamp = f"2024-{1 + talker_id % 12:02d}-{1 + row % 27:02d} {10 + row % 12:02d}:{row % 60:02d}:{t % 60:02d}"
            w.writerow([100 + row, talker_id, msg_type, 0, 1 if who == 0 else 0, t, 2, text, stamp, remark, nick, wxid])


def json_text(file: str, path: tuple, field: str, segments: list[Segment]) -> str:
    """A planted JSON string value: locator is the RFC 6901 pointer to it."""
    pointer = "json:" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return plant(file, pointer, field, segments)


def pywxdump_folder(phone_zhou: str, birth_zhou: str) -> list[str]:
    """PyWxDump v3 export of one chat: CSV (no BOM, CRLF) and users.json. Returns the files written."""
    base = "pywxdump/wxdump_work/export/wxid_owner0001/csv/wxid_sample_zhou06"
    rel_csv = f"{base}/wxid_sample_zhou06_0_5.csv"
    rel_users = f"{base}/users.json"
    zhou = "wxid_sample_zhou06"
    rows = [
        (0, "文本", [("你好，我想咨询", None), ("热玛吉", "MEDICAL")]),
        (1, "文本", [("好的，麻烦登记出生日期", None)]),
        (0, "文本", [("生日", None), (birth_zhou, "BIRTH_DATE")]),
        (0, "位置", [("纬度:【31.19】 经度:【121.43】\n位置：", None), ("上海市徐汇区天钥桥路100号5栋302室", "ADDRESS"),
                   (" 某某花园\n其他信息：{}", None)]),
        (1, "转账", [("已收款：￥500.00\n转账说明：定金\n转账时间：2024-05-02 10:11:12\n", None)]),
    ]
    path = OUT / rel_csv
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src", "CreateTime"])
        for row_no, (is_sender, type_name, segments) in enumerate(rows, 1):
            text = plant(rel_csv, f"row:{row_no}", "msg", segments)
            talker = OWNER[0] if is_sender else zhou
            w.writerow([row_no, 7310000000000000000 + row_no * 7, type_name, is_sender, talker, zhou, text, "",
                        f"2024-05-02 10:{row_no:02d}:00"])
    users = {
        zhou: {
            "wxid": zhou, "nickname": "周周", "remark": "周小姐-热玛吉", "account": "zhouzhou_2024",
            "describe": json_text(rel_users, (zhou, "describe"), "describe",
                                  [("老客户，电话", None), (phone_zhou, "PHONE_NUMBER"), ("，有", None),
                                   ("糖尿病", "MEDICAL")]),
            "headImgUrl": "https://wx.qlogo.cn/mmhead/ver_1/FAKE/0",
            "ExtraBuf": {"性别[1男2女]": 2, "个性签名": "慢慢变好", "国": "CN", "省": "Shanghai", "市": "Shanghai",
                         "公司名称": "",
                         "手机号": json_text(rel_users, (zhou, "ExtraBuf", "手机号"), "ExtraBuf/手机号",
                                          [(phone_zhou, "PHONE_NUMBER")]),
                         "企微属性": "", "朋友圈背景": "", "备注图片": "", "备注图片2": ""},
            "LabelIDList": ["客户"], "extra": None},
        OWNER[0]: {"wxid": OWNER[0], "nickname": OWNER[1], "remark": "", "account": "", "describe": "",
                   "headImgUrl": "", "ExtraBuf": {}, "LabelIDList": [], "extra": None},
    }
    plant(rel_users, f"json:/{zhou}/remark", "remark", REMARK_SEGMENTS["周小姐-热玛吉"])
    plant(rel_users, f"json:/{zhou}/nickname", "nickname", REMARK_SEGMENTS["周周"])
    (OUT / rel_users).write_text(json.dumps(users, ensure_ascii=False, indent=4), encoding="utf-8")
    return [rel_csv, rel_users]


def telegram_export(phone_owner: str, phone_a: str, phone_b: str) -> None:
    """Telegram Desktop full export: result.json with personal information, contacts and one chat."""
    rel = "telegram/DataExport_2024-06-01/result.json"
    f = lambda path, field, segments: json_text(rel, path, field, segments)  # noqa: E731
    owner_phone = f"+86 {phone_owner[:3]} {phone_owner[3:7]} {phone_owner[7:]}"
    data = {
        "about": "Here is the data you requested. Remember: Telegram is ad free.",
        "personal_information": {
            "user_id": 5550001, "first_name": "Xiaomei", "last_name": "",
            "phone_number": f(("personal_information", "phone_number"), "phone_number",
                              [(owner_phone, "PHONE_NUMBER")]),
            "username": "@xiaomei_consult", "bio": "医美咨询"},
        "contacts": {"about": "This is your contacts list.", "list": [
            {"user_id": 5550002, "first_name": "Ying", "last_name": "Chen",
             "phone_number": f(("contacts", "list", 0, "phone_number"), "phone_number", [(phone_a, "PHONE_NUMBER")]),
             "date": "2024-03-01T09:00:00", "date_unixtime": "1709254800"},
            {"user_id": 5550003, "first_name": "Lan", "last_name": "Hu",
             "phone_number": f(("contacts", "list", 1, "phone_number"), "phone_number",
                               [(f"+86{phone_b}", "PHONE_NUMBER")]),
             "date": "2024-03-02T09:00:00", "date_unixtime": "1709341200"}]},
        "frequent_contacts": {"about": "", "list": [
            {"id": 5550002, "category": "people", "type": "user", "name": "Ying Chen", "rating": 0.9}]},
        "sessions": {"about": "", "list": [
            {"last_active": "2024-06-01T08:00:00", "last_active_unixtime": "1717200000", "last_ip": "10.20.30.40",
             "last_country": "China", "last_region": "Shanghai", "application_name": "Telegram Desktop",
             "application_version": "4.14", "device_model": "Desktop", "platform": "Windows",
             "system_version": "Windows 10", "created": "2024-01-01T00:00:00", "created_unixtime": "1704038400"}]},
        "chats": {"about": "", "list": [{"name": "Ying Chen", "type": "personal_chat", "id": 5550002, "messages": [
            {"id": 1, "type": "message", "date": "2024-06-01T10:00:00", "date_unixtime": "1717207200",
             "from": "Ying Chen", "from_id": "user5550002",
             "text": ["我想做", {"type": "bold", "text": "水光针"}, "，上次打完有点", {"type": "plain", "text": "红肿"}],
             "text_entities": [{"type": "plain", "text": "我想做"}, {"type": "bold", "text": "水光针"},
                               {"type": "plain", "text": "，上次打完有点"}, {"type": "plain", "text": "红肿"}]},
            {"id": 2, "type": "message", "date": "2024-06-01T10:05:00", "date_unixtime": "1717207500",
             "from": "Xiaomei", "from_id": "user5550001", "text": "好的，发一下出生日期和地址", "text_entities": []},
            {"id": 3, "type": "message", "date": "2024-06-01T10:07:00", "date_unixtime": "1717207620",
             "from": "Ying Chen", "from_id": "user5550002", "text": "", "text_entities": [],
             "contact_information": {"first_name": "Lan", "last_name": "Hu", "phone_number": phone_b}},
            {"id": 4, "type": "message", "date": "2024-06-01T10:09:00", "date_unixtime": "1717207740",
             "from": "Ying Chen", "from_id": "user5550002", "text": "", "text_entities": []},
        ]}]},
    }
    msgs = data["chats"]["list"][0]["messages"]
    for path in (("personal_information",), ("contacts", "list", 0), ("contacts", "list", 1),
                 ("chats", "list", 0, "messages", 2, "contact_information")):
        obj = data
        for part in path:
            obj = obj[part]
        prefix = "contact_information/" if path[-1] == "contact_information" else ""
        for key in ("first_name", "last_name"):
            if obj[key]:  # a name field holding a name (Xiaomei, Ying, Chen, Lan, Hu)
                f((*path, key), prefix + key, [(obj[key], "PERSON")])
    f(("chats", "list", 0, "messages", 0, "text"), "text",
      [("我想做", None), ("水光针", "MEDICAL"), ("，上次打完有点", None), ("红肿", "MEDICAL")])
    msgs[2]["contact_information"]["phone_number"] = f(
        ("chats", "list", 0, "messages", 2, "contact_information", "phone_number"), "contact_information/phone_number",
        [(phone_b, "PHONE_NUMBER")])
    msgs[3]["text"] = f(("chats", "list", 0, "messages", 3, "text"), "text",
                        [("生日", None), ("1995年3月8日", "BIRTH_DATE"), ("，寄到", None),
                         ("广东省深圳市南山区科技园路1号2栋", "ADDRESS")])
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def zipped_copy(files: list[str], folder: str, name: str) -> None:
    """Zip files of one folder (paths inside relative to that folder) and plant their values again."""
    rel_zip = f"backup/{name}"
    (OUT / rel_zip).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(OUT / rel_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in files:
            inner = rel[len(folder) + 1:]
            info = zipfile.ZipInfo(inner, date_time=(2024, 6, 1, 12, 0, 0))  # fixed: the bundle is reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (OUT / rel).read_bytes())
            for row in [r for r in expected if r["file"] == rel]:
                expected.append({**row, "file": f"{rel_zip}!{inner}"})


def main() -> None:
    if OUT.exists():
        for p in sorted(OUT.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    base = "memotrace/data/聊天记录"
    wang = ("wxid_sample_wang01", "王女士-水光针", "小王同学")
    li = ("wxid_sample_li0002", "李先生代购", "LiLi")
    id_wang, phone_wang, phone_li = synth.id_number(rng, "310104", "19920615"), synth.mobile(rng), synth.mobile(rng)
    order_no = "".join(str(rng.randint(0, 9)) for _ in range(18))  # 18-digit order number, not an ID
    wrong_id = synth.wrong_check_id(rng)

    chat_csv(f"{base}/王女士-水光针/王女士-水光针_utf8.csv", 7, wang, [
        (0, [("亲，明天下午三点到店做", None), ("水光针", "MEDICAL"), ("哦，记得卸妆", None)]),
        (1, [("好的。我上个月刚打过", None), ("玻尿酸", "MEDICAL"), ("，会不会冲突", None)]),
        (0, [("不会的，登记一下信息：姓名、身份证、手机号", None)]),
        (1, [("身份证", None), (id_wang, "CN_ID_CARD"), ("，手机", None), (phone_wang, "PHONE_NUMBER"),
             ("，邮箱", None), (synth.email(extra_rng), "EMAIL")]),
        (1, [("我生日是", None), ("1992年6月15日", "BIRTH_DATE"), ("，对了我有", None), ("甲亢", "MEDICAL"),
             ("，一直在吃", None), ("优甲乐", "MEDICAL")]),
        (0, [("收到。预约4月3日下午，定金200元已收，订单号", None), (order_no, None)]),
        (1, [("<?xml version=\"1.0\"?><msg><img length=\"102400\" md5=\"0a1b2c3d\" cdnthumburl=\"3057020100\"/></msg>",
              None)]),
        (1, [("做完", None), ("热玛吉", "MEDICAL"), ("脸有点", None), ("红肿", "MEDICAL"), ("，正常吗", None)]),
    ])
    chat_csv(f"{base}/李先生代购/李先生代购_utf8.csv", 8, li, [
        (1, [("奶粉两罐，寄到", None), ("上海市徐汇区漕溪北路88号3栋1202室", "ADDRESS"), ("，电话", None),
             (f"{phone_li[:3]} {phone_li[3:7]} {phone_li[7:]}", "PHONE_NUMBER"), ("，收件人", None),
             (synth.person_name(extra_rng), "PERSON")]),
        (0, [("好的，顺丰单号SF", None), ("".join(str(rng.randint(0, 9)) for _ in range(12)), None),
             ("，合计1380元", None)]),
        (1, [("上次那个单号", None), (wrong_id, None), ("查不到", None), ("，退款打到这张卡", None),
             (synth.bank_card(extra_rng), "BANK_CARD")]),
        (0, [("2024-03-05 14:22:10 已发货", None)]),
    ])
    group = [("wxid_sample_zhao03", "赵姐", "赵赵"), ("wxid_sample_qian04", "钱小姐", "Qian"),
             ("wxid_sample_sun005", "孙阿姨", "孙姐")]
    phone_zhao = synth.mobile(rng)
    chat_csv(f"{base}/玻尿酸团购群/玻尿酸团购群_utf8.csv", 9, group[0], [
        (0, [("本周团购：", None), ("水光针", "MEDICAL"), ("三次卡，群内价1980元", None)]),
        (1, [("我报名，", None), (phone_zhao, "PHONE_NUMBER")]),
        (2, [("@", None), ("赵姐", "PERSON"), (" 我去年做过", None), ("隆鼻", "MEDICAL"), ("，能一起做吗", None)]),
        (3, [("我是", None), ("糖尿病", "MEDICAL"), ("能打吗", None)]),
    ], members=[group[0], group[1], group[2]])

    contacts = OUT / "memotrace/contacts.csv"
    phone_sun = synth.mobile(rng)
    with open(contacts, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["UserName", "Alias", "Type", "Remark", "NickName", "PYInitial", "RemarkPYInitial",
                    "smallHeadImgUrl", "bigHeadImgUrl", "label", "gender", "telephone", "signature",
                    "country/region", "province", "city"])
        rows = [
            (wang, phone_wang, "客户", "女", "爱美之心", "Shanghai", "Shanghai"),
            (li, phone_li, "代购", "男", "", "Guangdong", "Shenzhen"),
            (group[2], phone_sun, "None", "女", "", "Zhejiang", "Hangzhou"),
        ]
        for row_no, ((wxid, remark, nick), phone, label, gender, sign, prov, city) in enumerate(rows, 1):
            plant("memotrace/contacts.csv", f"row:{row_no}", "telephone", [(phone, "PHONE_NUMBER")])
            plant("memotrace/contacts.csv", f"row:{row_no}", "Remark", REMARK_SEGMENTS.get(remark, [(remark, None)]))
            plant("memotrace/contacts.csv", f"row:{row_no}", "NickName", REMARK_SEGMENTS.get(nick, [(nick, None)]))
            w.writerow([wxid, "", 3, remark, nick, "XX", "XX", "https://wx.qlogo.cn/mmhead/ver_1/FAKE/132",
                        "https://wx.qlogo.cn/mmhead/ver_1/FAKE/0", label, gender, phone, sign, "CN", prov, city])

    txt = OUT / f"{base}/王女士-水光针/王女士-水光针.txt"
    rel_txt = f"{base}/王女士-水光针/王女士-水光针.txt"
    lines: list[str] = []
    birth = "1992-06-15"

    def txt_message(stamp: str, name: str, segments: list[Segment]) -> None:
        lines.append(f"{stamp} {name}")
        body = plant(rel_txt, f"line:{len(lines) + 1}", "text", segments)
        lines.extend(body.split("\n"))
        lines.append("")

    txt_message("2024-04-01 10:00:00", "王女士-水光针", [("复诊时间改到4月8日可以吗", None)])
    txt_message("2024-04-01 10:02:13", "小美", [("可以的。麻烦再发一下出生日期", None)])
    txt_message("2024-04-01 10:05:40", "王女士-水光针", [("出生日期：", None), (birth, "BIRTH_DATE"),
                                                     ("\n地址：", None), ("上海市徐汇区漕溪北路88号3栋1202室", "ADDRESS")])
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")

    notes = OUT / "交接说明.txt"
    spare_phone = synth.mobile(rng)
    notes_lines = ["账号交接说明（示例，全部为虚构数据）", "1. 客户群三个，见聊天记录文件夹",
                   plant("交接说明.txt", "line:3", "text", [("2. 备用手机号 ", None), (spare_phone, "PHONE_NUMBER")]),
                   "3. 结算金额 58000 元，合同号 20240315001"]
    notes.write_text("\n".join(notes_lines) + "\n", encoding="utf-8")

    # (one ID number in the whole bundle: tests/test_sample_exports.py counts it)
    written = pywxdump_folder(synth.mobile(rng), "1988年9月21日")
    telegram_export(synth.mobile(rng), synth.mobile(rng), synth.mobile(rng))
    zipped_copy(written, "pywxdump", "pywxdump_backup.zip")

    KEY.parent.mkdir(parents=True, exist_ok=True)
    with open(KEY, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "locator", "field", "entity_type", "start", "end"])
        w.writeheader()
        w.writerows(sorted(expected, key=lambda r: (r["file"], r["locator"], r["start"])))
    print(f"wrote {OUT.relative_to(REPO)}/ and {KEY.relative_to(REPO)} ({len(expected)} planted values)")


if __name__ == "__main__":
    main()
