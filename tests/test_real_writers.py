"""Exports written by the exporters' own writer code (tools/make_real_writer_fixtures.py): every planted
value present in a file is found there and given to the right person; the right number of people."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from handover_scan.findings import normalize
from handover_scan.people.identity import is_name_field
from handover_scan.scan import ScanOptions, scan

FIXTURES = Path(__file__).parent / "fixtures" / "real_writers"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
PLANTED = EXPECTED["planted"]
# whose each planted value is (a display-name fragment, or the owner)
OWNER_OF = {"wang": "建国", "li": "李娜", "zhang": "张伟", "zhao": "赵磊", "shop": "owner"}
EXPORTS = ("memotrace2", "memotrace3", "chatlog", "telegram", "pywxdump", "weflow", "echotrace", "wechatexporter")
# the people each export names (Telegram: two contacts, 建国 王 written first name first)
PEOPLE = {"telegram": ("建国", "李娜")}
DEFAULT_PEOPLE = ("王建国", "李娜", "张伟", "赵磊")


@pytest.fixture(scope="module", params=EXPORTS)
def scanned(request):
    root = FIXTURES / request.param
    return root, scan([root], ScanOptions(key=b"real-writers"))


def _file_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/document.xml").decode("utf-8")
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row
                         if v is not None)
    return path.read_text("utf-8-sig")


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())


def test_no_file_of_a_known_tool_is_read_generically(scanned):
    root, result = scanned
    assert result.files and not result.errors
    generic = [f.file for f in result.files if f.format.startswith("generic") or f.format == "text"]
    assert generic == []


def test_the_right_number_of_people(scanned):
    root, result = scanned
    names = sorted(p.display_name for p in result.people.values())
    expected = PEOPLE.get(root.name, DEFAULT_PEOPLE)
    assert len(names) == len(expected) == EXPECTED["people_per_export"][root.name], names
    for fragment in expected:
        assert sum(fragment in n for n in names) == 1, (fragment, names)
    assert not any("小美" in n or "装修交流群" in n or n.startswith("(") for n in names)


def test_every_planted_value_in_a_file_is_found_and_attributed(scanned):
    root, result = scanned
    checked = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        text = _file_text(path)
        findings = [f for f in result.findings if f.file == rel]
        for name, value in PLANTED.items():
            if value not in text:
                continue  # not written to this file (another chat, or redacted by the writer: AI TXT)
            entity = "BANK_CARD" if name.endswith("bank") else "CN_ID_CARD" if name.endswith("_id") else \
                "PHONE_NUMBER"
            hits = [f for f in findings if f.entity_type == entity
                    and _digits(normalize(entity, f.value)).endswith(_digits(value)[-11:])]
            assert hits, f"{name} not found in {rel}"
            owner = OWNER_OF[name.split("_")[0]]
            for f in hits:
                checked += 1
                if owner == "owner":
                    assert f.person_id == "owner", (rel, name, f.person_id)
                elif root.name == "memotrace2" and "装修交流群" in rel and rel.endswith((".docx", "_chat.txt")):
                    # 2.x DOCX writes no sender names; 2.x AI TXT names only the first of consecutive members
                    assert f.person_id == "unattributed", (rel, name)
                else:
                    assert f.person_id.startswith("P") and owner in result.people[f.person_id].display_name, \
                        (rel, name, f.data_subject)
    assert checked >= {"telegram": 5, "echotrace": 15}.get(root.name, 20)


def test_memotrace3_layouts_past_the_sniff_window_and_multi_line(scanned):
    root, result = scanned
    if root.name != "memotrace3":
        pytest.skip("MemoTrace 3.0 only")
    formats = {f.file.rsplit(".", 1)[-1] if not f.file.endswith("_chat.txt") else "ai": f.format for f in result.files}
    html = next(p for p in root.rglob("王建国*.html"))
    assert html.read_bytes().find(b"const chatMessages") > 64 * 1024  # the marker sits past the sniff window
    assert formats["html"] == "memotrace3-html" and formats["docx"] == "memotrace-docx"
    assert formats["ai"] == "memotrace3-ai-txt"
    # multi-line messages stay one record: 家里地址 and 引用 are lines, not senders
    senders = {f.sender_raw for f in result.findings}
    assert not any(s.startswith(("家里地址", "引用", "身份证")) for s in senders)
    docx = [f for f in result.findings if f.file.endswith("装修交流群_1.docx") and f.entity_type == "PHONE_NUMBER"]
    assert docx and result.people[docx[0].person_id].display_name == "赵磊"  # 3.0 names group senders


def test_one_person_one_id_across_files(scanned):
    root, result = scanned
    for fragment in PEOPLE.get(root.name, DEFAULT_PEOPLE):
        ids = {f.person_id for f in result.findings if fragment in f.data_subject}
        assert len(ids) == 1, (fragment, ids)


# The layout each ported writer's file must be read as (path glob, relative to the export -> format id).
FORMATS = {
    "weflow": {"私聊_*.json": "weflow-json", "群聊_*.json": "weflow-json", "arkme/*.json": "weflow-json",
               "*.txt": "weflow-txt", "*.md": "weflow-md", "*.html": "weflow-html", "*.xlsx": "weflow-xlsx",
               "weclone/*.csv": "weflow-weclone-csv",
               "chatlab/*.json": "weflow-chatlab-json", "chatlab/*.jsonl": "weflow-chatlab-jsonl",
               "contacts_*.csv": "weflow-contacts-csv", "contacts_*.json": "weflow-contacts-json",
               "contacts_*.vcf": "weflow-contacts-vcf"},
    "echotrace": {"*_聊天记录_*.json": "echotrace-json", "*_聊天记录_*.html": "echotrace-html", "*_聊天记录_*.xlsx": "weflow-xlsx"},
    "wechatexporter": {"*/*/*/index.txt": "wechatexporter-txt", "html/*/*/index.html": "wechatexporter-html",
                       "async/*/*/index.html": "wechatexporter-html", "*/*/*/Files/Data/msg-*.js": "wechatexporter-js",
                       "*/*_Contacts.csv": "wechatexporter-contacts-csv", "*/index.*": "wechatexporter-list",
                       "*/*/index.*": "wechatexporter-list"},
}


@pytest.mark.parametrize("export", sorted(FORMATS))
def test_each_file_of_a_ported_writer_is_read_as_its_layout(export):
    root = FIXTURES / export
    result = scan([root], ScanOptions(key=b"real-writers"))
    got = {f.file: f.format for f in result.files}
    expected = {}
    for pattern, format_id in FORMATS[export].items():
        for path in root.glob(pattern):
            expected.setdefault(path.relative_to(root).as_posix(), format_id)
    assert set(got) == set(expected) == {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert got == expected
    assert not result.errors and all(f.records for f in result.files if not f.file.startswith("async/") or
                                     not f.file.endswith("index.html")), [f for f in result.files if not f.records]


def test_names_in_name_fields_are_persons_and_the_rest_of_a_remark_is_not(scanned):
    """Point 4: the personal name in a remark / nickname / display name is a PERSON on that contact; the
    remark's trade, procedure or 老客户 is not a name, and neither is the group's name."""
    root, result = scanned
    in_names = [f for f in result.findings if f.entity_type == "PERSON" and is_name_field(f.field)]
    assert not [f for f in in_names if f.value in ("江阴装修", "老客户", "水光针", "装修交流群", "小美医美顾问")], \
        [(f.file, f.field, f.value) for f in in_names if f.value in ("江阴装修", "老客户", "水光针")]
    if root.name == "telegram":
        return  # no remarks: first and last names (tests above)
    for name in ("王建国", "李娜", "张伟"):
        hits = [f for f in in_names if f.value == name]
        assert hits and all(name in result.people[f.person_id].display_name for f in hits), (name, hits[:1])
