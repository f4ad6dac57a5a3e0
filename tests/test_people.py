"""People attribution (issue 10 points 1-3): one person one subject, the owner apart, groups never people."""

from __future__ import annotations

import json
import random
from pathlib import Path

from handover_scan.people.identity import Identities, key, swapped
from handover_scan.records import Record
from handover_scan.scan import ScanOptions, scan
from tests.synth import id_number, mobile

RNG = random.Random(1010)
PHONE_WANG, PHONE_WANG_CARD, PHONE_LI, SHOP = (mobile(RNG) for _ in range(4))
ID_WANG, ID_ZHAO = id_number(RNG), id_number(RNG)
HEADER = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n"
OWNER = ("小美医美顾问", "小美", "wxid_owner0001")


def _row(n: int, sender: tuple[str, str, str], text: str, is_sender: int) -> str:
    remark, nick, wxid = sender
    return f"{n},8,1,0,{is_sender},17047912{n:02d},2,{text},2024-09-02 11:01:{n:02d},{remark},{nick},{wxid}\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig")


def memotrace_export(root: Path) -> Path:
    """Two customers (王建国 with a remark carrying his trade, 李), a group of three customers, and a
    handover note: every file names people the way MemoTrace 2.x does."""
    wang = ("王建国 江阴装修", "建国", "wxid_test_wang01")
    li = ("李先生代购", "LiLi", "wxid_test_li0002")
    _write(root / "contacts.csv",
           "UserName,Alias,Type,Remark,NickName,PYInitial,RemarkPYInitial,smallHeadImgUrl,bigHeadImgUrl,label,"
           "gender,telephone,signature,country/region,province,city\n"
           f"wxid_test_wang01,,3,王建国 江阴装修,建国,XX,XX,,,客户,男,{PHONE_WANG_CARD},,CN,Jiangsu,Wuxi\n"
           f"wxid_test_li0002,,3,李先生代购,LiLi,XX,XX,,,代购,男,{PHONE_LI},,CN,Guangdong,Shenzhen\n")
    chats = root / "data" / "聊天记录"
    _write(chats / "王建国_江阴装修" / "王建国_江阴装修_utf8.csv", HEADER
           + _row(1, wang, f"我电话{PHONE_WANG}，身份证{ID_WANG}", 0)
           + _row(2, OWNER, f"好的，有事打店里电话{SHOP}", 1))
    _write(chats / "李先生代购" / "李先生代购_utf8.csv", HEADER
           + _row(1, li, "在吗", 0)
           + _row(2, OWNER, f"店里电话{SHOP}，新到一批", 1))
    zhao, qian, sun = (("赵姐", "赵姐", "wxid_test_zhao03"), ("钱小姐", "钱钱", "wxid_test_qian04"),
                       ("孙阿姨", "孙姐", "wxid_test_sun005"))
    _write(chats / "玻尿酸团购群" / "玻尿酸团购群_utf8.csv", HEADER
           + _row(1, zhao, f"我的身份证{ID_ZHAO}", 0)
           + _row(2, qian, "收到", 0)
           + _row(3, sun, "好的", 0)
           + _row(4, OWNER, f"有人留了电话{mobile(RNG)}，是谁的？", 1))
    _write(root / "交接说明.txt", f"交接时请联系{mobile(RNG)}\n")
    return root


def _by(result, entity_type: str, file_part: str):
    return [f for f in result.findings if f.entity_type == entity_type and file_part in f.file]


def test_one_person_over_remark_folder_name_and_contact_card(tmp_path):
    result = scan([memotrace_export(tmp_path / "mt")], ScanOptions(key=b"k"))
    card = [f for f in _by(result, "PHONE_NUMBER", "contacts.csv") if f.subject_raw.startswith("王建国")]
    chat = _by(result, "CN_ID_CARD", "王建国_江阴装修")
    assert card and chat
    assert card[0].person_id == chat[0].person_id and card[0].person_id.startswith("P")
    wang = result.people[card[0].person_id]
    assert wang.display_name == "王建国 江阴装修"
    assert {"王建国 江阴装修", "建国"} <= set(wang.names)
    assert wang.ids and all("wxid_test_wang01" not in i for i in wang.ids)  # ids masked
    # the same key gives the same person_id; another key another
    again = scan([tmp_path / "mt"], ScanOptions(key=b"k"))
    other = scan([tmp_path / "mt"], ScanOptions(key=b"other"))
    assert set(again.people) == set(result.people) and not set(other.people) & set(result.people)


def test_owner_never_a_subject_and_owners_own_advert_apart(tmp_path):
    result = scan([memotrace_export(tmp_path / "mt")], ScanOptions(key=b"k"))
    shop = [f for f in result.findings if f.value == SHOP]
    assert len(shop) == 2 and {f.person_id for f in shop} == {"owner"}
    assert all("小美" not in p.display_name for p in result.people.values())
    # the customer's own phone in his 1:1 chat is his
    phone = [f for f in _by(result, "PHONE_NUMBER", "王建国_江阴装修") if f.value == PHONE_WANG]
    assert phone[0].person_id == _by(result, "CN_ID_CARD", "王建国_江阴装修")[0].person_id


def test_groups_go_to_the_sender_and_unknown_is_unattributed(tmp_path):
    result = scan([memotrace_export(tmp_path / "mt")], ScanOptions(key=b"k"))
    group_id = _by(result, "CN_ID_CARD", "玻尿酸团购群")
    assert result.people[group_id[0].person_id].display_name == "赵姐"
    assert all(p.display_name != "玻尿酸团购群" for p in result.people.values())
    owner_in_group = [f for f in _by(result, "PHONE_NUMBER", "玻尿酸团购群")]
    assert owner_in_group and {f.person_id for f in owner_in_group} == {"unattributed"}
    note = _by(result, "PHONE_NUMBER", "交接说明")
    assert note and note[0].person_id == "unattributed" and note[0].data_subject == "(unattributed)"
    # 王建国, 李先生 (contact card) and the group's 赵姐, 钱小姐, 孙阿姨 (their names in the Remark column);
    # the owner, the group and "(unknown)" are not people
    people = {f.person_id for f in result.findings} - {"owner", "unattributed"}
    assert len(people) == 5 == len(result.people)
    assert sorted(p.display_name for p in result.people.values()) == ["孙阿姨", "李先生代购", "王建国 江阴装修",
                                                                      "赵姐", "钱小姐"]


def test_headline_counts_people_plus_unattributed(tmp_path):
    from handover_scan.config import load_policy
    from handover_scan.engine.definitions import load_definitions
    from handover_scan.policy import decide
    from handover_scan.reports import ReportData, ReportOptions, write_reports

    out = tmp_path / "out"
    result = scan([memotrace_export(tmp_path / "mt")], ScanOptions(key=b"k"))
    definitions = load_definitions()
    decision = decide(result, load_policy(cwd=tmp_path), None, definitions.entities)
    write_reports(out, ReportData(result, decision, definitions), ReportOptions(formats=("csv", "json")))
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["totals"]["people"] == 5 and report["totals"]["unattributed_findings"] == 2
    assert "5 people's personal information, plus 2 findings whose person is unknown" in report["headline"]["en"]
    header = (out / "findings.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    assert header[-1] == "person_id" and header[:4] == ["file", "format", "locator", "conversation"]
    subjects = (out / "subjects.csv").read_text("utf-8-sig")
    assert "wxid_test" not in subjects and "玻尿酸团购群," not in subjects.split("\n", 1)[1].split(",")[1]


def test_telegram_owner_and_first_last_name(tmp_path):
    phone_owner, phone_wang = mobile(RNG), mobile(RNG)
    export = {
        "personal_information": {"user_id": 5550001, "first_name": "小美", "last_name": "",
                                 "phone_number": f"+86 {phone_owner}", "bio": ""},
        "contacts": {"list": [{"user_id": 5550002, "first_name": "建国", "last_name": "王",
                               "phone_number": phone_wang, "date": "2024-03-01T09:00:00"}]},
        "chats": {"list": [{"name": "建国 王", "type": "personal_chat", "id": 5550002, "messages": [
            {"id": 1, "type": "message", "date": "2024-05-01T10:00:00", "date_unixtime": "1714528800",
             "from": "建国 王", "from_id": "user5550002", "text": f"身份证{ID_WANG}", "text_entities": []},
            {"id": 2, "type": "message", "date": "2024-05-01T10:01:00", "date_unixtime": "1714528860",
             "from": "小美", "from_id": "user5550001", "text": "收到", "text_entities": []}]}]},
    }
    _write(tmp_path / "tg" / "result.json", json.dumps(export, ensure_ascii=False))
    result = scan([tmp_path / "tg"], ScanOptions(key=b"k"))
    owner_phone = [f for f in result.findings if f.entity_type == "PHONE_NUMBER" and f.value.endswith(phone_owner)]
    assert owner_phone and owner_phone[0].person_id == "owner"
    assert len(result.people) == 1
    (person,) = result.people.values()
    assert person.display_name in ("建国 王", "王建国") and "王建国" in person.names
    assert {f.person_id for f in result.findings} - {"owner"} == {person.person_id}


def test_identities_link_spellings_but_not_strangers():
    ids = Identities()
    ids.link("王建国 江阴装修", "wxid_abc123")
    assert ids.same("王建国_江阴装修", "wxid_abc123")
    assert not ids.same("王建国", "wxid_abc123")  # a remark's name part alone is not the link
    assert key("+86 138-1234-5678") == key("13812345678")
    assert swapped("建国 王") == "王建国" and swapped("Ying Chen") == ""


def test_one_to_one_other_sender_is_the_owner():
    ids = Identities()
    for sender in ("张三", "店主"):
        ids.learn(Record("a.txt", "whatsapp-txt", "line:1", "张三", "张三", "text", "x", sender))
    from handover_scan.people.owner import infer_owner

    infer_owner(ids)
    assert ids.is_owner("店主") and not ids.is_owner("张三")


def _identity_state(ids: Identities) -> tuple:
    """Everything Identities learned, insertion order included (Counter.most_common breaks ties by it)."""
    return (list(ids.parent.items()), [(k, list(v.items())) for k, v in ids.raw.items()], sorted(ids.owner_keys),
            [(k, list(v.items())) for k, v in ids.senders.items()],
            [(k, list(v.items())) for k, v in ids.subjects.items()], sorted(ids.conversation_keys))


def test_learning_repeated_message_records_fast_equals_learning_each_in_full():
    """learn() only adds to counters for a message like one seen before (same file, format, conversation,
    sender, subject); learning every record the long way must leave the same state, order included."""
    from handover_scan.people.identity import CONTACT_FORMAT
    from handover_scan.scan import ScanResult, iter_records

    root = Path(__file__).resolve().parents[1]
    records = [r for r in iter_records([root / "sample_exports", root / "tests" / "fixtures"], ScanResult())]
    assert len(records) > 1000 and len({r.format for r in records}) > 20
    fast, full = Identities(), Identities()
    for record in records:
        fast.learn(record)
        full._learn(record, bool(CONTACT_FORMAT.search(record.format)), None)
    assert fast._repeats and _identity_state(fast) == _identity_state(full)
