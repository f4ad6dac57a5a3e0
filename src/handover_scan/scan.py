"""Walk the given paths, read every export, analyze every record, collect findings.

The scan is split into units of work, one file on disk each (handover_scan/units.py):

    units = plan_units(paths, options.exclude)   # the walk; nothing is decoded yet
    unit_names(unit, definitions)                # names pass: contact and sender names, per unit
    scan_unit(unit, analyzer, key) -> UnitResult # read + analyze one unit (any process)
    merge_unit(result, unit_result)              # in unit order: the same findings, same order, any --jobs

With jobs > 1 (default: every CPU) both passes run in worker processes that each hold one
Analyzer (pool.py); a file bigger than BIG_UNIT is read by the main process while its record
batches are analyzed in the pool, so one huge chat still uses every core. A file that cannot be
read or parsed is listed with its error and the scan goes on.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from handover_scan.exports.pathnames import mask_paths
from handover_scan.findings import Finding, fingerprint, make_finding, mask, normalize
from handover_scan.keys import load_key
from handover_scan.messages import message
from handover_scan.people import Identities, attribute
from handover_scan.records import Record
from handover_scan.units import (BATCH, FileReport, UnitResult, WorkUnit, count_findings,  # noqa: F401
                                 learn_identities, note_error, plan_units, read_unit, scan_unit, unit_names)

SPOOL_AT = 50_000  # findings held in memory; more go to a spool on disk (spool.py)
FILES_IN_MEMORY = 1_000  # file reports (and planned units) held in memory; more go to a spool on disk
SMALL_SCAN = 4 << 20  # bytes in all: scanned in this process whatever --jobs is
BIG_UNIT = 64 << 20  # bytes: a file this big is read by the main process and analyzed by the pool in batches


@dataclass
class ScanResult:
    """Files (with records, findings and errors each) and findings, in the scan's order.

    `findings` is a list for small scans; past SPOOL_AT findings scan() moves them to a FindingSpool
    on disk (spool.py), a sequence that streams when iterated and loads everything when indexed;
    `files` likewise past FILES_IN_MEMORY file reports.
    Prefer iter_findings() (a stream either way) where a stream will do."""
    findings: list[Finding] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    people: dict = field(default_factory=dict)  # person_id -> people.Person, set by people.attribute
    inputs: tuple[Path, ...] = field(default=(), repr=False, compare=False)  # the spool stays out of them
    in_memory: bool = field(default=False, repr=False, compare=False)  # no spool could be made
    # who is who across the export, learned unit by unit from the records read for analysis (merge_unit)
    identities: Identities = field(default_factory=Identities, repr=False, compare=False)

    def iter_findings(self) -> Iterator[Finding]:
        return iter(self.findings)

    def add_findings(self, findings: list[Finding]) -> None:
        self.findings.extend(findings)
        if isinstance(self.findings, list) and len(self.findings) > SPOOL_AT:
            self.findings = self._spooled(self.findings)

    def add_files(self, reports: list[FileReport]) -> None:
        """Past FILES_IN_MEMORY file reports go to a spool on disk too: 100,000 small files need no more
        memory than 1,000 (change them in place through spool.updating, which writes the changes back)."""
        self.files.extend(reports)
        if isinstance(self.files, list) and len(self.files) > FILES_IN_MEMORY:
            self.files = self._spooled(self.files)

    def _spooled(self, items: list):
        """`items` moved to a spool on disk (spool.py), or left in memory if no spool can be made."""
        if self.in_memory:
            return items
        from handover_scan.spool import Spool

        try:
            spool = Spool(avoid=self.inputs)
        except OSError:  # no writable temporary folder outside the input: memory, not a lost scan
            self.in_memory = True
            return items
        spool.extend(items)
        return spool

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.skipped]

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def complete(self) -> bool:
        return not self.errors


def default_jobs() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class ScanOptions:
    recognizer_dirs: tuple[Path, ...] = ()
    key: bytes | None = None
    # worker processes; 1 scans in this process; 0 (default): one per CPU, or this process for a small scan
    jobs: int = 0
    exclude: tuple[Path, ...] = ()


def iter_records(paths: Iterable[Path], result: ScanResult, exclude: tuple[Path, ...] = (),
                 on_file: Callable[[FileReport], None] | None = None, names: bool = False) -> Iterator[Record]:
    """Records of every file under paths; fills result.files as it goes. `exclude` holds folders (the
    report folder) and files (the baseline and config the scan reads) that are not scanned. With names,
    file, folder, member, sheet and conversation names come as records too (units.read_unit)."""
    for unit in plan_units(paths, exclude):
        yield from read_unit(unit, result.files, on_file, names)


def analyze_records(analyzer, records: list[Record], key: bytes) -> list[list[Finding] | str]:
    """analyze_safely() for each record, batch recognizers prepared once for all of them."""
    try:
        analyzer.prepare_batch([(r.text, r.field) for r in records])
    except Exception:  # noqa: BLE001 - then each record is analyzed on its own, and fails on its own
        analyzer.release_batch()
    try:
        return [analyze_safely(analyzer, r, key) for r in records]
    finally:
        analyzer.release_batch()


def analyze_safely(analyzer, record: Record, key: bytes) -> list[Finding] | str:
    """The record's findings, or (if analysis fails on it) an error naming the problem, never the text."""
    try:
        return analyze_record(analyzer, record, key)
    except Exception as exc:  # noqa: BLE001 - one record's failure is its file's error, not the scan's
        return message("analysis.failed_rest_scanned", type=type(exc).__name__)


_analyze_safely = analyze_safely  # the name other modules used


def analyze_record(analyzer: Analyzer, record: Record, key: bytes) -> list[Finding]:
    entities = analyzer.definitions.entities
    results = analyzer.analyze(record.text, record.field)
    findings = [make_finding(record, r, entities[r.entity_type], key, results) for r in results]
    if findings:
        field, locators = masked_field(analyzer, record.field), {}
        conversation = masked_name(analyzer, record.conversation, key)
        subject = masked_name(analyzer, record.data_subject, key)
        for finding in findings:
            finding.field = field
            if conversation != finding.conversation:
                finding.conversation_raw = finding.conversation  # allowlist entries name it as the export does
                finding.conversation = conversation
            finding.data_subject = subject
            if finding.locator not in locators:
                locators[finding.locator] = masked_locator(analyzer, finding.locator)
            finding.locator = locators[finding.locator]
    return findings


# Field names and locators come from the export's keys and headers, which are sometimes values
# themselves: JSON keyed by phone number (`json:/13912345678/text`), a header-less CSV whose first
# row became the header (field `13912345678`). Every part of them the analyzer recognizes is shown
# as [ENTITY_TYPE], as in context windows. Words are left alone: MEDICAL (过敏史 is a label, not a
# value), PERSON and LOCATION (names as the export gives them, like conversation and data subject).
NAME_TYPES_KEPT = frozenset({"MEDICAL", "PERSON", "LOCATION"})
_OFFSET = re.compile(r"@\d+$")


@lru_cache(maxsize=1 << 16)
def _masked_part(analyzer: Analyzer, part: str) -> str:
    if not part or part.isdigit() and len(part) < 7:  # array indices, row numbers
        return part
    results = [r for r in analyzer.analyze(part) if r.entity_type not in NAME_TYPES_KEPT]
    for r in sorted(results, key=lambda r: r.start, reverse=True):
        part = part[:r.start] + f"[{r.entity_type}]" + part[r.end:]
    return part


@lru_cache(maxsize=1 << 16)
def masked_name(analyzer: Analyzer, name: str, key: bytes, also: tuple[tuple[int, int, str], ...] = ()) -> str:
    """A conversation or data-subject name with any value in it masked, as `masked_value (fingerprint[:6])` so
    that different people stay different: WhatsApp names an unsaved contact by their phone number. also:
    (start, end, entity_type) the caller knows hold a value (batch.tasks.account_ids), where none was found."""
    if not name or not any(ch.isdigit() or ch == "@" for ch in name):
        return name  # only numbers and e-mail addresses make a name a value; words stay as they are
    spans = [(r.start, r.end, r.entity_type) for r in analyzer.analyze(name) if r.entity_type not in NAME_TYPES_KEPT]
    spans += [s for s in also if not any(s[0] < end and start < s[1] for start, end, _ in spans)]
    entities = analyzer.definitions.entities
    for start, end, entity_type in sorted(spans, reverse=True):
        normalized = normalize(entity_type, name[start:end])
        shown = f"{mask(normalized, entities[entity_type])} ({fingerprint(key, entity_type, normalized)[:6]})"
        name = name[:start] + shown + name[end:]
    return name


def masked_field(analyzer: Analyzer, field: str) -> str:
    """The field name with any value in it masked; `/`-separated key paths part by part, `@offset` kept."""
    offset = _OFFSET.search(field)
    name, suffix = (field[:offset.start()], offset.group()) if offset else (field, "")
    return "/".join(_masked_part(analyzer, part) for part in name.split("/")) + suffix


def masked_locator(analyzer: Analyzer, locator: str) -> str:
    """`json:/pointer` segment by segment; `<sheet>!row:N` the sheet name; `row:N`, `line:N` as they are."""
    if locator.startswith("json:"):
        return "json:" + "/".join(_masked_part(analyzer, part) for part in locator[5:].split("/"))
    sheet, sep, rest = locator.rpartition("!")
    return f"{_masked_part(analyzer, sheet)}!{rest}" if sep else locator


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a looping link: reported by iter_sources
        return path.absolute()


def distinct_roots(paths: Iterable[Path | str]) -> list[Path]:
    """The paths to scan: each once, as first given, and none inside a folder given too (its findings would
    count twice). `scan exp exp/chat.txt ./exp` scans `exp`."""
    given: dict[Path, Path] = {}
    for p in paths:
        given.setdefault(_identity(Path(p)), Path(p))
    folders = [real for real in given if real.is_dir()]
    return [p for real, p in given.items() if not any(real != f and real.is_relative_to(f) for f in folders)]


def _batches(records: Iterator[Record]) -> Iterator[list[Record]]:
    while batch := list(itertools.islice(records, BATCH)):
        yield batch


def _consumed(units: list[WorkUnit]) -> Iterator[WorkUnit]:
    """The units in order, each let go of once scanned. Past FILES_IN_MEMORY units they stream from a spool
    on disk (plan_units), so neither the plan nor the file reports of 100,000 small files stay in memory."""
    if not isinstance(units, list):
        yield from units
        return
    units.reverse()
    while units:
        yield units.pop()


def merge_unit(result: ScanResult, unit_result: UnitResult) -> None:
    """Add one unit's files and findings; call in unit order."""
    result.add_files(unit_result.files)
    result.add_findings(unit_result.findings)
    result.identities.merge(unit_result.identities)


def scan(paths: Iterable[Path | str], options: ScanOptions = ScanOptions(), analyzer=None,
         on_record: Callable[[int], None] | None = None,
         on_file: Callable[[FileReport], None] | None = None) -> ScanResult:
    """Scan files and folders; the library entry point behind `handover-scan scan`.

    on_record(n) is called after n more records were analyzed, on_file(report) when a file is opened
    (with jobs > 1: when its results arrive). Findings come in the same order whatever options.jobs is."""
    from handover_scan.engine.definitions import load_definitions

    key = options.key or load_key()
    paths = distinct_roots(paths)  # a path given twice, or inside a folder given too, is scanned once
    result = ScanResult(inputs=tuple(paths))
    units = plan_units(paths, options.exclude, spill_at=FILES_IN_MEMORY, avoid=paths)  # a spool past that
    definitions = analyzer.definitions if analyzer else load_definitions(options.recognizer_dirs)
    jobs = options.jobs or default_jobs()
    if not options.jobs and sum(u.size for u in units) < SMALL_SCAN:
        jobs = 1  # starting workers (each builds an Analyzer) costs more than a small scan
    jobs = max(1, min(jobs, sum(u.path is not None for u in units)))
    if jobs <= 1 or analyzer is not None:
        from handover_scan.engine.analyzer import Analyzer

        # names pass: the names the export's contact lists and chat headers reveal (PERSON mentions)
        names = frozenset(itertools.chain.from_iterable(unit_names(u, definitions) for u in units))
        analyzer = analyzer or Analyzer(definitions)
        analyzer.register_names(names, replace=True)
        for unit in _consumed(units):
            merge_unit(result, scan_unit(unit, analyzer, key, on_file, on_record))
    else:
        from handover_scan.pool import scan_in_pool

        scan_in_pool(units, options, key, jobs, result, on_record, on_file)
    return finish_scan(result, paths, options.exclude, key)


def finish_scan(result: ScanResult, paths: list[Path], exclude: tuple[Path, ...], key: bytes) -> ScanResult:
    """What follows the merged units, for scan() and for an account split over a cluster (batch/split.py):
    per-file counts, the people pass (every finding gets its person from the identities the units learned
    while they were read: people/attribution.py; the export is not read again), and the values in file and
    folder names masked in every path, with every identifier found anywhere in the scan masked in every path
    and name too (found_values.py). `paths` and `exclude` are kept for callers; nothing is read here."""
    from handover_scan.found_values import FoundValues

    count_findings(result.files, result.findings)
    attribute(result, result.identities, key)
    mask_paths(result, FoundValues())  # counted above, masked in every path from here on
    return result
