"""report-findings-N.html pages are rendered one at a time as the writer asks for them (reports.html.HtmlPages),
from the sorted findings frame, with a dict per finding only for the rows of the page or person section being
rendered: the HTML used to hold a dict per finding and every page's text at once (~2 KB a finding traced)."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from pathlib import Path

import pytest

from handover_scan.config import load_policy
from handover_scan.engine.definitions import load_definitions
from handover_scan.policy import decide
from handover_scan.reports import ReportData
from handover_scan.reports.html import html_pages
from handover_scan.scan import ScanOptions, scan

SAMPLES = Path(__file__).resolve().parent.parent / "sample_exports"


@pytest.fixture(scope="module")
def make_data():
    result = scan([SAMPLES], ScanOptions(key=b"h" * 32, jobs=1))
    definitions = load_definitions(())

    def data(n: int) -> ReportData:
        res = dataclasses.replace(result, findings=[dataclasses.replace(result.findings[i % len(result.findings)],
                                                                        start=i) for i in range(n)])
        return ReportData(res, decide(res, load_policy(None), None, definitions.entities), definitions, roots=["x"])
    return data


def _peak(data) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        pages = html_pages(data, "en")
        for name in pages:
            assert "<html" in pages[name]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_pages_are_rendered_one_at_a_time(make_data):
    html_pages(make_data(50), "en")  # templates compiled
    small, large = _peak(make_data(1_000)), _peak(make_data(8_000))
    # a dict per finding and every page held: ~2 KB a finding (14 MiB more here); the frame alone ~0.5 KB
    assert large - small < 7_000 * 1100, (small, large)


def test_every_finding_is_on_one_page_and_pages_are_named_in_order(make_data):
    data = make_data(1_234)
    pages = html_pages(data, "en", page_size=100)
    assert list(pages) == ["report.html"] + [f"report-findings-{n}.html" for n in range(1, 14)]
    assert len(pages) == 14 and "report-findings-14.html" not in pages and "report-findings-01.html" not in pages
    rows = sum(pages[f"report-findings-{n}.html"].count("<tr class=\"finding\"") for n in range(1, 14))
    assert rows == 1_234
