"""A finding: where personal information sits, what kind it is, masked and fingerprinted."""

from __future__ import annotations

import bisect
import hashlib
import re
import hmac
from dataclasses import dataclass, field

from presidio_analyzer import RecognizerResult

from handover_scan.checks.phone import normalize_phone
from handover_scan.engine.analyzer import fold
from handover_scan.engine.definitions import EntitySpec
from handover_scan.records import Record

CSV_COLUMNS = ("file", "format", "locator", "conversation", "data_subject", "field", "entity_type", "category",
               "sensitive", "start", "end", "score", "masked_value", "fingerprint", "recognizer")


@dataclass(slots=True)
class Finding:
    file: str
    format: str
    locator: str
    conversation: str
    data_subject: str
    field: str
    entity_type: str
    category: str
    sensitive: bool
    start: int
    end: int
    score: float
    masked_value: str
    fingerprint: str
    recognizer: str
    value: str = field(default="", repr=False)  # raw; written only with --show-values
    # (text before, text after) the value within a few characters of the record, other findings' spans masked
    context: tuple[str, str] = field(default=("", ""), repr=False)
    conversation_raw: str = field(default="", repr=False)  # as the export names it, where `conversation` is masked

    def row(self, show_values: bool = False) -> dict[str, object]:
        row = {name: getattr(self, name) for name in CSV_COLUMNS}
        row["sensitive"] = "true" if self.sensitive else "false"
        if show_values:
            row["value"] = self.value
        return row


def normalize(entity_type: str, value: str) -> str:
    """The form two spellings of one value share: +86 138-1234-5678 and 13812345678 alike."""
    value = fold(value)
    if entity_type == "PHONE_NUMBER":
        return normalize_phone(value)
    compact = "".join(value.split())
    if entity_type in ("CN_ID_CARD", "BANK_CARD", "PASSPORT", "HK_MACAO_TW_PERMIT", "SOCIAL_SECURITY",
                       "MEDICAL_RECORD_NO"):
        return compact.replace("-", "").upper()
    if entity_type == "LICENSE_PLATE":
        return "".join(ch for ch in compact if ch not in "·•・").upper()
    if entity_type in ("EMAIL", "WECHAT_ID", "PERSON") and compact.isascii():
        return compact.lower()
    return compact


def mask(normalized: str, spec: EntitySpec) -> str:
    keep_start = min(spec.mask_start, len(normalized) // 2)
    keep_end = min(spec.mask_end, max(0, len(normalized) - keep_start - 1))
    hidden = len(normalized) - keep_start - keep_end
    return normalized[:keep_start] + "*" * hidden + (normalized[len(normalized) - keep_end:] if keep_end else "")


def fingerprint(key: bytes, entity_type: str, normalized: str) -> str:
    return hmac.new(key, f"{entity_type}\x1f{normalized}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


CONTEXT_CHARS = 12
# Any run of 6+ digits left in a context window (a number no recognizer kept: a tracking number, a
# phone number dropped by negative context, one cut by the window edge) is masked too.
_LONG_NUMBER = re.compile(r"\d(?:[ \-]?\d){5,}")


class _Spans:
    """A record's results sorted by start once, so each finding's window finds its neighbours by bisection:
    context for n findings costs O(n log n) in all, not O(n^2) (20,000 findings in one line)."""

    def __init__(self, results):
        self.results = sorted(results, key=lambda r: (r.start, r.end))
        self.starts = [r.start for r in self.results]
        self.longest = max((r.end - r.start for r in self.results), default=0)

    def within(self, lo: int, hi: int):
        first = bisect.bisect_left(self.starts, lo - self.longest)
        last = bisect.bisect_left(self.starts, hi)
        return [r for r in self.results[first:last] if r.end > lo]


_last_spans: list = [None, None]  # [results list, its _Spans]: make_finding is called once per result of a record


def _spans(others) -> _Spans:
    if isinstance(others, _Spans):
        return others
    if _last_spans[0] is not others:  # holding the list keeps its identity from being reused
        _last_spans[:] = [others, _Spans(others)]
    return _last_spans[1]


def context_around(text: str, start: int, end: int, others=(), width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """A few characters either side of text[start:end], with every other result's span replaced by
    [ENTITY_TYPE] so no other value leaks through (spans cut by the window edge are masked whole), and
    any other run of 6 or more digits replaced by [NUMBER]."""
    spans = _spans(others if isinstance(others, (list, _Spans)) else list(others))

    def clip(lo: int, hi: int) -> str:
        parts, pos = [], lo
        for other in spans.within(lo, hi):
            if other.end <= lo or other.start >= hi or (other.start, other.end) == (start, end):
                continue
            parts.append(text[pos:max(pos, other.start)])
            parts.append(f"[{other.entity_type}]")
            pos = max(pos, other.end)
        parts.append(text[pos:hi] if pos < hi else "")
        return "".join(parts).replace("\r", " ").replace("\n", "⏎")

    before = _LONG_NUMBER.sub("[NUMBER]", clip(max(0, start - width), start))
    after = _LONG_NUMBER.sub("[NUMBER]", clip(end, min(len(text), end + width)))
    return ("…" + before if start > width else before), (after + "…" if end + width < len(text) else after)


def make_finding(record: Record, result: RecognizerResult, spec: EntitySpec, key: bytes,
                 others=()) -> Finding:
    """others: all results of the record, so the context can mask them."""
    value = record.text[result.start:result.end]
    normalized = normalize(result.entity_type, value)
    return Finding(
        file=record.file, format=record.format, locator=record.locator_at(result.start),
        conversation=record.conversation, data_subject=record.data_subject, field=record.field,
        entity_type=result.entity_type, category=spec.category, sensitive=spec.sensitive,
        start=result.start, end=result.end, score=round(result.score, 2), masked_value=mask(normalized, spec),
        fingerprint=fingerprint(key, result.entity_type, normalized),
        recognizer=result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""), value=value,
        context=context_around(record.text, result.start, result.end, others),
    )
