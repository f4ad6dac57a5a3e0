"""Names are values too: file, folder, archive-member, sheet and conversation names are scanned.

WhatsApp names a chat file `WhatsApp Chat with +86 137 0000 1111.txt`; a folder can be named after
a customer's ID number. Each distinct name becomes one record of its own (format NAME_FORMAT), so
its values are findings like any other (counted, gated). After the scan, mask_paths() rewrites every
file path in the result with the values those findings found masked, so no report or terminal line
shows a name's value raw.

Only names that could hold a value are scanned (a non-ASCII letter, an @ or a run of 5+ digits):
`chat.csv`, `IMG_1234.jpg` and `export/` cost nothing.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from handover_scan.records import UNKNOWN_SUBJECT, Record
from handover_scan.spool import updating

NAME_FORMAT = "name"
_SEPARATORS = re.compile(r"([/!])")
_SHEET = re.compile(r"^(.*)!row:\d+$", re.S)
_LONG_NUMBER = re.compile(r"\d(?:[ \-]?\d){5,}")  # as findings._LONG_NUMBER (not imported: exports stay below findings)


_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){4,}")  # 5+ digits: the shortest number value (a QQ number)


def could_hold_value(name: str) -> bool:
    """Cheap check first: an ASCII name can hold a value only with an @ or a run of 5+ digits
    (IMG_1234.jpg, a1b2c3.dat and chat.csv cost no analyzer call)."""
    return not name.isascii() or "@" in name or _DIGIT_RUN.search(name) is not None


def _record(path: str, field: str, text: str) -> Record:
    return Record(path, NAME_FORMAT, "name", "", UNKNOWN_SUBJECT, field, text)


def path_name_records(relpath: str, seen: set[str], field: str = "") -> Iterator[Record]:
    """Records for the folder, archive and member names of relpath not seen yet, then its own name.

    `a/2024/b.zip!x/y.csv`: folders `a`, `a/2024`, archive `a/2024/b.zip`, member folder
    `a/2024/b.zip!x`, then the file. Each record's file is the path up to that name.
    """
    parts = _SEPARATORS.split(relpath)
    prefix = ""
    for index in range(0, len(parts), 2):
        name = parts[index]
        path = prefix + name
        last = index == len(parts) - 1
        if last:
            kind = field or ("archive member name" if "!" in relpath else "file name")
        else:
            kind = "archive name" if parts[index + 1] == "!" else "folder name"
        if (last or path not in seen) and name and could_hold_value(name):
            if not last:
                seen.add(path)
            yield _record(path, kind, name)
        if not last:
            prefix = path + parts[index + 1]


def disk_folders(relpath: str) -> list[str]:
    """The paths path_name_records names above a unit's file on disk: `a`, `a/b` for `a/b/c.zip`; `a`, `a/sub`
    for a skipped folder `a/sub/`; `x`, `x!y` for a folder named `x!y` (a `!` separates names there too)."""
    if "/" not in relpath:
        return []
    parts = _SEPARATORS.split(relpath.rsplit("/", 1)[0])
    return ["".join(parts[:end + 1]) for end in range(0, len(parts), 2)]


def new_folder_records(relpath: str, seen: set[str]) -> tuple[Record, ...]:
    """Records for the folder names above relpath that no earlier file of the scan had above it: a folder
    holding 1,000 files is one finding (and one analyzer call), not 1,000. seen: the scan's, per root."""
    if "/" not in relpath:
        return ()
    return tuple(path_name_records(relpath.rsplit("/", 1)[0] + "/", seen))


def root_name_records(given: str, name: str) -> tuple[Record, ...]:
    """The scanned folder's own name (`scan /data/王小美的微信`): the export's folder, named after a customer.
    Its record's file is the folder's name, however the folder was given (`/data/王小美的微信`, `王小美的微信/`,
    `scan .`): a baseline keys a finding on its file, so the same name must match whichever way the folder is
    given next time. The folders above it are the operator's and are not scanned.

    >>> [(r.file, r.field, r.text) for r in root_name_records("/data/王小美的微信", "王小美的微信")]
    [('王小美的微信', 'folder name', '王小美的微信')]
    """
    if not name:
        return ()
    return tuple(path_name_records(name + "/", set()))


def record_name_records(record: Record, seen: set[tuple[str, str]]) -> Iterator[Record]:
    """A conversation or sheet name a file's records carry, once per file and name."""
    candidates = [("conversation name", record.conversation)]
    sheet = _SHEET.match(record.locator)
    if sheet:
        candidates.append(("sheet name", sheet.group(1)))
    for field, name in candidates:
        if name and (field, name) not in seen and could_hold_value(name):
            seen.add((field, name))
            yield Record(record.file, NAME_FORMAT, "name", name if field == "conversation name" else "",
                         UNKNOWN_SUBJECT, field, name)


def masked_names(findings) -> dict[str, str]:
    """{raw name: name with its values masked} from the findings of name records."""
    spans: dict[str, list] = {}
    for finding in findings:
        if finding.format == NAME_FORMAT and finding.field in PATH_FIELDS:
            name = finding.file.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
            spans.setdefault(name, []).append(finding)
    masked = {}
    for name, found in spans.items():
        text, end = [], 0
        for finding in sorted(found, key=lambda f: (f.start, -f.end)):
            if finding.start < end:
                continue  # overlapping results: the first, longest one is shown
            text.append(name[end:finding.start])
            text.append(f"{finding.masked_value} ({finding.fingerprint[:6]})")
            end = finding.end
        text.append(name[end:])
        values = sorted({name[f.start:f.end] for f in found if f.end > f.start}, key=len, reverse=True)
        masked[name] = "".join(_rest(part, values) if i % 2 == 0 else part for i, part in enumerate(text))
    return masked


def _rest(part: str, values: list[str]) -> str:
    """The text between a name's findings: the same values again (where no recognizer kept them, as in
    `京A12345A`) and, as in context windows, runs of 6+ digits are masked too."""
    for value in values:
        part = part.replace(value, "[VALUE]")
    return _LONG_NUMBER.sub("[NUMBER]", part)


PATH_FIELDS = frozenset({"file name", "folder name", "archive name", "archive member name"})


def mask_path(path: str, masked: dict[str, str]) -> str:
    """path with every name that holds a value masked."""
    if not masked or not path:
        return path
    return "".join(masked.get(part, part) for part in _SEPARATORS.split(path))


# As for field names and conversations: words are left alone, a person's or place's name as the export
# gives it is what the reports use to say whose information it is (scan.NAME_TYPES_KEPT).
WORD_TYPES = frozenset({"MEDICAL", "PERSON", "LOCATION"})


def _word(finding) -> bool:
    return finding.format == NAME_FORMAT and finding.entity_type in WORD_TYPES


def mask_paths(result, values=None) -> None:
    """Drop the word findings of names (a contact's name as a chat folder's name), then rewrite every file
    path of a ScanResult (files and findings) with the values in names masked. values (an empty
    found_values.FoundValues, filled here, or None): every identifier the scan found anywhere is masked too
    wherever a path, root, conversation, locator, field, context or person name holds it. Findings spooled to
    disk (a big scan) are streamed through once more."""
    findings = result.findings
    dropped: dict[str, int] = {}
    finding_files: set[str] = set()
    for finding in findings:  # one pass (a spool streams from disk): words dropped, values collected
        if _word(finding):
            dropped[finding.file] = dropped.get(finding.file, 0) + 1
        if values is not None:
            values.add(finding)
            finding_files.add(finding.file)
    for report in updating(result.files) if dropped else ():  # files past 1,000: a spool, written back
        report.findings -= dropped.get(report.file, 0)
    masked = masked_names(f for f in findings if not _word(f))
    if values is not None and len(values):
        _add_found(masked, values, (p for r in result.files for p in (r.file, r.root)), finding_files)
    result.name_masks = masked  # for the roots the caller shows (mask_root(str(root), result.name_masks))
    text = values.mask if values is not None and len(values) else None
    if isinstance(findings, list):
        if dropped:
            findings[:] = [f for f in findings if not _word(f)]
        kept = findings
    else:
        kept = findings.new_empty()  # a FindingSpool: a new one (outside the inputs), written in batches
        batch: list = []
    for report in updating(result.files):  # files past 1,000: a spool, written back
        report.file = mask_path(report.file, masked)
        report.root = mask_path(report.root, masked)  # the folders above: mask_root where it is shown
    if not masked and not text and isinstance(findings, list):
        return
    for finding in findings:
        if not isinstance(findings, list) and _word(finding):
            continue
        finding.file = mask_path(finding.file, masked)
        if finding.format == NAME_FORMAT and finding.field == "conversation name":
            finding.conversation = mask_path(finding.conversation, masked)
        if text and values.holds("\x1f".join((finding.conversation, finding.data_subject, finding.locator,
                                               finding.field, *finding.context))):
            _mask_names_of(finding, text)  # most findings hold no found value in any of these: one check
        if text and any(finding.context):  # a value cut by the window's edge (mask() takes whole ones)
            finding.context = values.mask_cut(finding.context)
        if not isinstance(findings, list):
            batch.append(finding)
            if len(batch) >= 10_000:
                kept.extend(batch)
                batch = []
    if text:
        for person in getattr(result, "people", {}).values():
            person.display_name = text(person.display_name)
            person.names = [text(n) for n in person.names]
            person.conversations = {text(c) for c in person.conversations}
    if not isinstance(findings, list):
        kept.extend(batch)
        result.findings = kept


def _add_found(masked: dict[str, str], values, *paths) -> None:
    """masked, with every path part that holds a found value (as shown after the names pass) added."""
    done: set[str] = set()
    for group in paths:
        for path in group:
            for part in _SEPARATORS.split(path or ""):
                if part in done or part in "/!":
                    continue
                done.add(part)
                shown = values.mask(masked.get(part, part))
                if shown != masked.get(part, part):
                    masked[part] = shown


def _mask_names_of(finding, text) -> None:
    """A finding's conversation, data subject, locator, field and context with the found values masked (in
    locators and fields only ids, not numbers: a number key that is a value was masked by scan.masked_locator
    already)."""
    conversation = text(finding.conversation)
    if conversation != finding.conversation:
        finding.conversation_raw = finding.conversation_raw or finding.conversation  # allowlists name it raw
        finding.conversation = conversation
    finding.data_subject = text(finding.data_subject)
    finding.locator = text(finding.locator, numbers=False)  # row and line numbers, array indices stay
    finding.field = text(finding.field, numbers=False)
    if any(finding.context):  # a wxid beside a phone number, in a message with no WeChat word, is still one
        finding.context = (text(finding.context[0]), text(finding.context[1]))


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def mask_unscanned(part: str) -> str:
    """A name the scan did not analyze (a folder above the one given on the command line): as in context
    windows, e-mail addresses and runs of 6+ digits masked.

    >>> mask_unscanned("身份110105199001011234"), mask_unscanned("a@b.cn"), mask_unscanned("IMG_1234")
    ('身份[NUMBER]', '[EMAIL]', 'IMG_1234')
    """
    return _LONG_NUMBER.sub("[NUMBER]", _EMAIL.sub("[EMAIL]", part))


def mask_root(path: str, masked: dict[str, str]) -> str:
    """A path given on the command line as the reports show it: the names the scan analyzed masked with
    what it found (mask_path), the folders above them, which it does not analyze, with mask_unscanned.
    A FileReport's root (mask_path'ed by the scan) may be given too: its masked names are left as they are.

    >>> mask_root("身份110105199001011234/sub/王小美13709722233", {"王小美13709722233": "王小美137****2233 (a1b2c3)"})
    '身份[NUMBER]/sub/王小美137****2233 (a1b2c3)'
    """
    return root_masker(masked)(path)


def root_masker(masked: dict[str, str]) -> Callable[[str], str]:
    """mask_root for many paths (report.json's root of every file): the few distinct roots masked once each."""
    shown, done = frozenset(masked.values()), {}

    def mask(path: str) -> str:
        if path not in done:
            done[path] = "".join(masked[part] if part in masked else part if part in shown
                                 else mask_unscanned(part) for part in _SEPARATORS.split(path)) if path else path
        return done[path]

    return mask
