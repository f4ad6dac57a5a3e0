"""The unit that flows from the export readers to the analyzer.

A record is one piece of text a person wrote or an exporter stored: one
message, or one field of one contact. Readers undo encodings and escaping, so
`text` is what a person reads and finding offsets point into it.
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN_SUBJECT = "(unknown)"


# Treated as immutable (dataclasses.replace makes changed copies) and hashable on its fields, as a frozen
# dataclass would be; not frozen=True, whose __init__ (object.__setattr__ per field) cost 2.2 us of a reader's
# ~6 us per record, against 0.4 us for plain slots.
@dataclass(slots=True, unsafe_hash=True)
class Record:
    file: str  # path relative to the scanned root, "/" separators
    format: str  # detected format id, e.g. "memotrace2-chat-csv"
    locator: str  # "row:N" (1-based data row), "line:N" (1-based line of text start), "json:/pointer"
    conversation: str  # chat name or id as the export names it
    data_subject: str  # whose information this is (other party, contact, group sender)
    field: str  # column or key the text came from ("StrContent", "telephone", "text")
    text: str
    sender: str = ""
    timestamp: str = ""

    def locator_at(self, offset: int) -> str:
        """Locator of the character at `offset`: line locators move down by the newlines before it."""
        if self.locator.startswith("line:") and offset > 0:
            first = int(self.locator[5:])
            return f"line:{first + self.text.count(chr(10), 0, offset)}"
        return self.locator
