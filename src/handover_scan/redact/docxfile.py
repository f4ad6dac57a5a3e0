"""Word documents: the text of each paragraph rewritten, every other part of the package copied as is.

A name or number is often split over several runs (<w:t> nodes); the paragraph's text is rewritten whole and,
where it changed, put into its first run with the other runs emptied, so nothing survives in a later run.
The author fields of docProps/core.xml, and the authors of comments and tracked changes, are emptied.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape, unescape

from handover_scan.redact.policy import Replacer

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:t(?: [^>]*)?/>")
_AUTHOR = re.compile(r"(<(dc:creator|cp:lastModifiedBy)(?: [^>]*)?>)[^<]*(</\2>)")
_REVIEWER = re.compile(r'(w:(?:author|initials))="[^"]*"')
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def rewrite_docx(data: bytes, replacer: Replacer) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if _TEXT_PARTS.match(info.filename):
                text = _PARAGRAPH.sub(lambda m: _paragraph(m.group(), replacer), content.decode("utf-8"))
                content = _REVIEWER.sub(r'\1=""', text).encode("utf-8")  # comment and tracked-change authors
            elif info.filename == "docProps/core.xml":
                content = _AUTHOR.sub(r"\1\3", content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _paragraph(xml: str, replacer: Replacer) -> str:
    runs = list(_RUN_TEXT.finditer(xml))
    texts = [unescape(m.group(1) or "") for m in runs]
    joined = "".join(texts)
    new = replacer.text(joined)
    if new == joined:
        return xml
    pieces, pos = [], 0
    for index, match in enumerate(runs):
        pieces.append(xml[pos:match.start()])
        body = escape(new) if index == 0 else ""
        pieces.append(f'<w:t xml:space="preserve">{body}</w:t>')
        pos = match.end()
    pieces.append(xml[pos:])
    return "".join(pieces)
