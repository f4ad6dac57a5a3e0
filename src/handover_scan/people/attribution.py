"""Give every finding its person: a stable person_id, or the owner, or 'unattributed'.

Runs once over a finished ScanResult with the Identities learned on the scan's first pass:
- a group is never a person: a finding in a group goes to its sender, and to nobody (unattributed)
  when the owner sent it or nobody did;
- text with no sender and findings no rule can place are unattributed, never one made-up person;
- the owner's own information (their profile, a value the owner sends into two or more chats, such as
  the shop's phone number in an advert) is the owner's, listed apart and not counted;
- everything else goes to the person its reader named, merged over all the names that person has.

person_id is 'P' + the first 10 hex digits of the keyed fingerprint of the person's canonical
identifier, so it is stable for one scan key and says nothing without it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from handover_scan.findings import fingerprint
from handover_scan.people.identity import Identities, is_id, is_name_field, key as name_key
from handover_scan.people.owner import infer_owner
from handover_scan.records import UNKNOWN_SUBJECT

OWNER_ID = "owner"
UNATTRIBUTED_ID = "unattributed"
OWNER_LABEL = "(account owner)"
UNATTRIBUTED_LABEL = "(unattributed)"
NOT_PEOPLE = frozenset({OWNER_ID, UNATTRIBUTED_ID})
# Layouts whose writer does not say who in a group wrote a line: MemoTrace's AI TXT writes a name only when
# the side (owner / others) changes, so every other member's text follows the first one's name.
GROUP_SENDER_UNKNOWN = frozenset({"memotrace-ai-txt"})


@dataclass
class Person:
    person_id: str
    display_name: str
    names: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # masked
    conversations: set[str] = field(default_factory=set)


def person_id(key: bytes, canonical: str) -> str:
    return "P" + fingerprint(key, "PERSON_ID", canonical)[:10]


def masked_id(key: bytes, value: str) -> str:
    """An identifier shown in a report: its ends and a short fingerprint, never the whole value."""
    v = value.strip()
    keep = 2 if len(v) >= 8 else 1
    shown = v[:keep + 1] + "*" * max(1, len(v) - 2 * keep - 1) + v[len(v) - keep:]
    return f"{shown} ({fingerprint(key, 'PERSON_ID', name_key(v))[:6]})"


def attribute(result, identities: Identities, key: bytes) -> dict[str, Person]:
    """Set person_id and data_subject on every finding of `result`; returns the people by person_id
    (also kept as result.people)."""
    infer_owner(identities)
    owner_roots = {identities._find(o) for o in identities.owner_keys}
    people: dict[str, Person] = {}
    by_root: dict[str, Person] = {}
    # how the scan already showed each subject (a name as it is, a phone number masked with its fingerprint)
    shown = {f.subject_raw: f.data_subject for f in result.findings if f.subject_raw}

    def person_of(root: str) -> Person:
        if root not in by_root:
            pid = person_id(key, identities.canonical(root))
            names, ids = identities.spellings(root)
            display = identities.display_name(root)
            if is_id(display):
                display = shown.get(display) or masked_id(key, display)
            person = Person(pid, display, names, [shown.get(i) if shown.get(i, i) != i else masked_id(key, i)
                                                  for i in ids])
            by_root[root] = people[pid] = person
        return by_root[root]

    # A value the owner sends into two or more chats is the owner's own (an advert, a signature).
    owner_sent: dict[str, set[str]] = defaultdict(set)
    for f in result.findings:
        if f.sender_raw and identities._find(name_key(f.sender_raw)) in owner_roots:
            owner_sent[f.fingerprint].add(f.conversation_raw or f.conversation)
    owners_own = {fp for fp, conversations in owner_sent.items() if len(conversations) >= 2}

    spooled = not isinstance(result.findings, list)  # past SPOOL_AT findings stream from disk: write anew
    if spooled:
        attributed = result.findings.new_empty()
    for f in result.findings:
        conversation = f.conversation_raw or f.conversation
        subject = f.subject_raw
        sender_root = identities.cluster(f.sender_raw)
        if identities.is_group(f.file, conversation):
            group_root = identities.cluster(conversation)
            if not subject or identities.cluster(subject) == group_root:
                known = sender_root and sender_root not in owner_roots and sender_root != group_root
                subject = f.sender_raw if known else ""  # 2.x DOCX names no sender in a group: unknown
            elif sender_root in owner_roots and f.fingerprint not in owners_own and not is_name_field(f.field):
                subject = ""  # what the owner writes into a group is about someone the rules cannot tell
            if f.format in GROUP_SENDER_UNKNOWN and sender_root not in owner_roots:
                subject = ""
        root = identities.cluster(subject) if subject and subject != UNKNOWN_SUBJECT else ""
        if root and root in owner_roots or (f.fingerprint in owners_own and sender_root in owner_roots):
            f.person_id, f.data_subject = OWNER_ID, OWNER_LABEL
        elif not root:
            f.person_id, f.data_subject = UNATTRIBUTED_ID, UNATTRIBUTED_LABEL
        else:
            person = person_of(root)
            person.conversations.add(f.conversation)
            f.person_id, f.data_subject = person.person_id, person.display_name
        if spooled:
            attributed.append(f)  # after the change: the spool pickles what it is given
    if spooled:
        result.findings.close()
        result.findings = attributed
    result.people = people
    return people
