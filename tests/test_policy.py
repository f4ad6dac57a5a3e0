"""The gate, knob by knob: through the library on built findings, and through the CLI on synthetic exports."""

import json
import re

import pandas as pd
import pytest

from conftest import run_cli
from handover_scan.config import AllowEntry, ConfigError, Policy, load_policy, policy_from_mapping
from handover_scan.engine.definitions import load_definitions
from handover_scan.findings import Finding, fingerprint, mask, normalize
from handover_scan.policy import decide
from handover_scan.scan import FileReport, ScanResult
from synth import id_number, mobile

KEY = b"policy-test-key"
ENTITIES = load_definitions().entities


def finding(entity_type, value, score=0.9, file="chat.csv", conversation="c1", subject="p1", field="StrContent"):
    spec = ENTITIES[entity_type]
    norm = normalize(entity_type, value)
    return Finding(file=file, format="plain-text", locator="line:1", conversation=conversation, data_subject=subject,
                   field=field, entity_type=entity_type, category=spec.category, sensitive=spec.sensitive, start=0,
                   end=len(value), score=score, masked_value=mask(norm, spec),
                   fingerprint=fingerprint(KEY, entity_type, norm), recognizer="test", value=value)


def result_of(*findings, error=""):
    files = [FileReport("chat.csv", "root", "plain-text", records=1, findings=len(findings))]
    if error:
        files.append(FileReport("bad.txt", "root", error=error))
    return ScanResult(findings=list(findings), files=files)


def gate(result, **policy):
    return decide(result, Policy(**policy), entities=ENTITIES)


@pytest.fixture
def phone(rng):
    return mobile(rng)


def test_nothing_found_passes():
    decision = gate(result_of())
    assert decision.exit_code == 0 and decision.outcome == "pass"


def test_default_any_personal_information_fails(phone):
    decision = gate(result_of(finding("PHONE_NUMBER", phone)))
    assert (decision.exit_code, decision.failing, decision.failed_types) == (1, 1, {"PHONE_NUMBER": 1})


def test_min_score(phone):
    result = result_of(finding("PHONE_NUMBER", phone, score=0.6))
    assert gate(result, min_score=0.5).exit_code == 1
    decision = gate(result, min_score=0.8)
    assert decision.exit_code == 0 and decision.statuses == ("below_min_score",)


@pytest.mark.parametrize("fail_on, fails", [
    (("CN_ID_CARD",), True), (("PHONE_NUMBER",), False), (("身份证件号码",), True), (("identity document number",), True),
    (("sensitive",), True), (("电话号码",), False), (("any",), True)])
def test_fail_on_types_and_categories(rng, fail_on, fails):
    result = result_of(finding("CN_ID_CARD", id_number(rng)), finding("BIRTH_DATE", "1990-01-02"))
    decision = gate(result, fail_on=fail_on)
    assert decision.exit_code == (1 if fails else 0)
    assert ("counted" in decision.statuses) == fails
    if not fails:
        assert set(decision.statuses) == {"not_gated"}


def test_sensitive_only_ignores_phone(phone):
    decision = gate(result_of(finding("PHONE_NUMBER", phone)), fail_on=("sensitive",))
    assert decision.exit_code == 0 and decision.statuses == ("not_gated",)


def test_per_type_threshold(rng):
    phones = [finding("PHONE_NUMBER", mobile(rng), subject=f"p{i}") for i in range(3)]
    assert gate(result_of(*phones), thresholds={"PHONE_NUMBER": 4}).exit_code == 0
    assert gate(result_of(*phones), thresholds={"PHONE_NUMBER": 3}).exit_code == 1
    # the threshold of one type does not shelter another
    decision = gate(result_of(*phones, finding("MEDICAL", "糖尿病")), thresholds={"PHONE_NUMBER": 4})
    assert decision.exit_code == 1 and decision.failed_types == {"MEDICAL": 1}


def test_allowlist_by_fingerprint_regex_file_conversation(rng):
    hotline, other = mobile(rng), mobile(rng)
    a = finding("PHONE_NUMBER", hotline)
    b = finding("PHONE_NUMBER", other, file="公告/notice.txt")
    c = finding("PHONE_NUMBER", mobile(rng), conversation="wxid_owner_notes")
    result = result_of(a, b, c)
    assert gate(result).failing == 3
    entries = (AllowEntry("shop hotline", fingerprint=a.fingerprint), AllowEntry("notices", file="公告/*.txt"),
               AllowEntry("own notes", conversation="wxid_owner_notes"))
    decision = gate(result, allowlist=entries)
    assert decision.exit_code == 0 and decision.statuses == ("allowlisted",) * 3
    assert [e.reason for e in decision.allowed_by] == ["shop hotline", "notices", "own notes"]
    by_regex = gate(result, allowlist=(AllowEntry("prefix", regex="^" + re.escape(hotline[:7])),))
    assert by_regex.statuses[0] == "allowlisted" and by_regex.exit_code == 1
    # entity_type narrows an entry
    narrowed = gate(result, allowlist=(AllowEntry("ids only", fingerprint=a.fingerprint, entity_type="CN_ID_CARD"),))
    assert narrowed.statuses[0] == "counted"


def test_allowlist_names_a_masked_conversation_as_the_export_does(rng):
    """A conversation named by a phone number is masked in the reports (scan.masked_name); an allowlist
    entry written with the export's name still matches, and so does one with the masked name."""
    f = finding("PHONE_NUMBER", mobile(rng), conversation="139****5678 (75e5ea)")
    f.conversation_raw = "+86 139 1234 5678"
    assert AllowEntry("own second phone", conversation="+86 139 1234 5678").matches(f)
    assert AllowEntry("own second phone", conversation="139****5678 (75e5ea)").matches(f)
    assert not AllowEntry("other", conversation="+86 139 0000 0000").matches(f)


def test_glob_with_double_star():
    entry = AllowEntry("r", file="**/notice.txt")
    assert entry.matches(finding("MEDICAL", "感冒", file="notice.txt"))
    assert entry.matches(finding("MEDICAL", "感冒", file="a/b/notice.txt"))
    assert not entry.matches(finding("MEDICAL", "感冒", file="a/b/other.txt"))


def test_exit_code_is_configurable(phone):
    assert gate(result_of(finding("PHONE_NUMBER", phone)), exit_code=3).exit_code == 3
    with pytest.raises(ConfigError):
        policy_from_mapping({"exit_code": 0}, "x")
    with pytest.raises(ConfigError):
        policy_from_mapping({"exit_code": 2}, "x")


def test_incomplete_scan_fails_closed_whatever_is_allowed(phone):
    result = result_of(finding("PHONE_NUMBER", phone), error="cannot read")
    decision = gate(result, allowlist=(AllowEntry("all", file="*"),), exit_code=5)
    assert decision.exit_code == 2 and decision.outcome == "incomplete"
    assert gate(result_of(error="cannot read")).exit_code == 2


class _Baseline:
    def __init__(self, *findings):
        self.keys = {(f.entity_type, f.fingerprint, f.file, f.field) for f in findings}

    def contains(self, f):
        return (f.entity_type, f.fingerprint, f.file, f.field) in self.keys


def test_baseline_suppresses_only_known(rng):
    old, new = finding("PHONE_NUMBER", mobile(rng)), finding("PHONE_NUMBER", mobile(rng))
    assert decide(result_of(old), Policy(), _Baseline(old), ENTITIES).exit_code == 0
    decision = decide(result_of(old, new), Policy(), _Baseline(old), ENTITIES)
    assert decision.exit_code == 1 and decision.statuses == ("baseline", "counted") and "new" in decision.reason


def test_config_requires_reason_and_known_keys():
    with pytest.raises(ConfigError, match="reason"):
        policy_from_mapping({"allowlist": [{"fingerprint": "ab"}]}, "cfg")
    with pytest.raises(ConfigError, match="unknown key"):
        policy_from_mapping({"min_scor": 0.3}, "cfg")
    with pytest.raises(ConfigError, match="regex"):
        policy_from_mapping({"allowlist": [{"regex": "(", "reason": "x"}]}, "cfg")
    with pytest.raises(ConfigError, match="thresholds"):
        policy_from_mapping({"thresholds": {"PHONE_NUMBER": 0}}, "cfg")


def test_config_discovery_order(tmp_path):
    assert load_policy(cwd=tmp_path).source == "defaults"
    (tmp_path / "pyproject.toml").write_text('[tool.handover-scan]\nmin_score = 0.7\n', encoding="utf-8")
    assert load_policy(cwd=tmp_path).min_score == 0.7
    (tmp_path / "handover-scan.toml").write_text('min_score = 0.8\n', encoding="utf-8")
    assert load_policy(cwd=tmp_path).min_score == 0.8
    other = tmp_path / "other.toml"
    other.write_text('min_score = 0.9\nfail_on = ["sensitive"]\n', encoding="utf-8")
    policy = load_policy(other, cwd=tmp_path)
    assert (policy.min_score, policy.fail_on) == (0.9, ("sensitive",))
    assert policy.with_overrides(min_score=0.4, fail_on=None).fail_on == ("sensitive",)


# --- through the command line ------------------------------------------------------------------------------


@pytest.fixture
def export(tmp_path, rng):
    folder = tmp_path / "export"
    folder.mkdir()
    phone, ident = mobile(rng), id_number(rng)
    (folder / "chat.txt").write_text(f"我手机{phone}\n", encoding="utf-8")
    (folder / "ids.txt").write_text(f"身份证号{ident}\n", encoding="utf-8")
    return folder, phone, ident


def _report(out):
    return json.loads((out / "report.json").read_text("utf-8"))


def test_cli_config_file_and_flag_override(tmp_path, export):
    folder, phone, _ = export
    (tmp_path / "handover-scan.toml").write_text('fail_on = ["sensitive"]\nexit_code = 7\n', encoding="utf-8")
    proc = run_cli("scan", folder, "--out", tmp_path / "o1", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 7, proc.stderr
    assert _report(tmp_path / "o1")["gate"]["failed_types"] == {"CN_ID_CARD": 1}
    proc = run_cli("scan", folder, "--out", tmp_path / "o2", "-f", "json", "--fail-on", "PHONE_NUMBER",
                   "--fail-exit-code", "9", cwd=tmp_path)
    assert proc.returncode == 9 and _report(tmp_path / "o2")["gate"]["failed_types"] == {"PHONE_NUMBER": 1}
    proc = run_cli("scan", folder, "--out", tmp_path / "o3", "-f", "json", "--threshold", "CN_ID_CARD=2",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert phone not in proc.stdout + proc.stderr


def test_cli_allowlist_by_fingerprint_from_pyproject(tmp_path, export):
    folder, _, _ = export
    first = run_cli("scan", folder, "--out", tmp_path / "o1", "-f", "json", "-f", "csv", cwd=tmp_path)
    assert first.returncode == 1
    fingerprints = list(pd.read_csv(tmp_path / "o1" / "findings.csv", encoding="utf-8-sig", dtype=str).fingerprint)
    assert len(fingerprints) == 2
    entries = "".join(f'[[tool.handover-scan.allowlist]]\nfingerprint = "{fp}"\nreason = "synthetic test value"\n'
                      for fp in fingerprints)
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n{entries}", encoding="utf-8")
    proc = run_cli("scan", folder, "--out", tmp_path / "o2", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _report(tmp_path / "o2")["gate"]["status_counts"] == {"allowlisted": len(fingerprints)}


def test_cli_rejects_allowlist_without_reason(tmp_path, export):
    folder, _, _ = export
    config = tmp_path / "strict.toml"
    config.write_text('[[allowlist]]\nfile = "*.txt"\n', encoding="utf-8")
    proc = run_cli("scan", folder, "--out", tmp_path / "o", "--config", config)
    assert proc.returncode == 2
    assert "reason" in proc.stderr and "strict.toml" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_cli_rejects_unknown_type_in_fail_on(tmp_path, export):
    folder, _, _ = export
    proc = run_cli("scan", folder, "--out", tmp_path / "o", "--fail-on", "PHONE_NUMBR")
    assert proc.returncode == 2 and "PHONE_NUMBR" in proc.stderr


def test_cli_incomplete_scan_is_2_even_when_everything_is_allowed(tmp_path, export):
    folder, _, _ = export
    (folder / "bad.txt").write_bytes(b"hello \xff\xff world")
    (tmp_path / "handover-scan.toml").write_text('[[allowlist]]\nfile = "*"\nreason = "all"\n', encoding="utf-8")
    proc = run_cli("scan", folder, "--out", tmp_path / "o", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 2
    report = _report(tmp_path / "o")
    assert report["gate"]["outcome"] == "incomplete"
    assert "at least" in report["headline"]["en"] and "至少" in report["headline"]["zh"]
