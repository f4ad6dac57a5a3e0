"""A scan split into units of work: one file on disk (an archive with its members) per unit.

    units = plan_units(paths, options)           # walk the paths: cheap, no file is decoded
    names = unit_names(unit, definitions)        # names the unit's contact and sender fields reveal
    result = scan_unit(unit, analyzer, key)      # read + analyze one unit -> UnitResult
    merge_unit(scan_result, result)              # in unit order: the findings' order never depends on --jobs

Units are independent and picklable, so any pool (processes here, dask elsewhere) can run
scan_unit; merging results in `unit.index` order gives the same ScanResult as one process.
A unit that only reports (a file that could not be listed, a skipped link) has no path.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from handover_scan.exports import FileError, SkippedFile, detect, expand_archive, iter_sources, printable
from handover_scan.exports.base import Source
from handover_scan.exports.isolation import check_record, describe, open_regular
from handover_scan.exports.pathnames import (NAME_FORMAT, disk_folders, new_folder_records, path_name_records,
                                             record_name_records, root_name_records)
from handover_scan.exports.textutil import split_record
from handover_scan.findings import Finding
from handover_scan.messages import message
from handover_scan.people.identity import Identities
from handover_scan.records import Record

BATCH = 256  # records analyzed together (batch recognizers see this many texts at once)


@dataclass
class FileReport:
    file: str
    root: str
    format: str = ""
    records: int = 0
    findings: int = 0
    error: str = ""
    skipped: str = ""


@dataclass(frozen=True)
class WorkUnit:
    index: int  # position in the scan's order
    root: str  # the scanned path it was found under
    relpath: str  # as reported
    path: str | None = None  # file on disk to read; None: nothing to read, error/skipped say why
    size: int = 0
    error: str = ""
    skipped: str = ""
    # name records this unit scans first: the root folder's own name (first unit of a root; a root with no
    # files is a unit of its names alone) and the folders above its file no earlier unit had above it
    names: tuple[Record, ...] = ()


@dataclass
class UnitResult:
    index: int
    files: list[FileReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # who is who, learned from this unit's records as they were read for analysis (people/identity.py)
    identities: Identities = field(default_factory=Identities, compare=False, repr=False)

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)


def plan_units(paths: Iterable[Path | str], exclude: tuple[Path, ...] = (), spill_at: int | None = None,
               avoid: Iterable[Path | str] = ()) -> list[WorkUnit]:
    """Every file under paths as a unit, in the scan's stable order. A walk that breaks is a unit with its
    error; the other roots go on. With spill_at, more units than that go to a spool on disk (spool.py: the
    same sequence, streamed when iterated; kept away from `avoid`), so 100,000 small files are no list."""
    if spill_at is None:
        return list(iter_units(paths, exclude))
    from handover_scan.spool import spilled

    return spilled(iter_units(paths, exclude), spill_at, avoid)


def iter_units(paths: Iterable[Path | str], exclude: tuple[Path, ...] = ()) -> Iterator[WorkUnit]:
    """plan_units() one unit at a time."""
    index = 0
    for root in paths:
        seen: set = set()  # folders whose names an earlier unit of this root scans
        root_names = _root_names(Path(root))  # the first unit of the root scans them
        sources = iter_sources(Path(root), exclude, expand=False)
        while True:
            stopped = ""
            try:
                source = next(sources)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - a walk that breaks is reported, other roots go on
                stopped = message("walk.stopped", problem=describe(exc))
            if stopped:
                unit = WorkUnit(index, str(root), Path(root).name, error=stopped)
            elif isinstance(source, FileError):
                unit = WorkUnit(index, str(root), source.file, error=source.error)
            elif isinstance(source, SkippedFile):
                unit = WorkUnit(index, str(root), source.file, skipped=source.reason)
            else:
                unit = WorkUnit(index, str(root), source.relpath, str(source.path), source.size or 0)
            names = root_names + (new_folder_records(unit.relpath, seen) if "/" in unit.relpath else ())
            root_names = ()
            yield replace(unit, names=names) if names else unit
            index += 1
            if stopped:
                break
        if root_names:  # an empty folder: its name is still shown in the reports
            yield WorkUnit(index, str(root), "", names=root_names)
            index += 1


def _root_names(root: Path) -> tuple[Record, ...]:
    """A scanned folder's own name (a file's is scanned as its file name): as given, which the reports show,
    and its real name where that differs (`scan .`, a link to the folder)."""
    try:
        if not root.is_dir():
            return ()
        real = root.resolve().name
    except (OSError, RuntimeError):  # a looping link: reported by the walk
        return ()
    given = printable(str(root))
    names = root_name_records(given, printable(root.name)) if root.name not in ("", ".", "..") else ()
    if real != root.name:
        names += root_name_records(given, printable(real))
    return names


def _sources(unit: WorkUnit) -> Iterator[Source | FileError | SkippedFile]:
    if unit.path is None:
        if unit.error or unit.skipped:  # neither: a unit of names alone
            yield (FileError(unit.relpath, unit.error) if unit.error else SkippedFile(unit.relpath, unit.skipped))
        return
    path = Path(unit.path)
    yield from expand_archive(Source(unit.relpath, lambda: open_regular(path), unit.size or None, path=path))


def read_unit(unit: WorkUnit, files: list[FileReport],
              on_file: Callable[[FileReport], None] | None = None, names: bool = False) -> Iterator[Record]:
    """The unit's records; appends a FileReport per file (archive members each have one) as it goes.

    Whatever goes wrong with one file (unreadable, malformed, cut short, refused archive
    member, a field of the wrong type) becomes that file's error and the scan goes on; records
    it yielded before the problem stay. Errors name the problem, never the content. With names,
    file, folder, member, sheet and conversation names come as records of their own
    (exports/pathnames.py): the scan analyzes them like any text.
    """
    sources = _sources(unit)
    seen_paths = set(disk_folders(unit.relpath))  # their names: unit.names, once per scan (plan_units)
    if names:
        yield from unit.names
    while True:
        try:
            source = next(sources)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - an archive that cannot be listed is this file's error
            files.append(FileReport(unit.relpath, unit.root, error=describe(exc)))
            return
        report = FileReport(getattr(source, "relpath", getattr(source, "file", "")), unit.root)
        files.append(report)
        if on_file:
            on_file(report)
        if names:
            yield from path_name_records(report.file, seen_paths)
        if isinstance(source, FileError):
            report.error = source.error
            continue
        if isinstance(source, SkippedFile):
            report.skipped = source.reason
            continue
        yield from _read_isolated(source, report, names)


def _read_isolated(source, report: FileReport, names: bool) -> Iterator[Record]:
    """One file's records, checked; any failure (detection, reading, a field of the wrong type) is its error."""
    seen_names: set[tuple[str, str]] = set()
    try:
        reader = detect(source)
        if isinstance(reader, SkippedFile):
            report.skipped = reader.reason
            return
        report.format = reader.format_id
        for raw in reader.read(source):
            record, problem = check_record(raw)
            if problem and not report.error:
                report.error = message("file.rest_scanned", problem=problem)
            if record is None:
                continue
            if names:
                yield from record_name_records(record, seen_names)
            for piece in split_record(record):
                report.records += 1
                yield piece
        report.error = report.error or source.damage  # an analysis error noted meanwhile stays
    except Exception as exc:  # noqa: BLE001 - any reader failure is this file's error, never the scan's
        report.error = report.error or describe(exc)


def unit_names(unit: WorkUnit, definitions) -> set[str]:
    """Names in the unit's contact-name fields and message senders (engine/names.py). A reader with a
    collect_names(source, is_name_field, names) method gives them without making records (MemoTrace CSV)."""
    from handover_scan.engine.context import field_matches
    from handover_scan.engine.names import collect_names, name_fields

    fields = name_fields(definitions)
    if not fields:
        return set()
    names: set[str] = set()
    for source in _sources(unit):
        if isinstance(source, (FileError, SkippedFile)):
            continue
        try:
            reader = detect(source)
            if isinstance(reader, SkippedFile):
                continue
            fast = getattr(reader, "collect_names", None)
            if fast is not None:
                fast(source, lambda field: field_matches({field.lower()}, fields), names)
            else:
                names |= collect_names(_records_until_error(reader, source), definitions)
        except Exception:  # noqa: BLE001 - the analysis pass reports this file's problem
            continue
    return names


def _records_until_error(reader, source: Source) -> Iterator[Record]:
    """Names before a reader's failure still count, as in the analysis pass."""
    try:
        for record in reader.read(source):
            yield from split_record(record)
    except Exception:  # noqa: BLE001 - reported by the analysis pass
        return


def note_error(files: list[FileReport], record_file: str, error: str) -> None:
    """An analysis failure on one record: its file's error (the first one is kept)."""
    report = next((f for f in reversed(files) if f.file == record_file), None)
    if report is None:
        files.append(FileReport(record_file, "", error=error))
    elif not report.error:
        report.error = error


def scan_unit(unit: WorkUnit, analyzer, key: bytes, on_file: Callable[[FileReport], None] | None = None,
              on_record: Callable[[int], None] | None = None) -> UnitResult:
    """Read and analyze one unit: its file reports (with finding counts) and findings in record order.
    on_file/on_record: progress, as scan() takes them (in a worker process there is none)."""
    from handover_scan.scan import analyze_records

    result = UnitResult(unit.index)
    records = read_unit(unit, result.files, on_file, names=True)
    while batch := list(itertools.islice(records, BATCH)):
        learn_identities(result.identities, batch)
        for record, found in zip(batch, analyze_records(analyzer, batch, key)):
            if isinstance(found, str):
                note_error(result.files, record.file, found)
            else:
                result.findings.extend(found)
        if on_record:
            on_record(len(batch))
    count_findings(result.files, result.findings)
    return result


def learn_identities(identities: Identities, records: Iterable[Record]) -> None:
    """Learn who is who from records read for analysis, so attribution needs no read of its own.
    File, folder and conversation names (NAME_FORMAT records) are no message: they teach nothing."""
    for record in records:
        if record.format != NAME_FORMAT:
            identities.learn(record)


def count_findings(files: list[FileReport], findings: Iterable[Finding]) -> None:
    """Each file report's number of findings (`files` a list or a spool: spool.updating writes them back)."""
    from handover_scan.spool import updating

    by_file = Counter(f.file for f in findings)
    for report in updating(files):
        report.findings = by_file.get(report.file, 0)
