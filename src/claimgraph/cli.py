"""The `claimgraph` command: thin over the library. Results go to stdout, errors to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from claimgraph.errors import ClaimgraphError

app = typer.Typer(help="Turn news and opinion articles into an evidence graph.",
                  no_args_is_help=True, add_completion=False)
kb_app = typer.Typer(help="Search the actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
err = Console(stderr=True)


class OutFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class ResolveFormat(str, Enum):
    json = "json"
    table = "table"


NProcess = Annotated[Optional[int], typer.Option(
    help="Worker processes (default: one per core as memory allows; 1 for small inputs).")]


SMALL_INPUT = 2_000_000  # bytes: below this, starting workers costs more than they save


def processes(asked: int | None, path: str) -> int:
    """The worker count: as asked, else 1 for stdin and small inputs (each worker loads the
    pipeline, several seconds), else one per core as memory allows."""
    from claimgraph.pipeline import default_n_process

    if asked is not None:
        if asked < 1:
            _fail(f"--n-process {asked}: must be 1 or more")
            raise typer.Exit(2)
        return asked
    target = Path(path)
    if path == "-" or not target.exists():
        return 1
    files = [target] if target.is_file() else (p for p in target.rglob("*") if p.is_file())
    size = 0
    for file in files:
        size += file.stat().st_size
        if size >= SMALL_INPUT:
            return default_n_process()
    return 1


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(
        help="A .txt/.html/.jsonl file, a folder, or - for stdin.")],
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
    = OutFormat.table,
    published: Annotated[Optional[str], typer.Option(
        help="Publication date (YYYY-MM-DD); overrides the input's own.")] = None,
    n_process: NProcess = None,
) -> None:
    """Analyse articles and print their evidence graphs.

    Example: claimgraph analyze examples/wire_report_baghdad.txt --format json
    """
    from claimgraph.ingest import InputDoc, InputFailure, read_inputs
    from claimgraph.pipeline import analyze_many
    from claimgraph.render import print_table

    failures = 0

    def good_docs() -> Iterator[InputDoc]:
        nonlocal failures
        try:
            for item in read_inputs(path, published):
                if isinstance(item, InputFailure):
                    failures += 1
                    _fail(item.message())
                else:
                    yield item
        except ClaimgraphError as exc:
            failures += 1
            _fail(str(exc))

    graphs = analyze_many(good_docs(), n_process=processes(n_process, path))
    out = Console()
    collected = []
    for graph in graphs:
        if format is OutFormat.jsonl:
            sys.stdout.write(graph.model_dump_json() + "\n")
        elif format is OutFormat.table:
            print_table(graph, out)
        else:
            collected.append(graph.model_dump(mode="json"))
    if format is OutFormat.json and collected:
        data = collected[0] if len(collected) == 1 else collected
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if failures:
        raise typer.Exit(1)


@app.command()
def resolve(
    mention: Annotated[str, typer.Argument(
        help="The mention text, e.g. 'the Iraqi prime minister'.")],
    context: Annotated[Optional[str], typer.Option(help="Text the mention occurs in.")] = None,
    date: Annotated[Optional[str], typer.Option(help="Date to resolve titles at (YYYY-MM-DD).")]
    = None,
    format: Annotated[ResolveFormat, typer.Option("--format", "-f")] = ResolveFormat.table,
) -> None:
    """Resolve one mention to an actor (null when it names none).

    Example: claimgraph resolve "the Iraqi prime minister" --date 2024-05-01 --format json
    """
    from claimgraph.actors.lookup import resolve_mention

    try:
        result = resolve_mention(mention, context, date)
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc
    if format is ResolveFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    from claimgraph.render import print_resolution

    print_resolution(mention, result, Console())


@kb_app.command("lookup")
def kb_lookup_cmd(
    name: Annotated[str, typer.Argument(help="A name or part of one.")],
    format: Annotated[ResolveFormat, typer.Option("--format", "-f")] = ResolveFormat.table,
) -> None:
    """Show KB actors matching a name or alias.

    Example: claimgraph kb lookup Maliki
    """
    from claimgraph.actors.lookup import kb_lookup
    from claimgraph.render import print_kb_entries

    entries = kb_lookup(name)
    if format is ResolveFormat.json:
        sys.stdout.write(json.dumps([e.model_dump(exclude_none=True) for e in entries],
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        print_kb_entries(name, entries, Console())
    if not entries:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output (one DocumentGraph).

    Example: claimgraph schema > documentgraph.schema.json
    """
    from claimgraph.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command("eval")
def eval_cmd(
    task: Annotated[str, typer.Argument(
        help="What to score: actors, events, claims or techniques.")],
    shared: Annotated[Path, typer.Option(help="Folder holding seed/ and data/ gold sets.")]
    = Path("../shared"),
    out: Annotated[Path, typer.Option(help="Folder for the JSON results.")]
    = Path("benchmarks/results"),
) -> None:
    """Score claimgraph on gold sets and write the results to benchmarks/results/.

    Example: claimgraph eval actors
    """
    from claimgraph.eval import run_eval

    try:
        run_eval(task, shared, out, Console())
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc


def main() -> None:
    app()


# The corpus commands (ingest, status, events, claims, actors, clusters, export) and the Spark
# commands live in their own modules and register themselves on `app`; imported last.
import claimgraph.cli_corpus  # noqa: E402,F401  (run as `python -m claimgraph`)
import claimgraph.cli_spark  # noqa: E402,F401
