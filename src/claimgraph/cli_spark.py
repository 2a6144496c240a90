"""`claimgraph spark analyze|cluster`: the pipeline as a Spark job (claimgraph.spark).

Registered on the main app as the `spark` group; `spark-submit .../claimgraph/spark.py ...`
runs the same group. PySpark is imported only when a command runs.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from claimgraph.cli import _fail, app
from claimgraph.errors import ClaimgraphError

spark_app = typer.Typer(help="Analyse and cluster on Spark (needs claimgraph\\[spark]).",
                        no_args_is_help=True, add_completion=False)
app.add_typer(spark_app, name="spark")


class WriteMode(str, Enum):
    error = "error"
    overwrite = "overwrite"


Master = Annotated[Optional[str], typer.Option(
    help="Spark master URL (default: what spark-submit gave, else local[*]).")]
Mode = Annotated[WriteMode, typer.Option(
    help="An output table that exists: stop (error) or replace it (overwrite).")]


def _run(job: Any) -> Any:
    """Run a job; Spark's own failures become one-line errors."""
    try:
        return job()
    except ClaimgraphError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from exc
    except Exception as exc:  # noqa: BLE001  (py4j/pyspark raise many kinds; report, not trace)
        if type(exc).__module__.split(".")[0] not in ("pyspark", "py4j"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(f"Spark: {first}")
        raise typer.Exit(2) from exc


def _counts(counts: dict[str, int]) -> None:
    Console().print(" · ".join(f"{name} {n}" for name, n in counts.items()), highlight=False)


@spark_app.command("analyze")
def analyze(
    input: Annotated[str, typer.Argument(help="JSONL, text files or Parquet (id, text, ...): "
                                              "a path Spark reads (local, hdfs://, s3a://).")],
    output: Annotated[str, typer.Option("--output", "-o", help="Folder for the tables.")],
    master: Master = None,
    partitions: Annotated[Optional[int], typer.Option(
        min=1, help="Partitions to analyse in (default: 2 per core).")] = None,
    input_format: Annotated[Optional[str], typer.Option(
        help="jsonl, text or parquet (default: from the path).")] = None,
    mode: Mode = WriteMode.error,
) -> None:
    """Analyse documents on Spark into Parquet tables (the columns of `export --format parquet`).

    Example: claimgraph spark analyze feed.jsonl -o out/ --master local[2]
    """
    from claimgraph.spark import input_format as format_of
    from claimgraph.spark import run_analyze, session

    fmt = _run(lambda: format_of(input, input_format))  # before Spark starts
    _counts(_run(lambda: run_analyze(session(master), input, output, fmt, partitions,
                                     mode.value)))


@spark_app.command("cluster")
def cluster(
    output: Annotated[str, typer.Argument(help="The output folder of `spark analyze`.")],
    master: Master = None,
    mode: Mode = WriteMode.error,
) -> None:
    """Cluster the events of a `spark analyze` output (writes clusters and event_clusters).

    Example: claimgraph spark cluster out/ --master local[2]
    """
    from claimgraph.spark import run_cluster, session

    _counts(_run(lambda: run_cluster(session(master), output, mode.value)))
