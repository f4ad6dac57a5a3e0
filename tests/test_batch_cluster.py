"""The `handover-scan batch` command in subprocesses: with --scheduler on a real `dask scheduler` + two
`dask worker` processes on 127.0.0.1, and a real Ctrl-C (SIGINT) to a local batch.

The cluster is started with the same commands the README gives for two machines; every process has a
bounded timeout and is stopped at the end. Findings per account must equal a plain `scan`'s.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, TEST_KEY

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
SAMPLES = REPO / "sample_exports"
TIMEOUT = 180


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_worker(address: str, key: str, tmp: Path, name: str) -> subprocess.Popen:
    env = {**os.environ, "HANDOVER_SCAN_KEY": key}
    return subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                             "--no-dashboard", "--name", name, "--local-directory", str(tmp / name)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(count, timeout=TIMEOUT)


@pytest.fixture
def cluster(tmp_path):
    port = _port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs += [_start_worker(address, TEST_KEY, tmp_path, f"w{n}") for n in range(2)]
        _wait_workers(address, 2)
        yield address, procs
    finally:
        for proc in procs[1:]:  # workers: nothing of theirs to keep, no graceful retirement to wait for
            proc.kill()
        procs[0].terminate()
        deadline = time.monotonic() + 30
        for proc in procs:
            try:
                proc.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_batch_on_scheduler_and_workers_matches_scan(cluster, tmp_path):
    from handover_scan.scan import ScanOptions, scan

    address, procs = cluster
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    shutil.copytree(SAMPLES / "memotrace", accounts / "memotrace")
    shutil.copytree(SAMPLES / "telegram", accounts / "telegram")
    shutil.copy(SAMPLES / "backup" / "pywxdump_backup.zip", accounts / "shop.zip")
    out = tmp_path / "out"
    env = {**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY}
    command = [str(BIN / "handover-scan"), "batch", str(accounts), "--out", str(out), "--scheduler", address,
               "--split-above", "0"]  # large-account path too: every account spread over both workers by file
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr  # every account fails the gate; none incomplete
    assert "2 workers on tcp://127.0.0.1" in done.stderr
    assert TEST_KEY not in done.stdout + done.stderr
    key = TEST_KEY.encode()
    for name in ("memotrace", "telegram", "shop.zip"):
        result = scan([accounts / name], ScanOptions(key=key))
        rows = (out / name / "findings.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(rows) == len(result.findings) > 0
        for row, finding in zip(rows, result.findings):
            assert f'"fingerprint": "{finding.fingerprint}"' in row and f'"file": "{finding.file}"' in row
    assert (out / "accounts.csv").is_file() and (out / "index.html").is_file()

    # a client whose key is not the workers': the batch refuses to run (exit 2), naming key ids, never keys
    other = {**env, "HANDOVER_SCAN_KEY": "another-key"}
    refused = subprocess.run([*command, "--out", str(tmp_path / "out2")], env=other, capture_output=True,
                             text=True, timeout=TIMEOUT)
    assert refused.returncode == 2
    assert "fingerprint key differs" in refused.stderr and refused.stderr.count("tcp://127.0.0.1") >= 2
    assert "another-key" not in refused.stderr and TEST_KEY not in refused.stderr
    assert not (tmp_path / "out2" / "memotrace").exists()


def test_ctrl_c_leaves_only_complete_reports(tmp_path):
    """A real SIGINT to the batch's process group (what Ctrl-C sends) after the first account is done."""
    import signal

    accounts = tmp_path / "accounts"
    accounts.mkdir()
    for n in range(3):
        shutil.copytree(SAMPLES / "memotrace", accounts / f"memotrace{n}")
        shutil.copytree(SAMPLES / "telegram", accounts / f"telegram{n}")
    out = tmp_path / "out"
    env = {**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY}
    proc = subprocess.Popen([str(BIN / "handover-scan"), "batch", str(accounts), "--out", str(out), "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for line in proc.stderr:
            if line.startswith("[1/6]"):
                os.killpg(proc.pid, signal.SIGINT)
                break
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == 130 and "--resume" in stderr
    assert not (out / "accounts.csv").exists() and not (out / "index.html").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]
    folders = {p.name for p in out.iterdir() if p.is_dir() and p.name != ".batch"}
    markers = {p.stem for p in (out / ".batch").iterdir()}
    assert folders == markers and 1 <= len(folders) < 6  # every report there is whole and marked; not all done
    for name in folders:  # whole: report.json (renamed into place last) lists every file that is there
        report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        assert report["report_complete"] and {q.name for q in (out / name).iterdir()} == {*report["report_files"], "report.json"}
