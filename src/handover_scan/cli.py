"""Command line: a thin layer over handover_scan.scan, .policy, .baseline and .reports.

Exit codes: 0 pass; 1 gate failed (personal information found that the policy does not
allow; the code is configurable with exit_code / --fail-exit-code); 2 scan incomplete
(a file could not be read: the gate fails closed) or a usage or config error.
"""

from __future__ import annotations

import errno
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core
from rich.console import Console
from rich.table import Table

from handover_scan import __version__
from handover_scan.engine.definitions import DefinitionError, load_definitions
from handover_scan.cli_guard import _fail, _interruptible, _locked, _plain, err
from handover_scan.cli_guard import guarded as _guarded
from handover_scan.policy import DEFAULT_MIN_SCORE, EXIT_INCOMPLETE, ConfigError, decide

class _Command(typer.core.TyperCommand):
    """Help that reads like a person wrote it: `EXPORT...` not `{EXPORT...}...`, no `<list[Path]>` type tags."""

    @staticmethod
    def _tidy(text: str) -> str:
        import re

        text = re.sub(r"\{([A-Z][\w.]*?)(?:\.\.\.)?\}(?:\.\.\.)?", r"\1...", text)
        text = re.sub(r"\[([A-Z][A-Z_]*)\](?=\s|$)", r"[\1]", text)
        return re.sub(r" <[\w\[\], |]+>", "", text)

    def get_help(self, ctx) -> str:
        return self._tidy(super().get_help(ctx))

    def get_usage(self, ctx) -> str:
        return self._tidy(super().get_usage(ctx))


app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, rich_markup_mode=None)
baseline_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                           help="Record known findings, then fail only on new ones (like detect-secrets).")
app.add_typer(baseline_app, name="baseline")

EXIT_HELP = ("Exit codes: 0 pass; 1 gate failed (configurable: exit_code, --fail-exit-code); "
             "2 scan incomplete (a file could not be read; fails closed), nothing scanned (no input files or "
             "only skipped ones), or a usage/config/baseline error (a missing path is refused before anything "
             "is written).")
EXIT_HELP_CREATE = ("Exit codes: 0 baseline written; 2 nothing written: the scan was incomplete or scanned "
                    "nothing, a path is missing, or a config, key or baseline error.")
EXIT_HELP_AUDIT = ("Exit codes: 0 entries listed (and marks saved); 2 the baseline cannot be read, an id or status "
                   "is unknown, or a mark lacks its reason.")
EXIT_HELP_INFO = "Exit codes: 0 listed; 2 a recognizer folder cannot be read."
EXIT_HELP_EVAL = "Exit codes: 0 table printed; 2 the corpus or a recognizer folder cannot be read."


def _load_key(key_file: Optional[Path]) -> bytes:
    """keys.load_key with its warnings (a key file others can read) printed as one line each."""
    import warnings

    from handover_scan.keys import load_key

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        key = load_key(key_file)
    for warning in caught:
        err.print(f"[yellow]warning:[/yellow] {_plain(warning.message)}")
    return key


def _split(values: Optional[list[str]]) -> list[str]:
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def _thresholds(values: Optional[list[str]]) -> dict[str, int] | None:
    if not values:
        return None
    out = {}
    for item in _split(values):
        name, sep, count = item.partition("=")
        if not sep or not count.strip().isdigit():
            _fail(f"--threshold expects TYPE=COUNT, not {item!r}")
        out[name.strip()] = int(count)
    return out


def _run_scan(paths: list[Path], options, quiet: bool):
    """scan() with a progress bar on stderr (files done/total, records/s, ETA, current file) when it is a
    terminal and not --quiet."""
    from handover_scan.scan import scan

    if quiet or not err.is_terminal:
        return scan(paths, options)
    from handover_scan.progress import run_with_progress

    return run_with_progress(paths, options, err)


def _check_paths(paths: list[Path]) -> None:
    """A usage error before anything is read or written: a path that does not exist scans nothing."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(_plain(p) for p in missing)} "
                  "(nothing scanned, nothing written)", highlight=False)
        raise typer.Exit(EXIT_INCOMPLETE)


def _nothing_scanned(result) -> str:
    """The one-line reason (a Message) when a scan read no file at all (no input files, or only skipped ones)."""
    from handover_scan.messages import message

    if any(not f.skipped and not f.error for f in result.files) or result.findings:
        return ""
    if not result.files:
        return message("scan.no_input")
    return message("scan.all_skipped", count=len(result.files))


@app.command("scan", epilog=EXIT_HELP, cls=_Command)
@_guarded
def scan_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders to scan.", metavar="EXPORT...",
                                                show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the report files.", metavar="FOLDER")]
    = Path("handover-report"),
    formats: Annotated[Optional[list[str]], typer.Option(
        "--format", "-f", metavar="FORMATS",
        help="Report files to write: csv (findings, subjects, summary, conversations), jsonl, html, json, sarif, "
             "xlsx; repeat or comma-separate. Default: all.")] = None,
    lang: Annotated[str, typer.Option(help="Report and summary language: zh or en.", metavar="zh|en")] = "zh",
    csv_headers: Annotated[str, typer.Option(help="Header row language of the CSV files: en (fixed schema, "
                                                  "default) or zh.", metavar="en|zh")] = "en",
    config: Annotated[Optional[Path], typer.Option(
        "--config", metavar="FILE", help="Policy file (default: ./handover-scan.toml, else [tool.handover-scan] "
                                         "in ./pyproject.toml).")] = None,
    min_score: Annotated[Optional[float], typer.Option(
        metavar="SCORE", help="Gate threshold: findings scoring at least this count (default 0.5).")] = None,
    fail_on: Annotated[Optional[list[str]], typer.Option(
        metavar="TYPES", help="Entity types, categories, 'sensitive' or 'any' that fail the gate (default any).")]
    = None,
    threshold: Annotated[Optional[list[str]], typer.Option(
        metavar="TYPE=COUNT", help="That type fails only from COUNT findings on.")] = None,
    fail_exit_code: Annotated[Optional[int], typer.Option(metavar="CODE",
                                                          help="Exit code when the gate fails (default 1).")]
    = None,
    baseline: Annotated[Optional[Path], typer.Option(
        metavar="FILE", help="Baseline file: findings it holds do not fail the gate; only new ones do.")] = None,
    fail_on_unaudited: Annotated[Optional[bool], typer.Option(
        "--fail-on-unaudited/--no-fail-on-unaudited", show_default=False,
        help="Baseline entries nobody audited yet still fail the gate (policy key fail_on_unaudited).")] = None,
    recognizers: Annotated[Optional[list[Path]], typer.Option(
        "--recognizers", metavar="FOLDER", help="Extra recognizer folder (adds or overrides built-in definitions).")]
    = None,
    jobs: Annotated[Optional[int], typer.Option(help="Worker processes (default: the number of CPUs).", min=1,
                                                metavar="N")] = None,
    key_file: Annotated[Optional[Path], typer.Option(metavar="FILE",
                                                     help="Fingerprint key file (default: $HANDOVER_SCAN_KEY, "
                                                          "then ~/.config/handover-scan/key).")] = None,
    show_values: Annotated[bool, typer.Option(
        help="Also write raw values into findings.csv/.jsonl and report.html (warns).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")]
    = False,
) -> None:
    """Scan exports, decide the gate and write the report files into --out."""
    from handover_scan import baseline as baselines
    from handover_scan.config import load_policy
    from handover_scan.reports import ReportData, ReportOptions, write_reports
    from handover_scan.scan import ScanOptions

    started = time.monotonic()
    _check_paths(paths)
    try:
        policy = load_policy(config).with_overrides(
            min_score=min_score, fail_on=tuple(_split(fail_on)) or None, thresholds=_thresholds(threshold),
            exit_code=fail_exit_code, fail_on_unaudited=fail_on_unaudited)
        report_options = ReportOptions(formats=tuple(dict.fromkeys(_split(formats))) or ReportOptions.formats,
                                       lang=lang, show_values=show_values, csv_headers=csv_headers)
        key = _load_key(key_file)
        recognizer_dirs = (*policy.recognizers, *(recognizers or ()))  # the file's folders, then the flags'
        definitions = load_definitions(recognizer_dirs)
        known = baselines.load(baseline) if baseline else None
        if known is not None:
            known.check_key(key)
    except (ConfigError, DefinitionError, baselines.BaselineError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    _check_names(policy, definitions)
    _check_out(out, paths)
    if show_values:
        err.print("[yellow]warning:[/yellow] --show-values writes raw personal information into the report files")
    config_file = Path(policy.source) if policy.source not in ("", "defaults") else None
    own_files = tuple(p for p in (baseline, config_file) if p is not None and p.is_file())
    options = ScanOptions(recognizer_dirs=recognizer_dirs, key=key, jobs=jobs or 0, exclude=(out, *own_files))
    with _interruptible(out), _locked(out):  # one scan per --out, from the walk to the last rename
        result = _run_scan(paths, options, quiet)
        decision = decide(result, policy, known, definitions.entities)
        data = ReportData(result, decision, definitions, roots=_shown_roots(paths, result),
                          elapsed=time.monotonic() - started)
        try:
            written = write_reports(out, data, report_options)
        except OSError as exc:
            _fail(f"cannot write the reports: {exc.filename or out}: {exc.strerror or type(exc).__name__}"
                  + (" (a symbolic link in the report's place is not followed)" if exc.errno == errno.ELOOP
                     else "") + "; the previous report files, if any, were left as they were")
    from handover_scan.reports.terminal import error_line, print_summary

    for report in result.errors:
        err.print(error_line(report.error, lang, report.file, plain=_plain), highlight=False)
    if not quiet:
        print_summary(data, out, written, lang, plain=_plain)
    if (empty := _nothing_scanned(result)):
        err.print(error_line(empty, lang, plain=_plain), highlight=False)
    raise typer.Exit(decision.exit_code)


def _shown_roots(paths: list[Path], result) -> list[str]:
    """The paths given, as reports show them: a value in a folder or file name masked like everywhere else."""
    from handover_scan.exports.pathnames import mask_root

    return [mask_root(str(p), getattr(result, "name_masks", {})) for p in paths]


def _check_out(out: Path, paths: list[Path]) -> None:
    """Before scanning: --out must be (or become) a folder of its own, not a file and not a scanned folder
    (its reports would be mixed into the export and scanned next time). An existing --out that others can
    read is tightened to 0700 (reports.common.prepare_out_dir), and said so."""
    import stat

    if out.is_symlink() and not out.exists():
        _fail(f"--out {out}: broken or looping symbolic link")
    if out.exists() and not out.is_dir():
        _fail(f"--out {out}: exists and is not a folder")
    target = out.resolve()
    for path in paths:
        if path.is_dir() and path.resolve() == target:
            _fail(f"--out {out}: is a folder being scanned; choose a folder of its own")
    if out.is_dir():
        mode = stat.S_IMODE(out.stat().st_mode)
        if mode != 0o700:
            err.print(f"note: --out {_plain(out)} had mode {mode:04o}; set to 0700 (reports name people)")


def _check_names(policy, definitions) -> None:
    """fail_on and thresholds must name things that exist: a typo would silently pass everything."""
    entities = definitions.entities
    known = {"any", "sensitive", *entities, *(s.category for s in entities.values()),
             *(s.category_en for s in entities.values())}
    import difflib

    unknown = [(n, known) for n in policy.fail_on if n not in known]
    unknown += [(n, set(entities)) for n in policy.thresholds if n not in entities]
    if unknown:
        def hint(name: str, choices: set[str]) -> str:
            close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.5)
            close = close or difflib.get_close_matches(name.upper(), sorted(choices), n=1, cutoff=0.5)
            return f"{name} (did you mean {close[0]}?)" if close else name

        _fail(f"{policy.source or 'policy'}: unknown entity type or category "
              f"{', '.join(hint(n, c) for n, c in unknown)}; see `handover-scan recognizers`")


@baseline_app.command("create", epilog=EXIT_HELP_CREATE, cls=_Command)
@_guarded
def baseline_create(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders to scan.", metavar="EXPORT...",
                                                show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.", metavar="FILE")]
    = Path(".handover-baseline.json"),
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.",
                                                              metavar="FOLDER")] = None,
    jobs: Annotated[Optional[int], typer.Option(help="Worker processes (default: the number of CPUs).", min=1,
                                                metavar="N")] = None,
    key_file: Annotated[Optional[Path], typer.Option(metavar="FILE",
                                                     help="Fingerprint key file (default: $HANDOVER_SCAN_KEY, "
                                                          "then ~/.config/handover-scan/key).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only.")] = False,
) -> None:
    """Scan exports and record every finding (keyed fingerprint, type, file, field; no raw values).

    Audit marks of an existing baseline at --output carry over to entries that are still found."""
    from handover_scan import baseline as baselines
    from handover_scan.config import find_config, load_policy
    from handover_scan.scan import ScanOptions

    _check_paths(paths)
    try:
        key = _load_key(key_file)
        config = find_config()
        recognizer_dirs = (*load_policy().recognizers, *(recognizers or ()))
        load_definitions(recognizer_dirs)
        previous = baselines.load(output) if output.is_file() else None
        if previous is not None:
            previous.check_key(key)
    except (DefinitionError, FileNotFoundError, baselines.BaselineError, ConfigError, ValueError) as exc:
        _fail(str(exc))
    # the same files `scan` leaves out: its report folder, the baseline itself and the config file
    # (the scan command's default, the pre-commit hooks' one, beside the baseline or in the working folder)
    reports = [base / name for base in (output.parent, Path.cwd()) for name in ("handover-report", ".handover-report")]
    own = (*reports, output, *((config[0],) if config else ()))
    options = ScanOptions(recognizer_dirs=recognizer_dirs, key=key, jobs=jobs or 0, exclude=own)
    result = _run_scan(paths, options, quiet)
    if not result.complete:
        for report in result.errors:
            err.print(f"[red]error:[/red] {_plain(report.file)}: {_plain(report.error)}", highlight=False)
        _fail("scan incomplete: no baseline written (it would miss what those files hold)")
    if (empty := _nothing_scanned(result)):
        _fail(f"{empty}: no baseline written")
    made = baselines.create(result.findings, key, _shown_roots(paths, result), previous)  # a value in a name masked
    baselines.save(made, output)
    if not quiet:
        stats = made.stats()
        Console(highlight=False).print(f"baseline {_plain(output)}: {len(made.entries)} entries from "
                                       f"{len(result.findings)} findings ({', '.join(f'{k} {v}' for k, v in stats.items())})")


@baseline_app.command("audit", epilog=EXIT_HELP_AUDIT, cls=_Command)
@_guarded
def baseline_audit(
    file: Annotated[Path, typer.Argument(help="Baseline file.", metavar="BASELINE")] = Path(".handover-baseline.json"),
    mark: Annotated[Optional[list[str]], typer.Option(
        metavar="ID=STATUS", help="ID=STATUS (status: accepted, false_positive, unaudited); ID is an entry id (a unique prefix) "
             "or a fingerprint. Repeatable.")] = None,
    all_unaudited: Annotated[Optional[str], typer.Option(
        metavar="STATUS", help="Mark every unaudited entry with this status.")] = None,
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why (required to mark accepted or false_positive).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON lines.")] = False,
    stats: Annotated[bool, typer.Option(help="Print only the counts per status.")] = False,
) -> None:
    """List baseline entries and mark them accepted or false positive.

    With no --mark/--all-unaudited on a terminal, asks entry by entry; otherwise lists."""
    import json

    from handover_scan import baseline as baselines

    try:
        known = baselines.load(file)
        changed = 0
        for item in _split(mark):
            ident, sep, status = item.partition("=")
            if not sep:
                raise baselines.BaselineError(f"--mark expects ID=STATUS, not {item!r}")
            changed += len(known.mark(ident.strip(), status.strip(), reason))
        if all_unaudited:
            for entry in [e for e in known.entries.values() if e.status == "unaudited"]:
                changed += len(known.mark(entry.id, all_unaudited, reason))
    except baselines.BaselineError as exc:
        _fail(str(exc))
    interactive = not (mark or all_unaudited or as_json or stats) and sys.stdin.isatty()
    if interactive:
        changed += _audit_interactively(known)
    if changed:
        baselines.save(known, file)
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)
    if stats:
        typer.echo(json.dumps(known.stats()))
    elif as_json:
        for entry in known.entries.values():
            typer.echo(json.dumps(entry.as_dict(), ensure_ascii=False))  # not Rich: its markup would eat [..]
    else:
        table = Table(title=f"{_plain(file)}: {len(known.entries)} entries (masked values only)")
        for column in ("id", "entity type", "masked", "context (masked)", "file", "field", "person", "count",
                       "status", "reason"):
            table.add_column(column, overflow="fold")
        for e in sorted(known.entries.values(), key=lambda e: (e.status != "unaudited", e.file, e.entity_type)):
            table.add_row(*map(_plain, (e.id, e.entity_type, e.masked_value, e.context or "-", e.file, e.field,
                                        e.data_subject, e.count, e.status, e.reason)))
        console.print(table)
    if changed:
        err.print(f"{changed} entr{'y' if changed == 1 else 'ies'} updated in {_plain(file)}")


def _audit_interactively(known) -> int:
    console = Console(highlight=False)
    changed = 0
    todo = [e for e in known.entries.values() if e.status == "unaudited"]
    for i, entry in enumerate(todo, 1):
        e = {k: _plain(v) for k, v in entry.as_dict().items()}
        console.print(f"[{i}/{len(todo)}] {e['id']} {e['entity_type']} ({e['category']}) {e['masked_value']} "
                      f"in {e['file']} \\[{e['field']}], {e['conversation']} / {e['data_subject']}, "
                      f"{e['count']}x")
        console.print(f"    context: {e['context'] or '-'}")
        answer = typer.prompt("(a)ccepted, (f)alse positive, (s)kip, (q)uit", default="s").strip().lower()[:1]
        if answer == "q":
            break
        if answer in ("a", "f"):
            why = typer.prompt("reason").strip()
            while not why:
                why = typer.prompt("reason (required)").strip()
            known.mark(entry.id, "accepted" if answer == "a" else "false_positive", why)
            changed += 1
    return changed


@app.command("formats", epilog="Exit codes: 0 listed.")
def formats_command() -> None:
    """List the export formats the scanner detects, in the order it tries them."""
    from handover_scan.exports import READERS
    from handover_scan.messages import format_label

    table = Table(caption="Detected by content, tried top to bottom; anything else is read as text.")
    table.add_column("format", no_wrap=True)
    table.add_column("name in reports (en / zh)", overflow="fold")  # recognizers/messages.yaml
    table.add_column("what it reads", overflow="fold")  # headers and keys in full, never cut with an ellipsis
    for reader in READERS:
        table.add_row(reader.format_id, f"{format_label(reader.format_id, 'en')}\n{format_label(reader.format_id, 'zh')}",
                      reader.description)
    Console(width=160).print(table)


@app.command("recognizers", epilog=EXIT_HELP_INFO)
def recognizers_command(
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.",
                                                              metavar="FOLDER")] = None,
) -> None:
    """List entity types with their category, sensitivity, articles and where they are defined."""
    try:
        definitions = load_definitions(tuple(recognizers or ()))
    except (DefinitionError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {_plain(exc)}")
        raise typer.Exit(EXIT_INCOMPLETE) from None
    table = Table()
    for column in ("entity type", "category", "sensitive", "articles", "definition"):
        table.add_column(column)
    for name, spec in sorted(definitions.entities.items()):
        where = [f"{r.path} ({r.name})" for r in definitions.recognizers if r.entity == name]
        table.add_row(f"{name}\n{spec.label('zh')}\n{spec.label('en')}", f"{spec.category}\n{spec.category_en}",
                      "yes" if spec.sensitive else "no",
                      "; ".join(spec.articles), "\n".join(where) or "-")
    Console(width=220).print(table)


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.command("eval", epilog=EXIT_HELP_EVAL, cls=_Command)
def eval_command(
    corpus: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Labelled corpus (JSON lines); default: eval/corpus.jsonl "
                                                        "of the source checkout.")] = None,
    min_score: Annotated[float, typer.Option(metavar="SCORE", help="Findings scoring at least this count as predictions.")]
    = DEFAULT_MIN_SCORE,
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.", metavar="FOLDER")]
    = None,
    show_errors: Annotated[int, typer.Option(metavar="N", help="Also print up to this many mistaken messages.")] = 0,
) -> None:
    """Precision, recall and F1 per entity type on a labelled corpus (span level, presidio-research rules)."""
    from handover_scan.engine.analyzer import Analyzer
    from handover_scan.evaluation import DEFAULT_CORPUS, evaluate, format_table

    path = corpus or DEFAULT_CORPUS
    if not path.is_file():
        err.print(f"[red]error:[/red] corpus not found: {path} (generate it with python eval/make_corpus.py)")
        raise typer.Exit(EXIT_INCOMPLETE)
    try:
        analyzer = Analyzer(extra_dirs=tuple(recognizers or ()))
    except (DefinitionError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {_plain(exc)}")
        raise typer.Exit(EXIT_INCOMPLETE) from None
    result = evaluate(path, analyzer, min_score=min_score, keep_errors=show_errors)
    typer.echo(f"{result.messages} messages, min score {min_score}, corpus {path}")
    typer.echo(format_table(result))
    for error in result.errors[:show_errors]:
        typer.echo(f"{error['id']}: missed {error['missed']} spurious {error['spurious']}")


# The batch and redact commands live in their own modules; importing them registers them on `app`.
from handover_scan import cli_batch, cli_redact  # noqa: E402,F401


def main() -> None:
    app(prog_name="handover-scan")


if __name__ == "__main__":
    sys.exit(main())
