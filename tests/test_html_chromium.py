"""report.html in a real browser: headless Chromium runs the page's script, dumps the DOM and takes a screenshot.

Skipped where /usr/bin/chromium is missing (.ci/run installs it when it runs as root).
"""

import json
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
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


PROBE = """<script>
document.querySelectorAll("details").forEach(function (d) { d.open = true; });
var root = document.documentElement;
document.body.setAttribute("data-scroll-width", String(Math.max(root.scrollWidth, document.body.scrollWidth)));
document.body.setAttribute("data-client-width", String(root.clientWidth));
var select = document.querySelector("#filters select[name=status]");
if (select) {
  select.value = "counted"; select.dispatchEvent(new Event("change"));
  document.body.setAttribute("data-counted-rows", document.getElementById("filters").getAttribute("data-shown"));
  select.value = "not_gated"; select.dispatchEvent(new Event("change"));
  document.body.setAttribute("data-below-rows", document.getElementById("filters").getAttribute("data-shown"));
}
</script>"""


def probe(page, tmp_path):
    """The page as Chromium lays it out at 1280 px with every person opened, plus the filter exercised.
    The probe script is added to a copy without the CSP (which, rightly, lets only the page's own script run)."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text("utf-8"))
    copy = tmp_path / f"probe-{page.name}"
    copy.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    proc = chromium("--dump-dom", copy.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(a for t, a in Dom(proc.stdout).tags if t == "body")


@pytest.fixture(scope="module")
def wide_export(tmp_path_factory):
    """The sample bundle plus a chat with a very long unbroken name, sender and message: worst case for width."""
    folder = tmp_path_factory.mktemp("wide") / "in"
    shutil.copytree(REPO / "sample_exports", folder)
    name = "超长会话名称" * 12 + "x" * 80
    (folder / f"{name[:60]}.txt").write_text(
        f"2024-06-01 10:00:00 {name}\n我手机13912345678，地址北京市朝阳区建国路88号，{'很长的一句话' * 40}{'y' * 200}\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fits_1280_without_horizontal_scroll_and_filters(wide_export, tmp_path, lang):
    out = tmp_path / "out"
    proc = run_cli("scan", wide_export, "--out", out, "--format", "html,csv,json", "--lang", lang, "--fail-on", "sensitive")
    assert proc.returncode == 1, proc.stderr
    for page in (out / "report.html", out / "report-findings-1.html"):
        body = probe(page, tmp_path)
        assert int(body["data-scroll-width"]) <= int(body["data-client-width"]) <= 1280, (page.name, body)
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    body = probe(out / "report-findings-1.html", tmp_path)
    counted = json.loads((out / "report.json").read_text("utf-8"))["gate"]["status_counts"]
    assert 0 < int(body["data-counted-rows"]) == counted["counted"] < len(findings)  # only sensitive ones count
    assert int(body["data-below-rows"]) == counted["not_gated"] > 0
