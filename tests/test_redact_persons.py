"""Issue 11 point 2: names get pseudonyms per person, not per name. A person known by a remark (王小美) and a
nickname (小美) in a contact list, and as the sender 小美 of a chat file, gets one pseudonym in every file: the
keyed HMAC of the person_id the attribution work gives them. Two people get two. The key is never in the copy."""

import re

import pytest
from redact_helpers import blobs, copy_texts

from handover_scan.redact import RedactOptions, redact
from handover_scan.redact.persons import person_pseudonyms
from handover_scan.redact.pseudonym import person_pseudonym
from handover_scan.scan import ScanOptions, scan

KEY = b"persons-test-key-2f9c"
PSEUDONYM = re.compile(r"客户\d{6}")


def _export(root):
    root.mkdir()
    (root / "contacts.csv").write_text(
        "\ufeffUserName,Alias,Type,Remark,NickName,smallHeadImgUrl,bigHeadImgUrl,label,gender,signature,"
        "country/region,province,city\n"
        "wxid_wangxm01,wangxm_88,3,王小美,小美,https://x/1,https://x/0,客户,女,,CN,Shanghai,Shanghai\n"
        "wxid_lina0202,lina_99,3,李娜,娜娜,https://x/2,https://x/3,客户,女,,CN,Shanghai,Shanghai\n", "utf-8")
    (root / "wxid_wangxm01_2024-01-01_2024-01-31.csv").write_text(
        "Time,SenderName,Sender,TalkerName,Talker,Content\n"
        "2024-01-01 17:06:40,小美,wxid_wangxm01,小美,wxid_wangxm01,我是王小美，电话13958202938\n"
        "2024-01-01 17:07:40,小美,wxid_wangxm01,小美,wxid_wangxm01,明天见\n", "utf-8")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    base = tmp_path_factory.mktemp("persons")
    _export(base / "in")
    outcome = redact([base / "in"], base / "out", RedactOptions(key=KEY))
    return base, outcome


def _chat_pseudonyms(base):
    """Pseudonyms in the chat file's copy (its name is an account id, so it is renamed to a tag)."""
    chats = [p for p in (base / "out").glob("*.csv") if p.name != "contacts.csv"]
    assert len(chats) == 1
    return set(PSEUDONYM.findall(chats[0].read_text("utf-8")))


def test_one_person_known_by_two_names_gets_one_pseudonym_in_every_file(copy):
    base, outcome = copy
    assert outcome.exit_code == 0, outcome.summary
    persons = person_pseudonyms([base / "in"], KEY)
    wang, li = persons.pseudonym("王小美"), persons.pseudonym("李娜")
    assert persons.pseudonym("小美") == wang and persons.pseudonym("娜娜") == li and wang != li
    assert person_pseudonym(KEY, "王小美") != person_pseudonym(KEY, "小美")  # per name, they would differ
    contacts = (base / "out" / "contacts.csv").read_text("utf-8").splitlines()
    assert set(PSEUDONYM.findall(contacts[1])) == {wang} and set(PSEUDONYM.findall(contacts[2])) == {li}
    assert _chat_pseudonyms(base) == {wang}  # the chat: sender, talker and the mention in text
    for value in ("王小美", "小美", "李娜", "娜娜", "wxid_wangxm01", "13958202938"):
        assert not any(value in t for forms in copy_texts(base / "out").values() for t in forms), value


def test_the_pseudonym_comes_from_the_person_id_of_the_attribution_work(copy):
    base, _ = copy
    persons = person_pseudonyms([base / "in"], KEY)
    result = scan([base / "in"], ScanOptions(key=KEY))
    ids = {f.person_id for f in result.findings if f.value in ("13958202938", "王小美")}
    assert ids == {persons.person_of("小美")} and persons.person_of("王小美") == persons.person_of("小美")
    assert persons.person_of("李娜") not in ("", persons.person_of("小美"))
    assert persons.person_of("张三丰") == "" and persons.pseudonym("张三丰") == person_pseudonym(KEY, "张三丰")


def test_the_key_is_in_no_byte_of_the_copy(copy):
    base, _ = copy
    files = [p for p in (base / "out").rglob("*") if p.is_file()]
    assert files
    for path in files:
        for _, data in blobs(path.read_bytes(), path.name):
            assert KEY not in data and KEY.hex().encode() not in data and KEY.decode() not in path.name
    assert not [p for p in files if "map" in p.name.lower()]


def test_a_name_inside_a_remark_is_that_person_unless_two_people_share_it(analyzer):
    from handover_scan.people import Identities
    from handover_scan.redact.persons import PersonPseudonyms, name_candidates

    ids = Identities()
    ids.link("王建国 江阴装修", "wxid_wjg001")
    ids.link("赵敏 水光针", "wxid_zm0002")
    ids.link("赵敏 老客户", "wxid_zm0003")  # a second 赵敏: a bare 赵敏 names neither for sure
    persons = PersonPseudonyms(KEY, ids, name_candidates(analyzer))
    assert persons.pseudonym("王建国") == persons.pseudonym("王建国_江阴装修") == persons.pseudonym("wxid_wjg001")
    assert persons.pseudonym("赵敏") == person_pseudonym(KEY, "赵敏")
    assert persons.pseudonym("赵敏 水光针") != persons.pseudonym("赵敏 老客户")


def test_fewer_records_pass_only_where_one_persons_names_merged():
    from handover_scan.redact.verify import verify
    from handover_scan.scan import FileReport, ScanResult

    original = ScanResult(files=[FileReport(f, "/in", "weflow-json", 7) for f in ("a.json", "b.json")])
    copy = ScanResult(files=[FileReport("a.json", "/out", "weflow-json", 6),
                             FileReport("b.json", "/out", "weflow-json", 5)])
    check = verify(original, copy, lambda root, file: ("/out", file), 0.5, merged={"a.json": 1, "b.json": 1})
    assert [m["file"] for m in check.merged] == ["a.json"]
    assert [m["file"] for m in check.mismatches] == ["b.json"] and not check.passed
    assert verify(original, copy, lambda root, file: ("/out", file), 0.5).mismatches[0]["file"] == "a.json"
