"""report.json's totals are counters added finding by finding (issue 8 point 7: summaries aggregate as they go),
with no list of findings per entity type or category: the same numbers as grouping the findings, spooled or not."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import handover_scan.scan as scan_module
from handover_scan.config import load_policy
from handover_scan.engine.definitions import load_definitions
from handover_scan.people.attribution import NOT_PEOPLE, UNATTRIBUTED_ID
from handover_scan.policy import decide
from handover_scan.reports import ReportData
from handover_scan.reports.json_report import report_object
from handover_scan.scan import ScanOptions, scan

SAMPLES = Path(__file__).resolve().parent.parent / "sample_exports"


def _grouped(findings) -> dict:
    return {"findings": len(findings), "distinct_values": len({f.fingerprint for f in findings}),
            "people": len({f.person_id or f.data_subject for f in findings} - NOT_PEOPLE)}


@pytest.mark.parametrize("spool_at", [None, 10])
def test_totals_are_the_grouped_counts(monkeypatch, spool_at):
    if spool_at:
        monkeypatch.setattr(scan_module, "SPOOL_AT", spool_at)
    result = scan([SAMPLES], ScanOptions(key=b"t" * 32, jobs=1))
    assert (spool_at is None) == isinstance(result.findings, list)
    definitions = load_definitions(())
    decision = decide(result, load_policy(None), None, definitions.entities)
    data = ReportData(result, decision, definitions)
    totals = report_object(data)["totals"]
    findings = list(result.findings)
    exposed = [f for f, s in zip(findings, decision.statuses) if s in ("counted", "not_gated", "baseline")]
    by_type, by_category = defaultdict(list), defaultdict(list)
    for f in findings:
        by_type[f.entity_type].append(f)
        by_category[f.category].append(f)
    assert len(findings) > 20 and exposed
    assert totals["findings"] == len(findings) and totals["exposed_findings"] == len(exposed)
    assert totals["distinct_values"] == len({f.fingerprint for f in findings})
    assert totals["people"] == len({f.person_id for f in exposed} - NOT_PEOPLE) > 0
    assert totals["sensitive_people"] == len({f.person_id for f in exposed if f.sensitive} - NOT_PEOPLE)
    assert totals["unattributed_findings"] == sum(f.person_id == UNATTRIBUTED_ID for f in exposed)
    assert {t: {k: v[k] for k in ("findings", "distinct_values", "people")} for t, v in totals["by_entity_type"].items()} \
        == {t: _grouped(g) for t, g in by_type.items()}
    assert totals["by_category"] == {c: {**_grouped(g), "sensitive": any(f.sensitive for f in g)}
                                     for c, g in by_category.items()}
