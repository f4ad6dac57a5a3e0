"""Exit codes and behaviour through the real command line."""

import stat

from conftest import run_cli


def test_clean_folder_passes_with_exit_0(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.txt").write_text("明天开会，带上材料。订单号 2024031500118\n", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "闸门：通过" in proc.stdout and "未发现" in proc.stdout  # the summary speaks --lang (default zh)
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out", "--lang", "en")
    assert "gate: PASS (no personal information found in 1 file(s)" in proc.stdout


def test_personal_information_fails_with_exit_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert "13912345678" not in proc.stdout + proc.stderr


def test_threshold_flag_moves_the_gate(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("好的13912345678\n", encoding="utf-8")  # medium: 0.6
    assert run_cli("scan", tmp_path / "in", "--out", tmp_path / "o1").returncode == 1
    assert run_cli("scan", tmp_path / "in", "--out", tmp_path / "o2", "--min-score", "0.8").returncode == 0


def test_unreadable_file_gives_exit_2_and_the_rest_is_scanned(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"hello \xff\xff world")
    (tmp_path / "in" / "good.txt").write_text("我手机13912345678\n", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert "bad.txt" in proc.stderr
    findings = (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")
    assert "good.txt" in findings and "PHONE_NUMBER" in findings


def test_missing_path_is_exit_2(tmp_path):
    proc = run_cli("scan", tmp_path / "nope", "--out", tmp_path / "out")
    assert proc.returncode == 2


def test_bad_option_is_usage_error_exit_2(tmp_path):
    assert run_cli("scan", "--no-such-flag").returncode == 2


def test_report_folder_inside_scanned_folder_is_not_rescanned(tmp_path):
    (tmp_path / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    run_cli("scan", tmp_path, "--out", tmp_path / "report")
    proc = run_cli("scan", tmp_path, "--out", tmp_path / "report")
    assert proc.returncode == 1
    assert "report/" not in (tmp_path / "report" / "findings.csv").read_text("utf-8-sig")
    assert stat.S_IMODE((tmp_path / "report" / "findings.csv").stat().st_mode) == 0o600


def test_show_values_writes_raw_and_warns(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out", "--show-values")
    assert "warning" in proc.stderr
    assert "13912345678" in (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")


def test_formats_and_recognizers_listings():
    formats = run_cli("formats")
    assert formats.returncode == 0 and "memotrace2-chat-csv" in formats.stdout
    recs = run_cli("recognizers")
    assert recs.returncode == 0 and "CN_ID_CARD" in recs.stdout and "健康信息" in recs.stdout


def test_python_dash_m_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip()


def test_config_file_adds_a_recognizer_folder(tmp_path):
    """`recognizers = [...]` in handover-scan.toml works like --recognizers, relative to the file."""
    mine = tmp_path / "policy" / "my-recognizers"
    mine.mkdir(parents=True)
    (mine / "entities.yaml").write_text(
        "entities:\n  EMPLOYEE_ID:\n    category: 工号\n    sensitive: false\n    articles: [PIPL Art. 23]\n", "utf-8")
    (mine / "employee_id.yaml").write_text(
        "name: EmployeeIdRecognizer\nentity: EMPLOYEE_ID\npatterns:\n  - {name: emp, regex: 'EMP\\d{6}', score: medium}\n",
        "utf-8")
    config = tmp_path / "policy" / "handover-scan.toml"
    config.write_text('recognizers = ["my-recognizers"]\n', "utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("请联系EMP123456\n", encoding="utf-8")
    without = run_cli("scan", tmp_path / "in", "--out", tmp_path / "o1")
    assert without.returncode == 0
    with_config = run_cli("scan", tmp_path / "in", "--out", tmp_path / "o2", "--config", config)
    assert with_config.returncode == 1, with_config.stderr
    assert "EMPLOYEE_ID" in (tmp_path / "o2" / "findings.csv").read_text("utf-8-sig")
    config.write_text('recognizers = ["no-such-folder"]\n', "utf-8")
    assert run_cli("scan", tmp_path / "in", "--out", tmp_path / "o3", "--config", config).returncode == 2


def test_names_from_the_export_cannot_break_or_forge_terminal_output(tmp_path):
    """File and person names are the export's: Rich markup in them (`[/b]`) once raised MarkupError (a
    traceback), and newlines / ESC sequences could forge or hide error lines."""
    import json

    (tmp_path / "in").mkdir()
    chat = ("01/01/2024, 17:06 - [/x]王[/b]: 电话13912345678\n01/01/2024, 17:07 - 我: 好\n"
            "01/01/2024, 17:08 - 李: 收到\n")  # three senders: a group, the sender is the data subject
    (tmp_path / "in" / "WhatsApp Chat with 群.txt").write_text(chat, encoding="utf-8")
    (tmp_path / "in" / "bro\nken\x1b[2J[bold].json").write_text('{"a": ', encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "\x1b[2J" not in proc.stderr and "bro\\x0aken\\x1b[2J[bold].json：JSON 格式错误" in proc.stderr
    proc = run_cli("baseline", "create", tmp_path / "in" / "WhatsApp Chat with 群.txt",
                   "-o", tmp_path / "b.json")
    assert proc.returncode == 0, proc.stderr
    for args in ((), ("--json",)):
        proc = run_cli("baseline", "audit", tmp_path / "b.json", *args)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert "王" in proc.stdout
    line = json.loads(run_cli("baseline", "audit", tmp_path / "b.json", "--json").stdout)
    assert line["data_subject"] == "[/x]王[/b]"


def test_out_that_is_a_file_or_the_scanned_folder_is_refused_before_scanning(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    (tmp_path / "report").write_text("not a folder", encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "report")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "exists and is not a folder" in proc.stderr
    assert (tmp_path / "report").read_text(encoding="utf-8") == "not a folder"
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "in")
    assert proc.returncode == 2 and "is a folder being scanned" in proc.stderr, proc.stderr
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "loop")
    assert proc.returncode == 2 and "looping symbolic link" in proc.stderr, proc.stderr
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["a.txt"]


def test_existing_out_with_loose_modes_is_tightened(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    (out / "findings.csv").write_text("old", encoding="utf-8")
    (out / "findings.csv").chmod(0o644)
    proc = run_cli("scan", tmp_path / "in", "--out", out)
    assert proc.returncode == 1, proc.stderr
    assert "set to 0700" in proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "report.html").unlink()
    (out / "report.html").symlink_to(victim)  # a planted link is not followed (and not truncated)
    proc = run_cli("scan", tmp_path / "in", "--out", out)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "report.html" in proc.stderr and "not followed" in proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_file_names_that_are_not_utf8_are_reported_not_a_crash(tmp_path):
    import os

    (tmp_path / "in").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "in"), b"bad\xffname.txt"), "w", encoding="utf-8") as f:
        f.write("我手机13912345678\n")
    (tmp_path / "in" / "broken.json").write_text('{"a": ', encoding="utf-8")
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    findings = (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")
    assert "bad\\xffname.txt" in findings and "PHONE_NUMBER" in findings
