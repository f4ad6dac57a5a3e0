"""The redacted HTML pages and JavaScript data files still run in a real browser (headless Chromium).

Each file (original and copy) is loaded by a small test page that then reports how many items its array holds;
the copy must report the same, and no planted value may remain in what the browser sees.
"""

import re
import shutil

import pytest
from test_html_chromium import CHROMIUM, chromium

from handover_scan.redact import RedactOptions, redact

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed (apt-get install chromium)")
FILES = {"周小姐.html": "chatMessages", "周小姐3.html": "chatMessages", "msg-1.js": "moreWechatMsgs",
         "data.js": "local_msg_list", "wechatexporter_index.html": None}
PROBE = ("<script>var a = {array}; document.title = 'items:' + (typeof a === 'object' && a ? a.length : 'none');"
         "</script>")


def _page(tmp, path, array):
    """A test page beside the file: the page itself (HTML) or a page loading it (JS), then the probe."""
    if path.suffix == ".js":
        body = f'<script>window.moreWechatMsgs = [];</script><script src="{path.as_uri()}"></script>'
    else:
        body = path.read_text("utf-8")
    probe = PROBE.format(array=array) if array else "<script>document.title = 'items:page';</script>"
    page = tmp / f"probe-{abs(hash(str(path)))}.html"
    page.write_text(body + probe, encoding="utf-8")
    return page


def _title_and_text(tmp, path, array):
    proc = chromium("--allow-file-access-from-files", "--dump-dom", _page(tmp, path, array).as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    title = re.search(r"<title>(.*?)</title>", proc.stdout)
    return (title.group(1) if title else ""), proc.stdout


def test_redacted_pages_and_scripts_run_with_the_same_items(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    from test_redact import FIXTURES, PLANTED
    for name in FILES:
        shutil.copy(FIXTURES / name, source / name)
    outcome = redact([source], tmp_path / "out", RedactOptions(key=b"browser-test"))
    assert outcome.exit_code == 0, outcome.summary
    copies = [item["file"] for item in outcome.report["files"]]  # in the order the input was walked: by name
    assert len(copies) == len(FILES)
    probes = tmp_path / "probes"
    probes.mkdir()
    for name, copy_name in zip(sorted(FILES), copies):
        array = FILES[name]
        original, _ = _title_and_text(probes, source / name, array)
        copied, dom = _title_and_text(probes, tmp_path / "out" / copy_name, array)
        assert original.startswith("items:") and original != "items:none", (name, original)
        assert copied == original, (name, copied, original)
        assert not [value for value in PLANTED if value in dom], name
