"""The scan's worker processes: the names pass and the analysis pass, unit by unit (see scan.py).

Workers are forked with one Analyzer each. Results are merged in unit order as they complete,
so findings come in the same order whatever --jobs is. A file bigger than scan.BIG_UNIT is read
here and its record batches are analyzed by the pool, so one huge chat still uses every core.
"""

from __future__ import annotations

import itertools
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from handover_scan import scan as scan_module
from handover_scan.findings import Finding
from handover_scan.messages import message
from handover_scan.records import Record
from handover_scan.units import (FileReport, UnitResult, WorkUnit, learn_identities, note_error, read_unit, scan_unit,
                                 unit_names)


class _Worker:
    analyzer = None
    key: bytes = b""
    definitions = None


def _init_worker(recognizer_dirs: tuple[Path, ...], key: bytes, names: frozenset[str] = frozenset()) -> None:
    from handover_scan.engine.analyzer import Analyzer

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops, workers stay quiet
    _Worker.analyzer = Analyzer(extra_dirs=recognizer_dirs)
    _Worker.analyzer.register_names(names)
    _Worker.key = key


def _init_names_worker(recognizer_dirs: tuple[Path, ...]) -> None:
    from handover_scan.engine.definitions import load_definitions

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _Worker.definitions = load_definitions(recognizer_dirs)


def _names_of(unit: WorkUnit) -> set[str]:
    return unit_names(unit, _Worker.definitions)


def _scan_unit(unit: WorkUnit) -> UnitResult:
    return scan_unit(unit, _Worker.analyzer, _Worker.key)


def _analyze_batch(records: list[Record]) -> list[list[Finding] | str]:
    return scan_module.analyze_records(_Worker.analyzer, records, _Worker.key)


def scan_in_pool(units: list[WorkUnit], options, key: bytes, jobs: int, result, on_record, on_file) -> None:
    """Both passes in worker processes; results merged in unit order as they complete."""
    try:
        with ProcessPoolExecutor(jobs, initializer=_init_names_worker, initargs=(options.recognizer_dirs,)) as pool:
            names = frozenset(itertools.chain.from_iterable(_bounded_map(pool, _names_of, units, 4 * jobs)))
        with ProcessPoolExecutor(jobs, initializer=_init_worker,
                                 initargs=(options.recognizer_dirs, key, names)) as pool:
            pending: deque = deque()  # in unit order: (UnitResult future, unit, None), or a big unit's (batch future, files, result)
            for unit in units:
                if unit.path is not None and unit.size > scan_module.BIG_UNIT:
                    big = UnitResult(unit.index)
                    for batch in scan_module._batches(read_unit(unit, big.files, on_file, names=True)):
                        learn_identities(big.identities, batch)
                        pending.append((pool.submit(_analyze_batch, batch), [r.file for r in batch], big))
                        _drain(pending, 2 * jobs, result, on_record, on_file)
                    pending.append((None, [], big))  # the big unit is complete once its batches are merged
                else:
                    pending.append((pool.submit(_scan_unit, unit), unit, None))
                _drain(pending, 2 * jobs, result, on_record, on_file)
            _drain(pending, 0, result, on_record, on_file)
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): the scan cannot be complete
        result.files.append(FileReport(message("path.analysis"), "", error=message("analysis.worker_stopped",
                                                                       type=type(exc).__name__)))


def _bounded_map(pool, fn, items, window: int):
    """pool.map(fn, items) in order, with at most `window` tasks submitted at a time (Executor.map submits
    every item at once: a future per unit of 100,000 small files)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _drain(pending: deque, keep: int, result, on_record, on_file) -> None:
    """Merge finished work from the front of `pending` until at most `keep` items are left."""
    while len(pending) > keep:
        future, files, big = pending.popleft()
        if future is None:  # end of a big unit: its files and identities (its findings went in batch by batch)
            result.add_files(big.files)
            result.identities.merge(big.identities)
            continue
        if big is None:  # a whole unit
            try:
                unit_result = future.result()
            except BrokenProcessPool:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be pickled
                unit = files  # the file whose analysis failed, named like any file in the report
                unit_result = UnitResult(unit.index, [FileReport(unit.relpath, unit.root, error=message(
                    "analysis.failed", type=type(exc).__name__))])
            if on_file:
                for report in unit_result.files:
                    on_file(report)
            scan_module.merge_unit(result, unit_result)
            if on_record:
                on_record(unit_result.records)
            continue
        try:
            batch = future.result()
        except BrokenProcessPool:
            raise
        except Exception as exc:  # noqa: BLE001 - that batch's files' error
            batch = [message("analysis.failed", type=type(exc).__name__)] * len(files)
        for record_file, found in zip(files, batch):
            if isinstance(found, str):
                note_error(big.files, record_file, found)
            else:
                result.add_findings(found)  # every unit before this one is merged already
        if on_record:
            on_record(len(files))
