"""Store overhead and streaming memory of `claimgraph ingest`.

1. A generated corpus of N documents (default 1,000): the example articles with varied
   outlets, dates, correspondents and places. Timed three ways on one process: analysis alone
   (no store), ingest into SQLite, ingest into PostgreSQL (a throwaway server, as in the
   tests, unless CLAIMGRAPH_BENCH_PG_URL is set). Store overhead = extra time over analysis.
2. Streaming memory: peak RSS of an ingest of 1,000 and of 10,000 short documents, each in a
   fresh process (memory must not grow with the corpus).

    .venv/bin/python benchmarks/ingest.py [--docs 1000] [--rss-small 1000] [--rss-large 10000]

Results: benchmarks/results/ingest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "ingest.json"
OUTLETS = ["Gulf Wire", "Tigris Daily", "Atlantic Desk", "Caspian Herald", "Levant Monitor",
           "Mesopotamia Post", "Euphrates Times", "Zagros Review", "Nile Courier",
           "Bosphorus Ledger", "Red Sea Bulletin", "Hormuz Observer"]
CITIES = ["Baghdad", "Basra", "Mosul", "Erbil", "Kirkuk", "Najaf", "Karbala", "Ramadi"]
REPORTERS = ["Layla Haddad", "Omar Saleh", "Dana Karimi", "Yusuf Demir", "Sara Levi",
             "Ivan Petrenko", "Mina Tehrani", "John Carter"]


def corpus(n: int) -> list[dict[str, str]]:
    """n distinct documents built from the example articles."""
    bases = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    start = dt.date(2026, 1, 1)
    docs = []
    for i in range(n):
        text = bases[i % len(bases)]
        city = CITIES[i % len(CITIES)]
        text = text.replace("Baghdad", city) if city != "Baghdad" else text
        text += (f"\n\nReporting by {REPORTERS[i % len(REPORTERS)]} in {city}; "
                 f"file {i} for {OUTLETS[i % len(OUTLETS)]}.")
        docs.append({"id": f"bench-{i}", "source": OUTLETS[i % len(OUTLETS)],
                     "published": (start + dt.timedelta(days=i % 60)).isoformat(),
                     "text": text})
    return docs


def short_corpus(n: int) -> list[dict[str, str]]:
    docs = []
    for i in range(n):
        text = (f"{CITIES[i % 8]} police arrested {i % 9 + 2} suspects on Monday, officials "
                f"said. The {OUTLETS[i % 12]} report {i} quoted {REPORTERS[i % 8]}.")
        docs.append({"id": f"short-{i}", "source": OUTLETS[i % 12], "published": "2026-02-03",
                     "text": text})
    return docs


def write(docs: list[dict[str, str]], path: Path) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def timed(cmd: list[str]) -> dict[str, float]:
    """Run the command line in a child Python; its wall time (model load included) and peak
    RSS."""
    code = "\n".join([
        "import resource, runpy, sys, time",
        "t = time.perf_counter()",
        f"sys.argv = {cmd!r}",
        "try:",
        "    runpy.run_module('claimgraph', run_name='__main__')",
        "except SystemExit:",
        "    pass",
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024",
        "print('BENCH', time.perf_counter() - t, rss, file=sys.stderr)"])
    err = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr
    line = next(x for x in err.splitlines() if x.startswith("BENCH"))
    _, seconds, rss = line.split()
    return {"seconds": round(float(seconds), 1), "peak_rss_mb": int(rss)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rss-small", type=int, default=1000)
    parser.add_argument("--rss-large", type=int, default=10000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import Server

    tmp = Path(tempfile.mkdtemp(prefix="claimgraph-bench-"))
    feed = write(corpus(args.docs), tmp / "corpus.jsonl")
    words = sum(len(d["text"].split()) for d in corpus(args.docs))
    results: dict[str, object] = {"documents": args.docs, "words": words}
    analysis = timed(["claimgraph", "analyze", str(feed), "--format", "jsonl"])
    sqlite = timed(["claimgraph", "ingest", str(feed), "--db", str(tmp / "bench.db")])
    server = Server()
    server.start()
    try:
        pg = timed(["claimgraph", "ingest", str(feed), "--db", server.new_database("bench")]) \
            if server.url else {"skipped": server.reason}
    finally:
        server.stop()
    for name, run in (("analysis_only", analysis), ("sqlite", sqlite), ("postgresql", pg)):
        if "seconds" in run:
            run["docs_per_s"] = round(args.docs / run["seconds"], 2)
        results[name] = run
    # the model load is in every run; the difference is the store's own cost
    for name in ("sqlite", "postgresql"):
        run = results[name]
        if isinstance(run, dict) and "seconds" in run:
            run["store_overhead"] = round(run["seconds"] / analysis["seconds"] - 1, 3)
    small = write(short_corpus(args.rss_small), tmp / "small.jsonl")
    large = write(short_corpus(args.rss_large), tmp / "large.jsonl")
    rss_small = timed(["claimgraph", "ingest", str(small), "--db", str(tmp / "s.db")])
    rss_large = timed(["claimgraph", "ingest", str(large), "--db", str(tmp / "l.db")])
    results["streaming_rss"] = {
        f"{args.rss_small}_docs": rss_small, f"{args.rss_large}_docs": rss_large,
        "growth": round(rss_large["peak_rss_mb"] / rss_small["peak_rss_mb"] - 1, 3)}
    results["machine"] = {"python": platform.python_version(), "cpu_count": __import__(
        "os").cpu_count(), "date": dt.date.today().isoformat()}
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
