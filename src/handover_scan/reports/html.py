"""report.html and report-findings-N.html: self-contained pages (inline CSS, SVG, one small script; no network).

report.html: the headline, the gate and why, 整改建议 (what to do, with the articles), charts, every person ranked
by risk opening (<details>, no script needed) to their findings with masked context, conversations ranked by risk,
the legal basis and the scanned and skipped files. Every finding is on one of the report-findings-N.html pages
(bounded size); a person's section links to the page holding the rest of their findings.
Autoescaped throughout: names and context come from chats and are never trusted as markup. The CSP allows only
the page's own script, by hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Iterator

from jinja2 import Environment, PackageLoader, select_autoescape

from handover_scan.messages import format_label, render, render_path
from handover_scan.people.attribution import OWNER_LABEL, UNATTRIBUTED_LABEL
from handover_scan.reports.common import EXPOSED, ReportData
from handover_scan.reports.tables import conversation_table, findings_frame, people_table
from handover_scan.reports.text import LABELS, category_remediation, cite_all, headline, label, remediation

MAX_BARS = 10  # top conversations in the chart; the rest is one line of text, never a bar that dwarfs the others
BAR_WIDTH = 360
PER_PERSON = 20  # findings shown inline in a person's section; the rest are on the findings pages
INLINE_BUDGET = 3000  # findings inline in report.html in all (the page stays a readable size)
MAX_CONVERSATION_ROWS = 300  # conversations.csv has every one
MAX_FILE_ROWS = 1000  # files listed in report.html besides those with an error or skipped; report.json has every one


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("handover_scan.reports", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


@cache
def script() -> tuple[str, str]:
    """The page script and its CSP hash."""
    text = (Path(__file__).parent / "templates" / "report.js").read_text(encoding="utf-8")
    return text, "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def bars(counts: Counter, sensitive: set[str] = frozenset(), limit: int = MAX_BARS, label_chars: int = 12) -> dict:
    """Bar-chart geometry: label, count, width in px, sensitive or not. Items past `limit` are summed into
    `rest` (shown as text, not as a bar). Labels get about 7 px per Latin and 13 px per CJK character."""
    items = counts.most_common()
    shown, rest = items[:limit], items[limit:]
    label_x = 30 + 13 * label_chars
    top = max((n for _, n in shown), default=1)
    width = 600 - label_x - 50
    rows = [{"label": name if len(name) <= label_chars else name[:label_chars - 1] + "…", "title": name, "count": n,
             "width": max(2, round(width * n / top)), "sensitive": name in sensitive, "y": i * 26}
            for i, (name, n) in enumerate(shown)]
    return {"rows": rows, "height": max(26, 26 * len(rows)), "rest": len(rest), "rest_count": sum(n for _, n in rest),
            "label_x": label_x}


def _policy_text(policy, lang: str) -> str:
    if policy is None:
        return ""
    source = label("defaults", lang) if policy.source in ("", "defaults") else policy.source
    unaudited = (", fail_on_unaudited" if lang == "en" else "，未审核基线条目计入闸门") \
        if getattr(policy, "fail_on_unaudited", False) else ""
    fail_on = ", ".join(label("all", lang) if r == "any" else r for r in policy.fail_on)
    return label("policy_text", lang).format(min_score=policy.min_score, fail_on=fail_on, unaudited=unaudited,
                                             source=source)


def _status_label(status: str, audit: str, lang: str) -> str:
    text = label(status, lang)
    if status == "baseline" or audit == "unaudited":
        text += f"（{label(audit or 'unaudited', lang)}）" if lang == "zh" else f" ({label(audit or 'unaudited', lang)})"
    return text


def shown_files(files) -> Iterator:
    """The files report.html lists, in scan order: every file with an error or skipped, and the first
    MAX_FILE_ROWS others (100,000 small files would make a page nobody reads and hold it all in memory)."""
    others = 0
    for report in files:
        if report.error or report.skipped:
            yield report
        elif others < MAX_FILE_ROWS:
            others += 1
            yield report


def full_list(data: ReportData, candidates: tuple[str, ...], lang: str) -> str:
    """Where the reader finds what report.html leaves out: the first of candidates this report writes
    (data.report_files; not set: any), or that none was written (`--format html` alone).

    >>> from types import SimpleNamespace
    >>> full_list(SimpleNamespace(report_files=["report.html", "report.sarif"]), ("report.json", "report.sarif"), "en")
    'report.sarif'
    """
    written = set(getattr(data, "report_files", ()) or ())
    for name in candidates:
        if not written or name in written:
            return name
    return label("not_written", lang).format(files=" / ".join(candidates))


def html_pages(data: ReportData, lang: str = "zh", show_values: bool = False, page_size: int = 500) -> dict[str, str]:
    """File name -> page text: report.html and report-findings-N.html."""
    t = {k: v[lang] for k, v in LABELS.items()}
    t["who"] = {OWNER_LABEL: t["owner_label"], UNATTRIBUTED_LABEL: t["unattributed_label"]}  # shown, not keys
    frame = findings_frame(data, lang)
    people = people_table(data, lang, frame)
    rank = dict(zip(people.data_subject, people.risk_rank))
    conversations = conversation_table(data, lang, frame)
    values = [f.value for f in data.findings] if show_values else None
    frame = frame.assign(order=range(len(frame)), rank=frame.data_subject.map(rank),
                         status_label=[_status_label(s, a, lang) for s, a in zip(frame.status, frame.audit)])
    frame = frame.sort_values(["rank", "status", "sensitive", "score", "file", "locator"],
                              ascending=[True, True, False, False, True, True], kind="stable",
                              key=lambda c: c.map(lambda s: s != "counted") if c.name == "status" else c)
    rows = frame.to_dict("records")
    for row in rows:
        row["value"] = values[row["order"]] if values else ""
    pages = [rows[i:i + page_size] for i in range(0, len(rows), page_size)] or [[]]
    page_of: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for row in page:
            page_of.setdefault(row["data_subject"], number)
    by_person: dict[str, list] = {}
    for row in rows:
        by_person.setdefault(row["data_subject"], []).append(row)
    display = {spec.category: spec.category_label(lang) for spec in data.entities.values()}
    budget = INLINE_BUDGET
    person_sections = []
    for person in people.to_dict("records"):
        found = by_person.get(person["data_subject"], [])
        inline = found[:max(0, min(PER_PERSON, budget))]
        budget -= len(inline)
        exposed = [r for r in found if r["status"] in EXPOSED]
        categories = {}
        for r in exposed:
            categories[r["category"]] = categories.get(r["category"], False) or r["sensitive"]
        advice = remediation(categories, lang, display=display) if exposed else []
        person_sections.append({
            **person, "anchor": f"p-{person['risk_rank']}", "rows": inline, "more": len(found) - len(inline),
            "page": page_of.get(person["data_subject"], 1), "advice": advice,
            "categories": "|".join(sorted({r["category_label"] for r in found})),
            "type_codes": "|".join(sorted({r["entity_type"] for r in found})),
            "statuses": "|".join(sorted({r["status"] for r in found}))})
    exposed = frame[frame.status.isin(EXPOSED)]
    chats = conversations[~conversations.contact_list]
    chat_counts = Counter(dict(zip(chats.conversation, chats.findings)))
    sensitive_cats = set(exposed.loc[exposed.sensitive, "category_label"])
    by_category = exposed.groupby(["category", "category_label"]).agg(
        sensitive=("sensitive", "any"), people=("data_subject", "nunique"), findings=("fingerprint", "size"),
        distinct=("fingerprint", "nunique")).reset_index().sort_values(["sensitive", "people"], ascending=False)
    category_advice = [{**row, **category_remediation(row["category"], bool(row["sensitive"]), lang)}
                       for row in by_category.to_dict("records")]
    exposed_categories = dict(zip(by_category.category, by_category.sensitive.astype(bool)))
    text, digest = script()
    common = {
        "t": t, "lang": lang, "tool": data.tool, "generated_at": data.generated_at, "script": text,
        "script_hash": digest, "show_values": show_values, "pages": len(pages), "who": lambda n: t["who"].get(n, n),
        "filter_options": {
            "category": sorted(set(frame.category_label)),
            "type": sorted({(e, data.entities[e].label(lang)) for e in frame.entity_type}),
            "status": [s for s in ("counted", "not_gated", "baseline", "allowlisted", "below_min_score")
                       if s in set(frame.status)]},
    }
    decision = data.decision
    reason = decision.reason_in(lang) if hasattr(decision, "reason_in") else decision.reason
    main = _environment().get_template("report.html.j2").render(
        **common,
        headline=headline(len(data.people()), len(data.sensitive_people()), lang, data.result.complete,
                          data.unattributed()),
        decision=decision, outcome_label=t[decision.outcome], reason=reason,
        policy_text=_policy_text(getattr(decision, "policy", None), lang),
        advice=remediation(exposed_categories, lang, per_category=False, display=display) if len(exposed) else [], category_advice=category_advice,
        by_category=bars(Counter(dict(zip(by_category.category_label, by_category.findings))), sensitive_cats,
                         label_chars=12 if lang == "zh" else 20),
        by_conversation=bars(chat_counts, label_chars=12 if lang == "zh" else 20),
        contact_lists=conversations[conversations.contact_list].to_dict("records"),
        people=person_sections, conversations=conversations.head(MAX_CONVERSATION_ROWS).to_dict("records"),
        conversations_total=len(conversations),
        files_list=full_list(data, ("report.json", "report.sarif"), lang),
        conversations_list=full_list(data, ("conversations.csv", "report.xlsx"), lang),
        legal=[{"name": n, "label": s.label(lang), "category": s.category_label(lang), "sensitive": s.sensitive,
                "articles": cite_all(s.articles, lang), "reason": s.reason_zh if lang == "zh" else s.reason_en}
               for n, s in sorted(data.entities.items()) if n in set(frame.entity_type)],
        files=[{"file": render_path(r.file, lang), "format": r.format, "format_label": format_label(r.format, lang), "records": r.records,
                "findings": r.findings, "error": render(r.error, lang), "skipped": render(r.skipped, lang)}
               for r in sorted(shown_files(data.result.files), key=lambda r: (not r.error, not r.skipped))],  # problems first
        totals={"files": len(data.result.files), "records": data.result.records, "findings": len(data.findings),
                "people": len(data.people()), "skipped": len(data.result.skipped),
                "errors": len(data.result.errors)})
    out = {"report.html": main}
    template = _environment().get_template("findings.html.j2")
    for number, page in enumerate(pages, 1):
        first = {}
        for row in page:
            first.setdefault(row["data_subject"], f"p-{row['rank']}")
        out[f"report-findings-{number}.html"] = template.render(**common, number=number, rows=page, first=first)
    return out
