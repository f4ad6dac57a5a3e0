"""The fingerprint key: created 0600 in a 0700 folder, race-free, never empty, warned about when readable."""

import os
import stat
import threading
import warnings

import pytest

from conftest import run_cli
from handover_scan import keys


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    return tmp_path / "cfg" / "handover-scan" / "key"


def test_key_file_created_0600_in_a_0700_folder(home):
    key = keys.load_key()
    assert len(key) == 64 and home.read_bytes() == key
    assert stat.S_IMODE(home.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.parent.stat().st_mode) == 0o700
    assert keys.load_key() == key
    assert os.listdir(home.parent) == ["key"]  # no temporary file left


def test_concurrent_first_runs_agree_on_one_key(home):
    results, barrier = [], threading.Barrier(8)

    def run():
        barrier.wait()
        results.append(keys.load_key())

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] == home.read_bytes()


def test_empty_key_file_or_env_var_is_an_error_not_an_unkeyed_hmac(home, monkeypatch):
    home.parent.mkdir(parents=True)
    home.write_bytes(b"\n")
    home.chmod(0o600)
    with pytest.raises(keys.KeyFileError, match="is empty"):
        keys.load_key()
    with pytest.raises(keys.KeyFileError, match="is empty"):
        keys.load_key(home)
    monkeypatch.setenv(keys.ENV_VAR, "  ")
    with pytest.raises(keys.KeyFileError, match="set but empty"):
        keys.load_key()


def test_readable_key_file_warns(home):
    home.parent.mkdir(parents=True)
    home.write_bytes(b"secret-key-value")
    home.chmod(0o644)
    with pytest.warns(keys.KeyFileWarning, match="0644"):
        assert keys.load_key() == b"secret-key-value"
    home.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keys.load_key()


def test_cli_key_problems_are_exit_2_without_traceback(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我手机13912345678\n", encoding="utf-8")
    empty = tmp_path / "empty.key"
    empty.write_bytes(b"")
    for command in (("scan", tmp_path / "in", "--out", tmp_path / "out"),
                    ("baseline", "create", tmp_path / "in", "-o", tmp_path / "b.json")):
        proc = run_cli(*command, "--key-file", empty)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "empty.key: is empty" in proc.stderr
    readable = tmp_path / "readable.key"
    readable.write_bytes(b"a-key-others-can-read")
    readable.chmod(0o644)
    proc = run_cli("scan", tmp_path / "in", "--out", tmp_path / "out", "--key-file", readable)
    assert proc.returncode == 1 and "warning: key file" in proc.stderr and "a-key-others" not in proc.stderr
