"""Start-up (issue 8 point 8): a scan does not import the parts of spaCy and Presidio it never uses
(handover_scan/deferred.py), and they still load when something asks for them."""

from __future__ import annotations

import json
import subprocess
import sys

UNUSED = ("weasel", "requests", "spacy.cli.download", "presidio_analyzer.predefined_recognizers.generic.url_recognizer",
          "tldextract")


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_scan_leaves_spacy_cli_and_predefined_recognizers_unimported(tmp_path):
    (tmp_path / "chat.txt").write_text("王女士电话13812345678\n", encoding="utf-8")
    found = _run("import json, sys, handover_scan.cli; from handover_scan.scan import ScanOptions, scan; "
                 f"r = scan([{str(tmp_path)!r}], ScanOptions(key=b'k', jobs=1)); "
                 f"print(json.dumps({{'findings': len(r.findings) > 0, 'loaded': [m for m in {UNUSED!r} if m in sys.modules]}}))")
    assert found == {"findings": True, "loaded": []}


def test_deferred_parts_load_when_asked_for():
    found = _run("import json, handover_scan, spacy; from spacy.cli import download; "
                 "from presidio_analyzer import RecognizerRegistry; "
                 "from presidio_analyzer.predefined_recognizers import EmailRecognizer; "
                 "r = RecognizerRegistry(); r.load_predefined_recognizers(); "
                 "print(json.dumps({'download': callable(download), 'info': 'spacy_version' in spacy.info(), "
                 "'email': EmailRecognizer.__name__, 'predefined': len(r.recognizers) > 10}))")
    assert found == {"download": True, "info": True, "email": "EmailRecognizer", "predefined": True}
