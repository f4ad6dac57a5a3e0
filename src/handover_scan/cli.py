"""Command line: a thin layer over handover_scan.scan, .report and .policy.

Exit codes: 0 pass, 1 gate failed (personal information found at or above the
threshold), 2 scan incomplete (a file could not be read) or usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from handover_scan import __version__
from handover_scan.engine.definitions import DefinitionError, load_definitions
from handover_scan.policy import DEFAULT_MIN_SCORE, EXIT_INCOMPLETE, decide
from handover_scan.report import prepare_out_dir, write_findings_csv, write_summary_csv
from handover_scan.scan import ScanOptions, scan

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)


@app.command("scan")
def scan_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders to scan.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the report files.")] = Path("handover-report"),
    min_score: Annotated[float, typer.Option(help="Gate threshold: findings scoring at least this fail.")]
    = DEFAULT_MIN_SCORE,
    recognizers: Annotated[Optional[list[Path]], typer.Option(
        "--recognizers", help="Extra recognizer folder (adds or overrides built-in definitions).")] = None,
    jobs: Annotated[int, typer.Option(help="Worker processes for analysis.", min=1)] = 1,
    key_file: Annotated[Optional[Path], typer.Option(help="Fingerprint key file (default: $HANDOVER_SCAN_KEY, "
                                                          "then ~/.config/handover-scan/key).")] = None,
    show_values: Annotated[bool, typer.Option(help="Also write raw values into findings.csv.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Scan exports and write findings.csv and summary.csv into --out."""
    from handover_scan.keys import load_key

    try:
        key = load_key(key_file)
        definitions = load_definitions(tuple(recognizers or ()))
    except (DefinitionError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_INCOMPLETE) from None
    if show_values:
        err.print("[yellow]warning:[/yellow] --show-values writes raw personal information into the report")
    options = ScanOptions(recognizer_dirs=tuple(recognizers or ()), key=key, jobs=jobs, exclude=(out,))
    result = scan(paths, options)
    out = prepare_out_dir(out)
    write_findings_csv(out / "findings.csv", result.findings, show_values)
    write_summary_csv(out / "summary.csv", result, definitions.entities)
    decision = decide(result, min_score)
    for report in result.errors:
        err.print(f"[red]error:[/red] {report.file}: {report.error}")
    if not quiet:
        _print_summary(result, definitions.entities, decision, out)
    raise typer.Exit(decision.exit_code)


def _print_summary(result, entities, decision, out: Path) -> None:
    console = Console()
    table = Table(title="Personal information found (counts only; values are in no output)")
    for column in ("entity type", "category", "sensitive", "findings", "people"):
        table.add_column(column)
    by_type: dict[str, list] = {}
    for finding in result.findings:
        by_type.setdefault(finding.entity_type, []).append(finding)
    for entity_type, group in sorted(by_type.items()):
        spec = entities[entity_type]
        table.add_row(entity_type, spec.category, "yes" if spec.sensitive else "no", str(len(group)),
                      str(len({f.data_subject for f in group})))
    console.print(table)
    console.print(f"files: {len(result.files)} (skipped {len(result.skipped)}, errors {len(result.errors)}), "
                  f"records: {result.records}, people: {len({f.data_subject for f in result.findings})}")
    colour = {0: "green", 1: "red"}.get(decision.exit_code, "yellow")
    console.print(f"gate: [{colour}]{['PASS', 'FAIL', 'INCOMPLETE'][decision.exit_code]}[/{colour}] "
                  f"({decision.reason}); report in {out}/")


@app.command("formats")
def formats_command() -> None:
    """List the export formats the scanner detects, in the order it tries them."""
    from handover_scan.exports import READERS

    table = Table()
    table.add_column("format")
    table.add_column("what it reads")
    for reader in READERS:
        table.add_row(reader.format_id, reader.description)
    Console().print(table)


@app.command("recognizers")
def recognizers_command(
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.")]
    = None,
) -> None:
    """List entity types with their category, sensitivity, articles and where they are defined."""
    try:
        definitions = load_definitions(tuple(recognizers or ()))
    except (DefinitionError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_INCOMPLETE) from None
    table = Table()
    for column in ("entity type", "category", "sensitive", "articles", "definition"):
        table.add_column(column)
    for name, spec in sorted(definitions.entities.items()):
        where = [f"{r.path} ({r.name})" for r in definitions.recognizers if r.entity == name]
        table.add_row(name, f"{spec.category}\n{spec.category_en}", "yes" if spec.sensitive else "no",
                      "; ".join(spec.articles), "\n".join(where) or "-")
    Console(width=220).print(table)


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.command("eval")
def eval_command(
    corpus: Annotated[Optional[Path], typer.Option(help="Labelled corpus (JSON lines); default: eval/corpus.jsonl "
                                                        "of the source checkout.")] = None,
    min_score: Annotated[float, typer.Option(help="Findings scoring at least this count as predictions.")]
    = DEFAULT_MIN_SCORE,
    recognizers: Annotated[Optional[list[Path]], typer.Option("--recognizers", help="Extra recognizer folder.")]
    = None,
    show_errors: Annotated[int, typer.Option(help="Also print up to this many mistaken messages.")] = 0,
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
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_INCOMPLETE) from None
    result = evaluate(path, analyzer, min_score=min_score, keep_errors=show_errors)
    typer.echo(f"{result.messages} messages, min score {min_score}, corpus {path}")
    typer.echo(format_table(result))
    for error in result.errors[:show_errors]:
        typer.echo(f"{error['id']}: missed {error['missed']} spurious {error['spurious']}")


def main() -> None:
    app(prog_name="handover-scan")


if __name__ == "__main__":
    sys.exit(main())
