"""The one-screen summary the CLI prints after a scan (stdout), in the report's language. Counts only, no values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from handover_scan.messages import render, render_path
from handover_scan.reports.common import ReportData
from handover_scan.reports.text import cite_all, headline, label

COLUMNS = {"zh": ("类型", "敏感", "发现", "不同值", "人数", "计入闸门"),
           "en": ("type", "sensitive", "findings", "distinct", "people", "gate")}
WORDS = {
    "zh": {"title": "发现的个人信息（仅计数，不含任何值）", "files": "文件 {files}（跳过 {skipped}，出错 {errors}），记录 {records}，"
           "发现 {findings}，涉及 {people} 人{suppressed}，用时 {elapsed:.0f} 秒", "suppressed": "，不计入：{what}",
           "gate": "闸门：{outcome}（{reason}），退出码 {code}", "reports": "报告 {names}，位于 {out}/",
           "advice": "整改建议：删除涉及的会话和联系人，取得本人同意（{consent}），"
                     "或交付去标识化副本（handover-scan redact）；详见 {where}"},
    "en": {"title": "Personal information found (counts only; no values)", "files": "files {files} (skipped {skipped}, "
           "errors {errors}), records {records}, findings {findings}, people {people}{suppressed}, {elapsed:.0f} s",
           "suppressed": ", not gated: {what}", "gate": "gate: {outcome} ({reason}), exit {code}",
           "reports": "reports in {out}/: {names}",
           "advice": "What to do ({where}): delete the chats and contacts concerned, get consent "
                     "({consent}), or hand over the copy from handover-scan redact"},
}


def error_line(problem: str, lang: str, file: str = "", plain=escape) -> str:
    """One problem on stderr in the report's language (Rich markup; file names made safe by `plain`).

    >>> from handover_scan.messages import message
    >>> error_line(message("skip.binary"), "zh", "a/b.jpg")
    '[red]错误：[/red]a/b.jpg：二进制或媒体文件，未读取'
    """
    if lang == "zh":
        return f"[red]错误：[/red]{plain(render_path(file, lang)) + '：' if file else ''}{plain(render(problem, lang))}"
    return f"[red]error:[/red] {plain(file) + ': ' if file else ''}{plain(render(problem, lang))}"


def type_table(data: ReportData, lang: str) -> pd.DataFrame:
    """Per entity type: category, sensitive, findings, distinct values, people, counted findings (pandas)."""
    groups: dict[str, list] = {}  # type -> [findings, fingerprints, persons, counted]: counters, findings stream
    for f, status in zip(data.findings, data.statuses()):
        group = groups.setdefault(f.entity_type, [0, set(), set(), 0])
        group[0] += 1
        group[1].add(f.fingerprint)
        group[2].add(f.data_subject)
        group[3] += status == "counted"
    if not groups:
        return pd.DataFrame(columns=["type", "label", "category", "sensitive", "findings", "distinct", "people", "gate"])
    table = pd.DataFrame([{"type": t, "findings": n, "distinct": len(fps), "people": len(persons), "gate": gate}
                          for t, (n, fps, persons, gate) in sorted(groups.items())])
    specs = data.entities
    table["label"] = table["type"].map(lambda t: specs[t].label(lang))
    table["category"] = table["type"].map(lambda t: specs[t].category_label(lang))
    table["sensitive"] = table["type"].map(lambda t: specs[t].sensitive)
    return table.sort_values(["sensitive", "findings"], ascending=[False, False])


def print_summary(data: ReportData, out: Path, written: list[Path], lang: str = "en",
                  console: Console | None = None, plain=escape) -> None:
    """One screen: headline, a table per entity type, what was not gated, the gate and why, what to do."""
    console = console or Console(highlight=False)
    decision, result = data.decision, data.result
    words = WORDS[lang]
    exposed = next(data.iter_exposed(), None) is not None
    if exposed or not result.complete:
        console.print(plain(headline(len(data.people()), len(data.sensitive_people()), lang, result.complete,
                                     data.unattributed())))
    else:
        console.print(label("none", lang))
    table = Table(title=words["title"])
    for column in COLUMNS[lang]:
        table.add_column(column, overflow="fold")
    yes, no = label("yes", lang), label("no", lang)
    for row in type_table(data, lang).itertuples():
        table.add_row(plain(row.label), yes if row.sensitive else no,
                      str(row.findings), str(row.distinct), str(row.people), str(int(row.gate)))
    if len(table.rows):
        console.print(table)
    suppressed = {label(k, lang): v for k, v in decision.counts.items() if k != "counted" and v}
    sep = "、" if lang == "zh" else ", "
    console.print(words["files"].format(
        files=len(result.files), skipped=len(result.skipped), errors=len(result.errors), records=result.records,
        findings=len(data.findings), people=len(data.people()), elapsed=data.elapsed,
        suppressed=words["suppressed"].format(what=sep.join(f"{k} {v}" for k, v in suppressed.items()))
        if suppressed else ""))
    colour = {"pass": "green", "fail": "red"}.get(decision.outcome, "yellow")
    outcome = f"[{colour}]{escape(label(decision.outcome, lang))}[/{colour}]"
    console.print(words["gate"].format(outcome=outcome, reason=plain(decision.reason_in(lang)), code=decision.exit_code))
    if decision.outcome != "pass" and exposed:
        where = next((p.name for p in written if p.name in ("report.html", "report.xlsx", "report.json")),
                     "report.html")
        console.print(words["advice"].format(consent=cite_all(["PIPL Art. 23", "PIPL Art. 29"], lang), where=where))
    main = [p.name for p in written if p.name in ("report.html", "report.xlsx", "report.json")] or \
        [p.name for p in written[:1]]
    names = ", ".join(main[:1]) + ((f" 等 {len(written)} 个文件" if lang == "zh" else f" and {len(written) - 1} more")
                                   if len(written) > 1 else "")
    console.print(words["reports"].format(out=plain(str(out)), names=plain(names)))
