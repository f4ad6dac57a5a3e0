"""WhatsApp: a saved name and the number of the same person are one person (issue 10, point 1).

WhatsApp writes a saved contact by name and an unsaved one by number (`+86 139 1234 5678`), in the file
name (`WhatsApp Chat with 王小美.txt`) and on every line. What ties the two together is in the export:
a contact card shared in a chat (`王小美.vcf (file attached)`, the .vcf beside it: FN + TEL), or a 1:1 chat
named by the saved name whose lines show the number.
"""

from __future__ import annotations

import random
from pathlib import Path

from handover_scan.scan import ScanOptions, scan
from tests.synth import id_number, mobile

RNG = random.Random(1034)
NUMBER = mobile(RNG)  # 王小美's
SPACED = f"+86 {NUMBER[:3]} {NUMBER[3:7]} {NUMBER[7:]}"
HER_ID, HER_HOME, ZHAO, ZHANG, SHOP = id_number(RNG), mobile(RNG), mobile(RNG), mobile(RNG), mobile(RNG)
NOTICE = ("01/06/2024, 10:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
          "WhatsApp, can read or listen to them. Tap to learn more.\n")


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def _scan(folder: Path):
    result = scan([folder], ScanOptions(key=b"whatsapp"))
    assert not result.errors and all(f.format != "text" for f in result.files), result.files
    return result


def _person(result, value: str) -> str:
    ids = {f.person_id for f in result.findings if value in f.value.replace(" ", "")}
    assert len(ids) == 1, (value, ids)
    return ids.pop()


def test_a_shared_contact_card_links_the_number_in_a_group_to_the_saved_name(tmp_path):
    _write(tmp_path, "WhatsApp Chat with 王小美.txt",
           NOTICE + f"01/06/2024, 10:01 - 王小美: 登记一下，身份证 {HER_ID}\n"
           f"01/06/2024, 10:02 - Lin Shop: 收到，店里电话 {SHOP}\n"
           "01/06/2024, 10:03 - 王小美: 王小美.vcf (file attached)\n")
    _write(tmp_path, "王小美.vcf", f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王小美\r\nTEL;type=CELL;waid=86{NUMBER}:{SPACED}"
                                  "\r\nEND:VCARD\r\n")
    _write(tmp_path, "WhatsApp Chat with 装修交流.txt",
           f'01/06/2024, 09:00 - Lin Shop created group "装修交流"\n'
           f"01/06/2024, 09:01 - {SPACED}: 家里座机不用了，打这个 {HER_HOME}\n"
           f"01/06/2024, 09:02 - 赵磊: 有需要的打我电话 {ZHAO}\n"
           f"01/06/2024, 09:03 - Lin Shop: 欢迎，店里电话 {SHOP}\n")
    result = _scan(tmp_path)
    her = _person(result, HER_ID)
    assert _person(result, HER_HOME) == her  # said in the group under her number
    assert _person(result, NUMBER) == her  # the number itself (sender line, vCard TEL)
    assert _person(result, ZHAO) != her
    assert _person(result, SHOP) == "owner"  # the shop's number, sent into two chats
    assert sorted(p.display_name for p in result.people.values()) == ["王小美", "赵磊"]
    assert any(i.startswith(NUMBER[:3]) for i in result.people[her].ids)  # the number, masked, among her ids


def test_a_chat_named_by_the_saved_name_links_the_number_its_lines_show(tmp_path):
    # the chat is saved as 王小美 (file name) while the lines were written with her number
    _write(tmp_path, "WhatsApp Chat with 王小美.txt",
           NOTICE + f"01/06/2024, 10:01 - {SPACED}: 身份证 {HER_ID}\n"
           f"01/06/2024, 10:02 - Lin Shop: 收到，店里电话 {SHOP}\n")
    _write(tmp_path, "WhatsApp Chat with 张伟.txt",
           NOTICE + f"01/06/2024, 11:01 - 张伟: 我的手机 {ZHANG}\n"
           f"01/06/2024, 11:02 - Lin Shop: 好的，店里电话 {SHOP}\n")
    result = _scan(tmp_path)
    her = _person(result, HER_ID)
    assert result.people[her].display_name == "王小美"
    assert _person(result, ZHANG) not in (her, "owner")
    assert len(result.people) == 2  # 王小美 and 张伟; the owner (Lin Shop) is never counted


def test_two_numbers_without_a_link_stay_two_people(tmp_path):
    other = mobile(RNG)
    _write(tmp_path, "WhatsApp Chat with 装修交流.txt",
           f"01/06/2024, 09:01 - {SPACED}: 身份证 {HER_ID}\n"
           f"01/06/2024, 09:02 - +86 {other[:3]} {other[3:7]} {other[7:]}: 我的电话 {ZHAO}\n"
           f"01/06/2024, 09:03 - 赵磊: 好的\n")
    result = _scan(tmp_path)
    assert _person(result, HER_ID) != _person(result, ZHAO)
    assert len(result.people) == 2  # the two numbers (赵磊 wrote nothing personal: no finding, not counted)


def test_ios_zips_a_shared_card_inside_links_the_number_in_another_chat(tmp_path):
    import zipfile
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王小美\r\nTEL;type=CELL;waid=86{NUMBER}:{SPACED}\r\nEND:VCARD\r\n"
    with zipfile.ZipFile(tmp_path / "WhatsApp Chat - 王小美.zip", "w") as archive:
        archive.writestr("_chat.txt", f"[01/06/2024, 10:01:00] 王小美: 身份证 {HER_ID}\n"
                                      f"[01/06/2024, 10:02:00] Lin Shop: 店里电话 {SHOP}\n"
                                      "[01/06/2024, 10:03:00] 王小美: \u200e<attached: 00000004-王小美.vcf>\n")
        archive.writestr("00000004-王小美.vcf", card)
    with zipfile.ZipFile(tmp_path / "WhatsApp Chat - 装修交流.zip", "w") as archive:
        archive.writestr("_chat.txt", f"[01/06/2024, 09:01:00] {SPACED}: 我家电话 {HER_HOME}\n"
                                      f"[01/06/2024, 09:02:00] 赵磊: 我的 {ZHAO}\n"
                                      f"[01/06/2024, 09:03:00] Lin Shop: 店里电话 {SHOP}\n")
    result = _scan(tmp_path)
    her = _person(result, HER_ID)
    assert _person(result, HER_HOME) == her and _person(result, ZHAO) != her
    assert _person(result, SHOP) == "owner"
    assert sorted(p.display_name for p in result.people.values()) == ["王小美", "赵磊"]
