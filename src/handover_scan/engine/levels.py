"""Score arithmetic on the ladder drop < low < medium < high from entities.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreLadder:
    steps: tuple[float, ...]  # ascending, steps[0] == 0.0 means "dropped"

    @classmethod
    def from_levels(cls, levels: dict[str, float]) -> "ScoreLadder":
        return cls((0.0, *sorted(levels.values())))

    def step(self, score: float, delta: int) -> float:
        """Move a score `delta` rungs up (or down); a score between rungs snaps to the nearest."""
        index = min(range(len(self.steps)), key=lambda i: abs(self.steps[i] - score))
        return self.steps[max(0, min(len(self.steps) - 1, index + delta))]
