"""Text exports made of messages: a header line (time, sender), then body lines.

Subclasses say what a header looks like (header()) and which lines to ignore; this class
streams the file (bounded lines, bounded bodies), numbers lines, and decides whose
information a message is: in a chat with more than two people the sender's, otherwise the
conversation's (the other party of a 1:1 chat, as the file names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from handover_scan.exports.base import MAX_RECORD_CHARS, NameOnce, Reader, Source, is_group_chat
from handover_scan.exports.textutil import iter_lines
from handover_scan.records import UNKNOWN_SUBJECT, Record



@dataclass
class Header:
    sender: str
    timestamp: str
    text: str | None = None  # text on the header line itself (system lines, one-line formats)
    extra: dict = field(default_factory=dict)


@dataclass
class Message:
    line: int  # line of the first body line
    sender: str
    timestamp: str
    body: str
    extra: dict = field(default_factory=dict)
    header_line: int = 0


class BlockTextReader(Reader):
    # A header counts only at the start of the file or after a blank line.
    header_after_blank: bool = False
    # The owner's own name in this format, never a data subject of a group.
    owner_names: frozenset[str] = frozenset({"我", "me"})
    body_field = "text"
    sender_field = ""  # set to scan each distinct sender once under this field

    def header(self, line: str) -> Header | None:
        raise NotImplementedError

    def ignore(self, line: str) -> bool:
        return False

    def clean(self, line: str) -> str:
        return line

    def unescape(self, text: str) -> str:
        return text

    def conversation(self, source: Source) -> str:
        return source.stem

    def empty_body(self, message: Message) -> Message | None:
        """A header with no body: dropped, unless the format puts whole messages on header lines."""
        return None

    def on_context(self, line: str, context: dict) -> bool:
        """Lines that set context (QQ section names); True if consumed."""
        return False

    def messages(self, source: Source) -> Iterator[Message]:
        current: Message | None = None
        parts: list[str] = []
        size = 0
        previous_blank = True
        context: dict = {}

        def finish() -> Message | None:
            if current is None:
                return None
            while parts and not parts[-1].strip():
                parts.pop()
            if not parts:
                return self.empty_body(current)
            return Message(current.line, current.sender, current.timestamp, "\n".join(parts),
                           {**current.extra, **context}, current.header_line)

        with source.open_text() as stream:
            for line_no, offset, raw in iter_lines(stream):
                line = self.clean(raw)
                head = None
                if offset == 0 and (previous_blank or not self.header_after_blank):
                    head = self.header(line)
                if head is None and offset == 0 and self.on_context(line, context):
                    done = finish()
                    if done and done.body.strip():
                        yield done
                    current, parts, size = None, [], 0
                    previous_blank = True
                    continue
                if head is not None:
                    done = finish()
                    if done and done.body.strip():
                        yield done
                    current = Message(line_no if head.text is not None else line_no + 1, head.sender,
                                      head.timestamp, "", head.extra, line_no)
                    parts = [head.text] if head.text is not None else []
                    size = len(head.text or "")
                elif current is not None and not (offset == 0 and self.ignore(line)):
                    if size + len(line) > MAX_RECORD_CHARS or offset > 0:
                        done = finish()
                        if done and done.body.strip():
                            yield done
                        current = Message(line_no, current.sender, current.timestamp, "", current.extra,
                                          current.header_line)
                        parts, size = [], 0
                    parts.append(line)
                    size += len(line) + 1
                previous_blank = offset == 0 and not line.strip()
        done = finish()
        if done and done.body.strip():
            yield done

    def is_group(self, source: Source) -> bool:
        return is_group_chat(message.sender for message in self.messages(source))

    def subject(self, message: Message, conversation: str, group: bool) -> str:
        if group:
            return message.sender or UNKNOWN_SUBJECT
        return conversation

    def read(self, source: Source) -> Iterator[Record]:
        conversation = self.conversation(source)
        group = self.is_group(source)
        names = NameOnce()
        for message in self.messages(source):
            conv = message.extra.get("conversation", conversation)
            grp = message.extra.get("group", group)
            subject = self.subject(message, conv, grp)
            if self.sender_field and names.first(self.sender_field, message.sender):
                yield self.record(source, f"line:{message.header_line}", self.sender_field, message.sender,
                                  conversation=conv, data_subject=message.sender, sender=message.sender,
                                  timestamp=message.timestamp)
            text = self.unescape(message.body)
            if text.strip():
                yield self.record(source, f"line:{message.line}", self.body_field, text, conversation=conv,
                                  data_subject=subject, sender=message.sender, timestamp=message.timestamp)


def line_matches(head: str, pattern: re.Pattern, lines: int = 40) -> list[int]:
    """Indices of the first `lines` lines of head that match pattern."""
    return [i for i, line in enumerate(head.split("\n")[:lines]) if pattern.match(line.rstrip("\r"))]
