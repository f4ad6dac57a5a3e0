"""Rebuild recognizers/data/ from the licensed reference tables in ../shared/reference/.

    python tools/build_reference_data.py [REFERENCE_DIR]

Writes compact, sorted text files (one entry per line) and copies each source's licence
beside them, so the wheel carries exactly what validation needs and where it came from.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "recognizers" / "data"


def area_codes(ref: Path) -> list[str]:
    """Every 6-digit division code in force at any time 1980-2026 (old ID cards keep old codes)."""
    codes: set[str] = set()
    with open(ref / "gbt2260_area_codes_1980_2020.csv", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) >= 2 and re.fullmatch(r"\d{6}", row[1]):
                codes.add(row[1])
    for name in ("mumuy_area_codes_current.json", "mumuy_area_codes_history.json"):
        codes.update(c for c in json.loads((ref / name).read_text(encoding="utf-8")) if re.fullmatch(r"\d{6}", c))
    return sorted(codes)


def admin_divisions(ref: Path) -> list[str]:
    """Province, city and district names (2023), each also without its 省/市/区/县 suffix."""
    names: set[str] = set()
    for name in ("modood_provinces.csv", "modood_cities.csv", "modood_areas.csv"):
        with open(ref / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                names.add(row["name"].strip())
    names.discard("市辖区")
    names.discard("县")
    short = set()
    for name in names:
        stripped = re.sub(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$", "", name)
        if len(stripped) >= 2 and stripped != name:
            short.add(stripped)
    return sorted(names | short)


def main() -> None:
    ref = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "reference"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cn_area_codes.txt").write_text("\n".join(area_codes(ref)) + "\n", encoding="utf-8")
    (OUT / "cn_admin_divisions.txt").write_text("\n".join(admin_divisions(ref)) + "\n", encoding="utf-8")
    for licence in ("LICENSE.jxlwqq-address-code-of-china.txt", "LICENSE.mumuy-data_location.txt",
                    "LICENSE.modood-Administrative-divisions-of-China.txt"):
        shutil.copy(ref / licence, OUT / licence)
    (OUT / "SOURCES.md").write_text(
        "# Sources of the data files here\n\n"
        "- `cn_area_codes.txt`: GB/T 2260 codes 1980-2020 from jxlwqq/address-code-of-china (MIT, "
        "`LICENSE.jxlwqq-address-code-of-china.txt`) and codes current to 2026 plus history from "
        "mumuy/data_location (MIT, `LICENSE.mumuy-data_location.txt`).\n"
        "- `cn_admin_divisions.txt`: province, city and district names (2023) from "
        "modood/Administrative-divisions-of-China (WTFPL, `LICENSE.modood-Administrative-divisions-of-China.txt`).\n\n"
        "Regenerate with `python tools/build_reference_data.py ../shared/reference`.\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
