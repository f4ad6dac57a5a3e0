"""The pre-commit hooks in a real git repository, run by the `pre-commit` package (`pre-commit try-repo`).

try-repo installs this checkout (with its uncommitted changes) into a hook environment from the package index,
for each run (try-repo makes a new commit of the working tree each time), so the test runs it once.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TEST_KEY
from synth import mobile

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"),
                                reason="pre-commit (test extra) or git missing")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def make_repo(path, files):
    path.mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "test@example.invalid")
    git(path, "config", "user.name", "test")
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "exports")
    return path


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")

    def run(repo, hook="handover-scan"):
        env = {**os.environ, "PRE_COMMIT_HOME": str(home), "HANDOVER_SCAN_KEY": TEST_KEY, "COLUMNS": "100"}
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(REPO), hook, "--all-files", "--verbose"], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=1200)

    return run


def test_hook_fails_on_personal_information_and_prints_the_summary(tmp_path, try_repo, rng):
    phone = mobile(rng)
    repo = make_repo(tmp_path / "exports", {"chat.txt": f"我手机{phone}\n"})
    proc = try_repo(repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]
    assert "exit code: 1" in out
    assert "闸门：不通过" in out and "电话号码" in out and "整改建议" in out  # the one-screen summary, not just a code
    assert phone not in out
    # .git: listed as skipped, not read (its config once was a "malformed JSON" error); so is the hook's own
    # report folder, which exists (locked) while the scan walks the repository
    report = json.loads((repo / ".handover-report" / "report.json").read_text(encoding="utf-8"))
    skipped = {f["file"] for f in report["files"] if f["skipped"]}
    assert skipped == {".git/", ".handover-report/"} and "跳过 2" in out
    # the hook's own .handover-report folder is skipped on the next run (test_baseline covers that without
    # pre-commit: each try-repo run installs the hook environment afresh, minutes each)
