"""The claimgraph pipeline as a PySpark job, for archives one machine cannot handle.

`analyze` reads JSONL, text files or Parquet (`id`, `text`, optional `title`, `url`, `source`,
`published`) from any path Spark reads, runs the same pipeline inside `mapPartitions` (loaded
once per Python worker, which Spark reuses across tasks), and writes one Parquet folder per
store table with the columns of `claimgraph export --format parquet`, plus `errors` (inputs
that failed, each alone) and `input_order` (where each document stood in the input).

Documents are taken as a single-process `claimgraph ingest` of the same input would take them:
inputs in order of file name then line; a text already seen earlier is skipped; an id already
taken by a different text is an error. Every table is written sorted by input order, so
`claimgraph ingest --from-parquet` can stream it back.

`cluster` groups events the way the store does (claimgraph.corpus.clusters). That merge is
greedy, so its result depends on the order events arrive in; Spark therefore only splits the
work where the order cannot matter: by PLOVER type, and within a type into time blocks that no
cluster can bridge (a gap of more than a day between one block's latest end and the next
start). Each block is then merged in input order by the same Python code the store runs.

Run it with `claimgraph spark analyze ...` (a local Spark), or ship this file to a cluster
with `spark-submit` (see README, "Scaling out").
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Table

from claimgraph.corpus.clusters import CLUSTERED, DEFAULT_WINDOW, SLACK, assign_events
from claimgraph.errors import ClaimgraphError
from claimgraph.store import schema as t

# The tables `analyze` writes, in the store's dependency order.
OUTPUT_TABLES: tuple[Table, ...] = (t.documents, t.actors, t.document_actors, t.mentions,
                                    t.places, t.events, t.claims, t.techniques)
INPUT_FORMATS = ("jsonl", "text", "parquet")
ID_CLASH = "id already stored for a different text"


class SparkJobError(ClaimgraphError):
    code = "CG600"


def session(master: str | None = None, app_name: str = "claimgraph") -> Any:
    """A SparkSession: the cluster spark-submit gave, else `master`, else local[*]."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkJobError("pyspark is not installed (pip install 'claimgraph[spark]')") \
            from exc
    # Workers must run this interpreter (or the shipped one spark-submit was told about),
    # or they cannot import spaCy.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name).config("spark.ui.enabled", "false") \
        .config("spark.ui.showConsoleProgress", "false")
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # not under spark-submit
    if master is not None:
        if master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.master(master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---------------------------------------------------------------------------------------
# analyze


def input_format(path: str, given: str | None) -> str:
    """The input's format: as given, else by the path's suffix (a local folder by its files)."""
    if given:
        if given not in INPUT_FORMATS:
            raise SparkJobError(f"{path}: unknown input format {given!r} "
                                f"(known: {', '.join(INPUT_FORMATS)})")
        return given
    name = path.rstrip("/").lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".txt", ".text", ".md")):
        return "text"
    if os.path.isdir(path):
        suffixes = {os.path.splitext(f)[1].lower() for _, _, files in os.walk(path)
                    for f in files if not f.startswith((".", "_"))}
        for fmt, known in (("jsonl", {".jsonl", ".ndjson"}), ("parquet", {".parquet"}),
                           ("text", {".txt", ".text", ".md"})):
            if suffixes & known:
                return fmt
    raise SparkJobError(f"{path}: cannot tell the input format; give --input-format "
                        f"({'|'.join(INPUT_FORMATS)})")


def read_input(spark: Any, path: str, fmt: str) -> Any:
    """Input records as (input_order, name, kind, payload): one per document, numbered in the
    order a single-process run reads them (files by name, then lines or rows)."""
    from pyspark.sql import functions as F

    if fmt == "text":
        raw = (spark.read.option("wholetext", "true").text(path)
               .select(F.col("value").alias("payload")))
    elif fmt == "jsonl":
        raw = spark.read.text(path).select(F.col("value").alias("payload"))
    else:
        frame = spark.read.parquet(path)
        if "text" not in frame.columns:
            raise SparkJobError(f"{path}: Parquet input needs a `text` column")
        keep = [c for c in ("id", "text", "title", "url", "source", "published")
                if c in frame.columns]
        raw = frame.select(F.to_json(F.struct(*[F.col(c).cast("string").alias(c)
                                                for c in keep])).alias("payload"))
    keyed = (raw.withColumn("_file", F.col("_metadata.file_path"))
             .withColumn("_row", F.monotonically_increasing_id()))
    # Within a file, rows keep their order in monotonically increasing ids (a file's splits
    # go to partitions in offset order), so (file, id) is the reading order.
    numbered = (keyed.select("_file", "_row").orderBy("_file", "_row").rdd.zipWithIndex()
                .map(lambda pair: (pair[0][1], pair[1])).toDF(["_row", "input_order"]))
    records = keyed.join(numbered, "_row")
    first = records.groupBy("_file").agg(F.min("input_order").alias("_first"))
    records = records.join(first, "_file")
    if fmt == "text":
        name = F.col("_file")
    else:
        name = F.concat_ws(":", F.col("_file"),
                           (F.col("input_order") - F.col("_first") + 1).cast("string"))
    records = records.select("input_order", name.alias("name"), F.lit(fmt).alias("kind"),
                             "payload")
    if fmt == "jsonl":
        records = records.where(F.trim(F.col("payload")) != "")
    return records


def _input_doc(kind: str, payload: str, name: str) -> Any:
    from claimgraph.ingest import InputDoc, check_text, jsonl_doc

    if kind == "text":
        return InputDoc(text=check_text(payload, name))
    return jsonl_doc(payload, name)


def analyze_partition(records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Analyse one partition's records into rows of `result_schema`: per document its id,
    text hash and its rows of every output table; per failed input its name and reason. The
    pipeline is loaded once per worker process (and Spark reuses its Python workers)."""
    from claimgraph.errors import InputError
    from claimgraph.ingest import InputFailure
    from claimgraph.pipeline import analyze_stream
    from claimgraph.store.records import graph_rows

    now = dt.datetime.now(dt.timezone.utc)
    pending: deque[tuple[int, str]] = deque()
    failed: deque[tuple[Any, ...]] = deque()
    no_rows = (None,) * len(OUTPUT_TABLES)
    columns = {table: _written_columns(table) for table in OUTPUT_TABLES}

    def documents() -> Iterator[Any]:
        for rec in records:
            try:
                doc = _input_doc(rec["kind"], rec["payload"], rec["name"])
            except InputError as exc:
                reason = str(exc).removeprefix(f"{rec['name']}: ")
                failed.append(("error", rec["input_order"], rec["name"], reason, None, None,
                               *no_rows))
                continue
            pending.append((rec["input_order"], rec["name"]))
            yield doc

    for result in analyze_stream(documents()):
        order, name = pending.popleft()
        while failed:
            yield failed.popleft()
        if isinstance(result, InputFailure):
            yield ("error", order, name, result.reason, None, None, *no_rows)
            continue
        rows = graph_rows(result, None, now)
        yield ("doc", order, None, None, result.document.id, result.document.text_sha256,
               *([_flat(columns[table], row) for row in rows[table]]
                 for table in OUTPUT_TABLES))
    while failed:
        yield failed.popleft()


def _flat(columns: Iterable[Any], row: dict[str, Any]) -> tuple[Any, ...]:
    """A row as a tuple in the order of `columns` (JSON columns as text, like the Parquet
    export)."""
    return tuple(json.dumps(row.get(c.name), ensure_ascii=False)
                 if isinstance(c.type, JSON) else row.get(c.name) for c in columns)


def _written_columns(table: Table) -> list[Any]:
    """A table's columns as analyze writes them (autoincrement ids are numbered later)."""
    return [c for c in table.columns if not _numbered(table) or c.name != "id"]


def _numbered(table: Table) -> bool:
    return table.name in ("mentions", "places", "techniques")


def spark_schema(columns: Iterable[Any], extra: Iterable[tuple[str, Any]] = ()) -> Any:
    """A Spark schema for store columns (SQL types mapped as the Parquet export writes them)."""
    from pyspark.sql import types as T

    def kind(sql_type: Any) -> Any:
        if isinstance(sql_type, Boolean):
            return T.BooleanType()
        if isinstance(sql_type, Integer):
            return T.LongType()
        if isinstance(sql_type, Float):
            return T.DoubleType()
        if isinstance(sql_type, DateTime):
            return T.TimestampType()
        if isinstance(sql_type, Date):
            return T.DateType()
        return T.StringType()

    fields = [T.StructField(name, dtype, True) for name, dtype in extra]
    fields += [T.StructField(c.name, kind(c.type), True) for c in columns]
    return T.StructType(fields)


def result_schema() -> Any:
    """One row per input: what analyze_partition yields, each table's rows as an array."""
    from pyspark.sql import types as T

    head = [("kind", T.StringType()), ("input_order", T.LongType()), ("name", T.StringType()),
            ("error", T.StringType()), ("document_id", T.StringType()),
            ("sha", T.StringType())]
    fields = [T.StructField(name, dtype, True) for name, dtype in head]
    fields += [T.StructField(table.name, T.ArrayType(spark_schema(_written_columns(table))),
                             True) for table in OUTPUT_TABLES]
    return T.StructType(fields)


def run_analyze(spark: Any, path: str, output: str, fmt: str | None = None,
                partitions: int | None = None, mode: str = "errorifexists") -> dict[str, int]:
    """Analyse `path` into Parquet tables under `output`; returns counts per table.

    The analysed rows are converted to Spark once and cached; every table is then cut out of
    them inside the JVM, from documents already sorted by input order (so each table comes out
    sorted without a sort of its own)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    records = read_input(spark, path, input_format(path, fmt))
    records = records.repartition(partitions or spark.sparkContext.defaultParallelism * 2)
    results = spark.createDataFrame(records.rdd.mapPartitions(analyze_partition),
                                    result_schema()).persist(StorageLevel.MEMORY_AND_DISK)
    docs = results.where("kind = 'doc'")
    # as a single-process ingest decides: a repeated text is skipped, a repeated id with
    # another text fails
    by_text = Window.partitionBy("sha").orderBy("input_order")
    firsts = docs.select("input_order", "document_id", "sha") \
        .withColumn("_n", F.row_number().over(by_text)).where("_n = 1").drop("_n")
    by_id = Window.partitionBy("document_id").orderBy("input_order")
    ranked = firsts.withColumn("_n", F.row_number().over(by_id))
    kept = ranked.where("_n = 1").select("document_id", "input_order")
    clashes = ranked.where("_n > 1").select(
        "input_order", F.col("document_id").alias("name"), F.lit(ID_CLASH).alias("error"))
    errors = results.where("kind = 'error'").select("input_order", "name", "error") \
        .unionByName(clashes)
    stored = docs.join(kept.select("input_order"), "input_order", "left_semi") \
        .orderBy("input_order").persist(StorageLevel.MEMORY_AND_DISK)

    counts: dict[str, int] = {}

    def write(frame: Any, name: str) -> None:
        frame.write.mode(mode).parquet(f"{output.rstrip('/')}/{name}")
        counts[name] = spark.read.parquet(f"{output.rstrip('/')}/{name}").count()

    for table in OUTPUT_TABLES:
        frame = stored.select(F.col("input_order").alias("_order"),
                              F.posexplode(table.name).alias("_pos", "_row")) \
            .select("_order", "_pos", "_row.*")
        if table.name == "actors":  # one row per actor: the first document to name it sets it
            first = Window.partitionBy("id").orderBy("_order", "_pos")
            frame = frame.withColumn("_n", F.row_number().over(first)).where("_n = 1") \
                .orderBy("_order", "_pos")
        if _numbered(table):
            frame = _number_rows(spark, frame)
        write(frame.select(*[c.name for c in table.columns]), table.name)
    write(kept.orderBy("input_order"), "input_order")
    write(errors.orderBy("input_order"), "errors")
    stored.unpersist()
    results.unpersist()
    return counts


def _number_rows(spark: Any, frame: Any) -> Any:
    """Add `id` = 1, 2, ... in the frame's order (partition by partition), as the store's
    autoincrement numbers rows inserted in that order; done in the JVM, without collecting
    more than one count per partition."""
    from pyspark.sql import functions as F

    frame = frame.withColumn("_pid", F.spark_partition_id()) \
        .withColumn("_mono", F.monotonically_increasing_id())
    sizes = dict(frame.groupBy("_pid").count().collect())
    offsets, total = [], 0
    for pid in sorted(sizes):
        offsets.append((pid, total))
        total += sizes[pid]
    base = spark.createDataFrame(offsets or [(0, 0)], "_pid int, _offset long")
    # monotonically_increasing_id = partition id << 33 | row number within the partition
    return frame.join(F.broadcast(base), "_pid").withColumn(
        "id", F.col("_offset") + F.col("_mono") - F.shiftleft(F.col("_pid").cast("long"), 33)
        + 1)


# ---------------------------------------------------------------------------------------
# cluster


class MemoryBook:
    """Clusters of one block, in memory, indexed by the weeks their windows cover (so finding
    the candidates of an event does not scan the whole block)."""

    def __init__(self) -> None:
        self.clusters: list[dict[str, Any]] = []
        self.weeks: dict[int, list[dict[str, Any]]] = {}

    @staticmethod
    def _weeks(start: dt.date, end: dt.date) -> set[int]:
        return set(range(start.toordinal() // 7, end.toordinal() // 7 + 1))

    def _index(self, cluster: dict[str, Any], weeks: set[int]) -> None:
        for week in weeks:
            self.weeks.setdefault(week, []).append(cluster)

    def candidates(self, plover_type: str, start: dt.date, end: dt.date) -> Iterable[Any]:
        found = {c["id"]: c for week in self._weeks(start - SLACK, end + SLACK)
                 for c in self.weeks.get(week, ())}
        return [c for _, c in sorted(found.items()) if c["plover_type"] == plover_type
                and c["time_start"] <= end + SLACK and c["time_end"] >= start - SLACK]

    def open(self, values: dict[str, Any]) -> dict[str, Any]:
        cluster = dict(values, id=len(self.clusters))
        self.clusters.append(cluster)
        self._index(cluster, self._weeks(cluster["time_start"], cluster["time_end"]))
        return cluster

    def save(self, cluster: dict[str, Any], values: dict[str, Any]) -> None:
        before = self._weeks(cluster["time_start"], cluster["time_end"])
        cluster.update(values)
        self._index(cluster, self._weeks(cluster["time_start"], cluster["time_end"]) - before)


def cluster_partition(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Merge each block of a partition (rows sorted by block, input order, position) with
    the store's procedure. Yields ("event", uid, block, local id) and ("cluster", block,
    local id, input order and position of its first event, its row)."""
    def block_of(r: Any) -> tuple[str, int]:
        return (r["plover_type"], r["_block"])

    for block, members in groupby(rows, key=block_of):
        book = MemoryBook()
        first: dict[int, tuple[int, int]] = {}
        for order, doc_rows in groupby(members, key=lambda r: r["input_order"]):
            evs = list(doc_rows)
            head = evs[0]
            claims = {r["claim_id"]: {"source_type": r["claim_source_type"],
                                      "author_stance": r["claim_author_stance"]}
                      for r in evs if r["claim_id"] and r["claim_source_type"]}
            actors = {r[f"{side}_actor"]: {"id": r[f"{side}_actor"],
                                           "country": r[f"{side}_country"],
                                           "sector": r[f"{side}_sector"]}
                      for r in evs for side in ("source", "target") if r[f"{side}_known"]}
            for ev, cluster in assign_events(book, head["published"], head["outlet"], evs,
                                             claims, actors.get):
                first.setdefault(cluster["id"], (order, ev["position"]))
                yield ("event", ev["uid"], block, cluster["id"])
        for cluster in book.clusters:
            yield ("cluster", block, cluster["id"], *first[cluster["id"]], cluster)


def run_cluster(spark: Any, output: str, mode: str = "errorifexists") -> dict[str, int]:
    """Cluster the events of an `analyze` output; writes `clusters` (the store's columns)
    and `event_clusters` (event uid -> cluster id) beside the other tables."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    base = output.rstrip("/")

    def table(name: str) -> Any:
        return spark.read.parquet(f"{base}/{name}")

    events = (table("events").where(F.col("modality").isin(*sorted(CLUSTERED)))
              .join(table("input_order"), "document_id")
              .join(table("documents").select(F.col("id").alias("document_id"),
                                              "published", "outlet"), "document_id"))
    claims = table("claims").select(
        "document_id", F.col("local_id").alias("claim_id"),
        F.col("source_type").alias("claim_source_type"),
        F.col("author_stance").alias("claim_author_stance"))
    events = events.join(claims, ["document_id", "claim_id"], "left")
    for side in ("source", "target"):
        actors = table("actors").select(
            F.col("id").alias(f"{side}_actor"), F.col("country").alias(f"{side}_country"),
            F.col("sector").alias(f"{side}_sector"), F.lit(True).alias(f"{side}_known"))
        events = events.join(actors, f"{side}_actor", "left")
    events = events.where(F.col("source_known").isNotNull() | F.col("target_known").isNotNull())
    # the window clusters.py gives an event; today() where nothing dates it
    end = F.coalesce("time_end", "time_start", "published", F.current_date())
    events = events.withColumn("_end", end).withColumn(
        "_start", F.coalesce(F.col("time_start"), F.date_sub(F.col("_end"), DEFAULT_WINDOW.days)))
    by_time = Window.partitionBy("plover_type").orderBy("_start", "_end", "input_order",
                                                        "position")
    latest = F.max("_end").over(by_time.rowsBetween(Window.unboundedPreceding, -1))
    gap = F.when(latest.isNull() | (F.col("_start") > F.date_add(latest, SLACK.days)), 1) \
        .otherwise(0)
    events = events.withColumn("_gap", gap).withColumn(
        "_block", F.sum("_gap").over(by_time.rowsBetween(Window.unboundedPreceding, 0)))
    ordered = (events.repartition("plover_type", "_block")
               .sortWithinPartitions("plover_type", "_block", "input_order", "position"))
    merged = ordered.rdd.mapPartitions(cluster_partition).cache()

    summaries = merged.filter(lambda r: r[0] == "cluster").map(
        lambda r: (r[1][0], r[1][1], r[2], r[3], r[4], r[5]))
    keyed = spark.createDataFrame(
        summaries.map(lambda r: (r[0], r[1], r[2], r[3], r[4])),
        "plover_type string, block long, local long, first_order long, first_pos long")
    numbered = (keyed.orderBy("first_order", "first_pos").rdd.zipWithIndex()
                .map(lambda p: (*p[0][:3], p[1] + 1))
                .toDF(["plover_type", "block", "local", "cluster_id"]))
    members = spark.createDataFrame(
        merged.filter(lambda r: r[0] == "event").map(lambda r: (r[1], r[2][0], r[2][1], r[3])),
        "uid string, plover_type string, block long, local long")
    event_clusters = members.join(numbered, ["plover_type", "block", "local"]) \
        .select("uid", "cluster_id").orderBy("cluster_id", "uid")
    columns = [c for c in t.clusters.columns if c.name != "id"]
    rows = summaries.map(lambda r: (r[0], r[1], r[2], *_flat(columns, r[5])))
    schema = spark_schema(columns, [("plover_type_", T.StringType()), ("block", T.LongType()),
                                    ("local", T.LongType())])
    clusters = (spark.createDataFrame(rows, schema)
                .join(numbered.withColumnRenamed("plover_type", "plover_type_"),
                      ["plover_type_", "block", "local"])
                .withColumnRenamed("cluster_id", "id")
                .select(*[c.name for c in t.clusters.columns]).orderBy("id"))
    counts = {}
    for name, frame in (("clusters", clusters), ("event_clusters", event_clusters)):
        frame.write.mode(mode).parquet(f"{base}/{name}")
        counts[name] = spark.read.parquet(f"{base}/{name}").count()
    merged.unpersist()
    return counts


if __name__ == "__main__":  # spark-submit runs this file
    from claimgraph.cli_spark import spark_app

    spark_app()
