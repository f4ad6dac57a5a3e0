"""The gate: does this scan stop the handover?

Exit codes: 0 nothing at or above the threshold; 1 something was; 2 the scan is
incomplete (a file could not be read or parsed) or the arguments were wrong. An
incomplete scan fails closed: it never passes, whatever it found.
"""

from __future__ import annotations

from dataclasses import dataclass

from handover_scan.scan import ScanResult

EXIT_PASS, EXIT_FAIL, EXIT_INCOMPLETE = 0, 1, 2
DEFAULT_MIN_SCORE = 0.5


@dataclass(frozen=True)
class GateDecision:
    exit_code: int
    failing: int  # findings at or above the threshold
    reason: str


def decide(result: ScanResult, min_score: float = DEFAULT_MIN_SCORE) -> GateDecision:
    failing = sum(1 for f in result.findings if f.score >= min_score)
    if not result.complete:
        return GateDecision(EXIT_INCOMPLETE, failing,
                            f"scan incomplete: {len(result.errors)} file(s) could not be read")
    if failing:
        return GateDecision(EXIT_FAIL, failing, f"{failing} finding(s) with score >= {min_score}")
    return GateDecision(EXIT_PASS, 0, f"no finding with score >= {min_score}")
