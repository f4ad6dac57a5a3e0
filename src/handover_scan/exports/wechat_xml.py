"""Pull the human-readable parts out of WeChat's XML message content.

WeChat stores everything but plain text as XML in `StrContent`: link cards,
quotes, locations, contact cards, transfers. Exporters that write raw columns
leave that XML in the file. Only element text and a fixed set of attributes
carry what people wrote; md5s, CDN urls and lengths are digits that would only
produce false positives, so they are not returned.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

# Attributes whose values people typed or that describe a person or place.
TEXT_ATTRIBUTES = frozenset({
    "label", "poiname", "x", "y",  # location (48)
    "alias", "nickname", "province", "city", "sign", "certinfo",  # contact card (42)
    "title", "des", "displayname", "content",  # app messages, quotes
})
# Elements whose text is machine data.
SKIP_ELEMENTS = frozenset({
    "md5", "url", "lowurl", "dataurl", "lowdataurl", "thumburl", "cdnthumburl", "cdnattachurl",
    "aeskey", "cdnthumbaeskey", "fileext", "totallen", "attachid", "appid", "svrid", "createtime",
    "fromusr", "chatusr", "sourceusername", "sourcedisplayname", "type", "showtype", "version",
    "emoticonmd5", "statextstr", "weappiconurl", "pagepath", "username", "transferid", "transcationid",
    "invalidtime", "begintransfertime", "effectivedate", "paysubtype", "payer_username", "receiver_username",
})
MEDIA_TYPES = frozenset({3, 34, 43, 47, 50})  # image, voice, video, sticker, call


def looks_like_xml(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("<") and stripped.rstrip().endswith(">")


def xml_parts(text: str) -> Iterator[tuple[str, str]]:
    """Yield (path, value) for each text node and kept attribute; nothing if it is not XML."""
    start = text.find("<")
    try:
        root = ET.fromstring(text[start:] if start >= 0 else text)
    except ET.ParseError:
        return
    yield from _walk(root, root.tag)


def _walk(element: ET.Element, path: str) -> Iterator[tuple[str, str]]:
    for name, value in element.attrib.items():
        if name in TEXT_ATTRIBUTES and value.strip():
            yield f"{path}@{name}", value
    if element.tag not in SKIP_ELEMENTS and element.text and element.text.strip():
        inner = element.text.strip()
        if looks_like_xml(inner):  # <content> of a quote can itself be escaped XML
            yield from xml_parts(inner)
        else:
            yield path, element.text
    for child in element:
        yield from _walk(child, f"{path}/{child.tag}")
