"""Text exports (TXT, Markdown, WhatsApp, QQ ...): rewritten in blocks of whole lines, lines kept.

Blocks (not single lines) let a number a TXT export wrapped over a line break be found whole; a replaced
span keeps the line breaks it covered, so the copy has the same lines as the original.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from handover_scan.redact.policy import Replacer

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")  # as exports.textutil.md_unescape

BLOCK_LINES = 64
BLOCK_CHARS = 1 << 16


def iter_rewrite_text(lines: Iterable[str], replacer: Replacer, markdown: bool = False) -> Iterator[str]:
    """Lines (with their endings) in, rewritten blocks out: memory stays bounded whatever the file size.
    markdown: values are found in the text as read (138\\-0013 reads 138-0013) and replaced in the file."""
    rewrite = (lambda block: _markdown_block(block, replacer)) if markdown else replacer.text
    block, size = [], 0
    for line in lines:
        block.append(line)
        size += len(line)
        if len(block) >= BLOCK_LINES or size >= BLOCK_CHARS:
            yield rewrite("".join(block))
            block, size = [], 0
    if block:
        yield rewrite("".join(block))


def rewrite_text(text: str, replacer: Replacer, markdown: bool = False) -> str:
    return "".join(iter_rewrite_text(text.splitlines(keepends=True), replacer, markdown))


def _markdown_block(text: str, replacer: Replacer) -> str:
    plain, where, pos = [], [], 0
    for match in _MD_ESCAPE.finditer(text):
        plain.append(text[pos:match.start()])
        where.extend(range(pos, match.start()))
        plain.append(match.group(1))
        where.append(match.start() + 1)
        pos = match.end()
    plain.append(text[pos:])
    where.extend(range(pos, len(text)))
    spans = replacer.spans("".join(plain))
    if not spans:
        return text
    # a span starting on an escaped character takes its backslash with it
    mapped = [(where[s] - (1 if where[s] > 0 and text[where[s] - 1] == "\\" and where[s] != s else 0),
               where[e - 1] + 1, kind) for s, e, kind in spans]
    return replacer.apply(text, mapped)
