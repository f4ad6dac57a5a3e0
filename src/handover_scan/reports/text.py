"""Report wording in Chinese and English (--lang zh|en)."""

from __future__ import annotations

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
    "policy": {"zh": "闸门策略", "en": "Gate policy"},
    "raw_warning": {"zh": "警告：本报告包含未遮盖的原始值（--show-values）", "en":
                    "Warning: this report contains raw, unmasked values (--show-values)"},
    "counted": {"zh": "计入闸门", "en": "counts"},
    "not_gated": {"zh": "不在闸门范围", "en": "not gated"},
    "baseline": {"zh": "基线已有", "en": "in baseline"},
    "allowlisted": {"zh": "已豁免", "en": "allowlisted"},
    "below_min_score": {"zh": "低于阈值", "en": "below min score"},
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def headline(people: int, sensitive_people: int, lang: str, complete: bool = True, unattributed: int = 0) -> str:
    """The one sentence the report leads with; an incomplete scan can only say "at least". Findings whose
    person is unknown are counted apart, never as one more person."""
    if lang == "zh":
        least = "" if complete else "至少 "
        plus = f"，另有 {unattributed} 条发现无法确定属于哪个人" if unattributed else ""
        return (f"转让此账号将在未经本人同意的情况下把 {least}{people} 人的个人信息提供给第三方{plus}"
                f"（《民法典》第1038条、《个人信息保护法》第23条）；其中 {sensitive_people} 人涉及敏感个人信息"
                f"（《个人信息保护法》第28、29条）。")
    least = "" if complete else "at least "
    plus = f", plus {unattributed} findings whose person is unknown," if unattributed else ""
    return (f"Transferring this account would hand {least}{people} people's personal information{plus} to a third "
            f"party without their consent: Civil Code Art. 1038, PIPL Art. 23; {sensitive_people} of them "
            f"sensitive: PIPL Art. 28/29.")
