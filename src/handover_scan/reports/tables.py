"""The report's tables, computed with pandas: findings, people and conversations ranked by risk, the summary.

CSV, XLSX and HTML all render these, so the three agree. Risk order: more distinct sensitive categories
first (PIPL Art. 28), then more distinct values (by keyed fingerprint), then more findings.
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from handover_scan.people.attribution import NOT_PEOPLE
from handover_scan.reports.common import EXPOSED, ReportData, is_contact_list
from handover_scan.reports.text import label

FINDING_COLUMNS = ["person_id", "data_subject", "conversation", "file", "format", "locator", "field", "entity_type", "type_label",
                   "category", "category_label", "sensitive", "score", "masked_value", "context", "fingerprint",
                   "status", "audit", "contact_list"]


_TAG = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")


def readable_context(finding, lang: str, entities: dict) -> str:
    """The masked context as one string: the value as [masked], other findings' tags ([PHONE_NUMBER]) named in
    the report's language ([电话号码])."""
    before, after = finding.context or ("", "")

    def tag(match: re.Match) -> str:
        name = match.group(1)
        if name in entities:
            return f"[{entities[name].label(lang)}]"
        return "[数字]" if name == "NUMBER" and lang == "zh" else match.group(0)

    return f"{_TAG.sub(tag, before)}[{finding.masked_value}]{_TAG.sub(tag, after)}"


def findings_frame(data: ReportData, lang: str = "zh") -> pd.DataFrame:
    """One row per finding with its gate status, baseline audit status and labels in `lang`."""
    specs = data.entities
    rows = ({"person_id": f.person_id or f.data_subject, "data_subject": f.data_subject, "conversation": f.conversation, "file": f.file, "format": f.format,
             "locator": f.locator, "field": f.field, "entity_type": f.entity_type,
             "type_label": specs[f.entity_type].label(lang), "category": f.category,
             "category_label": specs[f.entity_type].category_label(lang), "sensitive": bool(f.sensitive),
             "score": f.score, "masked_value": f.masked_value,
             "context": readable_context(f, lang, specs),
             "fingerprint": f.fingerprint, "status": s, "audit": a, "contact_list": is_contact_list(f.format, f.locator)}
            for f, s, a in zip(data.findings, data.statuses(), data.audit()))
    return frame_of(rows, FINDING_COLUMNS).astype({"sensitive": bool, "contact_list": bool, "score": float})


def frame_of(rows: Iterable[dict], columns: list[str]) -> pd.DataFrame:
    """pd.DataFrame(list(rows), columns=columns), filled column by column: one row dict at a time, never a list of
    them (a dict per finding costs ~0.6 KB more than its values: 100+ MiB for 200,000 findings).

    >>> frame_of(iter([{"a": 1, "b": "x"}]), ["a", "b"]).equals(pd.DataFrame([{"a": 1, "b": "x"}], columns=["a", "b"]))
    True
    """
    values: dict[str, list] = {c: [] for c in columns}
    for row in rows:
        for column, cells in values.items():
            cells.append(row[column])
    return pd.DataFrame(values, columns=columns)


def _people(person_ids) -> int:
    """Distinct persons, never the owner or 'unattributed' (counted apart)."""
    return len(set(person_ids) - NOT_PEOPLE)


def _joined(values) -> str:
    return ";".join(sorted({v for v in values if v}))


def _ranked(frame: pd.DataFrame, key: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per `key` (data_subject or conversation): counts, sensitive categories, distinct values; ranked by risk."""
    columns = [key, *extra, "risk_rank", "sensitive_categories", "sensitive_category_count", "distinct_values", "findings",
               "gate_findings", "unaudited", "types", "people", "conversations", "files"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.assign(exposed=frame.status.isin(EXPOSED))
    frame = frame.assign(sensitive_category=frame.category_label.where(frame.sensitive & frame.exposed, ""),
                         exposed_fp=frame.fingerprint.where(frame.exposed))
    grouped = frame.groupby([key, *extra], sort=False)
    table = grouped.agg(
        sensitive_categories=("sensitive_category", _joined),
        distinct_values=("exposed_fp", "nunique"),
        findings=("fingerprint", "size"),
        gate_findings=("status", lambda s: int((s == "counted").sum())),
        unaudited=("audit", lambda s: int((s == "unaudited").sum())),
        types=("type_label", _joined),
        people=("person_id", _people),
        conversations=("conversation", "nunique"),
        files=("file", _joined),
    ).reset_index()
    table["sensitive_category_count"] = table.sensitive_categories.map(lambda s: len(s.split(";")) if s else 0)
    table = table.sort_values(["sensitive_category_count", "distinct_values", "findings", key],
                              ascending=[False, False, False, True], kind="stable")
    table["risk_rank"] = range(1, len(table) + 1)
    return table[columns].reset_index(drop=True)


def people_table(data: ReportData, lang: str = "zh", frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per data subject, ranked by risk."""
    frame = findings_frame(data, lang) if frame is None else frame
    table = _ranked(frame, "data_subject").drop(columns=["people"])
    # the owner's own information and findings whose person is unknown are listed after the people
    apart = set(frame.loc[frame.person_id.isin(NOT_PEOPLE), "data_subject"])
    table = pd.concat([table[~table.data_subject.isin(apart)], table[table.data_subject.isin(apart)]], ignore_index=True)
    table["risk_rank"] = range(1, len(table) + 1)
    return table


def conversation_table(data: ReportData, lang: str = "zh", frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per conversation, ranked by risk; `kind` says chat or contact list (a contact-list file is no
    conversation: it is listed, but kept out of the conversation chart)."""
    frame = findings_frame(data, lang) if frame is None else frame
    table = _ranked(frame, "conversation", ("contact_list",)).drop(columns=["conversations"])
    kinds = {True: label("contact_list_kind", lang), False: label("chat_kind", lang)}
    table["contact_list"] = table["contact_list"].astype(bool)
    table.insert(1, "kind", table.contact_list.map(lambda c: kinds[bool(c)]))
    return table


SUMMARY_COLUMNS = ("dimension", "key", "category", "sensitive", "findings", "distinct_values", "people",
                   "gate_findings")


def summary_table(data: ReportData, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts per entity type, per category and per data subject (pandas group-by); distinct values counted by
    fingerprint. The shape of summary.csv."""
    frame = findings_frame(data, "zh") if frame is None else frame
    if frame.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    frame = frame.assign(counted=frame.status == "counted")
    aggregations = dict(findings=("fingerprint", "size"), distinct_values=("fingerprint", "nunique"),
                        people=("person_id", _people), gate_findings=("counted", "sum"),
                        sensitive=("sensitive", "any"), categories=("category", _joined))
    parts = []
    for dimension, key in (("entity_type", "entity_type"), ("category", "category"),
                           ("data_subject", "data_subject")):
        part = frame.groupby(key).agg(**aggregations).reset_index().rename(columns={key: "key", "categories": "category"})
        if dimension == "data_subject":
            part = part.sort_values(["findings", "key"], ascending=[False, True], kind="stable")
        part.insert(0, "dimension", dimension)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table["sensitive"] = table["sensitive"].map({True: "true", False: "false"})
    table["gate_findings"] = table["gate_findings"].astype(int)
    return table[list(SUMMARY_COLUMNS)]


# --csv-headers zh: the header row in Chinese; the column set and order stay the same.
HEADERS_ZH = {
    "file": "文件", "format": "格式", "locator": "位置", "conversation": "会话", "data_subject": "个人",
    "field": "字段", "entity_type": "信息类型", "category": "类别", "sensitive": "敏感", "start": "起始",
    "end": "结束", "score": "分数", "masked_value": "遮盖值", "fingerprint": "指纹", "recognizer": "识别器",
    "value": "原始值", "findings": "发现数", "gate_findings": "计入闸门", "sensitive_categories": "敏感类别",
    "max_score": "最高分", "distinct_values": "不同值", "conversations": "会话", "files": "文件",
    "dimension": "维度", "key": "项目", "people": "人数", "risk_rank": "风险排名", "kind": "种类",
    "contact_list": "通讯录", "sensitive_category_count": "敏感类别数", "unaudited": "未审核", "types": "信息类型",
    "type_label": "信息类型名称", "category_label": "类别名称", "context": "上下文", "status": "闸门状态",
    "audit": "审核状态", "person_id": "个人编号",
}


def header(name: str, lang: str, entities: dict | None = None) -> str:
    """A column name in the CSV header language; a per-type count column (CN_ID_CARD) gets the type's label."""
    if lang != "zh":
        return name
    if entities and name in entities:
        return entities[name].label("zh")
    return HEADERS_ZH.get(name, name)
