"""How the prefilter (engine/prefilter.py) reads its conditions: which patterns need a digit, which match a
single character, which can be asked as one alternation, and the bytes its automaton reads."""

from __future__ import annotations

import re
import warnings

import regex

# A superset of regex's \p{Han} that the standard library's re reads (a necessary condition may be wider)
_HAN = "[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff" \
       "\U00016fe0-\U00016fff\U00020000-\U0003ffff]"


def compile_condition(pattern: str):
    """The standard library's re where it reads the pattern as regex does (cheaper per search), else
    regex. re warns where it reads a pattern differently ([[:digit:]] is a nested set to regex, a
    set of `[:digt` and a `]` to re): a warning counts as not read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return re.compile(pattern.replace(r"\p{Han}", _HAN))
    except (re.error, Warning):
        return regex.compile(pattern)




def needs_digit(compiled) -> bool:
    """True when every match of a pattern the standard library's re compiled holds a \\d character: one of
    its top-level items (all of them must match) is a digit class ([0-9], \\d) taken at least once.
    A text with no digit at all then fails it without a search (most chat lines hold none)."""
    if not isinstance(compiled, re.Pattern):
        return False
    try:
        from re import _constants as c, _parser  # CPython 3.11+: re's own parser, private
    except ImportError:
        return False

    def digit_class(op, av) -> bool:
        if op is c.IN:
            return bool(av) and all((o is c.CATEGORY and a is c.CATEGORY_DIGIT) or (o is c.RANGE and 48 <= a[0] <= a[1] <= 57)
                                    or (o is c.LITERAL and 48 <= a <= 57) for o, a in av)
        return op is c.LITERAL and 48 <= av <= 57

    def needs(items) -> bool:
        for op, av in items:
            if digit_class(op, av):
                return True
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1 and digit_class(*av[2][0]):
                return True
            if op is c.BRANCH and all(needs(list(branch)) for branch in av[1]):  # every alternative needs one
                return True
        return False

    try:
        return needs(list(_parser.parse(compiled.pattern, compiled.flags)))
    except Exception:  # noqa: BLE001 - an unreadable pattern is simply searched
        return False


def as_bytes(text: str) -> str:
    """The text's UTF-8 bytes, one character per byte. pyahocorasick looks a character up among a trie
    node's children one by one, and the root of thousands of Chinese words has over a thousand: over
    bytes no node has more than a few dozen, and the search costs a fifth (bench/README.md, speed3a).
    UTF-8 is self-synchronising, so a word's bytes are found exactly where the word is; the prefilter
    uses which words are found, never where. surrogatepass: a lone surrogate is bytes like any other."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def one_character(compiled) -> bool:
    """True for a pattern the standard library's re compiled that matches exactly one character and asserts
    nothing ([0-9], @, \\[, [区县旗]): it matches a text when it matches one of the text's characters."""
    if not isinstance(compiled, re.Pattern) or compiled.flags & ~re.UNICODE:
        return False
    try:
        from re import _constants as c, _parser
        items = list(_parser.parse(compiled.pattern, compiled.flags))
    except Exception:  # noqa: BLE001 - an unreadable pattern is simply searched
        return False
    return len(items) == 1 and items[0][0] in (c.IN, c.LITERAL)


def merge_any(items) -> list[tuple]:
    """`any` conditions of the same recognizers are one question (does one of them match?), asked with one
    search of their alternation: a search is true when some alternative matches somewhere. Those that
    need a digit stay apart from those that do not (a text without a digit skips the former unasked)."""
    merged: dict[tuple[int, bool], list] = {}
    out = []
    for pattern, all_bits, any_bits in items:
        if all_bits:
            out.append((pattern, all_bits, any_bits))
        else:
            merged.setdefault((any_bits, needs_digit(pattern)), []).append(pattern)
    for (any_bits, _), patterns in merged.items():
        if len(patterns) == 1:
            out.append((patterns[0], 0, any_bits))
        else:
            out.append((compile_condition("|".join(f"(?:{p.pattern})" for p in patterns)), 0, any_bits))
    return out
