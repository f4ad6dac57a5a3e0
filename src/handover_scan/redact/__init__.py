"""A de-identified copy of an export, in the export's own formats (`handover-scan redact`).

Steps: scan the original (the values found and the names the export reveals), rewrite every readable file
into `out` with those values replaced per the policy, withhold what cannot be rewritten, scan the copy again
and write redaction_report.json. Everything is callable from Python:

    from handover_scan.redact import redact, RedactOptions
    outcome = redact(["export/"], "export-redacted/")
    outcome.exit_code   # 0 clean, 1 something left (see outcome.report["verification"]), 2 input not all read
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.definitions import load_definitions
from handover_scan.engine.names import collect_names
from handover_scan.keys import load_key
from handover_scan.people import Identities
from handover_scan.people.identity import is_name_field
from handover_scan.redact.core import CopyWriter, make_private_dir, write_private
from handover_scan.redact.persons import PersonPseudonyms, name_candidates
from handover_scan.redact.policy import NOT_NAMES, RedactPolicy, Replacer
from handover_scan.redact.residue import find_residue
from handover_scan.redact.verify import dump, report_dict, summary_lines, verify
from handover_scan.scan import ScanOptions, ScanResult, iter_records, scan

REPORT_NAME = "redaction_report.json"
EXIT_CLEAN, EXIT_LEFTOVER, EXIT_INCOMPLETE = 0, 1, 2
# Formats whose conversation is only the file's name (customers.csv), not a chat partner's or group's name.
# A chat export names its conversations after people (MemoTrace <备注>.docx, <备注>_utf8.csv): those names are
# replaced wherever they appear, like the names in contact fields.
NAMELESS_FORMATS = {"generic-csv", "generic-json", "generic-jsonl", "generic-xlsx", "text"}
LIST_WORDS = ("contacts", "members", "users", "list")  # contact and member lists: named by file, not by a person


class RedactError(ValueError):
    """A request that cannot be carried out (bad --out); the message names the path, never content."""


@dataclass
class RedactOptions:
    policy: RedactPolicy = field(default_factory=RedactPolicy)
    key: bytes | None = None
    recognizer_dirs: tuple[Path, ...] = ()
    jobs: int = 0  # worker processes for the two scans, 0: as scan decides (the rewrite runs in this process)


@dataclass
class RedactOutcome:
    report: dict
    summary: list[str]
    exit_code: int


def check_out(paths: list[Path], out: Path) -> None:
    """--out must be a new or empty folder, not inside (or equal to) an input, and not holding an input."""
    target = out.resolve()
    for path in paths:
        source = path.resolve()
        if target == source or target.is_relative_to(source) or source.is_relative_to(target):
            raise RedactError(f"--out {out} is inside the input {path} (or holds it); choose a folder elsewhere")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise RedactError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise RedactError(f"--out {out} is not empty; the copy goes into a new or empty folder")


def known_values(result: ScanResult, names: Iterable[str], min_score: float) -> dict[str, str]:
    """Raw value -> entity type, in memory only: what the scan found, plus the names the export reveals."""
    values: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if len(name) >= 2 and name not in NOT_NAMES and not name.isascii():
            values[name] = "PERSON"
    for finding in result.findings:
        if finding.score >= min_score and finding.value.strip():
            values.setdefault(finding.value, finding.entity_type)
    return values


def redact(paths: Iterable[Path | str], out: Path | str, options: RedactOptions = RedactOptions()) -> RedactOutcome:
    paths = list({Path(p).resolve(): Path(p) for p in paths}.values())  # a path given twice is copied once
    out = Path(out)
    for path in paths:
        if not path.exists():
            raise RedactError(f"{path}: no such file or folder")
    check_out(paths, out)
    key = options.key or load_key()
    definitions = load_definitions(options.recognizer_dirs)
    analyzer = Analyzer(definitions)
    scan_options = ScanOptions(recognizer_dirs=options.recognizer_dirs, key=key, jobs=options.jobs)
    original = scan(paths, scan_options, analyzer if options.jobs == 1 else None)
    conversations: set[str] = set()
    names_in: dict[str, set[str]] = defaultdict(set)  # file -> the names its name fields and senders hold

    def noting_conversations(records):
        for record in records:
            if record.format not in NAMELESS_FORMATS and not any(w in record.format for w in LIST_WORDS):
                conversations.add(record.conversation)
            if isinstance(record.text, str) and len(record.text) <= 64 and is_name_field(record.field):
                names_in[record.file].add(record.text)
            if isinstance(record.sender, str) and record.sender:
                names_in[record.file].add(record.sender)
            yield record

    identities = Identities()  # who is who, as the scan's attribution sees it: one pseudonym per person
    names = collect_names(identities.observe(noting_conversations(iter_records(paths, ScanResult()))), definitions)
    analyzer.register_names(names, replace=True)  # the rewrite's analyzer knows the export's names
    names |= conversations
    persons = PersonPseudonyms(key, identities, name_candidates(analyzer))
    replacer = Replacer(analyzer, key, options.policy, known_values(original, names, options.policy.min_score),
                        persons)
    writer = CopyWriter(replacer)

    make_private_dir(out)
    os.chmod(out, 0o700)  # an existing empty folder too
    copy_roots: dict[str, Path] = {}
    used: Counter = Counter()
    for path in paths:
        name = writer.rename_part(path.name) if (len(paths) > 1 or path.is_file()) else ""
        used[name] += 1
        if used[name] > 1:
            name = f"{name}-{used[name]}"
        target = out / name if name else out
        writer.prefix = f"{name}/" if name and path.is_dir() else ""
        copy_roots[str(path)] = target
        writer.copy_tree(path, target)

    copies = [root for root in copy_roots.values() if root.exists()]
    copy = scan(copies, scan_options) if copies else ScanResult()

    def rename(root: str, file: str) -> tuple[str, str]:
        target = copy_roots.get(root)
        if target is None:
            return root, file
        if Path(root).is_file():
            return str(target), target.name
        return str(target), writer.rename(file)

    def show(root: str, file: str) -> str:
        """A copy file as the report names it: relative to --out."""
        try:
            return (Path(root) / file).relative_to(out).as_posix() if Path(root) != out else file
        except ValueError:
            return file

    withheld = {outcome.copy for outcome in writer.outcomes if outcome.withheld}
    merged = {file: n for file, names in names_in.items() if (n := persons.merged(names))}
    verification = verify(original, copy, rename, options.policy.min_score, show, withheld, merged)
    verification.residue = find_residue(out, replacer)  # before the report is written: it is not part of the copy
    # the copy is incomplete where an input could not be read, or a readable file could not be rewritten
    incomplete = [{"file": show(*rename(r.root, r.file)), "error": r.error} for r in original.files if r.error]
    incomplete += [{"file": o.copy, "error": o.error} for o in writer.outcomes
                   if o.error and o.copy not in {item["file"] for item in incomplete}]
    report = report_dict(writer.outcomes, writer.names, verification, options.policy, incomplete)
    write_private(out / REPORT_NAME, dump(report))
    summary = summary_lines(report)
    if incomplete:
        summary.append(f"{len(incomplete)} input files could not be read or rewritten completely "
                       "(redaction_report.json input_errors); the copy is not complete")
    code = EXIT_LEFTOVER if not verification.passed else EXIT_INCOMPLETE if incomplete else EXIT_CLEAN
    return RedactOutcome(report, summary, code)


__all__ = ["RedactError", "RedactOptions", "RedactOutcome", "RedactPolicy", "redact", "REPORT_NAME"]
