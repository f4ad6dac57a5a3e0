"""report.html: one self-contained page (inline CSS, SVG charts and a small sort script; no network).

Rendered from templates/report.html.j2 with autoescaping on: names and context come from
chats and are never trusted as markup.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from handover_scan.reports.common import ReportData, private_open
from handover_scan.reports.csv_reports import subject_rows
from handover_scan.reports.json_report import legal_mapping
from handover_scan.reports.text import LABELS, headline

MAX_BARS = 15
BAR_WIDTH = 360


def _environment() -> Environment:
    return Environment(loader=PackageLoader("handover_scan.reports", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def bars(counts: Counter, sensitive: set[str] = frozenset(), limit: int = MAX_BARS) -> dict:
    """Bar-chart geometry for the template: label, count, width in px, sensitive or not."""
    items = counts.most_common()
    shown, rest = items[:limit], items[limit:]
    if rest:
        shown.append((f"+{len(rest)}", sum(n for _, n in rest)))
    top = max((n for _, n in shown), default=1)
    rows = [{"label": name, "count": n, "width": max(2, round(BAR_WIDTH * n / top)), "sensitive": name in sensitive,
             "y": i * 26} for i, (name, n) in enumerate(shown)]
    return {"rows": rows, "height": max(26, 26 * len(rows))}


def html_context(data: ReportData, lang: str, show_values: bool, max_findings: int) -> dict:
    t = {k: v[lang] for k, v in LABELS.items()}
    statuses = data.statuses()
    findings = sorted(zip(data.findings, statuses),
                      key=lambda fs: (fs[1] != "counted", not fs[0].sensitive, -fs[0].score, fs[0].data_subject,
                                      fs[0].file, fs[0].locator))
    entities = data.entities
    category_name = (lambda f: f.category) if lang == "zh" else (lambda f: entities[f.entity_type].category_en)
    exposed = data.exposed()
    sensitive_categories = {category_name(f) for f in exposed if f.sensitive}
    subjects = subject_rows(data)
    if lang == "en":
        english = {spec.category: spec.category_en for spec in entities.values()}
        subjects["sensitive_categories"] = subjects["sensitive_categories"].map(
            lambda cats: ";".join(english.get(c, c) for c in cats.split(";") if c))
    types = [t_ for t_ in sorted(entities) if t_ in set(subjects.columns) and subjects[t_].sum() > 0]
    legal = legal_mapping(entities)
    return {
        "t": t, "lang": lang, "tool": data.tool, "generated_at": data.generated_at, "roots": data.roots,
        "headline": headline(len(data.people()), len(data.sensitive_people()), lang, data.result.complete,
                             data.unattributed()),
        "decision": data.decision, "policy": getattr(data.decision, "policy", None),
        "outcome_label": t[data.decision.outcome],
        "reason": data.decision.reason_zh if lang == "zh" and data.decision.reason_zh else data.decision.reason,
        "by_category": bars(Counter(category_name(f) for f in exposed), sensitive_categories),
        "by_conversation": bars(Counter(f.conversation for f in exposed)),
        "subjects": subjects.to_dict("records"), "types": types,
        "findings": [{"f": f, "status": s, "category": category_name(f)} for f, s in findings[:max_findings]],
        "total_findings": len(findings), "max_findings": max_findings, "show_values": show_values,
        "legal": [{"name": n, **legal[n], "used": any(f.entity_type == n for f in data.findings)}
                  for n in sorted(legal)],
        "files": data.result.files, "totals": {"files": len(data.result.files), "records": data.result.records,
                                               "findings": len(data.findings), "people": len(data.people())},
    }


def render_html(data: ReportData, lang: str = "zh", show_values: bool = False, max_findings: int = 2000) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(**html_context(data, lang, show_values, max_findings))


def write_html(path: Path, data: ReportData, lang: str = "zh", show_values: bool = False,
               max_findings: int = 2000) -> None:
    text = render_html(data, lang, show_values, max_findings)
    with private_open(path) as f:
        f.write(text)
