"""Corpus commands of `claimgraph`: ingest into a store, inspect it, query it, export it.

Registered on the main app (claimgraph.cli imports this module); each command is a thin call
into claimgraph.store, claimgraph.corpus or claimgraph.export.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn)
from rich.table import Table

from claimgraph.cli import NProcess, _fail, app, processes
from claimgraph.errors import ClaimgraphError

DbOption = Annotated[Optional[str], typer.Option(
    "--db", help="Store: a SQLite path or URL (default ./claimgraph.db) or postgresql://…")]


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"


def _engine(db: str | None) -> Any:
    from claimgraph.store.db import open_engine

    try:
        return open_engine(db)
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        _fail(f"--{name} {value!r}: not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from exc


@app.command()
def ingest(
    path: Annotated[Optional[str], typer.Argument(
        help="A file, a folder, or - for stdin.")] = None,
    db: DbOption = None,
    n_process: NProcess = None,
    published: Annotated[Optional[str], typer.Option(
        help="Publication date for inputs that carry none (YYYY-MM-DD).")] = None,
    from_parquet: Annotated[Optional[Path], typer.Option(
        "--from-parquet", help="Load the output folder of `claimgraph spark analyze` "
        "instead of analysing here.")] = None,
) -> None:
    """Analyse documents into a store; already stored texts are skipped, so a re-run resumes.

    Example: claimgraph ingest examples/feed.jsonl --db corpus.db
    """
    from claimgraph.ingest import read_inputs
    from claimgraph.store.from_parquet import read_spark_output
    from claimgraph.store.ingest import ingest as analyse_and_store
    from claimgraph.store.ingest import ingest_graphs

    if (path is None) == (from_parquet is None):
        _fail("give either PATH or --from-parquet DIR")
        raise typer.Exit(2)
    engine = _engine(db)
    console = Console(stderr=True)
    counts = {"stored": 0, "skipped": 0, "failed": 0}
    with Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]} docs/s · stored {task.fields[stored]} · "
                             "skipped {task.fields[skipped]} · failed {task.fields[failed]}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, rate="0.0", stored=0, skipped=0,
                                 failed=0)

        def tell(kind: str, name: str) -> None:
            counts[kind] += 1
            elapsed = progress.tasks[0].elapsed or 1e-9
            done = sum(counts.values())
            progress.update(task, completed=done, rate=f"{done / elapsed:.1f}",
                            stored=counts["stored"], skipped=counts["skipped"],
                            failed=counts["failed"])

        try:
            if from_parquet is not None:
                report = ingest_graphs(engine, read_spark_output(from_parquet),
                                       str(from_parquet), tell)
            else:
                assert path is not None
                report = analyse_and_store(engine, read_inputs(path, published), path,
                                           processes(n_process, path), tell)
        except ClaimgraphError as exc:
            _fail(str(exc))
            raise typer.Exit(2) from exc
    for line in report.errors:
        _fail(line)
    Console().print(f"run {report.run_id}: {report.stored} stored, {report.skipped} already "
                    f"stored, {report.failed} failed", highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def status(db: DbOption = None) -> None:
    """Counts per table and the last ingest runs of a store."""
    from claimgraph.store.queries import status as query

    info = query(_engine(db))
    console = Console()
    table = Table(title=f"store (schema version {info['schema_version']})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in info["counts"].items():
        table.add_row(name, str(n))
    console.print(table)
    runs = Table(title="last ingest runs")
    for col in ("run", "source", "started", "finished", "stored", "skipped", "failed", "status"):
        runs.add_column(col)
    for r in info["runs"]:
        runs.add_row(str(r["id"]), str(r["source"]), str(r["started_at"])[:19],
                     str(r["finished_at"] or "")[:19], str(r["stored"]), str(r["skipped"]),
                     str(r["failed"]), r["status"])
    console.print(runs)


def _emit(rows: list[dict[str, Any]], fmt: QueryFormat, columns: list[tuple[str, str]],
          title: str) -> None:
    """Rows as a readable table, JSON or CSV (CSV and JSON keep every column)."""
    if fmt is QueryFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt is QueryFormat.csv:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: json.dumps(v) if isinstance(v, (list, dict)) else v
                              for k, v in r.items()} for r in rows)
        return
    table = Table(title=f"{title} ({len(rows)})")
    for _, header in columns:
        table.add_column(header)
    for r in rows:
        table.add_row(*[_cell(r, key) for key, _ in columns])
    Console().print(table)


def _cell(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)[:70]


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor id (source or target).")] = None,
    type: Annotated[Optional[str], typer.Option(help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    min_sources: Annotated[int, typer.Option(
        help="Only events whose cluster has at least this many independent sources.")] = 0,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
) -> None:
    """Stored events, with actors, place and how many independent sources report them.

    Example: claimgraph events --db corpus.db --type ASSAULT --min-sources 2
    """
    from claimgraph.store.queries import events as query

    rows = query(_engine(db), actor, type, _date(since, "since"), _date(until, "until"),
                 min_sources, limit)
    _emit(rows, format, [("time_end", "date"), ("place_name", "place"),
                         ("source_name", "source"), ("plover_type", "type"),
                         ("target_name", "target"), ("modality", "modality"),
                         ("independent_sources", "sources"), ("outlet", "outlet")], "events")


@app.command()
def claims(
    db: DbOption = None,
    source_type: Annotated[Optional[str], typer.Option(
        help="author, named, official, anonymous, unnamed_report or document.")] = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
) -> None:
    """Stored claims: who says what, how sure, and whether the author agrees."""
    from claimgraph.store.queries import claims as query

    rows = query(_engine(db), source_type, limit)
    _emit(rows, format, [("outlet", "outlet"), ("source_type", "source type"),
                         ("source", "source"), ("cue", "cue"), ("certainty", "certainty"),
                         ("author_stance", "author"), ("content", "claim")], "claims")


@app.command()
def actors(
    db: DbOption = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
) -> None:
    """Corpus actors with their mention, event and document counts."""
    from claimgraph.store.queries import actors as query

    rows = query(_engine(db), limit)
    _emit(rows, format, [("id", "id"), ("name", "name"), ("cameo_code", "code"),
                         ("mentions", "mentions"), ("events", "events"),
                         ("documents", "documents")], "actors")


@app.command()
def clusters(
    db: DbOption = None,
    type: Annotated[Optional[str], typer.Option(help="PLOVER type, e.g. ASSAULT.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor id taking part.")] = None,
    min_sources: Annotated[int, typer.Option(help="At least this many sources.")] = 0,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """Event clusters across documents: sources, corroboration and contradictions."""
    from claimgraph.store.queries import clusters as query

    rows = query(_engine(db), type, min_sources, actor)
    for r in rows:
        r["contradicted"] = "yes" if r["contradictions"] else ""
        r["outlet_list"] = ", ".join(r["outlets"])
    _emit(rows, format, [("id", "id"), ("plover_type", "type"), ("time_start", "from"),
                         ("time_end", "to"), ("place_country", "country"),
                         ("independent_sources", "sources"), ("corroboration", "corroboration"),
                         ("contradicted", "contradicted"), ("outlet_list", "outlets")],
          "clusters")


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output: Annotated[Path, typer.Option("-o", "--output", help="File, or folder for csv and "
                                                                 "parquet.")] = Path("export"),
) -> None:
    """Export a store: JSONL of DocumentGraphs, CSV/Parquet tables, GraphML/GEXF networks.

    Example: claimgraph export --db corpus.db --format parquet -o out/
    """
    from claimgraph.export.writers import export as run

    try:
        written = run(_engine(db), format.value, output)
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc
    for path in written:
        Console().print(f"wrote {path}", highlight=False)


@app.command()
def report(
    path: Annotated[Optional[str], typer.Argument(
        help="Article(s) to analyse: a file, a folder or -; omit with --db.")] = None,
    db: DbOption = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")]
    = Path("report.html"),
    published: Annotated[Optional[str], typer.Option(
        help="Publication date for inputs that carry none (YYYY-MM-DD).")] = None,
    n_process: NProcess = None,
) -> None:
    """Write one self-contained HTML report (no network needed to open it): the article view
    for analysed files, or the corpus view and every article of a store.

    Example: claimgraph report examples/wire_report_baghdad.txt -o report.html
    """
    from claimgraph.web.bundle import from_graphs, from_store
    from claimgraph.web.page import render_page

    if (path is None) == (db is None):
        _fail("give either a PATH to analyse or --db URL, not both")
        raise typer.Exit(2)
    try:
        if db is not None:
            bundle = from_store(_engine(db), title=f"claimgraph corpus: {db}")
        else:
            graphs = _analyzed(str(path), published, processes(n_process, str(path)))
            name = graphs[0].document.title or Path(str(path)).name
            bundle = from_graphs(graphs, title=f"claimgraph report: "
                                             f"{name if len(graphs) == 1 else path}")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render_page(bundle), encoding="utf-8")
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc
    Console().print(f"wrote {output.resolve()}", highlight=False)


def _analyzed(path: str, published: str | None, n_process: int) -> list[Any]:
    """The graphs of every readable document under `path`; failures named on stderr."""
    from claimgraph.ingest import InputDoc, InputFailure, read_inputs
    from claimgraph.pipeline import analyze_stream

    def readable() -> Any:
        for item in read_inputs(path, published):
            if isinstance(item, InputDoc):
                yield item
            else:
                _fail(item.message())

    graphs = []
    for result in analyze_stream(readable(), n_process=n_process):
        if isinstance(result, InputFailure):
            _fail(result.message())
        else:
            graphs.append(result)
    if not graphs:
        _fail(f"{path}: no document could be analysed")
        raise typer.Exit(1)
    return graphs


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        help="Address to bind; anything but localhost must be asked for explicitly.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """A local web UI and JSON API over a store (OpenAPI schema at /openapi.json).

    Example: claimgraph serve --db corpus.db
    """
    import uvicorn

    from claimgraph.web.server import create_app, is_local

    if not is_local(host):
        Console(stderr=True).print(f"[yellow]warning:[/yellow] serving on {host}: anyone who "
                                   f"can reach this address can read the store", highlight=False)
    uvicorn.run(create_app(_engine(db)), host=host, port=port, log_level="warning")
