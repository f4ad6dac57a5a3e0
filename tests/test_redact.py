"""`handover-scan redact`: a de-identified copy of every format family (issue 11)."""

import hashlib
import json
import shutil
import stat
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from redact_helpers import blobs, leaks

from handover_scan.redact import REPORT_NAME, RedactOptions, redact
from handover_scan.redact.core import family
from handover_scan.redact.policy import RedactPolicy
from handover_scan.redact.persons import person_pseudonyms
from handover_scan.redact.pseudonym import person_pseudonym
from handover_scan.scan import ScanOptions, scan

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "exports" / "files"
SAMPLES = REPO / "sample_exports"
KEY = b"redact-test-key"
# Synthetic values planted in the fixtures (make_fixtures.py) and sample exports: made up, but valid.
PHONES = ["13809722233", "18812633920", "13868106871", "15105032582", "13958202938", "17720246633"]
PLANTED = PHONES + [p[:3] + sep + p[3:7] + sep + p[7:] for p in PHONES for sep in ("-", " ", "\\-")] + [
    "420111195404035644", "漕溪北路88号", "周小姐", "王女士", "李先生", "wxid_zhou01", "zhou_88", "wx.qlogo.cn",
    "wxid_sample_zhou06", "1992-06-15"]
FAMILIES = {"csv", "json", "text", "html", "js", "xlsx", "docx", "vcf"}


@pytest.fixture(scope="module")
def redacted(tmp_path_factory):
    base = tmp_path_factory.mktemp("redact")
    inputs = [base / "in" / "fixtures", base / "in" / "samples"]
    shutil.copytree(FIXTURES, inputs[0])
    shutil.copytree(SAMPLES, inputs[1])
    before = _digests(base / "in")
    out = base / "out"
    outcome = redact(inputs, out, RedactOptions(key=KEY))
    original = scan(inputs, ScanOptions(key=KEY))
    copy = scan([out / "fixtures", out / "samples"], ScanOptions(key=KEY))
    return {"out": out, "inputs": inputs, "outcome": outcome, "original": original, "copy": copy,
            "before": before, "after": _digests(base / "in")}


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_family_is_covered_and_reads_back_with_the_same_format_and_record_count(redacted):
    original = [(f.format, f.records) for f in redacted["original"].files if f.format]
    copy = [(f.format, f.records) for f in redacted["copy"].files if f.format]
    # a reader reports each distinct name once per file: where a person's remark and nickname became one
    # pseudonym, the copy has one name record less, and the report says which files and by how much
    merged = redacted["outcome"].report["verification"]["fewer_name_records_one_person"]
    assert len(merged) <= 3 and all(0 < m["records"] - m["copy_records"] <= 2 for m in merged)
    for m in merged:
        fmt = next(f.format for f in redacted["copy"].files if m["file"].endswith(f.file))
        copy.remove((fmt, m["copy_records"]))
        copy.append((fmt, m["records"]))
    assert Counter(copy) == Counter(original)
    assert FAMILIES <= {family(fmt) for fmt, _ in original}
    assert "generic-jsonl" in {fmt for fmt, _ in original}
    assert not redacted["copy"].errors


def test_planted_values_are_absent_from_every_byte_of_the_copy(redacted):
    assert leaks(redacted["out"], PLANTED) == []


def test_every_value_the_scan_found_is_gone(redacted):
    values = {f.value for f in redacted["original"].findings if f.score >= 0.5 and len(f.value.strip()) >= 2
              and not (f.value.isascii() and len(f.value) < 6)}  # 'zhou' is in Zhengzhou, a city name
    assert len(values) > 30
    assert leaks(redacted["out"], sorted(values)) == []


def test_the_rescan_finds_nothing_and_the_command_says_so(redacted):
    assert [f for f in redacted["copy"].findings if f.score >= 0.5] == []
    outcome = redacted["outcome"]
    assert outcome.exit_code == 0, outcome.summary
    report = json.loads((redacted["out"] / REPORT_NAME).read_text("utf-8"))
    assert report["verification"]["passed"] is True
    assert report["replaced_by_type"]["PHONE_NUMBER"] >= 6 and report["replaced_by_type"]["PERSON"] >= 10
    assert any(item["file"].endswith("photo.png") for item in report["withheld"])
    assert all(item["replaced_total"] == sum(item["replaced"].values()) for item in report["files"])


def test_media_is_withheld_not_copied(redacted):
    for path in redacted["out"].rglob("*.zip"):
        for name, data in blobs(path.read_bytes(), path.name):
            assert not data.startswith(b"\x89PNG"), name


def test_input_is_never_modified(redacted):
    assert redacted["before"] == redacted["after"]


def test_names_are_pseudonymised_consistently_across_files_and_in_file_names(redacted):
    persons = person_pseudonyms(redacted["inputs"], KEY)
    pseudonym = persons.pseudonym("周小姐")
    assert pseudonym == persons.pseudonym("wxid_zhou01") != person_pseudonym(KEY, "周小姐")  # the person's
    holding = [p for p in redacted["out"].rglob("*") if p.is_file() and pseudonym in p.read_bytes().decode(
        "utf-8", "ignore")]
    assert len(holding) >= 3
    assert any(pseudonym in p.name for p in redacted["out"].rglob("*"))
    assert not [p for p in redacted["out"].rglob("*") if "周小姐" in p.name or "王女士" in p.name]


def test_no_mapping_and_no_key_in_the_copy(redacted):
    files = [p for p in redacted["out"].rglob("*") if p.is_file()]
    assert all(KEY not in data for p in files for _, data in blobs(p.read_bytes(), p.name))
    assert not [p for p in files if "map" in p.name.lower()]


def test_files_are_0600_in_0700_folders(redacted):
    for path in [redacted["out"], *redacted["out"].rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def _pairs(redacted, suffixes):
    """(original, copy) of the fixture files, paired by the report (it lists files in the order they were walked)."""
    listed = [item["file"] for item in redacted["outcome"].report["files"] if item["file"].startswith("fixtures/")
              and "!" not in item["file"]]
    originals = sorted(p for p in redacted["inputs"][0].iterdir() if not p.name.endswith(".zip"))
    originals = [p for p in originals if not p.name.endswith((".png",))]
    assert len(listed) == len(originals)
    return [(o, redacted["out"] / c) for o, c in zip(originals, listed) if o.name.endswith(suffixes)]


def test_csv_keeps_columns_quoting_bom_and_line_endings(redacted):
    pairs = _pairs(redacted, (".csv", ".tsv"))
    assert len(pairs) >= 10
    for original, copy in pairs:
        a, b = original.read_bytes(), copy.read_bytes()
        assert a.startswith(b"\xef\xbb\xbf") == b.startswith(b"\xef\xbb\xbf"), original.name
        assert a.count(b"\r\n") == b.count(b"\r\n") and a.count(b"\n") == b.count(b"\n"), original.name
        assert a.endswith(b"\n") == b.endswith(b"\n"), original.name
        first_a, first_b = a.split(b"\n")[0], b.split(b"\n")[0]
        assert first_a.lstrip(b"\xef\xbb\xbf")[:1] == first_b.lstrip(b"\xef\xbb\xbf")[:1], original.name  # quoting
        for sep in (b",", b"\t"):
            assert first_a.count(sep) <= first_b.count(sep), original.name  # no column lost
    assert any(a.read_bytes().startswith(b"\xef\xbb\xbf") for a, _ in pairs)
    assert any(b"\r\n" in a.read_bytes() for a, _ in pairs) and any(a.read_bytes()[:1] == b'"' for a, _ in pairs)


def test_text_keeps_its_lines_and_encoding(redacted):
    pairs = _pairs(redacted, (".txt", ".md"))
    assert len(pairs) >= 8
    for original, copy in pairs:
        a, b = original.read_bytes(), copy.read_bytes()
        assert a[:2] == b[:2] or not a.startswith(b"\xff\xfe"), original.name  # UTF-16 stays UTF-16
        for newline in (b"\n", b"\n\x00"):
            assert a.count(newline) == b.count(newline), original.name


def test_json_keeps_its_keys_and_html_still_parses(redacted):
    out = redacted["out"] / "fixtures"
    for name in ("users.json", "customers.json", "chatlog.json"):
        copy = json.loads((out / name).read_text("utf-8"))
        original = json.loads((redacted["inputs"][0] / name).read_text("utf-8"))
        assert type(copy) is type(original) and len(copy) == len(original), name
        if isinstance(original, dict):
            assert len(copy) == len(original) and not set(copy) & {k for k in original if "wxid_" in k}
    for page in out.glob("*.html"):
        parser = HTMLParser()
        parser.feed(page.read_text("utf-8"))
        parser.close()


def test_the_verify_step_catches_a_leftover(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.txt").write_text("客户说她手机是13912345678，明天到\n", encoding="utf-8")
    policy = RedactPolicy.with_overrides(["PHONE_NUMBER=keep"])
    outcome = redact([tmp_path / "in"], tmp_path / "out", RedactOptions(policy=policy, key=KEY))
    assert outcome.exit_code == 1
    check = outcome.report["verification"]
    assert check["passed"] is False and check["leftover_by_type"] == {"PHONE_NUMBER": 1}
    assert "13912345678" not in json.dumps(outcome.report, ensure_ascii=False) + "\n".join(outcome.summary)
    assert any("PHONE_NUMBER" in line for line in outcome.summary)


def test_every_family_had_values_replaced(redacted):
    report = redacted["outcome"].report
    replaced = Counter()
    for item in report["files"]:
        replaced[family(item["format"])] += item["replaced_total"]
    assert {name for name, count in replaced.items() if count} >= FAMILIES


def test_files_named_by_values_keep_distinct_names(tmp_path):
    (tmp_path / "in").mkdir()
    for phone in ("13912345678", "13812345679"):
        (tmp_path / "in" / f"{phone}.txt").write_text(f"电话{phone}\n", encoding="utf-8")
    outcome = redact([tmp_path / "in"], tmp_path / "out", RedactOptions(key=KEY))
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != REPORT_NAME)
    assert len(names) == 2 and len(set(names)) == 2
    assert all(name.startswith("[手机号]·") and name.endswith(".txt") for name in names)
    assert outcome.exit_code == 0, outcome.summary
    assert outcome.report["replaced_in_file_names"] == {"PHONE_NUMBER": 2}


def test_the_byte_check_catches_an_original_value_the_recognizers_would_miss(tmp_path, monkeypatch):
    """A writer that let a known value through (here: identity fields copied as they are) is caught even where
    the re-scan of the copy could not tell a name from any other word."""
    from handover_scan.redact.policy import Replacer

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "contacts.csv").write_text("Remark,NickName\n欧阳娜娜,娜娜\n", encoding="utf-8")
    monkeypatch.setattr(Replacer, "identity", lambda self, value, kind: value)
    outcome = redact([tmp_path / "in"], tmp_path / "out", RedactOptions(key=KEY))
    assert outcome.exit_code == 1
    left = outcome.report["verification"]["original_values_left"]
    assert left == [{"file": "contacts.csv", "entity_type": "PERSON", "count": 1}]
    assert "欧阳娜娜" not in json.dumps(outcome.report, ensure_ascii=False) + "".join(outcome.summary)


def test_a_file_the_writer_cannot_rewrite_is_withheld_and_the_copy_is_incomplete(tmp_path, monkeypatch):
    import handover_scan.redact.core as core

    def broken(text, replacer):
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "rewrite_json", broken)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text('{"note": "手机13912345678"}', encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("手机13912345679\n", encoding="utf-8")
    outcome = redact([tmp_path / "in"], tmp_path / "out", RedactOptions(key=KEY))
    assert outcome.exit_code == 2, outcome.summary
    assert not (tmp_path / "out" / "a.json").exists() and (tmp_path / "out" / "b.txt").exists()
    assert outcome.report["input_errors"] == [{"file": "a.json", "error": "rewrite failed (RuntimeError)"}]
    assert outcome.report["withheld"][0]["file"] == "a.json"


def test_no_value_reaches_the_logs_even_at_debug_level(tmp_path, caplog):
    import logging

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "c.csv").write_text("Remark,NickName,telephone\n欧阳娜娜,娜娜,13912345678\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        outcome = redact([tmp_path / "in"], tmp_path / "out", RedactOptions(key=KEY))
    assert outcome.exit_code == 0
    assert caplog.records  # the loggers did run
    assert "13912345678" not in caplog.text and "欧阳娜娜" not in caplog.text
