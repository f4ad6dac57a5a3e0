"""Where the recognizer data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "recognizers"
_CHECKOUT = Path(__file__).resolve().parents[2] / "recognizers"


@cache
def builtin_dir() -> Path:
    for candidate in (_PACKAGED, _CHECKOUT):
        if (candidate / "entities.yaml").is_file():
            return candidate
    raise FileNotFoundError("recognizer data not found: reinstall handover-scan")


def data_lines(relative: str, base: Path | None = None) -> list[str]:
    """Non-empty, non-comment lines of a data file under the recognizer folder."""
    path = (base or builtin_dir()) / relative
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
            if line:
                lines.append(line)
    return lines
