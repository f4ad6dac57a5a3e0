"""Report wording in Chinese and English (--lang zh|en)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from handover_scan.messages import render
from handover_scan.resources import builtin_dir

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "账号交接个人信息扫描报告", "en": "Account handover personal-information report"},
    "gate": {"zh": "闸门结论", "en": "Gate decision"},
    "pass": {"zh": "通过", "en": "PASS"},
    "fail": {"zh": "不通过：应停止交接", "en": "FAIL: stop the handover"},
    "incomplete": {"zh": "扫描不完整：按不通过处理", "en": "INCOMPLETE: treated as failed"},
    "by_category": {"zh": "按信息类别统计", "en": "Findings by category"},
    "by_conversation": {"zh": "按会话统计", "en": "Findings by conversation"},
    "people": {"zh": "涉及的个人", "en": "People concerned"},
    "person": {"zh": "个人", "en": "Person"},
    "findings": {"zh": "发现", "en": "Findings"},
    "sensitive": {"zh": "敏感", "en": "Sensitive"},
    "sensitive_categories": {"zh": "敏感类别", "en": "Sensitive categories"},
    "max_score": {"zh": "最高分", "en": "Highest score"},
    "files": {"zh": "文件", "en": "Files"},
    "conversations": {"zh": "会话", "en": "Conversations"},
    "conversation": {"zh": "会话", "en": "Conversation"},
    "details": {"zh": "逐条发现（值已遮盖）", "en": "Each finding (values masked)"},
    "type": {"zh": "类型", "en": "Type"},
    "category": {"zh": "类别", "en": "Category"},
    "value": {"zh": "遮盖值", "en": "Masked value"},
    "context": {"zh": "上下文", "en": "Context"},
    "score": {"zh": "分数", "en": "Score"},
    "status": {"zh": "闸门状态", "en": "Gate status"},
    "where": {"zh": "位置", "en": "Where"},
    "legal": {"zh": "法律依据", "en": "Legal basis"},
    "articles": {"zh": "条文", "en": "Articles"},
    "reason": {"zh": "说明", "en": "Why it matters"},
    "scanned": {"zh": "已扫描文件", "en": "Scanned files"},
    "format": {"zh": "格式", "en": "Format"},
    "records": {"zh": "记录", "en": "Records"},
    "error": {"zh": "错误", "en": "Error"},
    "skipped": {"zh": "跳过", "en": "Skipped"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "sort_hint": {"zh": "点击表头排序", "en": "click a column header to sort"},
    "truncated": {"zh": "仅列出前 {n} 条；全部发现见 findings.csv", "en": "first {n} shown; findings.csv has all"},
    "none": {"zh": "未发现个人信息。", "en": "No personal information found."},
    "generated": {"zh": "生成时间", "en": "Generated"},
    "tool": {"zh": "工具与规则版本", "en": "Tool and rules version"},
    "rules": {"zh": "规则", "en": "rules"},
    "raw_value": {"zh": "原始值", "en": "Raw value"},
    "colon": {"zh": "：", "en": ": "},
    "not_written": {"zh": "完整列表见 {files}，本次未生成（--format 未选）",
                    "en": "the full list is in {files}, not written this time (not chosen with --format)"},
    "skipped_count": {"zh": "跳过", "en": "skipped"},
    "errors_count": {"zh": "出错", "en": "with errors"},
    "owner_label": {"zh": "（账号所有者本人）", "en": "(account owner)"},
    "unattributed_label": {"zh": "（无法确定是谁）", "en": "(unattributed)"},
    "comma": {"zh": "，", "en": ", "},
    "semicolon": {"zh": "；", "en": "; "},
    "open": {"zh": "（", "en": " ("},
    "close": {"zh": "）", "en": ")"},
    "policy": {"zh": "闸门策略", "en": "Gate policy"},
    "raw_warning": {"zh": "警告：本报告包含未遮盖的原始值（--show-values）", "en":
                    "Warning: this report contains raw, unmasked values (--show-values)"},
    "counted": {"zh": "计入闸门", "en": "counts"},
    "not_gated": {"zh": "不在闸门范围", "en": "not gated"},
    "baseline": {"zh": "基线已有", "en": "in baseline"},
    "allowlisted": {"zh": "已豁免", "en": "allowlisted"},
    "below_min_score": {"zh": "低于阈值", "en": "below min score"},
    "unaudited": {"zh": "未审核", "en": "unaudited"},
    "accepted": {"zh": "已审核：接受", "en": "audited: accepted"},
    "false_positive": {"zh": "已审核：误报", "en": "audited: false positive"},
    "remediation": {"zh": "整改建议", "en": "Remediation: what to do before the handover"},
    "remediation_person": {"zh": "对此人的整改建议", "en": "What to do for this person"},
    "filter": {"zh": "筛选", "en": "Filter"},
    "all": {"zh": "全部", "en": "all"},
    "others": {"zh": "其余 {n} 个会话共 {count} 条发现（见下方表格）",
               "en": "{n} more conversations with {count} findings in all (see the table below)"},
    "contact_lists": {"zh": "通讯录文件（不是会话）", "en": "Contact-list files (not conversations)"},
    "risk_hint": {"zh": "按风险排序：先看敏感类别数，再看不同值的数量", "en":
                  "ranked by risk: sensitive categories first, then distinct values"},
    "distinct_values": {"zh": "不同值", "en": "Distinct values"},
    "people_count": {"zh": "人数", "en": "People"},
    "page": {"zh": "第 {i} 页", "en": "page {i}"},
    "pages": {"zh": "全部发现分页", "en": "All findings, page by page"},
    "more_findings": {"zh": "另有 {n} 条，见", "en": "{n} more on"},
    "shown": {"zh": "显示 {shown} / {total} 条", "en": "{shown} of {total} shown"},
    "nothing_found_pass": {"zh": "未发现个人信息", "en": "no personal information found"},
    "back": {"zh": "返回报告", "en": "back to the report"},
    "policy_text": {"zh": "最低分数 {min_score}，闸门范围 {fail_on}{unaudited}（{source}）",
                    "en": "min_score {min_score}, fail_on {fail_on}{unaudited} ({source})"},
    "defaults": {"zh": "默认设置", "en": "defaults"},
    "gate_findings": {"zh": "计入闸门", "en": "Gate findings"},
    "kind": {"zh": "种类", "en": "Kind"},
    "contact_list_kind": {"zh": "通讯录", "en": "contact list"},
    "chat_kind": {"zh": "会话", "en": "chat"},
}

def skipped_reason(reason: str, lang: str) -> str:
    """A skip reason (or any file problem) in the report's language, from recognizers/messages.yaml.

    >>> skipped_reason("version-control folder (.git), not scanned", "zh")
    '版本控制文件夹（.git），未扫描'
    """
    return render(reason, lang)


# Citations: "Civil Code Art. 1038" in English, 《民法典》第1038条 in Chinese.
LAWS_ZH = {"Civil Code": "《民法典》", "PIPL": "《个人信息保护法》", "Criminal Law": "《刑法》"}
_ARTICLE = re.compile(r"^(Civil Code|PIPL|Criminal Law) Art\. (\d+)(?:-(\d+))?$")
_ANNEX = re.compile(r"^(GB/T [\d.\-]+) Annex ([A-Z])$")


def cite(article: str, lang: str) -> str:
    """One citation in the report's language.

    >>> cite("PIPL Art. 28", "zh"), cite("Criminal Law Art. 253-1", "zh"), cite("PIPL Art. 28", "en")
    ('《个人信息保护法》第28条', '《刑法》第253条之一', 'PIPL Art. 28')
    """
    if lang != "zh":
        return article
    match = _ARTICLE.match(article.strip())
    if match:
        law, number, sub = match.groups()
        suffix = f"之{'一二三四五六七八九'[int(sub) - 1]}" if sub and 0 < int(sub) < 10 else (f"-{sub}" if sub else "")
        return f"{LAWS_ZH[law]}第{number}条{suffix}"
    match = _ANNEX.match(article.strip())
    if match:
        return f"《{match.group(1)}》附录{match.group(2)}"
    return article


def cite_all(articles, lang: str) -> str:
    """Several citations; in Chinese, articles of the same law are merged.

    >>> cite_all(["Civil Code Art. 1038", "PIPL Art. 28", "PIPL Art. 29"], "zh")
    '《民法典》第1038条、《个人信息保护法》第28、29条'
    """
    if lang != "zh":
        return "; ".join(articles)
    merged: list[list[str]] = []  # [law, article numbers...]
    for article in articles:
        text = cite(article, lang)
        match = re.match(r"^(《[^》]+》)第(.+)条$", text)
        if match and merged and merged[-1][0] == match.group(1):
            merged[-1].append(match.group(2))
        elif match:
            merged.append([match.group(1), match.group(2)])
        else:
            merged.append([text])
    return "、".join(m[0] if len(m) == 1 else f"{m[0]}第{'、'.join(m[1:])}条" for m in merged)


@cache
def _remediation_data() -> dict:
    with open(builtin_dir() / "remediation.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def remediation(categories: dict[str, bool], lang: str, per_category: bool = True,
                display: dict[str, str] | None = None) -> list[dict]:
    """整改建议 for a set of Civil Code Art. 1034 categories (category -> sensitive or not): the common actions
    (delete, consent to provide to another handler, hand over the de-identified copy), separate consent for
    sensitive ones, then (per_category) each category's own line. Each item: id, text and citation."""
    data = _remediation_data()
    items = [{"id": a["id"], "text": a[lang], "cite": cite_all(a["articles"], lang)} for a in data["actions"]]
    sensitive = sorted(c for c, s in categories.items() if s)
    if sensitive:
        rule = data["sensitive"]
        names = [(display or {}).get(c, c) for c in sensitive]
        if lang == "zh":
            text = "、".join(names) + rule[lang]
        else:  # "Health information and financial account are sensitive personal information: ..."
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            text = f"{joined[:1].upper()}{joined[1:]} {'is' if len(names) == 1 else 'are'} {rule[lang]}"
        items.insert(1, {"id": rule["id"], "text": text, "cite": cite_all(rule["articles"], lang)})
    for category in sorted(categories) if per_category else ():
        extra = (data.get("categories") or {}).get(category)
        if extra:
            items.append({"id": f"category:{category}", "text": extra[lang], "cite": ""})
    return items


def category_remediation(category: str, sensitive: bool, lang: str) -> dict:
    """One line per category for the report's remediation table: the category's own advice, or the
    separate-consent rule for a sensitive one, or delete/consent; with the articles."""
    data = _remediation_data()
    extra = (data.get("categories") or {}).get(category)
    articles = data["sensitive"]["articles"] if sensitive else data["other"]["articles"]
    if extra:
        text = extra[lang]
    elif sensitive:
        text = data["sensitive"][lang] if lang == "zh" else f"This is {data['sensitive'][lang]}"
    else:
        text = data["other"][lang]
    return {"text": text, "cite": cite_all(("Civil Code Art. 1038", *articles), lang)}



def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def headline(people: int, sensitive_people: int, lang: str, complete: bool = True, unattributed: int = 0) -> str:
    """The one sentence the report leads with; an incomplete scan can only say "at least". Findings whose
    person is unknown are counted apart, never as one more person."""
    if lang == "zh":
        least = "" if complete else "至少"
        plus = f"，另有 {unattributed} 条发现无法确定属于哪个人" if unattributed else ""
        return (f"转让此账号将在未经本人同意的情况下把{least} {people} 人的个人信息提供给第三方{plus}"
                f"（《民法典》第1038条、《个人信息保护法》第23条）；其中 {sensitive_people} 人涉及敏感个人信息"
                f"（《个人信息保护法》第28、29条）。")
    least = "" if complete else "at least "
    plus = (f", plus {unattributed} finding{'s' if unattributed != 1 else ''} whose person is unknown,"
            if unattributed else "")
    whose = "person's" if people == 1 else "people's"
    return (f"Transferring this account would hand {least}{people} {whose} personal information{plus} to a third "
            f"party without their consent: Civil Code Art. 1038, PIPL Art. 23; {sensitive_people} of them "
            f"sensitive: PIPL Art. 28/29.")
