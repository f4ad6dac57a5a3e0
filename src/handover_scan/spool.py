"""Findings kept on disk while a big scan runs, so memory does not grow with the number of findings.

A FindingSpool is a sequence: len(), iteration (streamed from disk, in order) and indexing (which
loads every finding once, for callers that need a list). Findings carry raw values, so the spool
file is private: mode 0600 in a fresh 0700 temporary folder, deleted when the spool is closed,
collected or the process exits (normally, by an exception, or by SIGTERM or SIGHUP: atexit
alone does not run when a signal ends the process).
"""

from __future__ import annotations

import atexit
import os
import pickle
import shutil
import signal
import threading
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Iterable, Iterator

FRAME = 1000  # findings per pickle frame


class FindingSpool(Sequence):
    def __init__(self, avoid: Iterable[str | Path] = ()) -> None:
        self._avoid = tuple(avoid)
        self._folder = tempfile.mkdtemp(prefix="handover-scan-spool-", dir=temp_base(avoid))  # 0700
        self.path = os.path.join(self._folder, "findings.pickle")
        self._file = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), "w+b")
        self._count = 0
        self._pending: list = []
        self._loaded: list | None = None
        self._cleanup = weakref.finalize(self, _remove, self._file, self._folder, os.getpid())
        atexit.register(self._cleanup)
        _LIVE[:] = [cleanup for cleanup in _LIVE if cleanup.alive] + [self._cleanup]
        _handle_sigterm()

    def new_empty(self) -> "FindingSpool":
        """An empty spool kept away from the same paths (a later pass rewriting the findings)."""
        return FindingSpool(avoid=self._avoid)

    def extend(self, findings: Iterable) -> None:
        self._loaded = None
        for finding in findings:
            self._pending.append(finding)
            self._count += 1
            if len(self._pending) >= FRAME:
                self._flush()

    def append(self, finding) -> None:
        self.extend((finding,))

    def _flush(self) -> None:
        if self._pending:
            self._file.seek(0, os.SEEK_END)
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        if self._loaded is not None:
            yield from self._loaded
            return
        self._flush()
        self._file.flush()
        with open(self.path, "rb") as stream:  # its own handle: iterations may overlap
            while True:
                try:
                    frame = pickle.load(stream)
                except EOFError:
                    return
                yield from frame

    def __getitem__(self, index):
        if self._loaded is None:
            self._loaded = list(iter(self))
        return self._loaded[index]

    def updating(self) -> Iterator:
        """Each item, to be changed in place by the caller; the changes are written back (to a new file that
        takes this one's place) once the iteration ends. An iteration left early changes nothing."""
        rewritten = self.new_empty()
        for item in self:
            yield item
            rewritten.append(item)
        self._adopt(rewritten)

    def _adopt(self, other: "FindingSpool") -> None:
        other._flush()
        other._file.flush()
        self.close()
        _, remove, args, _ = other._cleanup.detach()  # the file is this spool's now, removed with it
        self._folder, self.path, self._file = other._folder, other.path, other._file
        self._cleanup = weakref.finalize(self, remove, *args)
        atexit.register(self._cleanup)
        _LIVE.append(self._cleanup)
        self._count, self._pending, self._loaded = other._count, [], None

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def close(self) -> None:
        self._cleanup()


Spool = FindingSpool  # it pickles whatever it is given: file reports and units too


def updating(items) -> Iterator:
    """Iterate `items` to change each in place: a list as it is, a spool with the changes written back."""
    return items.updating() if isinstance(items, FindingSpool) else iter(items)


def spilled(items, limit: int, avoid: Iterable[str | Path] = ()):
    """`items` as a list while there are at most `limit` of them, else as a Spool on disk (the same
    sequence: len, iteration in order, indexing). Without a writable temporary folder: a list.

    >>> spilled(iter(range(3)), 10)
    [0, 1, 2]
    >>> s = spilled(iter(range(30)), 10); (type(s).__name__, len(s), list(s)[-1])
    ('FindingSpool', 30, 29)
    """
    kept: list = []
    for item in items:
        kept.append(item)
        if len(kept) > limit:
            try:
                spool = FindingSpool(avoid=avoid)
            except OSError:  # no temporary folder outside the inputs: memory, not a lost scan
                kept.extend(items)
                return kept
            spool.extend(kept)
            spool.extend(items)
            return spool
    return kept


def temp_base(avoid: Iterable[str | Path] = ()) -> str:
    """The temporary folder to use, outside every path in `avoid` (the scan's input: no copies of
    its values inside it, where they would travel with the export). TMPDIR first.

    >>> temp_base([tempfile.gettempdir()]) != tempfile.gettempdir()
    True
    """
    avoid = [Path(p).resolve() for p in avoid]
    for base in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"):
        resolved = Path(base).resolve()
        if resolved.is_dir() and os.access(resolved, os.W_OK | os.X_OK) \
                and not any(resolved == a or a in resolved.parents for a in avoid):
            return str(resolved)
    raise OSError("no temporary folder outside the scanned paths for the findings spool: set TMPDIR "
                  "to a folder outside them")


_LIVE: list[weakref.finalize] = []  # cleanups of the spools not yet removed (atexit holds them too)
_previous: dict[int, object] = {}  # signal -> the handler before ours
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _handle_sigterm() -> None:
    """On SIGTERM or SIGHUP (a closed terminal) remove every live spool, then end as before: atexit
    does not run when a signal ends the process. Installed once, from the main thread only."""
    if _previous or threading.current_thread() is not threading.main_thread():
        return
    for signum in _SIGNALS:
        _previous[signum] = handler = signal.getsignal(signum)
        if handler not in (None, signal.SIG_IGN):  # None: set outside Python; ignored: the process lives on
            signal.signal(signum, _on_signal)


def _on_signal(signum, frame) -> None:
    for cleanup in list(_LIVE):
        cleanup()
    previous = _previous[signum]
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, previous)
    os.kill(os.getpid(), signum)  # SIG_DFL: die of the signal, as the caller expects


def _remove(file, folder: str, owner: int) -> None:
    if os.getpid() != owner:
        return  # a forked worker inherited the spool: only the process that made it removes it
    try:
        file.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
