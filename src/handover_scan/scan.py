"""Walk the given paths, read every export, analyze every record, collect findings.

Files are read one at a time and records are streamed; with jobs > 1, batches of
records go to worker processes that each hold one AnalyzerEngine (Presidio's own
n_process batching was slower than this here). A file that cannot be read or parsed
is listed with its error and the scan goes on.
"""

from __future__ import annotations

import csv
import itertools
import re
import zipfile
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.definitions import load_definitions
from handover_scan.engine.names import collect_names
from handover_scan.exports import ExportError, FileError, SkippedFile, UndecodableFile, detect, iter_sources
from handover_scan.exports.textutil import split_record
from handover_scan.findings import Finding, fingerprint, make_finding, mask, normalize
from handover_scan.keys import load_key
from handover_scan.records import Record

BATCH = 256


@dataclass
class FileReport:
    file: str
    root: str
    format: str = ""
    records: int = 0
    findings: int = 0
    error: str = ""
    skipped: str = ""


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)

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


@dataclass(frozen=True)
class ScanOptions:
    recognizer_dirs: tuple[Path, ...] = ()
    key: bytes | None = None
    jobs: int = 1
    exclude: tuple[Path, ...] = ()


def _describe(exc: BaseException) -> str:
    """A reader failure as one line that never quotes file content."""
    if isinstance(exc, (ExportError, UndecodableFile)):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"text does not decode as {exc.encoding}"
    if isinstance(exc, zipfile.BadZipFile):
        return "archive member is corrupt (bad CRC or truncated archive)"
    if isinstance(exc, EOFError):
        return "file ends early (truncated?)"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or type(exc).__name__}"
    if isinstance(exc, csv.Error):
        return "malformed CSV"
    return f"reader failed ({type(exc).__name__})"


def iter_records(paths: Iterable[Path], result: ScanResult, exclude: tuple[Path, ...] = (),
                 on_file: Callable[[FileReport], None] | None = None) -> Iterator[Record]:
    """Records of every file under paths; fills result.files as it goes. `exclude` holds folders (the
    report folder) and files (the baseline and config the scan reads) that are not scanned.

    Whatever goes wrong with one file (unreadable, malformed, cut short, refused archive
    member) becomes that file's error and the scan goes on; records it yielded before the
    problem stay. Errors name the problem, never the content.
    """
    for root in paths:
        sources = iter_sources(Path(root), exclude)
        while True:
            try:
                source = next(sources)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - a walk that breaks is reported, other roots go on
                result.files.append(FileReport(Path(root).name, str(root), error=f"walk stopped: {_describe(exc)}"))
                break
            report = FileReport(getattr(source, "relpath", getattr(source, "file", "")), str(root))
            result.files.append(report)
            if on_file:
                on_file(report)
            if isinstance(source, FileError):
                report.error = source.error
                continue
            if isinstance(source, SkippedFile):
                report.skipped = source.reason
                continue
            try:
                reader = detect(source)
                if isinstance(reader, SkippedFile):
                    report.skipped = reader.reason
                    continue
                report.format = reader.format_id
                for record in reader.read(source):
                    for piece in split_record(record):
                        report.records += 1
                        yield piece
                report.error = report.error or source.damage  # an analysis error noted meanwhile stays
            except Exception as exc:  # noqa: BLE001 - any reader failure is this file's error, never the scan's
                report.error = _describe(exc)


class _Worker:
    analyzer: Analyzer | None = None
    key: bytes = b""


def _init_worker(recognizer_dirs: tuple[Path, ...], key: bytes, names: frozenset[str] = frozenset()) -> None:
    _Worker.analyzer = Analyzer(extra_dirs=recognizer_dirs)
    _Worker.analyzer.register_names(names)
    _Worker.key = key


def _analyze_batch(records: list[Record]) -> list[list[Finding] | str]:
    _Worker.analyzer.prime([r.text for r in records])  # the name model decodes the batch at once
    return [_analyze_safely(_Worker.analyzer, r, _Worker.key) for r in records]


def _analyze_safely(analyzer: Analyzer, record: Record, key: bytes) -> list[Finding] | str:
    """The record's findings, or (if analysis fails on it) an error naming the problem, never the text."""
    try:
        return analyze_record(analyzer, record, key)
    except Exception as exc:  # noqa: BLE001 - one record's failure is its file's error, not the scan's
        return f"analysis failed ({type(exc).__name__}); the rest of the file was scanned"


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
def masked_name(analyzer: Analyzer, name: str, key: bytes) -> str:
    """A conversation or data-subject name with any value in it masked, as `masked_value (fingerprint[:6])` so
    that different people stay different: WhatsApp names an unsaved contact by their phone number."""
    if not name or not any(ch.isdigit() or ch == "@" for ch in name):
        return name  # only numbers and e-mail addresses make a name a value; words stay as they are
    results = [r for r in analyzer.analyze(name) if r.entity_type not in NAME_TYPES_KEPT]
    entities = analyzer.definitions.entities
    for r in sorted(results, key=lambda r: r.start, reverse=True):
        normalized = normalize(r.entity_type, name[r.start:r.end])
        shown = f"{mask(normalized, entities[r.entity_type])} ({fingerprint(key, r.entity_type, normalized)[:6]})"
        name = name[:r.start] + shown + name[r.end:]
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


def _batches(records: Iterator[Record]) -> Iterator[list[Record]]:
    while batch := list(itertools.islice(records, BATCH)):
        yield batch


def scan(paths: Iterable[Path | str], options: ScanOptions = ScanOptions(), analyzer: Analyzer | None = None,
         on_record: Callable[[int], None] | None = None,
         on_file: Callable[[FileReport], None] | None = None) -> ScanResult:
    """Scan files and folders; the library entry point behind `handover-scan scan`.

    on_record(n) is called after n more records were analyzed, on_file(report) when a file is opened."""
    result = ScanResult()
    key = options.key or load_key()
    paths = list({_identity(Path(p)): Path(p) for p in paths}.values())  # a path given twice is scanned once
    by_file: Counter[str] = Counter()
    # First pass: the names the export's contact lists and chat headers reveal (PERSON mentions).
    definitions = analyzer.definitions if analyzer else load_definitions(options.recognizer_dirs)
    names = frozenset(collect_names(iter_records(paths, ScanResult(), options.exclude), definitions))
    reports: dict[str, FileReport] = {}

    def note(report: FileReport) -> None:
        reports[report.file] = report
        if on_file:
            on_file(report)

    records = iter_records(paths, result, options.exclude, note)

    def collect(record_file: str, found: list[Finding] | str) -> None:
        if isinstance(found, str):  # analysis failed on this record: its file's error (first one kept)
            report = reports.get(record_file)
            if report is not None and not report.error:
                report.error = found
            elif report is None:
                result.files.append(FileReport(record_file, "", error=found))
            return
        for finding in found:
            by_file[finding.file] += 1
        result.findings.extend(found)

    if options.jobs <= 1:
        analyzer = analyzer or Analyzer(definitions)
        analyzer.register_names(names, replace=True)
        for batch in _batches(records):
            analyzer.prime([r.text for r in batch])  # the name model decodes the batch at once
            for record in batch:
                collect(record.file, _analyze_safely(analyzer, record, key))
                if on_record:
                    on_record(1)
    else:
        try:
            with ProcessPoolExecutor(options.jobs, initializer=_init_worker,
                                     initargs=(options.recognizer_dirs, key, names)) as pool:
                pending: deque[tuple[Future, list[str]]] = deque()
                for batch in _batches(records):
                    pending.append((pool.submit(_analyze_batch, batch), [r.file for r in batch]))
                    while len(pending) > 2 * options.jobs:
                        _drain(pending.popleft(), collect, on_record)
                while pending:
                    _drain(pending.popleft(), collect, on_record)
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory): the scan cannot be complete
            result.files.append(FileReport("(analysis)", "", error=f"an analysis worker process stopped "
                                           f"({type(exc).__name__}); findings after it are missing"))
    for report in result.files:
        report.findings = by_file.get(report.file, 0)
    return result


def _drain(item: tuple[Future, list[str]], collect, on_record) -> None:
    future, files = item
    try:
        batch = future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be pickled: that batch's files' error
        batch = [f"analysis failed ({type(exc).__name__})"] * len(files)
    for record_file, found in zip(files, batch):
        collect(record_file, found)
    if on_record:
        on_record(len(files))
