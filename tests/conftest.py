import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[1]
TEST_KEY = "handover-scan-test-key"
os.environ["HANDOVER_SCAN_KEY"] = TEST_KEY  # fingerprints must never touch the user's key file


@pytest.fixture(scope="session")
def analyzer():
    from handover_scan.engine.analyzer import Analyzer

    return Analyzer()


@pytest.fixture
def rng():
    return random.Random(1234)


@pytest.fixture
def found(analyzer):
    """found(text) -> [(entity_type, matched text, score)] at any score."""

    def run(text, field=""):
        return [(r.entity_type, text[r.start:r.end], r.score) for r in analyzer.analyze(text, field)]

    return run


def run_cli(*args, cwd=None):
    """The real console entry point in a subprocess: what a user or a pipeline runs."""
    env = {**os.environ, "HANDOVER_SCAN_KEY": TEST_KEY}
    return subprocess.run([sys.executable, "-m", "handover_scan", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def raw_anywhere(folder, text: str, values) -> list[str]:
    """The values found raw in text (a command's output) or in any file below folder (its reports)."""
    found = [v for v in values if v in text]
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            found += [f"{v} in {path.name}" for v in values if v in data]
    return found
