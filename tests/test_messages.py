"""File errors and skip reasons: a stable code plus parameters, English by default, Chinese with --lang zh.

The catalogue is recognizers/messages.yaml. Every code the source uses must be in it with both languages;
no error or skip reason may be written as literal text (it would show in English in a Chinese report).
"""

import ast
import json
import pickle
import random
import re
import string
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from synth import mobile

from handover_scan.exports import READERS
from handover_scan.exports.isolation import FIELDS, check_record, describe
from handover_scan.exports.pathnames import NAME_FORMAT
from handover_scan.messages import (NESTED, PARTS, Message, catalogue, detail, format_label, message, os_reason,
                                    parse, render)
from handover_scan.records import Record

SRC = REPO / "src" / "handover_scan"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            yield node, func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text("utf-8"), str(path))


def codes_in_source() -> dict[str, str]:
    """code -> where, for every message("code", ...) with a literal code, plus the codes built at run time:
    field.<name> for each record field (isolation.FIELDS), the csv reasons, the archive's stop codes."""
    from handover_scan.exports import archive, csvutil

    codes = {}
    for path, tree in _sources():
        if "handover_scan.messages import" not in path.read_text("utf-8") and path.name != "messages.py":
            continue  # a `message` of its own (a reader's parser), not the catalogue's
        for node, name in _calls(tree):
            if name in ("message", "Message") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes[first.value] = f"{path.relative_to(REPO)}:{node.lineno}"
                elif not (path.name in ("isolation.py", "messages.py", "csvutil.py")):
                    raise AssertionError(f"{path}:{node.lineno}: message() with a code built at run time; "
                                         "list its codes in tests/test_messages.py")
    codes.update({f"field.{name}": "isolation.FIELDS" for name in FIELDS})
    codes.update({code: "csvutil._CSV_REASONS" for code in csvutil._CSV_REASONS.values()})
    codes.update({code: "archive.REST_NOT_READ" for code in archive.REST_NOT_READ})
    codes["os.other"] = "messages.os_reason"
    codes["csvwhy.other"] = "csvutil._reason"
    return codes


def test_every_code_used_in_the_source_has_english_and_chinese():
    messages = catalogue()["messages"]
    codes = codes_in_source()
    assert len(codes) > 60  # the walk found the readers' codes, not an empty set
    missing = {code: where for code, where in codes.items()
               if not (messages.get(code) or {}).get("en") or not (messages.get(code) or {}).get("zh")}
    assert not missing, f"codes without both an en and a zh text in recognizers/messages.yaml: {missing}"


def test_catalogue_entries_are_complete_and_consistent():
    fields = string.Formatter()
    for code, entry in catalogue()["messages"].items():
        assert set(entry) == {"en", "zh"}, code
        en = {name for _, name, _, _ in fields.parse(entry["en"]) if name}
        zh = {name for _, name, _, _ in fields.parse(entry["zh"]) if name}
        assert en == zh, (code, en, zh)  # the same parameters in both languages
        assert CJK.search(entry["zh"]), (code, entry["zh"])
        assert not CJK.search(entry["en"]), (code, entry["en"])
    unused = set(catalogue()["messages"]) - set(codes_in_source()) - {c for c in catalogue()["messages"]
                                                                       if c.startswith("os.")}
    assert not unused, f"codes no source uses (stale?): {sorted(unused)}"


def _text(node) -> bool:
    """Whether an expression can evaluate to literal text: a non-empty string or an f-string, directly or in
    a branch (x if c else "..."); a call (message(...), describe(exc)) gives a Message."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value)
    if isinstance(node, ast.Call):
        return False
    return any(_text(child) for child in ast.iter_child_nodes(node))


def test_no_error_or_skip_reason_is_literal_text():
    """ExportError("..."), SkippedFile(path, f"..."), report.error = "..." would be English in every language."""
    positional = {"ExportError": 0, "UndecodableFile": 0, "ArchiveProblem": 1, "SkippedFile": 1, "FileError": 1}
    bad = []
    for path, tree in _sources():
        if "redact" in path.parts:
            continue  # the redact command's own errors: not file problems of a scan report
        for node, name in _calls(tree):
            args = []
            if name in positional and len(node.args) > positional[name]:
                args.append(node.args[positional[name]])
            if name in ("FileReport", "WorkUnit", "FileError", "SkippedFile"):
                args += [k.value for k in node.keywords if k.arg in ("error", "skipped", "reason")]
            bad += [f"{path.relative_to(REPO)}:{node.lineno} {name}" for arg in args if _text(arg)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr in ("error", "skipped")
                                                    for t in node.targets) and _text(node.value):
                bad.append(f"{path.relative_to(REPO)}:{node.lineno} .{node.targets[0].attr} =")
    assert not bad, f"error or skip reason written as text, use messages.message(code, ...): {bad}"


def test_every_format_has_a_label_in_both_languages():
    ids = {reader.format_id for reader in READERS} | {NAME_FORMAT}
    formats = catalogue()["formats"]
    missing = sorted(i for i in ids if not (formats.get(i) or {}).get("zh") or not (formats.get(i) or {}).get("en"))
    assert not missing, f"formats without a zh and en label in recognizers/messages.yaml: {missing}"
    for format_id in ids:
        assert CJK.search(format_label(format_id, "zh")) and format_label(format_id, "en") != format_id
    assert format_label("no-such-format", "zh") == "no-such-format" and format_label("", "en") == ""
    assert not set(formats) - ids, "labels of formats no reader has"


def _sample(code: str) -> Message:
    """The message with a value for each parameter: nested ones a message, the rest a number or a word."""
    entry = catalogue()["messages"][code]
    params = {}
    for _, name, _, _ in string.Formatter().parse(entry["en"]):
        if name and name not in params:
            if name in NESTED:
                params[name] = message("os.EACCES") if NESTED[name] else message("file.ends_early")
                if name == "field":
                    params[name] = message("field.sender")
                if name == "kind":
                    params[name] = message("kind.object")
            else:
                params[name] = 7 if name not in ("type", "encoding", "name", "kind") else "ValueError"
    return message(code, **params)


@pytest.mark.parametrize("code", sorted(c for c in catalogue()["messages"] if not c.startswith(PARTS)))
def test_english_text_reads_back_as_its_code(code):
    """A problem that lost its type (report.json read back, text from an older run) still renders in Chinese."""
    sample = _sample(code)
    back = parse(str(sample))
    assert back is not None and back.code == code and back.params == sample.params
    assert render(str(sample), "zh") == render(sample, "zh")
    assert CJK.search(render(sample, "zh")) and render(sample, "en") == str(sample)


def test_message_is_its_english_text_and_survives_pickling():
    problem = message("file.rest_scanned", problem=check_record(
        Record("a.json", "weflow-json", "json:/0", "c", "p", "content", "x", {"nick": "x"}))[1])
    assert problem == "sender name is a JSON object, expected text; the rest of the file was scanned"
    assert render(problem, "zh") == "发送人名称是一个 JSON 对象，应为文本；文件其余部分已扫描"
    copy = pickle.loads(pickle.dumps(problem))  # worker processes send FileReports back pickled
    assert isinstance(copy, Message) and copy.code == "file.rest_scanned" and copy == problem
    assert json.dumps({"error": problem}) == json.dumps({"error": str(problem)})
    assert detail(problem) == {"code": "file.rest_scanned", "params": {"problem": {
        "code": "record.not_text", "params": {"field": {"code": "field.sender", "params": {}},
                                              "kind": {"code": "kind.object", "params": {}}}}},
        "zh": "发送人名称是一个 JSON 对象，应为文本；文件其余部分已扫描"}
    assert detail("") == {} and detail("some text of an older version") == {
        "code": "", "params": {}, "zh": "some text of an older version"}


def test_describe_gives_codes_and_os_errors_by_errno():
    assert describe(PermissionError(13, "Permission denied")).code == "file.cannot_read"
    assert render(describe(PermissionError(13, "Permission denied")), "zh") == "无法读取：权限不足"
    assert describe(PermissionError(13, "Permission denied")) == "cannot read: Permission denied"
    odd = os_reason(OSError(121, "Remote I/O error"))  # EREMOTEIO: not in the catalogue, named by its errno
    assert odd.code == "os.other" and render(odd, "zh") == "操作系统错误 EREMOTEIO"
    assert describe(KeyError("x")).code == "file.unexpected_structure" and "KeyError" in describe(KeyError("x"))
    unknown = message("no.such.code", n=3)
    assert unknown == "no.such.code(n=3)" and render(unknown, "zh") == "no.such.code(n=3)"  # never a crash


# --- --lang zh end to end: a bundle with a bad JSON, a bad zip member, a binary file and a VCS folder

ALLOWED_WORDS = {"handover-scan", "MemoTrace", "WeFlow", "PyWxDump", "WhatsApp", "Telegram", "QQ", "JSON", "CSV",
                 "TXT", "HTML", "XLSX", "DOCX", "UTF-8", "zip", "CRC", "NUL", "GiB", "MiB", "SARIF", "Lines", "PIPL"}
# Two English words in a row (not ids, paths or the names above) make an English sentence.
ENGLISH_RUN = re.compile(r"(?<![\w./!\-])[A-Za-z][a-z]+(?:[ ,;:]+[A-Za-z][a-z]+)+(?![\w./!\-])")


def english_runs(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """Runs of 2+ English words in text once file paths, ids and the allowed names are taken out."""
    for word in sorted(allowed | ALLOWED_WORDS, key=len, reverse=True):
        text = text.replace(word, " ")
    return ENGLISH_RUN.findall(text)


@pytest.fixture(scope="module")
def bad_bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    folder = root / "bundle"
    folder.mkdir()
    phone = mobile(random.Random(12))
    (folder / "chat.txt").write_text(f"2024-06-01 10:00:00 周小姐\n我的手机 {phone}\n", encoding="utf-8")
    (folder / "broken.json").write_text('{"messages": [{"content": ', encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("good.txt", f"电话 {phone}\n")
        archive.writestr("damaged.txt", "这一段会被改坏" * 20)
        archive.writestr("../outside.txt", "climbs out of the archive")
    data = bytearray((folder / "bundle.zip").read_bytes())
    at = data.index("这一段会被改坏".encode("utf-8"))
    data[at:at + 3] = b"XYZ"  # the member's bytes no longer match its CRC
    (folder / "bundle.zip").write_bytes(bytes(data))
    outs = {}
    for lang in ("zh", "en"):
        out = root / f"out-{lang}"
        proc = run_cli("scan", folder, "--out", out, "--lang", lang)
        assert proc.returncode == 2, proc.stderr  # incomplete: two files could not be read
        outs[lang] = (out, proc)
    return folder, outs


class _Text(HTMLParser):
    """Visible text of a page (no style or script) and every title attribute."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")
        self.parts += [v for k, v in attrs if k == "title" and v]

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _report_json(out):
    return json.loads((out / "report.json").read_text("utf-8"))


def test_report_json_keeps_english_and_adds_codes(bad_bundle):
    _, outs = bad_bundle
    files = {f["file"]: f for f in _report_json(outs["zh"][0])["files"]}
    assert files["broken.json"]["error"].startswith("malformed JSON")
    assert files["broken.json"]["error_code"].startswith("json.malformed")
    assert files["broken.json"]["error_zh"].startswith("JSON 格式错误")
    assert files["bundle.zip!damaged.txt"]["error_code"] == "archive.member_corrupt"
    assert files["photo.jpg"]["skipped"] == "binary or media file" and files["photo.jpg"]["skipped_code"] == "skip.binary"
    assert files[".git/"]["skipped_code"] == "skip.vcs_folder" and files[".git/"]["skipped_params"] == {"name": ".git"}
    assert files["chat.txt"]["format_label"] == {"zh": format_label(files["chat.txt"]["format"], "zh"),
                                                 "en": format_label(files["chat.txt"]["format"], "en")}
    assert files["chat.txt"]["error"] == "" and files["chat.txt"]["error_code"] == ""


def _allowed(folder):
    names = {p.name for p in folder.rglob("*")} | {"bundle.zip!good.txt", "bundle.zip!damaged.txt", ".git/"}
    return names | {r.format_id for r in READERS}


def test_lang_zh_html_has_no_english_error_sentence(bad_bundle):
    folder, outs = bad_bundle
    out, _ = outs["zh"]
    text = "\n".join(_Text((out / "report.html").read_text("utf-8")).parts)
    assert "JSON 格式错误" in text and "压缩包成员已损坏" in text and "二进制或媒体文件" in text
    assert "版本控制文件夹（.git），未扫描" in text and "bundle.zip!（不安全的成员路径）" in text
    assert format_label("memotrace2-txt", "zh") in text or "纯文本" in text  # a format's label, not its id alone
    assert english_runs(text, _allowed(folder)) == []
    en = "\n".join(_Text((outs["en"][0] / "report.html").read_text("utf-8")).parts)
    assert "archive member is corrupt" in en and "binary or media file" in en and not CJK.search(
        "".join(re.findall(r"Error: [^\n]*|Skipped: [^\n]*", en)))


def test_lang_zh_terminal_has_no_english_error_sentence(bad_bundle):
    folder, outs = bad_bundle
    _, proc = outs["zh"]
    terminal = proc.stdout + proc.stderr
    assert "错误：broken.json：JSON 格式错误" in proc.stderr and "压缩包成员已损坏" in proc.stderr
    assert english_runs(terminal, _allowed(folder) | {str(outs["zh"][0])}) == []
    _, proc_en = outs["en"]
    assert "error: broken.json: malformed JSON" in proc_en.stderr


def _strings(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


# SARIF keys whose values are ids, URIs or names, never sentences
SARIF_IDS = {"$schema", "uri", "uriBaseId", "informationUri", "id", "ruleId", "name", "version", "semanticVersion",
             "format", "recognizer", "locator", "field", "gate_status", "gate_outcome", "language", "kind", "status",
             "level", "error_code", "skipped_code", "rules_version", "baselineState", "archive_member", "columnKind",
             "roles", "partialFingerprints", "masked_value", "category_en", "articles", "tags"}  # machine fields


def test_lang_zh_sarif_has_no_english_error_sentence(bad_bundle):
    folder, outs = bad_bundle
    sarif = json.loads((outs["zh"][0] / "report.sarif").read_text("utf-8"))
    texts = [v for k, v in _strings(sarif) if k not in SARIF_IDS and not v.startswith("file://")]
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} >= {"archive.member_corrupt"}
    assert any("JSON 格式错误" in n["message"]["text"] for n in notes)
    assert english_runs("\n".join(texts), _allowed(folder)) == []
    en = json.loads((outs["en"][0] / "report.sarif").read_text("utf-8"))
    notes = en["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(n["message"]["text"].startswith("broken.json: malformed JSON") for n in notes)


def test_lang_zh_sarif_suppressions_of_a_baseline_are_chinese(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "chat.txt").write_text(f"2024-06-01 10:00:00 周小姐\n我的手机 {mobile(random.Random(3))}\n", encoding="utf-8")
    assert run_cli("baseline", "create", folder, "-o", tmp_path / "b.json", "-q").returncode == 0
    proc = run_cli("scan", folder, "--baseline", tmp_path / "b.json", "--out", tmp_path / "out", "--format", "sarif",
                   "-q")
    assert proc.returncode == 0, proc.stderr
    sarif = json.loads((tmp_path / "out" / "report.sarif").read_text("utf-8"))
    suppressions = [s for r in sarif["runs"][0]["results"] for s in r.get("suppressions", ())]
    assert suppressions and all(s["justification"] == "基线已有（未审核）" for s in suppressions)
    texts = [v for k, v in _strings(sarif) if k not in SARIF_IDS and not v.startswith("file://")]
    assert english_runs("\n".join(texts), {"chat.txt"}) == []
