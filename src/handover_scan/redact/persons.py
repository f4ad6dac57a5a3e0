"""One pseudonym per person, not per name: 王小美 (remark), 小美 (nickname), wxid_... and the sender 小美 of a
chat are one person in the attribution work (people/identity.py), so they get one stand-in, in every file.

The pseudonym is the keyed HMAC of the person's person_id (people/attribution.py: itself a keyed fingerprint
of the person's canonical identifier); a name that belongs to no known person falls back to the HMAC of the
name. Nothing is written: the table lives in memory for one run and the key stays outside the copy.

>>> from handover_scan.people import Identities
>>> ids = Identities()
>>> ids.link("王小美", "wxid_abc123"); ids.link("小美", "wxid_abc123")
>>> persons = PersonPseudonyms(b"k", ids)
>>> persons.pseudonym("王小美") == persons.pseudonym("小美") != persons.pseudonym("李娜")
True
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from handover_scan.people import Identities
from handover_scan.people.attribution import person_id
from handover_scan.people.identity import key as name_key
from handover_scan.people.owner import infer_owner
from handover_scan.redact.pseudonym import person_pseudonym


class PersonPseudonyms:
    """name -> 客户NNNNNN, the same for every name of one person. Without identities: one per name.

    candidates(name) -> the personal names inside a remark (王建国 in `王建国 江阴装修`): a mention of one of
    them in a message is that person too, unless it names more than one person."""

    def __init__(self, key: bytes, identities: Identities | None = None,
                 candidates: Callable[[str], Iterable[str]] | None = None):
        self.key = key
        self._root: dict[str, str] = {}  # name key -> the person's root key
        self._pseudonyms: dict[str, str] = {}  # root -> pseudonym
        self._identities = identities
        if identities is None:
            return
        infer_owner(identities)  # links the other party of a 1:1 chat to its subject, as attribution does
        self._groups = identities.members()
        for root, keys in self._groups.items():
            for k in keys:
                self._root[k] = root
        if candidates is None:
            return
        inside: dict[str, set[str]] = defaultdict(set)
        for k, spellings in identities.raw.items():
            for _, spelling in spellings:
                for candidate in candidates(spelling):
                    inside[name_key(candidate)].add(self._root[k])
        for k, roots in inside.items():
            if k and k not in self._root and len(roots) == 1:
                self._root[k] = next(iter(roots))

    def merged(self, names: Iterable[str]) -> int:
        """How many of these distinct names share a pseudonym with another of them (one person's remark and
        nickname: 1). Readers report each distinct name once per file, so a copy may read back with up to
        this many fewer name records (verify.py)."""
        roots: dict[str, set[str]] = defaultdict(set)
        for name in names:
            root = self._root.get(name_key(name)) if name.strip() else None
            if root is not None:
                roots[root].add(name.strip())
        return sum(len(spellings) - 1 for spellings in roots.values())

    def knows(self, name: str) -> bool:
        """Whether name belongs to a known person (else its pseudonym is the name's own)."""
        return bool(name.strip()) and name_key(name) in self._root

    def person_of(self, name: str) -> str:
        """The person_id `name` belongs to, '' when no known person has it."""
        root = self._root.get(name_key(name)) if name.strip() else None
        return person_id(self.key, self._identities.canonical(root, self._groups)) if root else ""

    def pseudonym(self, name: str, prefix: str = "客户") -> str:
        root = self._root.get(name_key(name)) if name.strip() else None
        if root is None:
            return person_pseudonym(self.key, name, prefix)
        if root not in self._pseudonyms:
            self._pseudonyms[root] = person_pseudonym(self.key, self.person_of(name), prefix, kind="PERSON_ID")
        return self._pseudonyms[root]


def person_pseudonyms(paths: Iterable[Path | str], key: bytes, analyzer=None) -> PersonPseudonyms:
    """The pseudonyms `redact` gives the people of an export (for tests and callers that need to find one)."""
    from handover_scan.scan import ScanResult, iter_records

    identities = Identities()
    for record in iter_records([Path(p) for p in paths], ScanResult()):
        identities.learn(record)
    return PersonPseudonyms(key, identities, name_candidates(analyzer) if analyzer else None)


def name_candidates(analyzer) -> Callable[[str], Iterable[str]] | None:
    """The PERSON recognizer's own split of a remark into names (the names it registers as known)."""
    for recognizer in analyzer.engine.registry.recognizers:
        if hasattr(recognizer, "name_candidates"):
            return recognizer.name_candidates
    return None
