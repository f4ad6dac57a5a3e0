"""`handover-scan batch`: many accounts on a Dask cluster (handover_scan.batch); registered on cli.app."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from handover_scan.cli import _check_names, _check_out, _fail, _load_key, _plain, _split, _thresholds, app, err
from handover_scan.engine.definitions import DefinitionError, load_definitions
from handover_scan.policy import ConfigError

@app.command("batch", epilog="Exit codes: the worst of the accounts: 2 (an account incomplete, or a usage, config or "
                               "cluster error) over 1 (a gate failed; configurable) over 0.")
def batch_command(
    accounts_dir: Annotated[Path, typer.Argument(help="Folder whose immediate subfolders and zips are the accounts.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports: <account>/ each, plus "
                                                          "accounts.csv and index.html.")] = Path("handover-batch"),
    scheduler: Annotated[Optional[str], typer.Option(
        help="Dask scheduler of an existing cluster (tcp://host:port). Default: worker processes on this "
             "machine, one per core, nothing to start.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Local worker processes (default: every core).", min=1)]
    = None,
    resume: Annotated[bool, typer.Option(help="Skip accounts whose report in --out is complete (same settings).")]
    = False,
    split_above: Annotated[float, typer.Option(
        help="Spread an account larger than this many MiB over the cluster file by file.", min=0)] = 64,
    retries: Annotated[int, typer.Option(help="Times a failed task is tried again.", min=0)] = 1,
    formats: Annotated[Optional[list[str]], typer.Option(
        "--format", "-f", help="Report files per account, as for scan. Default: all.")] = None,
    lang: Annotated[str, typer.Option(help="Report language: zh or en.")] = "zh",
    config: Annotated[Optional[Path], typer.Option("--config", help="Policy file, as for scan.")] = None,
    min_score: Annotated[Optional[float], typer.Option(help="Gate threshold (default 0.5).")] = None,
    fail_on: Annotated[Optional[list[str]], typer.Option(help="What fails the gate (default any).")] = None,
    threshold: Annotated[Optional[list[str]], typer.Option(help="TYPE=COUNT, as for scan.")] = None,
    fail_exit_code: Annotated[Optional[int], typer.Option(help="Exit code of a failed gate (default 1).")] = None,
    recognizers: Annotated[Optional[list[Path]], typer.Option(
        "--recognizers", help="Extra recognizer folder (must be at the same path on every worker).")] = None,
    key_file: Annotated[Optional[Path], typer.Option(
        help="Fingerprint key file (default: $HANDOVER_SCAN_KEY, then ~/.config/handover-scan/key). Local "
             "workers are given it; remote workers need the same key as HANDOVER_SCAN_KEY.")] = None,
    show_values: Annotated[bool, typer.Option(help="Raw values into the reports (warns), as for scan.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only.")] = False,
) -> None:
    """Scan every account in ACCOUNTS_DIR on a Dask cluster: one report folder each and a ranked roll-up."""
    from handover_scan.baseline import key_id
    from handover_scan.batch import BatchSettings, ClusterError, check_workers, open_client, run_batch
    from handover_scan.config import load_policy
    from handover_scan.reports import ReportOptions

    try:
        policy = load_policy(config).with_overrides(
            min_score=min_score, fail_on=tuple(_split(fail_on)) or None, thresholds=_thresholds(threshold),
            exit_code=fail_exit_code)
        report_options = ReportOptions(formats=tuple(dict.fromkeys(_split(formats))) or ReportOptions.formats,
                                       lang=lang, show_values=show_values)
        key = _load_key(key_file)
        recognizer_dirs = tuple(Path(p).resolve() for p in (*policy.recognizers, *(recognizers or ())))
        definitions = load_definitions(recognizer_dirs)
    except (ConfigError, DefinitionError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    _check_names(policy, definitions)
    if not accounts_dir.is_dir():
        _fail(f"{accounts_dir}: not a folder of accounts")
    if scheduler and workers:
        _fail("--workers is for the local cluster; an existing cluster (--scheduler) has its own workers")
    from handover_scan.batch.accounts import list_accounts

    if not list_accounts(accounts_dir, out=out):  # an empty batch must not pass as "nothing found"
        _fail(f"{accounts_dir}: no accounts in it (subfolders or zip archives)")
    _check_out(out, [accounts_dir])
    if show_values:
        err.print("[yellow]warning:[/yellow] --show-values writes raw personal information into the report files")
    config_file = Path(policy.source).resolve() if policy.source not in ("", "defaults") else None
    own = tuple(p for p in (out.resolve(), config_file) if p is not None)
    settings = BatchSettings.make(policy, definitions, key, report_options, recognizer_dirs, exclude=own,
                                  split_bytes=int(split_above * (1 << 20)), retries=retries)

    def progress(row: dict, done: int, total: int) -> None:
        line = f"[{done}/{total}] {_plain(row['account'])}: {row['gate']} (exit {row['exit_code']})"
        if row["status"] == "failed":
            err.print(f"[red]error:[/red] {line}: {_plain(row['note'])}", highlight=False)
        elif not quiet:
            err.print(f"{line}, {row['people']} people, {row['file_errors']} file errors", highlight=False)

    started = time.monotonic()
    try:
        with open_client(scheduler, workers, key if key_file else None) as client:
            count = check_workers(client, accounts_dir, key_id(key))
            if not quiet:
                where = scheduler or "a local cluster"
                err.print(f"{count} workers on {_plain(where)}")
            outcome = run_batch(accounts_dir, out, settings, client, resume=resume, on_account=progress)
    except ClusterError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        err.print("interrupted: finished accounts have complete reports; run again with --resume for the rest")
        raise typer.Exit(130) from None
    if not quiet:
        Console(highlight=False).print(
            f"{len(outcome.rows)} accounts ({outcome.resumed} resumed), {time.monotonic() - started:.1f} s; "
            f"roll-up in {_plain(out)}/accounts.csv and index.html; exit {outcome.exit_code}")
    raise typer.Exit(outcome.exit_code)
