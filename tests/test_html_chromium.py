"""report.html in a real browser: headless Chromium runs the page's script, dumps the DOM and takes a screenshot.

Skipped where /usr/bin/chromium is missing (.ci/run installs it when it runs as root).
"""

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from test_reports import Dom

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--window-size=1280,1800"]


def chromium(*args):
    profile = tempfile.mkdtemp(prefix="hs-chromium-")
    try:
        return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    proc = run_cli("scan", REPO / "sample_exports", "--out", out, "--format", "html")
    assert proc.returncode == 1, proc.stderr
    return out / "report.html"


def test_script_ran_and_tables_are_sortable(report):
    proc = chromium("--dump-dom", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Dom(proc.stdout)
    tables = {a.get("id"): a for t, a in dom.tags if t == "table"}
    assert tables["conversation-table"].get("data-sortable") == "ready"  # set by the script after it wired the headers
    assert tables["files"].get("data-sortable") == "ready"
    assert "转让此账号" in dom.text_by_id["headline"]
    filters = next(a for t, a in dom.tags if a.get("id") == "filters")
    assert filters.get("data-filter") == "ready" and "hidden" not in filters  # the CSP hash let the script run
    assert sum(1 for t, a in dom.tags if t == "details" and "person" in a.get("class", "")) >= 5


def test_screenshot(report, tmp_path):
    shot = tmp_path / "report.png"
    proc = chromium(f"--screenshot={shot}", report.as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1800)
    assert len(data) > 50_000  # a blank or error page compresses to a few kB
