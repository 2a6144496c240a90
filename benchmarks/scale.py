"""Words per second on one machine at n_process 1 and 2, for bare spaCy and for claimgraph,
the peak memory of each worker, the Spark job on local[2], and the memory of a streaming
ingest at 1k and 10k documents.

Each configuration runs in a fresh child process on the same corpus (the example articles
repeated to --words words), timed after the pipeline is loaded, so start-up is not counted
(workers of n_process=2 load their own copy; that load is counted, as a user would pay it).
Spark is timed end to end (session start, workers loading the pipeline, reading, analysing,
writing all tables) and warm (the same job again in the same session, workers reused); then
`spark cluster`, and loading its output into SQLite (`ingest --from-parquet`).

    .venv/bin/python benchmarks/scale.py [--words 200000] [--skip single,spark,rss]

Results: benchmarks/results/scale.json (sections not re-run are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "scale.json"

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
from throughput import corpus, WORD
import spacy
from claimgraph.ingest import InputDoc
from claimgraph.pipeline import MODEL_NAME, analyze_many, load_pipeline
texts = corpus({words})
words = sum(len(WORD.findall(t)) for t in texts)
kind, n = {kind!r}, {n}
if kind == "spacy":
    nlp = spacy.load(MODEL_NAME)
    list(nlp.pipe(texts[:3]))
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n):
        pass
else:
    load_pipeline()
    items = [InputDoc(text=x, published="2026-02-03") for x in texts]
    list(analyze_many(items[:3]))
    t = time.perf_counter()
    for _ in analyze_many(items, n_process=n):
        pass
seconds = time.perf_counter() - t
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({{"words": words, "seconds": round(seconds, 1),
                  "words_per_s": round(words / seconds),
                  "peak_rss_mb_parent": own, "peak_rss_mb_largest_worker": workers}}))
"""


def run(kind: str, n: int, words: int) -> dict[str, float]:
    code = CHILD.format(bench=str(ROOT / "benchmarks"), words=words, kind=kind, n=n)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


SPARK_CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from throughput import corpus, WORD
texts = corpus({words})
words = sum(len(WORD.findall(t)) for t in texts)
with open({feed!r}, "w", encoding="utf-8") as out:
    for i, text in enumerate(texts):
        out.write(json.dumps({{"id": f"doc-{{i}}", "published": "2026-02-03",
                              "text": text}}) + "\\n")
t0 = time.perf_counter()
from claimgraph.spark import run_analyze, run_cluster, session
spark = session("local[2]")
t1 = time.perf_counter()
run_analyze(spark, {feed!r}, {out!r}, mode="overwrite")
t2 = time.perf_counter()
run_analyze(spark, {feed!r}, {out!r}, mode="overwrite")
t3 = time.perf_counter()
run_cluster(spark, {out!r}, mode="overwrite")
t4 = time.perf_counter()
spark.stop()
from claimgraph.store.db import open_engine
from claimgraph.store.from_parquet import read_spark_output
from claimgraph.store.ingest import ingest_graphs
from pathlib import Path
engine = open_engine("sqlite:///" + {out!r} + ".db")
t5 = time.perf_counter()
stored = ingest_graphs(engine, read_spark_output(Path({out!r})), "bench").stored
t6 = time.perf_counter()
print(json.dumps({{"words": words, "documents": len(texts),
                  "session_start_s": round(t1 - t0, 1),
                  "end_to_end_s": round(t2 - t0, 1),
                  "end_to_end_words_per_s": round(words / (t2 - t0)),
                  "warm_s": round(t3 - t2, 1), "warm_words_per_s": round(words / (t3 - t2)),
                  "cluster_s": round(t4 - t3, 1),
                  "ingest_from_parquet_sqlite_docs_per_s": round(stored / (t6 - t5), 1)}}))
"""


def run_spark(words: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="claimgraph-spark-bench-") as tmp:
        code = SPARK_CHILD.format(bench=str(ROOT / "benchmarks"), words=words,
                                  feed=f"{tmp}/corpus.jsonl", out=f"{tmp}/out")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def streaming_rss(small: int, large: int) -> dict[str, object]:
    """Peak RSS of `claimgraph ingest` on `small` and `large` short documents."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import short_corpus, timed, write

    with tempfile.TemporaryDirectory(prefix="claimgraph-rss-bench-") as name:
        tmp = Path(name)
        runs = {}
        for n in (small, large):
            feed = write(short_corpus(n), tmp / f"{n}.jsonl")
            runs[f"{n}_docs"] = timed(["claimgraph", "ingest", str(feed), "--db",
                                       str(tmp / f"{n}.db"), "--n-process", "1"])
    first, last = runs[f"{small}_docs"], runs[f"{large}_docs"]
    return {**runs, "growth": round(last["peak_rss_mb"] / first["peak_rss_mb"] - 1, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--skip", default="", help="comma-separated: single, spark, rss")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    if "spark" not in skip:
        results["spark_local2"] = run_spark(args.words)
    if "rss" not in skip:
        results["streaming_ingest_rss"] = streaming_rss(1000, 10000)
    results["machine"] = {"cpu_count": os.cpu_count(), "python": platform.python_version(),
                          "date": dt.date.today().isoformat()}
    if "single" in skip:
        OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(results, indent=2))
        return
    single: dict[str, object] = {}
    for kind in ("spacy", "claimgraph"):
        for n in (1, 2):
            single[f"{kind}_n{n}"] = run(kind, n, args.words)
    cg1, cg2 = single["claimgraph_n1"], single["claimgraph_n2"]
    sp1 = single["spacy_n1"]
    assert isinstance(cg1, dict) and isinstance(cg2, dict) and isinstance(sp1, dict)
    single["claimgraph_vs_spacy_n1"] = round(cg1["words_per_s"] / sp1["words_per_s"], 3)
    single["claimgraph_n2_vs_n1"] = round(cg2["words_per_s"] / cg1["words_per_s"], 3)
    results["single_machine"] = single
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
