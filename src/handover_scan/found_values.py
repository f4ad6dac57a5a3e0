"""Every identifier value the scan found, masked wherever a name shows it: paths, conversations, people.

A wxid is a WECHAT_ID only beside a WeChat word (`加我微信 wxid_...`), so the names pass does not find it in
MemoTrace 3.0's folder `昵称(wxid_abc123def)`; a message or a contact card of the same scan does. FoundValues
holds the values of all findings (one Aho-Corasick automaton over them) and masks each one where any
folder, file, member, sheet, conversation or person name holds it, as `masked_value (fingerprint[:6])`, the
form a value in a name has everywhere else.

Which values: every entity type but GLOBAL_KEPT. Words (PERSON, LOCATION, MEDICAL) stay, as the names pass
keeps them: a two-character surname+name such as 王芳, or 北京, masked in every path would blank out folder
names that only share those characters. BIRTH_DATE stays too: `2024-06-01` in `DataExport_2024-06-01` is the
export's date far more often than someone's birthday. A value counts only at a boundary (no digit beside a
number, no ASCII letter, digit, `_` or `-` beside an id) and only from MIN_CHARS characters on, so a QQ
number `10001` does not cut into `IMG_100012.jpg`.

>>> from types import SimpleNamespace as F
>>> values = FoundValues([F(entity_type="WECHAT_ID", value="wxid_abc123def", masked_value="wx**********ef",
...                        fingerprint="0123456789", format="weflow-json")])
>>> values.mask("昵称(wxid_abc123def)/chat.csv")
'昵称(wx**********ef (012345))/chat.csv'
>>> values.mask("wxid_abc123defg")  # another id that starts the same way
'wxid_abc123defg'
"""

from __future__ import annotations

import re
from typing import Iterable

import ahocorasick

from handover_scan.findings import normalize

GLOBAL_KEPT = frozenset({"PERSON", "LOCATION", "MEDICAL", "BIRTH_DATE"})
MIN_CHARS = 5  # the shortest identifier: a 5-digit QQ number
# a number this long (a mobile, an ID, a card) inside a longer digit run is that run's part, not chance: the
# whole run is masked (`1380972223313809722233` holds a found mobile; a 5-digit QQ number in a timestamp stays)
WHOLE_RUN_FROM = 11
CACHED = 1 << 16
_ASCII_WORD = re.compile(r"[A-Za-z0-9_\-]")
EDGE_CHARS = 12  # findings.CONTEXT_CHARS: a value cut by a context window's edge shows at most this much of it
# a value's characters at a context window's edge, after / before its `…`
_CUT_START = re.compile(r"…([A-Za-z0-9_\-.@+]{%d,%d})" % (MIN_CHARS, EDGE_CHARS))
_CUT_END = re.compile(r"([A-Za-z0-9_\-.@+]{%d,%d})…$" % (MIN_CHARS, EDGE_CHARS))


def _joins(numeric: bool, outside: str) -> bool:
    """True when a character beside a value makes it part of a longer token: a digit beside a number
    (`QQ10001234` is the number, `IMG_100012345` another one), an ASCII word character beside an id."""
    return outside.isdigit() if numeric else bool(_ASCII_WORD.match(outside))


class FoundValues:
    """The values of findings, as one automaton; mask(text) replaces each whole one with its masked form."""

    def __init__(self, findings: Iterable = ()) -> None:
        self._shown: dict[str, str] = {}
        self._seen: set[tuple[str, str]] = set()  # (type, value) added: a value repeats in many findings
        self._done: tuple[dict[str, str], dict[str, str]] = ({}, {})  # text -> masked, without / with numbers
        self._automaton: ahocorasick.Automaton | None = None
        self._ends: tuple[dict[str, str], dict[str, str]] | None = None  # a value's last / first 5-12 chars
        for finding in findings:
            self.add(finding)

    def add(self, finding) -> None:
        seen = (finding.entity_type, finding.value)
        if finding.entity_type in GLOBAL_KEPT or not finding.value or seen in self._seen:
            return
        self._seen.add(seen)
        shown = f"{finding.masked_value} ({finding.fingerprint[:6]})"
        # as found and as normalized: `+86 137 0000 1111` in a message, `13700001111` in a file name
        for form in {finding.value.strip(), normalize(finding.entity_type, finding.value)}:
            if len(form) >= MIN_CHARS:
                self._shown.setdefault(form, shown)
        self._automaton = self._ends = None

    def __len__(self) -> int:
        return len(self._shown)

    def _built(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for form, shown in self._shown.items():
            numeric = not any(ch.isalpha() for ch in form)
            automaton.add_word(form, (len(form), numeric, shown))
        automaton.make_automaton()
        self._automaton = automaton
        self._seen.clear()  # built once all are added; a later add starts anew (and may repeat a value: harmless)
        self._done[0].clear()
        self._done[1].clear()
        return automaton

    def holds(self, text: str) -> bool:
        """A cheap check first: True when text may hold a found value (a match, its boundaries not checked)."""
        if not text or not self._shown:
            return False
        for _ in (self._automaton or self._built()).iter(text):
            return True
        return False

    def mask(self, text: str, numbers: bool = True) -> str:
        """text with every found value in it masked (the longest where two overlap). numbers=False leaves
        values of digits alone: in a locator, `line:10001` is a line number, whatever QQ number was found."""
        if not text or not self._shown:
            return text
        done = self._done[numbers]
        masked = done.get(text)
        if masked is None:
            masked = self._masked(self._automaton or self._built(), text, numbers)
            if len(done) < CACHED:  # paths and names repeat; past this many, texts are masked anew each time
                done[text] = masked
        return masked

    def mask_cut(self, context: tuple[str, str]) -> tuple[str, str]:
        """A context (before, after) with a found value cut by the window's edge masked too: 5+ of its last
        characters right after the leading `…`, or of its first before the trailing `…` (mask() only
        masks whole values).

        >>> from types import SimpleNamespace as F
        >>> values = FoundValues([F(entity_type="WECHAT_ID", value="wxid_k3m9q2x7p4", masked_value="wx*",
        ...                        fingerprint="0123456789", format="text")])
        >>> values.mask_cut(("…9q2x7p4 电话 ", " 加 wxid_k3m…"))
        ('…wx* (012345) 电话 ', ' 加 wx* (012345)…')
        >>> values.mask_cut(("…q2x7 电话 ", " 加 wxid_k3m9q2x7p4x…"))  # too short to say; another id
        ('…q2x7 电话 ', ' 加 wxid_k3m9q2x7p4x…')
        """
        if not self._shown:
            return context
        if self._ends is None:
            ends: tuple[dict[str, str], dict[str, str]] = ({}, {})
            for form, shown in self._shown.items():
                for k in range(MIN_CHARS, min(len(form), EDGE_CHARS + 1)):
                    ends[0].setdefault(form[-k:], shown)
                    ends[1].setdefault(form[:k], shown)
            self._ends = ends
        before, after = context
        cut = _CUT_START.match(before)
        if cut and cut.group(1) in self._ends[0]:
            before = "…" + self._ends[0][cut.group(1)] + before[cut.end():]
        cut = _CUT_END.search(after)
        if cut and cut.group(1) in self._ends[1] and not (cut.start() and _ASCII_WORD.match(after[cut.start() - 1])):
            after = after[:cut.start()] + self._ends[1][cut.group(1)] + "…"
        return before, after

    @staticmethod
    def _masked(automaton: ahocorasick.Automaton, text: str, numbers: bool) -> str:
        hits = []
        for end, (length, numeric, shown) in automaton.iter(text):
            start = end + 1 - length
            if numeric and not numbers:
                continue
            stop = end + 1
            if start > 0 and _joins(numeric, text[start - 1]) or stop < len(text) and _joins(numeric, text[stop]):
                if not (numeric and length >= WHOLE_RUN_FROM and text[start:stop].isdigit()):
                    continue
                while start > 0 and text[start - 1].isdigit():
                    start -= 1
                while stop < len(text) and text[stop].isdigit():
                    stop += 1
            hits.append((start, stop, shown))
        out, at = [], 0
        for start, end, shown in sorted(hits, key=lambda h: (h[0], -h[1])):
            if start < at:
                continue
            out += [text[at:start], shown]
            at = end
        return "".join(out) + text[at:] if out else text
