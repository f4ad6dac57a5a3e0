"""The scan's progress bar on a terminal: files done/total, records per second, ETA and the current file.

The current file's name is shown masked (runs of 4+ digits, e-mail addresses and wxid_ ids): a file named
after a customer's phone number, or MemoTrace 3.0's `昵称(wxid_...)` folder, is a value like any other.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

_VALUE_IN_NAME = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?i:wxid_)[A-Za-z0-9]+|\d{4,}")


def _masked_value(match: re.Match) -> str:
    text = match[0]
    if "@" in text:
        return "[EMAIL]"
    return text[:5] + "****" if text[:5].lower() == "wxid_" else text[:3] + "****"


def masked_file_name(name: str, width: int = 48) -> str:
    """A file name for the progress line: values masked, long names shortened from the left.

    >>> masked_file_name("chats/13912345678_utf8.csv"), masked_file_name("昵称(wxid_k3m9q2x7p4)/a.txt")
    ('chats/139****_utf8.csv', '昵称(wxid_****)/a.txt')
    """
    name = _VALUE_IN_NAME.sub(_masked_value, name)
    return name if len(name) <= width else "…" + name[-(width - 1):]


def count_sources(paths, exclude) -> int:
    """How many file reports the scan will make (files, archive members, skipped and unreadable entries):
    the total for the progress bar. Walks the folders once more; only used on a terminal."""
    from handover_scan.exports import iter_sources

    total = 0
    for root in paths:
        try:
            total += sum(1 for _ in iter_sources(Path(root), tuple(exclude)))
        except Exception:  # noqa: BLE001 - the scan itself reports a walk that breaks; the bar just has no total
            return 0
    return total


def run_with_progress(paths, options, console):
    """scan() with a rich progress bar on `console` (stderr)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from handover_scan.scan import scan

    total = count_sources(paths, options.exclude) or None
    started = time.monotonic()
    with Progress(TextColumn("[bold]scanning[/bold]"), BarColumn(bar_width=30), MofNCompleteColumn(),
                  TextColumn("files · {task.fields[records]} records · {task.fields[rate]}"),
                  TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
                  console=console, transient=True) as progress:
        task = progress.add_task("scan", total=total, records=0, rate="", current="")
        state = {"files": 0, "records": 0}

        def on_file(report) -> None:
            if state["files"]:
                progress.advance(task, 1)  # the previous file is done
            state["files"] += 1
            progress.update(task, current=masked_file_name(str(report.file)).replace("[", "\\["))

        def on_record(n: int) -> None:
            state["records"] += n
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(task, records=f"{state['records']:,}", rate=f"{state['records'] / elapsed:,.0f} records/s")

        result = scan(paths, options, on_record=on_record, on_file=on_file)
        progress.update(task, completed=total or state["files"])
        return result
