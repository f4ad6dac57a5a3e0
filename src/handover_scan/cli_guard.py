"""What keeps the command line's promises whatever happens: one line per problem and never a traceback,
Ctrl-C and SIGTERM as a clean stop (exit 130 / 143), one scan per report folder, terminal-safe names."""

from __future__ import annotations

import functools
import signal
import warnings
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from handover_scan.policy import EXIT_INCOMPLETE

err = Console(stderr=True, soft_wrap=True)  # an error stays on one line, whatever its length (log parsers)


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f)} | {c: f"\\u{c:04x}" for c in (
    *range(0x80, 0xa0), 0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))}


def _plain(text: object) -> str:
    """Text from the export (file, folder, person and field names) made safe for a terminal: Rich markup
    escaped (a name like `[/b]` would raise MarkupError) and control characters (newlines, ESC sequences,
    bidi overrides) shown as escapes so a file name cannot forge or hide lines."""
    text = str(text).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")  # non-UTF-8 names
    return escape(text.translate(_CONTROL))


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that no reader's `except Exception` takes it for a bad file."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


@contextmanager
def _interruptible(out: Path):
    """Ctrl-C (SIGINT) and SIGTERM stop the scan with one line and exit 130 / 143. The report writer
    renames its files into place with both held back, so the folder keeps the previous complete report
    (or none), never a mix."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    except (KeyboardInterrupt, Terminated) as exc:
        name, code = ("SIGTERM", 143) if isinstance(exc, Terminated) else ("SIGINT", 130)
        err.print(f"[red]interrupted[/red] ({name}): scan stopped; no new report written, {_plain(out)} "
                  "keeps its previous complete report, if any", highlight=False)
        raise typer.Exit(code) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {_plain(message)}", markup=True, highlight=False)
    raise typer.Exit(EXIT_INCOMPLETE)


@contextmanager
def _locked(out: Path):
    from handover_scan.reports.writer import ReportFolderBusy, report_lock

    try:
        lock = report_lock(out)
        lock.__enter__()
    except ReportFolderBusy as exc:
        _fail(f"--out {out}: {exc.strerror}")
    except OSError as exc:
        _fail(f"--out {out}: cannot use the folder: {exc.strerror or type(exc).__name__}")
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def guarded(command):
    """No traceback reaches the terminal, whatever happens: an unexpected failure is one line (its type,
    never its message, which could quote a value) and exit 2; Ctrl-C one line and exit 130."""
    import click

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            with warnings.catch_warnings():  # library warnings can quote file content (part or sheet names)
                warnings.simplefilter("ignore")  # our own (a readable key file) are caught and printed as lines
                return command(*args, **kwargs)
        except (typer.Exit, click.exceptions.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            err.print("[red]interrupted[/red] (SIGINT)", highlight=False)
            raise typer.Exit(130) from None
        except Terminated:
            err.print("[red]interrupted[/red] (SIGTERM)", highlight=False)
            raise typer.Exit(143) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
            err.print(f"[red]error:[/red] internal error ({type(exc).__name__}); stopped without a new report. "
                      "Please report it with the command line used (not the files)", highlight=False)
            raise typer.Exit(EXIT_INCOMPLETE) from None
    return run
