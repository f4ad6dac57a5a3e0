"""Issue 14 point 3, names are values: every identifier the scan found, anywhere, is masked wherever a path or a
name shows it (found_values.py), not only the values the names pass found in that name itself. Also the
folders typed above a file given on the command line, report.html's pointer to the full lists, and a sweep of
every output (all --format, stdout, stderr, redact, baseline) for raw values in names."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from conftest import raw_anywhere, run_cli
from handover_scan.found_values import FoundValues
from handover_scan.scan import ScanOptions, scan
from tests.synth import id_number, mobile

RNG = random.Random(14_3)
ID = id_number(RNG)
PHONE = mobile(RNG)
WXID = "wxid_k3m9q2x7p4"
EMAIL = "lily.w88@example.cn"
NAME = "欧阳娜娜"
VALUES = [ID, PHONE, WXID, EMAIL]


def memotrace3_chat(root: Path) -> Path:
    """MemoTrace 3.0 names a chat's folder and file `昵称(wxid_...)`; a message gives the wxid beside 微信, so
    only the message makes it a WECHAT_ID (no WeChat word in the name)."""
    chat = root / f"{NAME}({WXID})"
    chat.mkdir(parents=True)
    (chat / f"{NAME}({WXID}).txt").write_text(f"2024-01-02 10:00:00 {NAME}\n加我微信 {WXID} 谢谢\n", encoding="utf-8")
    return chat


def every_kind_of_name(base: Path) -> Path:
    """Folder, file, archive, member, sheet and conversation names carrying synthetic values."""
    root = base / f"客户{PHONE}"
    memotrace3_chat(root)
    (root / f"WhatsApp Chat with {EMAIL}.txt").write_text("[2024/1/2 10:00:00] 周小姐: 你好\n", encoding="utf-8")
    with zipfile.ZipFile(root / f"备份{ID}.zip", "w") as archive:
        archive.writestr(f"成员{ID}/{PHONE}.txt", "你好\n")
    book = openpyxl.Workbook()
    book.active.title = f"表{PHONE}"
    book.active.append(["备注", "内容"])
    book.active.append(["a", "你好"])
    book.save(root / "book.xlsx")
    return root


def leaks(out: Path, text: str, values=VALUES) -> list[str]:
    """raw_anywhere, with the zipped report.xlsx read member by member (its bytes are compressed)."""
    found = raw_anywhere(out, text, values)
    for book in out.rglob("*.xlsx"):
        with zipfile.ZipFile(book) as archive:
            for member in archive.namelist():
                data = archive.read(member).decode("utf-8", "replace")
                found += [f"{v} in {book.name}!{member}" for v in values if v in data]
    return found


def shown_strings(result) -> list[str]:
    strings = [s for r in result.files for s in (r.file, r.root)]
    strings += [s for f in result.findings for s in (f.file, f.conversation, f.data_subject, f.locator, f.field)]
    strings += [s for p in result.people.values() for s in (p.display_name, *p.names, *p.conversations)]
    return strings


def test_a_wxid_found_in_a_message_is_masked_in_the_folder_file_and_conversation_names(tmp_path, analyzer):
    memotrace3_chat(tmp_path / "export")
    result = scan([tmp_path / "export"], ScanOptions(key=b"k"), analyzer=analyzer)
    wxids = [f for f in result.findings if f.entity_type == "WECHAT_ID"]
    assert [f.value for f in wxids] == [WXID]  # found in the message, not in the names
    assert not [s for s in shown_strings(result) if WXID in s]
    shown = f"{wxids[0].masked_value} ({wxids[0].fingerprint[:6]})"
    assert wxids[0].file == f"{NAME}({shown})/{NAME}({shown}).txt"
    assert wxids[0].conversation_raw == f"{NAME}({WXID})"  # allowlist entries still name it as the export does


def test_found_values_mask_whole_values_only():
    qq = SimpleNamespace(entity_type="QQ_NUMBER", value="10001234", masked_value="10****34",
                         fingerprint="abcdef0123", format="text")
    alias = SimpleNamespace(entity_type="WECHAT_ID", value="zhangsan_88", masked_value="zh*********88",
                            fingerprint="fedcba3210", format="text")
    values = FoundValues([qq, alias])
    assert values.mask("QQ10001234群/zhangsan_88.txt") == "QQ10****34 (abcdef)群/zh*********88 (fedcba).txt"
    assert values.mask("IMG_100012345.jpg") == "IMG_100012345.jpg"  # a longer number holding it is another one
    assert values.mask("zhangsan_888/xzhangsan_88") == "zhangsan_888/xzhangsan_88"  # so is a longer id


def test_a_mobile_or_id_inside_a_longer_digit_run_masks_the_whole_run():
    """make fuzz found `<mobile><mobile>!<mobile> (456f2f).txt`: the mobile after `!` was found and masked, its
    two copies run together stayed raw (a digit beside a number was taken for another number). From 11
    digits on, a found number inside a longer run masks the whole run; shorter ones still do not."""
    phone = SimpleNamespace(entity_type="PHONE_NUMBER", value=PHONE, masked_value="p*", fingerprint="456f2fabcd",
                            format="name")
    assert FoundValues([phone]).mask(f"{PHONE}{PHONE}!{PHONE}.txt") == "p* (456f2f)!p* (456f2f).txt"
    assert FoundValues([phone]).mask(f"IMG_9{PHONE}0.jpg") == "IMG_p* (456f2f).jpg"


def test_a_mobile_repeated_into_one_digit_run_in_a_file_name_is_not_shown(tmp_path, analyzer):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / f"{PHONE}{PHONE}!{PHONE} (456f2f).txt").write_text("你好\n", encoding="utf-8")
    result = scan([tmp_path], ScanOptions(key=b"fuzz-key"), analyzer=analyzer)
    assert any(f.entity_type == "PHONE_NUMBER" for f in result.findings)
    shown = [f.file for f in result.files] + [f.file for f in result.findings]
    assert shown and not [name for name in shown if PHONE in name]


def test_words_and_birth_dates_are_not_masked_everywhere():
    """A two-character name or a date masked in every path would blank out names that only share them."""
    found = [SimpleNamespace(entity_type=t, value=v, masked_value="*", fingerprint="0" * 10, format="text")
             for t, v in (("PERSON", "王芳芳芳芳"), ("LOCATION", "北京市朝阳区"), ("BIRTH_DATE", "2024-06-01"))]
    values = FoundValues(found)
    assert len(values) == 0
    assert values.mask("DataExport_2024-06-01/王芳芳芳芳") == "DataExport_2024-06-01/王芳芳芳芳"


def test_a_phone_number_in_a_message_masks_its_compact_spelling_in_a_file_name():
    finding = SimpleNamespace(entity_type="PHONE_NUMBER", value=f"+86 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}",
                              masked_value="x", fingerprint="123456abcd", format="text")
    assert FoundValues([finding]).mask(f"chat_{PHONE}.txt") == "chat_x (123456).txt"


def test_every_output_of_every_format_holds_no_value_of_any_name(tmp_path):
    root = every_kind_of_name(tmp_path / "data")
    out = tmp_path / "out"
    run = run_cli("scan", root, "--out", out, "--format", "csv,jsonl,html,json,sarif,xlsx", "--lang", "en")
    assert run.returncode == 1, run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["by_entity_type"]["WECHAT_ID"]["findings"] == 1
    assert not leaks(out, run.stdout + run.stderr)


def test_folders_typed_above_a_file_given_on_the_command_line_are_masked(tmp_path):
    folder = tmp_path / f"身份{ID}" / "sub"
    folder.mkdir(parents=True)
    (folder / "b.txt").write_text("你好\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("scan", Path(f"身份{ID}") / "sub" / "b.txt", "--out", out, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["roots"] == ["身份[NUMBER]/sub/b.txt"]
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    base = sarif["runs"][0]["originalUriBaseIds"]["SCANROOT"]["uri"]
    assert base.endswith("/sub/") and "%5BNUMBER%5D" in base  # the file's folder, masked
    assert not leaks(out, run.stdout + run.stderr)


def test_redact_replaces_an_email_address_in_a_file_name_and_says_nothing_raw(tmp_path):
    root = every_kind_of_name(tmp_path / "data")
    out = tmp_path / "copy"
    run = run_cli("redact", root, "--out", out)
    names = [p.name for p in out.rglob("*")]
    assert any(n.startswith("WhatsApp Chat with [") and n.endswith(".txt") for n in names), names
    assert not [n for n in names if any(v in n for v in VALUES)]
    assert "EMAIL in" not in run.stdout  # verification found no e-mail address left in a name
    assert not leaks(out, run.stdout + run.stderr)


def test_baseline_commands_show_no_value_of_any_name(tmp_path):
    root = every_kind_of_name(tmp_path / "data")
    base = tmp_path / "b" / "base.json"
    base.parent.mkdir()
    create = run_cli("baseline", "create", root, "-o", base)
    audit = run_cli("baseline", "audit", base)
    again = run_cli("scan", root, "--baseline", base, "--out", tmp_path / "b" / "out")
    assert (create.returncode, audit.returncode, again.returncode) == (0, 0, 0), create.stderr + again.stderr
    assert not leaks(tmp_path / "b", "".join(r.stdout + r.stderr for r in (create, audit, again)))


@pytest.mark.parametrize("formats,pointer", [("html,json", "report.json"), ("html,sarif", "report.sarif"),
                                             ("html", "not written")])
def test_report_html_points_to_the_full_file_list_only_where_it_was_written(tmp_path, formats, pointer,
                                                                           monkeypatch):
    from handover_scan.reports import html

    monkeypatch.setattr(html, "MAX_FILE_ROWS", 1)  # two clean files: one is left out of report.html
    (tmp_path / "data").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "data" / name).write_text(f"电话 {PHONE}\n", encoding="utf-8")
    from handover_scan.cli import app
    from typer.testing import CliRunner

    out = tmp_path / "out"
    CliRunner().invoke(app, ["scan", str(tmp_path / "data"), "--out", str(out), "--format", formats,
                             "--lang", "en", "--quiet"])
    page = (out / "report.html").read_text(encoding="utf-8")
    line = next(line for line in page.splitlines() if "1 of 2 shown" in line)
    assert pointer in line
    if pointer == "not written":
        assert "report.json" in line  # named as where the list would be, and said not to be there


def test_locators_keep_their_numbers_but_not_an_id():
    """`line:10001` is a line number whatever QQ number the scan found; a JSON key that is a wxid is an id."""
    qq = SimpleNamespace(entity_type="QQ_NUMBER", value="10001", masked_value="1***1", fingerprint="a" * 10,
                         format="text")
    wx = SimpleNamespace(entity_type="WECHAT_ID", value=WXID, masked_value="wx*", fingerprint="b" * 10,
                         format="text")
    values = FoundValues([qq, wx])
    assert values.mask("line:10001", numbers=False) == "line:10001"
    assert values.mask(f"json:/{WXID}/remark", numbers=False) == "json:/wx* (bbbbbb)/remark"
    assert values.mask("QQ 10001") == "QQ 1***1 (aaaaaa)"


def test_found_ids_are_masked_in_the_context_of_another_finding(tmp_path, analyzer):
    """Neither id is a finding in the second message (no WeChat or QQ word there): the first message made them."""
    root = tmp_path / "export"
    root.mkdir()
    (root / "a.txt").write_text("加我微信 Lily2023abc 谢谢\n加我QQ 90012 谢谢\n", encoding="utf-8")
    (root / "b.txt").write_text(f"Lily2023abc:{PHONE} 90012\n", encoding="utf-8")
    result = scan([root], ScanOptions(key=b"k"), analyzer=analyzer)
    phone = next(f for f in result.findings if f.entity_type == "PHONE_NUMBER")
    before, after = phone.context
    assert phone.file == "b.txt" and before.startswith("li*") and after.startswith(" 90*12 ("), phone.context
    assert "Lily2023abc" not in before and "90012" not in after


def test_spooled_findings_are_masked_too(tmp_path, analyzer, monkeypatch):
    """Past SPOOL_AT findings the scan keeps them on disk; the found-values pass streams them as well."""
    from handover_scan import scan as scan_module

    monkeypatch.setattr(scan_module, "SPOOL_AT", 1)
    memotrace3_chat(tmp_path / "export")
    (tmp_path / "export" / "more.txt").write_text(f"电话 {PHONE}\n电话 {PHONE}\n", encoding="utf-8")
    result = scan([tmp_path / "export"], ScanOptions(key=b"k"), analyzer=analyzer)
    assert not isinstance(result.findings, list) and len(result.findings) >= 3
    assert "WECHAT_ID" in {f.entity_type for f in result.findings}
    assert not [s for s in shown_strings(result) if WXID in s]


def test_a_found_value_cut_by_the_context_window_edge_is_masked(tmp_path, analyzer):
    """mask3's report: a wxid found in one message, cut at the edge of another finding's 12-character window,
    showed its last characters (`…9q2x7p4`); 5+ characters of a found value at the edge are masked too."""
    root = tmp_path / "export"
    root.mkdir()
    (root / "a.txt").write_text(f"加我微信 {WXID} 谢谢\n", encoding="utf-8")
    (root / "b.txt").write_text(f"{WXID} 电话 {PHONE} 号码 {WXID}\n", encoding="utf-8")
    result = scan([root], ScanOptions(key=b"k"), analyzer=analyzer)
    phone = next(f for f in result.findings if f.entity_type == "PHONE_NUMBER")
    before, after = phone.context
    assert before.startswith("…wx") and after.endswith("…"), phone.context
    assert not [part for part in (WXID[-5:], WXID[:6]) if part in before + after], phone.context


def test_only_a_found_value_cut_at_the_edge_is_masked_not_a_short_piece_or_a_longer_id():
    wx = SimpleNamespace(entity_type="WECHAT_ID", value=WXID, masked_value="wx*", fingerprint="b" * 10,
                         format="text")
    values = FoundValues([wx])
    assert values.mask_cut((f"…{WXID[-7:]} 电话 ", f" 加 {WXID[:9]}…")) == ("…wx* (bbbbbb) 电话 ", " 加 wx* (bbbbbb)…")
    assert values.mask_cut((f"…{WXID[-4:]} 电话 ", f" 加 x{WXID[:9]}…")) == (f"…{WXID[-4:]} 电话 ", f" 加 x{WXID[:9]}…")
    assert values.mask_cut((f"{WXID[-7:]} 电话 ", "")) == (f"{WXID[-7:]} 电话 ", "")  # not cut: another value
