"""What a person at a terminal and a pipeline see: progress on a TTY only, --quiet, the one-screen summary."""

import os
import pty
import re
import subprocess
import sys

from conftest import REPO, TEST_KEY, run_cli

SAMPLES = REPO / "sample_exports"


def run_with_tty_stderr(*args):
    """stderr on a pseudo-terminal (as at an interactive shell), stdout a pipe."""
    master, slave = pty.openpty()
    env = {**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "handover_scan", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    stdout, _ = proc.communicate(timeout=300)
    os.close(master)
    tty = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    return proc.returncode, stdout.decode("utf-8"), tty


def test_progress_bar_on_a_terminal(tmp_path):
    code, stdout, tty = run_with_tty_stderr("scan", SAMPLES, "--out", tmp_path / "out")
    assert code == 1
    assert "scanning" in tty and "records/s" in tty and "files" in tty
    assert re.search(r"\b\d+/\d+\b", tty)  # files done/total
    assert "闸门：不通过" in stdout


def test_quiet_prints_nothing_even_on_a_terminal(tmp_path):
    code, stdout, tty = run_with_tty_stderr("scan", SAMPLES, "--out", tmp_path / "out", "--quiet")
    assert code == 1 and stdout == "" and tty.strip() == ""


def test_no_progress_when_stderr_is_a_pipe_and_summary_fits_a_screen(tmp_path):
    for lang in ("en", "zh"):
        proc = run_cli("scan", SAMPLES, "--out", tmp_path / "out", "--lang", lang)
        assert proc.returncode == 1 and proc.stderr == ""
        lines = proc.stdout.splitlines()
        assert len(lines) <= 24, lang
        assert "report.html" in proc.stdout
    assert "个人信息提供给第三方" in proc.stdout and "退出码 1" in proc.stdout and "BANK_CARD" not in proc.stdout


def test_help_documents_exit_codes():
    for args in ((), ("scan",)):
        proc = run_cli(*args, "--help")
        assert proc.returncode == 0
        text = " ".join(proc.stdout.split())
        assert "0 pass" in text and "1 gate failed" in text and "2 scan incomplete" in text
