"""Write sample_exports/ (a synthetic MemoTrace 2.x handover bundle) and its answer key.

    python tools/make_samples.py

Every personal value is generated (valid check digits, live number ranges, real area
codes) and belongs to nobody. Messages are built from segments; a segment tagged with an
entity type is planted PII, and its offsets go into tests/fixtures/sample_expected.csv,
which the tests compare with what the scanner finds. Untagged segments hold the hard
negatives (order and tracking numbers, amounts, appointment dates, a wrong check digit).
"""

from __future__ import annotations

import csv
import random
import sys
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
REMARK_SEGMENTS: dict[str, list[Segment]] = {"王女士-水光针": [("王女士-", None), ("水光针", "MEDICAL")]}


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

    KEY.parent.mkdir(parents=True, exist_ok=True)
    with open(KEY, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "locator", "field", "entity_type", "start", "end"])
        w.writeheader()
        w.writerows(sorted(expected, key=lambda r: (r["file"], r["locator"], r["start"])))
    print(f"wrote {OUT.relative_to(REPO)}/ and {KEY.relative_to(REPO)} ({len(expected)} planted values)")


if __name__ == "__main__":
    main()
