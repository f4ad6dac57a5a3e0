"""Report files parse back and agree with each other; no raw value in any file or output without --show-values."""

import csv
import io
import json
import re
import stat
from html import escape as html_escape
from html.parser import HTMLParser

import jsonschema
import pandas as pd
import pytest

from conftest import REPO, run_cli
from handover_scan.engine.definitions import load_definitions
from handover_scan.findings import CSV_COLUMNS
from handover_scan.policy import decide
from handover_scan.reports import FILES, ReportData, ReportOptions, write_reports
from handover_scan.reports.json_report import SCHEMA
from handover_scan.scan import ScanOptions, scan
from synth import bank_card, id_number, mobile

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
ALL_FILES = [name for names in FILES.values() for name in names]
HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]
DISTINCT = ("PHONE_NUMBER", "CN_ID_CARD", "BANK_CARD", "ADDRESS", "BIRTH_DATE", "EMAIL")


def make_export(folder, rng):
    """A group chat and a 1:1 chat where values sit next to each other, so contexts overlap other values."""
    folder.mkdir(parents=True)
    rows = [("赵姐", f"我手机{mobile(rng)}，身份证号{id_number(rng)}，寄到北京市朝阳区建国路88号2单元301室"),
            ("钱小姐", f"出生日期：1988年3月12日，电话{mobile(rng)}，我有糖尿病"),
            ("孙阿姨", "收到<b>谢谢</b>我有高血压"),
            ("孙阿姨", f"银行卡号{bank_card(rng)}，手机{mobile(rng)}")]
    for name, chat in (("团购群_utf8.csv", rows), ("李先生_utf8.csv", [("李先生", f"我电话{mobile(rng)}")])):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for i, (sender, text) in enumerate(chat, 1):
            writer.writerow([100 + i, 8, 1, 0, 0, 1704790000 + i, 2, text, "2024-09-02 11:01:17", sender, sender,
                             f"wxid_{i}"])
        (folder / name).write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    import random

    base = tmp_path_factory.mktemp("reports")
    folder = make_export(base / "export", random.Random(99))
    proc = run_cli("scan", folder, "--out", base / "out")
    return folder, base / "out", proc


@pytest.fixture(scope="module")
def raw_values(bundle):
    folder, _, _ = bundle
    found = scan([folder]).findings
    assert found
    return [f.value for f in found if f.entity_type in DISTINCT or len(f.value) >= 6]


def xlsx_texts(path):
    """Every cell of every sheet of a workbook as text, per sheet (the workbook is a zip of XML)."""
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    return {f"report.xlsx:{name}": frame.to_csv(index=False) for name, frame in sheets.items()}


def read_csv(path):
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_all_files_written_owner_only(bundle):
    _, out, proc = bundle
    assert proc.returncode == 1, proc.stderr
    for name in ALL_FILES:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_findings_csv_and_jsonl_agree(bundle):
    _, out, _ = bundle
    table = read_csv(out / "findings.csv")
    assert tuple(table.columns) == CSV_COLUMNS
    lines = [json.loads(line) for line in (out / "findings.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == len(table) > 5
    for row, obj in zip(table.to_dict("records"), lines):
        assert tuple(obj) == CSV_COLUMNS
        assert isinstance(obj["sensitive"], bool) and isinstance(obj["start"], int)
        assert {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in obj.items()} == row


def test_subjects_csv(bundle):
    _, out, _ = bundle
    findings = read_csv(out / "findings.csv")
    subjects = read_csv(out / "subjects.csv")
    assert list(subjects.data_subject) == list(dict.fromkeys(subjects.data_subject))  # one row per person
    assert set(subjects.data_subject) == set(findings.data_subject) >= {"赵姐", "钱小姐", "孙阿姨", "李先生"}
    for _, person in subjects.iterrows():
        mine = findings[findings.data_subject == person.data_subject]
        assert int(person.findings) == len(mine)
        for entity_type, n in mine.entity_type.value_counts().items():
            assert int(person[entity_type]) == n
        assert person.sensitive == ("true" if mine.sensitive.eq("true").any() else "false")
        assert float(person.max_score) == mine.score.astype(float).max()
        assert set(person.files.split(";")) == set(mine.file)
    zhao = subjects.set_index("data_subject").loc["赵姐"]
    assert zhao.sensitive == "true" and "身份证件号码" in zhao.sensitive_categories


def test_summary_csv(bundle):
    _, out, _ = bundle
    findings = read_csv(out / "findings.csv")
    summary = read_csv(out / "summary.csv")
    by_type = summary[summary.dimension == "entity_type"].set_index("key")
    assert by_type.findings.astype(int).to_dict() == findings.entity_type.value_counts().to_dict()
    assert by_type.distinct_values.astype(int).to_dict() == \
        findings.groupby("entity_type").fingerprint.nunique().to_dict()
    by_category = summary[summary.dimension == "category"].set_index("key")
    assert by_category.findings.astype(int).to_dict() == findings.category.value_counts().to_dict()
    assert by_category.loc["健康信息"].sensitive == "true" and by_category.loc["电话号码"].sensitive == "false"


def test_report_json_matches_schema_and_totals(bundle):
    folder, out, _ = bundle
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")),
                                    format_checker=jsonschema.FormatChecker()).validate(report)
    findings = read_csv(out / "findings.csv")
    assert report["totals"]["findings"] == len(findings)
    assert report["totals"]["people"] == findings.data_subject.nunique()
    assert report["totals"]["sensitive_people"] == findings[findings.sensitive == "true"].data_subject.nunique()
    assert report["gate"]["outcome"] == "fail" and report["gate"]["exit_code"] == 1
    assert {f["file"] for f in report["files"]} == {"团购群_utf8.csv", "李先生_utf8.csv"}
    assert {f["format"] for f in report["files"]} == {"memotrace2-chat-csv"}
    assert report["legal"]["MEDICAL"]["sensitive"] is True and "PIPL Art. 28" in report["legal"]["MEDICAL"]["articles"]
    assert str(report["totals"]["people"]) in report["headline"]["zh"]


def test_report_json_schema_rejects_a_broken_report(bundle):
    _, out, _ = bundle
    report = json.loads((out / "report.json").read_text("utf-8"))
    report["gate"]["outcome"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, json.loads(SCHEMA.read_text("utf-8")))


def test_sarif_valid_against_the_official_schema(bundle):
    _, out, _ = bundle
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    sarif = json.loads((out / "report.sarif").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    findings = read_csv(out / "findings.csv")
    assert len(run["results"]) == len(findings)
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == "error"
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(broken)


class Dom(HTMLParser):
    """Elements with their attributes, text per id, and every attribute value, from the stdlib HTML parser."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.stack, self.text_by_id, self.rows = [], [], {}, {}
        self.marks, self._in_mark = [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "tr" and self.stack:
            table = next((a.get("id") for t, a in reversed(self.stack) if t == "table"), None)
            if table and any(t == "tbody" for t, _ in self.stack):
                self.rows[table] = self.rows.get(table, 0) + 1
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")
        if tag not in ("meta", "br", "link", "img", "input"):
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        for _, attrs in self.stack:
            if attrs.get("id"):
                self.text_by_id[attrs["id"]] = self.text_by_id.get(attrs["id"], "") + data
        if self._in_mark:
            self.marks[-1] += data


def test_html_dom(bundle):
    _, out, _ = bundle
    html = (out / "report.html").read_text("utf-8")
    dom = Dom(html)
    report = json.loads((out / "report.json").read_text("utf-8"))
    subjects = read_csv(out / "subjects.csv")
    findings = read_csv(out / "findings.csv")
    assert report["headline"]["zh"] in dom.text_by_id["headline"]
    assert "《民法典》第1038条" in dom.text_by_id["headline"] and "第28、29条" in dom.text_by_id["headline"]
    assert "不通过" in dom.text_by_id["gate"]
    # self-contained: nothing fetched from anywhere
    for tag, attrs in dom.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attrs, tag
        assert not str(attrs.get("href", "")).startswith(("http", "//")), attrs
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    # charts: one bar per category and per conversation
    bars = {"chart-category": 0, "chart-conversation": 0}
    current = None
    for tag, attrs in dom.tags:
        if tag == "svg":
            current = attrs.get("id")
        if tag == "rect" and current in bars:
            bars[current] += 1
    assert bars["chart-category"] == findings.category.nunique()
    assert bars["chart-conversation"] == findings.conversation.nunique()
    people = [a for t, a in dom.tags if t == "details" and "person" in a.get("class", "")]
    assert len(people) == len(subjects)  # every person has a section that opens to their findings
    # every finding is on one of the findings pages, with its masked value
    pages = sorted(out.glob("report-findings-*.html"))
    rows = [a for page in pages for t, a in Dom(page.read_text("utf-8")).tags if t == "tr" and a.get("class") == "finding"]
    codes = [m for page in pages for m in re.findall(r"<td><code>([^<]*)</code></td>", page.read_text("utf-8"))]
    assert len(rows) == len(findings) and sorted(codes) == sorted(findings.masked_value.map(html_escape))


def test_context_masks_the_value_and_its_neighbours(bundle, raw_values):
    folder, out, _ = bundle
    html = (out / "report.html").read_text("utf-8")
    assert "[居民身份证号码]" in html and "[电话号码]" in html  # neighbours shown by type, not by value
    assert "&lt;b&gt;谢谢&lt;/b&gt;" in html and "<b>谢谢" not in html  # chat text is escaped
    for finding in scan([folder]).findings:
        before, after = finding.context
        assert finding.value not in before + after
        assert all(len(re.sub(r"\[[A-Z_]+\]", "", side)) <= 13 for side in (before, after))


def test_context_masks_numbers_no_recognizer_kept(analyzer):
    """A tracking number, or a phone number a negative context word dropped, is no finding, but a
    context window shows it as [NUMBER], not digit by digit."""
    from handover_scan.records import Record
    from handover_scan.scan import analyze_record

    text = "快递单号 SF1234567890123 我手机13812345678，订单号 2024 0315 0011 8"
    record = Record("f.txt", "text", "line:1", "c", "s", "text", text)
    (finding,) = [f for f in analyze_record(analyzer, record, b"k") if f.entity_type == "PHONE_NUMBER"]
    assert finding.context == ("…[NUMBER] 我手机", "，订单号 [NUMBER]…")


def test_no_raw_value_anywhere_without_show_values(bundle, raw_values):
    _, out, proc = bundle
    texts = {name: (out / name).read_text("utf-8-sig") for name in ALL_FILES if name != "report.xlsx"}
    texts.update(xlsx_texts(out / "report.xlsx"))
    texts.update({p.name: p.read_text("utf-8") for p in out.glob("report-findings-*.html")})
    texts["stdout"], texts["stderr"] = proc.stdout, proc.stderr
    for value in raw_values:
        for name, text in texts.items():
            assert value not in text, (name, value[:3])


def test_show_values_puts_raw_values_in_and_warns(tmp_path, bundle, raw_values):
    folder, _, _ = bundle
    proc = run_cli("scan", folder, "--out", tmp_path / "out", "--show-values", "-f", "csv,jsonl,html,json,sarif")
    assert proc.returncode == 1 and "warning" in proc.stderr
    for name in ("findings.csv", "findings.jsonl", "report.html"):
        text = (tmp_path / "out" / name).read_text("utf-8-sig")
        assert all(v in text for v in raw_values), name
    for name in ("report.json", "report.sarif", "summary.csv", "subjects.csv"):
        text = (tmp_path / "out" / name).read_text("utf-8-sig")
        assert not any(v in text for v in raw_values), name
    assert not any(v in proc.stdout + proc.stderr for v in raw_values)


def test_format_selection_and_english(tmp_path, bundle):
    folder, _, _ = bundle
    proc = run_cli("scan", folder, "--out", tmp_path / "out", "--format", "html", "--format", "sarif", "--lang", "en",
                   "--quiet")
    assert proc.returncode == 1 and proc.stdout == ""
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != ".lock") == [
        "report-findings-1.html", "report.html", "report.sarif"]
    dom = Dom((tmp_path / "out" / "report.html").read_text("utf-8"))
    assert "without their consent: Civil Code Art. 1038, PIPL Art. 23" in dom.text_by_id["headline"]
    assert "FAIL" in dom.text_by_id["gate"]
    assert run_cli("scan", folder, "--out", tmp_path / "x", "--format", "pdf").returncode == 2
    assert run_cli("scan", folder, "--out", tmp_path / "x", "--lang", "fr").returncode == 2


def test_library_writes_the_same_reports(tmp_path, bundle):
    folder, out, _ = bundle
    definitions = load_definitions()
    result = scan([folder], ScanOptions())
    decision = decide(result, 0.5, entities=definitions.entities)
    written = write_reports(tmp_path / "lib", ReportData(result, decision, definitions, roots=[str(folder)]),
                            ReportOptions(formats=("csv", "json")))
    assert sorted(p.name for p in written) == ["conversations.csv", "findings.csv", "report.json", "subjects.csv",
                                               "summary.csv"]
    assert read_csv(tmp_path / "lib" / "findings.csv").equals(read_csv(out / "findings.csv"))
    assert json.loads((tmp_path / "lib" / "report.json").read_text("utf-8"))["totals"] == \
        json.loads((out / "report.json").read_text("utf-8"))["totals"]


def test_sample_bundle_reports(tmp_path):
    proc = run_cli("scan", REPO / "sample_exports", "--out", tmp_path / "out")
    assert proc.returncode == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    subjects = read_csv(tmp_path / "out" / "subjects.csv")
    people = subjects[~subjects.person_id.isin(["owner", "unattributed"])]
    assert report["totals"]["people"] == len(people)
    assert report["totals"]["sensitive_people"] == (people.sensitive == "true").sum()
    # 6 WeChat customers (周小姐 in PyWxDump and in its zip copy is one person) and 2 Telegram contacts;
    # the owner (小美医美顾问, Telegram's Xiaomei) and the handover note's phone number are listed apart.
    assert sorted(people.data_subject) == ["Lan Hu", "Ying Chen", "周小姐-热玛吉", "孙阿姨", "李先生代购",
                                           "王女士-水光针", "赵姐", "钱小姐"]
    assert list(subjects.person_id[-2:]) == ["owner", "unattributed"]
    assert "人的个人信息提供给第三方，另有 1 条发现无法确定属于哪个人" in report["headline"]["zh"]
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(
        json.loads((tmp_path / "out" / "report.sarif").read_text("utf-8")))


def test_csv_cells_that_would_run_as_formulas_are_quoted(tmp_path):
    """Names come from the export: a customer named `=HYPERLINK(...)` must not become a live formula
    when findings.csv, subjects.csv or summary.csv is opened in a spreadsheet."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kunden.csv").write_text('姓名,电话\n"=HYPERLINK(""http://x"")",13912345678\n',
                                               encoding="utf-8")
    result = scan([tmp_path / "in"], ScanOptions(key=b"k"))
    definitions = load_definitions()
    from handover_scan.config import load_policy

    data = ReportData(result, decide(result, load_policy(cwd=tmp_path), None, definitions.entities), definitions)
    write_reports(tmp_path / "out", data, ReportOptions(formats=("csv",)))
    for name in ("findings.csv", "subjects.csv", "summary.csv"):
        cells = [c for row in csv.reader(io.StringIO((tmp_path / "out" / name).read_text("utf-8-sig"))) for c in row]
        assert "'=HYPERLINK(\"http://x\")" in cells, name
        assert not any(c.startswith(("=", "+", "@")) for c in cells), name


def test_out_folder_of_another_user_is_refused(tmp_path):
    import os

    from handover_scan.reports import prepare_out_dir

    if os.geteuid() != 0:
        pytest.skip("needs root to give a folder away")
    out = tmp_path / "shared"
    out.mkdir(mode=0o777)
    os.chown(out, 12345, 12345)  # as if another user made it first in a shared /tmp
    with pytest.raises(PermissionError, match="another user"):
        prepare_out_dir(out)
