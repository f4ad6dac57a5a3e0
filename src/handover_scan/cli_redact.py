"""`handover-scan redact`: the de-identified copy (handover_scan.redact); registered on cli.app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from handover_scan.cli import _fail, _load_key, _plain, _split, app, err
from handover_scan.engine.definitions import DefinitionError
from handover_scan.policy import ConfigError

REDACT_EXIT_HELP = ("Exit codes: 0 copy written and verified (the re-scan finds nothing at or above min_score; every "
                    "file reads back as the same format with the same record count); 1 verification failed (what "
                    "is left is listed and in redaction_report.json); 2 usage error (bad --out, key) or the copy "
                    "is incomplete: an input file could not be read or rewritten (withheld and listed).")


@app.command("redact", epilog=REDACT_EXIT_HELP)
def redact_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders (never modified).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="New or empty folder for the copy (not inside an "
                                                          "input).")],
    min_score: Annotated[Optional[float], typer.Option(
        help="Findings scoring at least this are replaced (default: min_score of the config, else 0.5).")] = None,
    config: Annotated[Optional[Path], typer.Option(
        help="Config file for min_score and recognizers (default: ./handover-scan.toml, then pyproject.toml).")]
    = None,
    action: Annotated[Optional[list[str]], typer.Option(
        help="TYPE=ACTION (placeholder, pseudonym, city, year, health, keep); repeat or comma-separate.")] = None,
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.")]
    = None,
    key_file: Annotated[Optional[Path], typer.Option(help="Pseudonym key file (default: $HANDOVER_SCAN_KEY, "
                                                          "then ~/.config/handover-scan/key).")] = None,
    jobs: Annotated[Optional[int], typer.Option(
        help="Worker processes for the scans of the original and the copy (default: the number of CPUs).", min=1)]
    = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary; errors only.")] = False,
) -> None:
    """Write a de-identified copy in the exports' own formats, then re-scan it (Civil Code Art. 1038)."""
    from handover_scan.config import load_policy
    from handover_scan.keys import KeyFileError
    from handover_scan.redact import RedactError, RedactOptions, RedactPolicy, redact

    try:
        config_policy = load_policy(config)
        policy = RedactPolicy.with_overrides(_split(action), config_policy.min_score if min_score is None
                                             else min_score)
        key = _load_key(key_file)
        recognizer_dirs = (*config_policy.recognizers, *(recognizers or ()))
        outcome = redact(paths, out, RedactOptions(policy, key, recognizer_dirs, jobs or 0))
    except (RedactError, ConfigError, ValueError, KeyFileError, OSError, DefinitionError) as exc:
        _fail(str(exc))
    if not quiet or outcome.exit_code:
        for line in outcome.summary:
            (typer.echo if outcome.exit_code == 0 else err.print)(_plain(line))
        if not quiet:
            typer.echo(f"report: {_plain(out / 'redaction_report.json')}")
    raise typer.Exit(outcome.exit_code)
