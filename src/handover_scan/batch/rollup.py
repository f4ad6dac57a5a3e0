"""The batch roll-up at the top of DIR: accounts.csv and index.html, accounts ranked by exposure.

Rank: accounts whose scan failed first (what they hold is unknown), then by people exposed, then by
the number of sensitive categories (PIPL Art. 28), then sensitive people. Counts and masked names
only, never a value. Both files are written to a temporary name and renamed into place (0600).
"""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path

from jinja2 import Environment

from handover_scan.reports.common import cell, prepare_out_dir, private_open

COLUMNS = ("rank", "account", "report", "status", "gate", "exit_code", "people", "sensitive_people",
           "sensitive_categories", "sensitive_category_names", "categories", "findings", "gate_findings",
           "files", "file_errors", "records", "note")


def account_row(name: str, data) -> dict:
    """One account's line of the roll-up, from the ReportData its reports were written from."""
    exposed = data.exposed()
    sensitive = sorted({f.category for f in exposed if f.sensitive})
    result, decision = data.result, data.decision
    errors = len(result.errors)
    return {
        "account": name, "report": f"{name}/",
        "status": "complete" if result.complete else "incomplete",
        "gate": decision.outcome, "exit_code": decision.exit_code,
        "people": len(data.people()), "sensitive_people": len(data.sensitive_people()),
        "sensitive_categories": len(sensitive), "sensitive_category_names": ";".join(sensitive),
        "categories": len({f.category for f in exposed}), "findings": len(result.findings),
        "gate_findings": decision.counts.get("counted", 0), "files": len(result.files), "file_errors": errors,
        "records": result.records,
        "note": f"{errors} file(s) could not be read; see {name}/report.html" if errors else "",
    }


def failed_row(account, why: str) -> dict:
    return {"account": account.name, "report": "", "status": "failed", "gate": "incomplete", "exit_code": 2,
            "people": "", "sensitive_people": "", "sensitive_categories": "", "sensitive_category_names": "",
            "categories": "", "findings": "", "gate_findings": "", "files": "", "file_errors": "", "records": "",
            "note": why}


def ranked(rows: list[dict]) -> list[dict]:
    """Rows sorted by exposure, with `rank` set.

    >>> [r["account"] for r in ranked([{"account": "a", "status": "complete", "people": 1, "sensitive_categories": 0,
    ...   "sensitive_people": 0}, {"account": "b", "status": "failed", "people": "", "sensitive_categories": "",
    ...   "sensitive_people": ""}, {"account": "c", "status": "complete", "people": 1, "sensitive_categories": 2,
    ...   "sensitive_people": 1}])]
    ['b', 'c', 'a']
    """
    def key(row):
        number = lambda name: row[name] if isinstance(row[name], int) else 0  # noqa: E731
        return (row["status"] != "failed", -number("people"), -number("sensitive_categories"),
                -number("sensitive_people"), row["account"])

    return [{"rank": i, **row} for i, row in enumerate(sorted(rows, key=key), 1)]


def write_rollup(out: Path, rows: list[dict], lang: str = "zh") -> list[Path]:
    out = prepare_out_dir(Path(out))
    rows = ranked(rows)
    csv_path, html_path = out / "accounts.csv", out / "index.html"
    _atomic(csv_path, lambda f: _write_csv(f, rows), encoding="utf-8-sig")
    _atomic(html_path, lambda f: f.write(render_index(rows, lang)))
    return [csv_path, html_path]


def _write_csv(f, rows: list[dict]) -> None:
    writer = csv.DictWriter(f, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(row.get(k, "")) for k in COLUMNS})


def _atomic(path: Path, write, encoding: str = "utf-8") -> None:
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}")
    try:
        with private_open(tmp, encoding=encoding) as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


LABELS = {
    "title": {"zh": "批量扫描：各账号转让风险排名", "en": "Batch scan: accounts ranked by what a transfer would expose"},
    "lead": {"zh": "按涉及人数、敏感个人信息类别（《个人信息保护法》第28条）排序；扫描失败的账号排在最前（内容未知）。",
             "en": "Ranked by people exposed, then sensitive categories (PIPL Art. 28); accounts whose scan failed "
                   "come first (what they hold is unknown)."},
    "totals": {"zh": "账号 {n} 个：未通过 {fail} 个，不完整 {incomplete} 个，通过 {passed} 个。",
               "en": "{n} accounts: {fail} failed the gate, {incomplete} incomplete, {passed} passed."},
    "headers": {"zh": ["排名", "账号", "状态", "门禁", "退出码", "涉及人数", "敏感人数", "敏感类别", "全部类别", "发现",
                       "文件", "读取错误", "说明"],
                "en": ["rank", "account", "status", "gate", "exit", "people", "sensitive people",
                       "sensitive categories", "categories", "findings", "files", "file errors", "note"]},
}

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ t.title }}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}
.fail{color:#b00020;font-weight:bold}.incomplete{color:#a65b00;font-weight:bold}.pass{color:#1b7f2a}</style>
</head><body><h1>{{ t.title }}</h1><p>{{ t.lead }}</p><p>{{ totals }}</p>
<table><thead><tr>{% for h in t.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for r in rows %}<tr><td>{{ r.rank }}</td>
<td>{% if r.report %}<a href="{{ r.report | urlencode }}report.html">{{ r.account }}</a>{% else %}{{ r.account }}{% endif %}</td>
<td>{{ r.status }}</td><td class="{{ r.gate }}">{{ r.gate }}</td><td>{{ r.exit_code }}</td><td>{{ r.people }}</td>
<td>{{ r.sensitive_people }}</td><td>{{ r.sensitive_categories }}{% if r.sensitive_category_names %}
({{ r.sensitive_category_names }}){% endif %}</td><td>{{ r.categories }}</td><td>{{ r.findings }}</td>
<td>{{ r.files }}</td><td>{{ r.file_errors }}</td><td>{{ r.note }}</td></tr>
{% endfor %}</tbody></table></body></html>
"""


def render_index(rows: list[dict], lang: str = "zh") -> str:
    t = {k: v[lang] for k, v in LABELS.items()}
    count = lambda gate: sum(1 for r in rows if r["gate"] == gate)  # noqa: E731
    totals = t["totals"].format(n=len(rows), fail=count("fail"), incomplete=count("incomplete"), passed=count("pass"))
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE).render(t=t, lang=lang, rows=rows, totals=totals)
