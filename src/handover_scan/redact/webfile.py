"""HTML pages and JavaScript data files: every string literal, attribute value and text node rewritten in place.

MemoTrace's `chatMessages = [...]`, PyWxDump's data.js and WechatExporter's msg-<n>.js keep their arrays:
only the inside of a string literal changes, re-escaped the way the original was (quote character, \\uXXXX
escapes), so the page still parses and opens in a browser. A string that is itself HTML (WechatExporter
pushes message markup) is rewritten as HTML.
"""

from __future__ import annotations

import html
import json
import re

from handover_scan.exports.textutil import js_unescape
from handover_scan.redact.policy import Replacer

_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', re.S)
_JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_KEY_BEFORE = re.compile(r"""["']?([\w\-\u4e00-\u9fff\[\]]+)["']?\s*:\s*$""")
_TAG = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_ATTR = re.compile(r"""([\w:\-]+)(\s*=\s*)("[^"]*"|'[^']*')""")


def rewrite_js(text: str, replacer: Replacer) -> str:
    """String literals of a script: keys (a literal followed by ':') lose identifiers only."""
    out, pos = [], 0
    for match in _JS_STRING.finditer(text):
        out.append(text[pos:match.start()])
        literal = match.group()
        before = text[max(0, match.start() - 80):match.start()]
        key = _KEY_BEFORE.search(before)
        is_key = re.match(r"\s*:", text[match.end():match.end() + 8]) is not None
        out.append(_rewrite_literal(literal, replacer, key.group(1) if key else "", is_key))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _rewrite_literal(literal: str, replacer: Replacer, field: str, is_key: bool) -> str:
    quote, inner = literal[0], literal[1:-1]
    value = js_unescape(inner) if "\\" in inner else inner
    if is_key:
        new = replacer.text(value, identifiers_only=True)
    elif value.lstrip().startswith("<") and ">" in value:
        new = rewrite_html(value, replacer)
    elif _ENTITY.search(value):  # HTML-escaped text inside a JS string (MemoTrace 2.x): escaped again after
        plain = html.unescape(value)
        new = replacer.value(plain, field)
        new = value if new == plain else html.escape(new, quote=False)
    else:
        new = replacer.value(value, field)
    if new == value:
        return literal
    return quote + _escape(new, quote, ascii_only="\\u" in inner) + quote


def _escape(text: str, quote: str, ascii_only: bool) -> str:
    body = json.dumps(text, ensure_ascii=ascii_only)[1:-1]  # escapes \, ", control characters
    if quote != '"':
        body = body.replace('\\"', '"').replace(quote, "\\" + quote)
    return body.replace("</", "<\\/")  # never close the surrounding <script> early


def rewrite_html(text: str, replacer: Replacer) -> str:
    out, pos = [], 0
    for match in _TAG.finditer(text):
        out.append(_text_node(text[pos:match.start()], replacer))
        whole = match.group()
        if match.group(1):  # <script> or <style>: the opening tag, then the body as JavaScript
            body_start = match.start(2) - match.start()
            body_end = match.end(2) - match.start()
            body = match.group(2)
            new_body = rewrite_js(body, replacer) if match.group(1).lower() == "script" else body
            out.append(_tag(whole[:body_start], replacer) + new_body + whole[body_end:])
        elif whole.startswith("<!--"):
            out.append(_text_node(whole, replacer))
        else:
            out.append(_tag(whole, replacer))
        pos = match.end()
    out.append(_text_node(text[pos:], replacer))
    return "".join(out)


def _text_node(text: str, replacer: Replacer) -> str:
    if not text.strip():
        return text
    value = html.unescape(text)
    new = replacer.text(value)
    return text if new == value else html.escape(new, quote=False)


def _tag(tag: str, replacer: Replacer) -> str:
    def attribute(match: re.Match) -> str:
        name, eq, quoted = match.groups()
        value = html.unescape(quoted[1:-1])
        if name.lower() in ("class", "id", "style", "type", "lang", "charset", "rel"):
            return match.group()
        new = replacer.value(value, name)
        return match.group() if new == value else f"{name}{eq}{quoted[0]}{html.escape(new)}{quoted[0]}"

    return _ATTR.sub(attribute, tag)
