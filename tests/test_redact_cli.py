"""`handover-scan redact` through the real command line: refusals, exit codes, nothing raw on the terminal."""

import json

from conftest import run_cli

PHONE, ID_CARD, NAME = "13912345678", "11010519491231002X", "欧阳娜娜"


def _export(root):
    root.mkdir()
    (root / "contacts.csv").write_text(f"Remark,NickName,telephone\n{NAME},娜娜,{PHONE}\n", encoding="utf-8")
    (root / "notes.txt").write_text(f"{NAME}的身份证{ID_CARD}，手机{PHONE}\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    return root


def test_redact_writes_a_verified_copy_and_prints_no_value(tmp_path):
    source = _export(tmp_path / f"{NAME}的导出")
    proc = run_cli("redact", source, "--out", tmp_path / "copy")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    terminal = proc.stdout + proc.stderr
    assert PHONE not in terminal and ID_CARD not in terminal and NAME not in terminal
    assert "withheld" in terminal and "verification: passed" in terminal
    report = json.loads((tmp_path / "copy" / "redaction_report.json").read_text("utf-8"))
    assert [w["file"] for w in report["withheld"]] == ["photo.jpg"]
    assert not (tmp_path / "copy" / "photo.jpg").exists()
    copied = b"".join(p.read_bytes() for p in (tmp_path / "copy").rglob("*") if p.is_file())
    assert PHONE.encode() not in copied and ID_CARD.encode() not in copied and NAME.encode() not in copied


def test_a_kept_type_fails_verification_with_exit_1(tmp_path):
    source = _export(tmp_path / "in")
    proc = run_cli("redact", source, "--out", tmp_path / "copy", "--action", "CN_ID_CARD=keep")
    assert proc.returncode == 1
    assert "CN_ID_CARD" in proc.stderr and ID_CARD not in proc.stdout + proc.stderr


def test_out_inside_the_input_or_not_empty_is_refused_with_exit_2(tmp_path):
    source = _export(tmp_path / "in")
    inside = run_cli("redact", source, "--out", source / "copy")
    assert inside.returncode == 2 and "inside the input" in inside.stderr
    assert not (source / "copy").exists()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    full = run_cli("redact", source, "--out", tmp_path / "full")
    assert full.returncode == 2 and "not empty" in full.stderr


def test_help_documents_the_exit_codes():
    proc = run_cli("redact", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "0 copy written and verified" in text and "1 verification failed" in text and "2 usage error" in text


def test_an_existing_empty_out_folder_is_made_private(tmp_path):
    source = _export(tmp_path / "in")
    (tmp_path / "copy").mkdir(mode=0o755)
    (tmp_path / "copy").chmod(0o755)
    proc = run_cli("redact", source, "--out", tmp_path / "copy", "--jobs", "2")  # the scans in worker processes
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "copy").stat().st_mode & 0o777 == 0o700
    copied = b"".join(p.read_bytes() for p in (tmp_path / "copy").rglob("*") if p.is_file())
    assert PHONE.encode() not in copied and NAME.encode() not in copied


def test_an_unreadable_input_file_gives_exit_2_and_the_rest_is_redacted(tmp_path):
    source = _export(tmp_path / "in")
    (source / "broken.xlsx").write_bytes(b"PK\x03\x04" + bytes(40))  # a zip header and nothing behind it
    proc = run_cli("redact", source, "--out", tmp_path / "copy")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "copy" / "redaction_report.json").read_text("utf-8"))
    assert "broken.xlsx" in {w["file"] for w in report["withheld"]} | {e["file"] for e in report["input_errors"]}
    assert (tmp_path / "copy" / "notes.txt").exists() and PHONE not in (tmp_path / "copy" / "notes.txt").read_text()


def test_min_score_comes_from_the_config_file(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("好的13912345678\n", encoding="utf-8")  # a phone number without context: 0.6
    (tmp_path / "strict.toml").write_text("min_score = 0.8\n", encoding="utf-8")
    proc = run_cli("redact", source, "--out", tmp_path / "copy", "--config", tmp_path / "strict.toml")
    assert proc.returncode == 0, proc.stderr
    assert "13912345678" in (tmp_path / "copy" / "a.txt").read_text("utf-8")  # below the threshold: kept
    proc = run_cli("redact", source, "--out", tmp_path / "copy2")
    assert proc.returncode == 0 and "13912345678" not in (tmp_path / "copy2" / "a.txt").read_text("utf-8")


def test_a_linked_file_is_withheld_and_the_copy_still_verifies(tmp_path):
    source = _export(tmp_path / "in")
    (source / "link.txt").symlink_to(source / "notes.txt")
    proc = run_cli("redact", source, "--out", tmp_path / "copy")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "copy" / "redaction_report.json").read_text("utf-8"))
    assert {"file": "link.txt", "reason": "symbolic link not copied"} in report["withheld"]
    assert not (tmp_path / "copy" / "link.txt").exists()
