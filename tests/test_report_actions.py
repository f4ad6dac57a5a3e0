"""Issue 12: a report a compliance officer acts on, and a gate that cannot be fooled.

Nothing scanned is no pass; VCS and report folders are skipped and listed; unaudited baseline entries show
and can fail the gate; the HTML ranks people by risk and reaches every finding; remediation with articles;
both languages; the workbook; SARIF without names.
"""

import csv
import io
import json
import re
import zipfile

import pandas as pd
import pytest

from conftest import run_cli
from handover_scan.engine.definitions import load_definitions
from handover_scan.policy import decide
from handover_scan.reports import ReportData, ReportOptions, write_reports
from handover_scan.reports.html import bars
from handover_scan.reports.tables import people_table
from handover_scan.reports.text import cite
from handover_scan.scan import scan
from synth import id_number, mobile

HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]


def chat_csv(path, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i, (sender, text) in enumerate(rows, 1):
        writer.writerow([100 + i, 8, 1, 0, 0, 1704790000 + i, 2, text, "2024-09-02 11:01:17", sender, sender, f"wxid_{i}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """15 chats (more than the chart shows), a person with health + ID (sensitive) and one with many phones."""
    import random

    rng = random.Random(12)
    folder = tmp_path_factory.mktemp("issue12") / "export"
    chat_csv(folder / "王女士_utf8.csv", [("王女士", f"身份证{id_number(rng)}，我有糖尿病")])
    chat_csv(folder / "李先生_utf8.csv", [("李先生", f"电话{mobile(rng)}")] * 1
             + [("李先生", f"另一个电话{mobile(rng)}") for _ in range(4)])
    for i in range(13):
        chat_csv(folder / f"客户{i:02d}_utf8.csv", [(f"客户{i:02d}", f"我手机{mobile(rng)}")])
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (folder / ".svn").mkdir()
    (folder / ".svn" / "entries").write_text("12\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reports(export, tmp_path_factory):
    base = tmp_path_factory.mktemp("issue12-out")
    out = {}
    for lang in ("zh", "en"):
        proc = run_cli("scan", export, "--out", base / lang, "--lang", lang)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        out[lang] = base / lang
    return out


# 1. nothing scanned is no pass

def test_empty_folder_and_only_skipped_files_exit_2_with_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_cli("scan", tmp_path / "empty", "--out", tmp_path / "out", "-q", "--lang", "en")
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == ["error: nothing scanned: no input files"]
    proc = run_cli("scan", tmp_path / "empty", "--out", tmp_path / "out", "-q")  # --lang zh, the default
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == ["错误：未扫描任何内容：没有输入文件"]
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["gate"]["outcome"] == "incomplete" and report["gate"]["nothing_scanned"] is True
    (tmp_path / "vcs" / ".git").mkdir(parents=True)
    (tmp_path / "vcs" / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "vcs", "--out", tmp_path / "out2", "-q", "--lang", "en")
    assert proc.returncode == 2 and "nothing scanned: all 1 file(s) were skipped" in proc.stderr
    proc = run_cli("baseline", "create", tmp_path / "empty", "-o", tmp_path / "b.json", "-q")
    assert proc.returncode == 2 and not (tmp_path / "b.json").exists()


def test_missing_path_is_a_usage_error_before_anything_is_written(tmp_path):
    proc = run_cli("scan", tmp_path / "nope", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr
    assert not (tmp_path / "out").exists()
    proc = run_cli("baseline", "create", tmp_path / "nope", "-o", tmp_path / "b.json")
    assert proc.returncode == 2 and not (tmp_path / "b.json").exists()


# 2. VCS and report folders

def test_vcs_and_report_folders_are_skipped_and_listed(export, reports):
    files = json.loads((reports["zh"] / "report.json").read_text("utf-8"))["files"]
    skipped = {f["file"]: f["skipped"] for f in files if f["skipped"]}
    assert set(skipped) == {".git/", ".svn/"} and all("version-control" in why for why in skipped.values())
    assert not any(f["file"].startswith((".git/", ".svn/")) and not f["skipped"] for f in files)
    html = (reports["zh"] / "report.html").read_text("utf-8")
    assert ".git/" in html and "版本控制文件夹（.git），未扫描" in html


# 3. gate semantics with a baseline

def test_unaudited_baseline_entries_are_shown_and_can_fail_the_gate(tmp_path, export):
    base = tmp_path / "b.json"
    assert run_cli("baseline", "create", export, "-o", base, "-q").returncode == 0
    out = tmp_path / "out"
    proc = run_cli("scan", export, "--baseline", base, "--out", out, "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    n = report["gate"]["status_counts"]["baseline"]
    assert n > 0 and report["gate"]["baseline_audit_counts"] == {"unaudited": n}
    assert f"no finding fails the gate; found {n} finding(s) in all; {n} not gated because the baseline holds " \
           f"them ({n} of them unaudited" in report["gate"]["reason"]
    assert "in baseline (unaudited)" in (out / "report.html").read_text("utf-8")
    sarif = json.loads((out / "report.sarif").read_text("utf-8"))
    assert {r["properties"]["baseline_audit"] for r in sarif["runs"][0]["results"]} == {"unaudited"}
    assert {r["suppressions"][0]["status"] for r in sarif["runs"][0]["results"]} == {"underReview"}
    # the flag, then the policy key, make unaudited entries fail
    assert run_cli("scan", export, "--baseline", base, "--out", out, "-q", "--fail-on-unaudited").returncode == 1
    (tmp_path / "handover-scan.toml").write_text("fail_on_unaudited = true\n", encoding="utf-8")
    assert run_cli("scan", export, "--baseline", base, "--out", out, "-q", "--config",
                   tmp_path / "handover-scan.toml").returncode == 1
    # once audited, they no longer fail
    assert run_cli("baseline", "audit", base, "--all-unaudited", "accepted", "--reason", "consent on file").returncode == 0
    assert run_cli("scan", export, "--baseline", base, "--out", out, "-q", "--fail-on-unaudited").returncode == 0


def test_pass_says_what_was_found_and_why_it_was_not_gated(tmp_path, export):
    proc = run_cli("scan", export, "--out", tmp_path / "o", "--fail-on", "BANK_CARD", "--lang", "en")
    assert proc.returncode == 0
    reason = json.loads((tmp_path / "o" / "report.json").read_text("utf-8"))["gate"]["reason"]
    assert reason.startswith("no finding fails the gate; found ")
    assert "not gated because their type is not in fail_on (BANK_CARD): phone number" in reason
    assert "resident ID card number 1" in reason and "health condition" in reason


# 4. HTML

def test_people_ranked_by_sensitive_categories_then_distinct_values(export):
    definitions = load_definitions()
    result = scan([export])
    data = ReportData(result, decide(result, 0.5, entities=definitions.entities), definitions)
    people = people_table(data, "zh")
    # 王女士 (ID card + health: sensitive) before 李先生 (5 phone numbers, more distinct values)
    order = list(people.data_subject)
    assert order.index("王女士") < order.index("李先生") < order.index("客户00")
    assert list(people.risk_rank) == list(range(1, len(people) + 1))


def test_every_finding_is_on_a_bounded_page(tmp_path, export):
    definitions = load_definitions()
    result = scan([export])
    data = ReportData(result, decide(result, 0.5, entities=definitions.entities), definitions)
    write_reports(tmp_path, data, ReportOptions(formats=("html",), html_page_size=4))
    pages = sorted(tmp_path.glob("report-findings-*.html"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))
    assert len(pages) == -(-len(result.findings) // 4)
    masked = [m for p in pages for m in re.findall(r"<td><code>([^<]*)</code></td>", p.read_text("utf-8"))]
    assert sorted(masked) == sorted(f.masked_value for f in result.findings)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert 'href="report-findings-2.html"' in html


def test_findings_pages_are_renamed_into_place_with_the_report(tmp_path, export, monkeypatch):
    """The pages are part of the report: listed in report.json, written under temporary names and renamed
    with the rest, so an interrupted run leaves the previous pages and no new one; a smaller report's run
    removes the pages it no longer has."""
    import json

    from handover_scan.reports import writer

    definitions = load_definitions()
    result = scan([export])
    data = ReportData(result, decide(result, 0.5, entities=definitions.entities), definitions)
    write_reports(tmp_path, data, ReportOptions(formats=("html", "json"), html_page_size=2))
    listed = json.loads((tmp_path / "report.json").read_text("utf-8"))["report_files"]
    on_disk = {p.name for p in tmp_path.iterdir() if p.name != ".lock"}
    assert on_disk == set(listed) and "report-findings-2.html" in on_disk
    before = {p.name: p.read_bytes() for p in tmp_path.glob("report-findings-*.html")}
    monkeypatch.setattr(writer, "_commit", lambda out, temporary: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        write_reports(tmp_path, data, ReportOptions(formats=("html", "json"), html_page_size=1))
    assert {p.name: p.read_bytes() for p in tmp_path.glob("report-findings-*.html")} == before
    monkeypatch.undo()
    write_reports(tmp_path, data, ReportOptions(formats=("html", "json"), html_page_size=len(result.findings)))
    assert sorted(p.name for p in tmp_path.glob("report-findings-*.html")) == ["report-findings-1.html"]


def test_chart_shows_top_conversations_without_a_remainder_bar():
    from collections import Counter

    chart = bars(Counter({f"c{i}": 100 if i == 0 else 1 for i in range(160)}))
    assert len(chart["rows"]) == 10 and chart["rest"] == 150 and chart["rest_count"] == 150
    assert not any(r["label"].startswith("+") for r in chart["rows"])


def test_contact_lists_are_not_conversations(tmp_path, rng):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "contacts.csv").write_text("\ufeffUserName,Alias,Type,Remark,NickName,PYInitial,RemarkPYInitial,smallHeadImgUrl,"
                                         "bigHeadImgUrl,ExtraBuf,labelName\n"
                                         f"wxid_a1,,3,张三 {mobile(rng)},张三,ZS,ZS,,,,\n", encoding="utf-8")
    chat_csv(folder / "张三_utf8.csv", [("张三", f"我手机{mobile(rng)}")])
    proc = run_cli("scan", folder, "--out", tmp_path / "out", "-f", "html,csv")
    assert proc.returncode == 1, proc.stderr
    conversations = pd.read_csv(tmp_path / "out" / "conversations.csv", encoding="utf-8-sig")
    kinds = dict(zip(conversations.conversation, conversations.kind))
    assert "contact list" in kinds.values() and "chat" in kinds.values()
    html = (tmp_path / "out" / "report.html").read_text("utf-8")
    chart = html[html.index('id="chart-conversation"'):html.index("</svg>", html.index('id="chart-conversation"'))]
    lists = [c for c, k in kinds.items() if k == "contact list"]
    assert all(f">{c}<" not in chart for c in lists) and 'id="contact-lists"' in html


# 5. remediation, 6. languages

def test_remediation_in_both_languages_cites_articles(reports):
    zh = (reports["zh"] / "report.html").read_text("utf-8")
    for words in ("整改建议", "删除", "单独同意", "去标识化", "handover-scan redact", "《个人信息保护法》第28、29、30条",
                  "《个人信息保护法》第23条", "《民法典》第1038条"):
        assert words in zh, words
    en = (reports["en"] / "report.html").read_text("utf-8")
    for words in ("Remediation", "Delete the conversations", "separate consent", "de-identified copy",
                  "PIPL Art. 29", "PIPL Art. 23"):
        assert words in en, words
    # every person whose information is exposed gets their own advice
    assert zh.count('<details class="person"') == zh.count("对此人的整改建议") > 10


def visible_text(html):
    html = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_chinese_report_is_chinese(reports):
    text = visible_text((reports["zh"] / "report.html").read_text("utf-8"))
    codes = set(re.findall(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b", text))
    assert not codes, codes  # no BANK_CARD, CN_ID_CARD ...
    assert "Civil Code" not in text and "PIPL Art" not in text and "fail_on any" not in text
    sarif = json.loads((reports["zh"] / "report.sarif").read_text("utf-8"))
    assert all(re.search(r"[\u4e00-\u9fff]", r["message"]["text"]) for r in sarif["runs"][0]["results"])
    assert cite("Criminal Law Art. 253-1", "zh") == "《刑法》第253条之一"


def test_english_labels_are_per_entity_type():
    entities = load_definitions().entities
    labels = [spec.label("en") for spec in entities.values()]
    assert len(set(labels)) == len(labels)
    assert entities["CN_ID_CARD"].label("en") == "resident ID card number"
    assert "medical record" not in entities["MEDICAL"].label("en")
    assert "social security" not in entities["CN_ID_CARD"].label("en")


def test_csv_headers_in_chinese(tmp_path, export):
    run_cli("scan", export, "--out", tmp_path / "o", "-f", "csv", "--csv-headers", "zh", "-q")
    header = (tmp_path / "o" / "findings.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["文件", "格式", "位置", "会话"]
    assert "个人" in (tmp_path / "o" / "subjects.csv").read_text("utf-8-sig").splitlines()[0]


# 7. workbook

def test_workbook_sheets_agree_with_the_csv_files(reports):
    sheets = pd.read_excel(reports["en"] / "report.xlsx", sheet_name=None)
    assert list(sheets) == ["people", "conversations", "summary", "findings"]
    findings = pd.read_csv(reports["en"] / "findings.csv", encoding="utf-8-sig")
    assert len(sheets["findings"]) == len(findings)
    summary = pd.read_csv(reports["en"] / "summary.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    as_text = pd.read_excel(reports["en"] / "report.xlsx", sheet_name="summary", dtype=str, keep_default_na=False)
    assert [[*row[:3], row[3].lower(), *row[4:]] for row in as_text.values.tolist()] == summary.values.tolist()
    conversations = pd.read_csv(reports["en"] / "conversations.csv", encoding="utf-8-sig")
    assert len(sheets["conversations"]) == len(conversations) == findings.conversation.nunique()
    assert sheets["people"]["risk_rank"].tolist() == list(range(1, len(sheets["people"]) + 1))


# 8. CLI polish

def test_baseline_audit_shows_masked_context(tmp_path, export):
    base = tmp_path / "b.json"
    assert run_cli("baseline", "create", export, "-o", base, "-q").returncode == 0
    entries = json.loads(base.read_text("utf-8"))["entries"]
    assert all(e["context"] and "[" in e["context"] for e in entries)
    proc = run_cli("baseline", "audit", base)
    assert "context" in proc.stdout and "我有" in proc.stdout
    for value in [f.value for f in scan([export]).findings if len(f.value) >= 6]:
        assert value not in proc.stdout and value not in base.read_text("utf-8")


def test_each_command_states_its_own_exit_codes_and_metavars_read_well():
    helps = {args: run_cli(*args, "--help").stdout for args in (("scan",), ("baseline", "create"),
                                                                 ("baseline", "audit"), ("eval",), ("recognizers",),
                                                                 ("formats",))}
    assert all("Exit codes:" in text for text in helps.values())
    assert "1 gate failed" in helps[("scan",)]
    assert "0 baseline written" in helps[("baseline", "create")] and "gate failed" not in helps[("baseline", "create")]
    assert "0 entries listed" in helps[("baseline", "audit")] and "gate failed" not in helps[("baseline", "audit")]
    for text in helps.values():
        assert "<list[" not in text and "{" not in text and "<path>" not in text.lower()
    assert "EXPORT..." in helps[("scan",)] and "--threshold TYPE=COUNT" in helps[("scan",)]


def test_unknown_entity_type_gets_did_you_mean(tmp_path, export):
    proc = run_cli("scan", export, "--out", tmp_path / "o", "--fail-on", "ID_CARD")
    assert proc.returncode == 2 and "did you mean CN_ID_CARD?" in proc.stderr
    assert not (tmp_path / "o").exists()


# 9. SARIF

def test_sarif_keeps_names_and_health_terms_out_and_resolves_zip_members(tmp_path, export, rng):
    bundle = tmp_path / "in"
    bundle.mkdir()
    with zipfile.ZipFile(bundle / "backup.zip", "w") as z:
        z.writestr("chats/王女士_utf8.csv", (export / "王女士_utf8.csv").read_text("utf-8"))
    chat_csv(bundle / "赵姐_utf8.csv", [("赵姐", f"我有高血压，电话{mobile(rng)}")])
    proc = run_cli("scan", bundle, "--out", tmp_path / "o", "-f", "sarif,csv", "-q")
    assert proc.returncode == 1
    run = json.loads((tmp_path / "o" / "report.sarif").read_text("utf-8"))["runs"][0]
    # messages and properties: what a dashboard shows (the artifact URI is the file, which a viewer must open)
    text = json.dumps([[r["message"], r["properties"], r["locations"][0]["logicalLocations"]] for r in run["results"]],
                      ensure_ascii=False)
    findings = pd.read_csv(tmp_path / "o" / "findings.csv", encoding="utf-8-sig")
    for name in set(findings.data_subject) | set(findings.conversation):
        assert name not in text, name
    for masked in findings.loc[findings.entity_type == "MEDICAL", "masked_value"]:
        assert masked not in text
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert "!" not in uri
    members = [a for a in run["artifacts"] if "parentIndex" in a]
    assert members and all(run["artifacts"][a["parentIndex"]]["location"]["uri"] == "backup.zip" for a in members)
