"""How fast the views are on a 1,000-document store.

* the corpus report: time to write it, its size, and the time until Chromium shows the event
  list and the network (interactive), measured from navigation start;
* the JSON API: latency of each list endpoint (first page of 100) and of one document, over
  real HTTP to a uvicorn server, median and worst of 20 calls.

    .venv/bin/python benchmarks/web.py [--db STORE] [--docs 1000]

Without --db a store is built from the generated corpus of benchmarks/ingest.py.
Results: benchmarks/results/web.json.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "web.json"
CHROMIUM = "/usr/bin/chromium"


def build_store(docs: int, folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import corpus, write

    feed = write(corpus(docs), folder / "corpus.jsonl")
    db = folder / "web.db"
    subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(feed), "--db", str(db)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return db


def report_timing(db: Path, folder: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out = folder / "report.html"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "claimgraph", "report", "--db", str(db), "-o",
                    str(out)], check=True, stdout=subprocess.DEVNULL)
    written = time.perf_counter() - start
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        page.goto(out.as_uri() + "#corpus")
        page.wait_for_selector("#event-list tr.event-row", timeout=120000)
        rows = time.perf_counter() - t0
        page.wait_for_selector("#network[data-ready='1']", timeout=120000)
        ready = time.perf_counter() - t0
        t1 = time.perf_counter()
        page.select_option("#filter-type", index=1)
        page.wait_for_timeout(50)
        filtered = time.perf_counter() - t1
        browser.close()
    return {"write_seconds": round(written, 2), "size_mb": round(out.stat().st_size / 1e6, 1),
            "event_list_shown_seconds": round(rows, 2), "network_ready_seconds": round(ready, 2),
            "filter_change_seconds": round(filtered, 2)}


def api_timing(db: Path) -> dict[str, dict[str, float]]:
    import httpx
    import uvicorn

    from claimgraph.store.db import open_engine
    from claimgraph.web.server import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(open_engine(str(db))), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    first = httpx.get(base + "/api/documents", params={"limit": 1}).json()["items"][0]["id"]
    paths = {"/api/documents": {"limit": 100}, "/api/events": {"limit": 100},
             "/api/events (actor filter)": {"limit": 100, "actor": "popular-mobilization-forces"},
             "/api/actors": {"limit": 100}, "/api/clusters": {"limit": 100},
             f"/api/documents/{first}": {}}
    results = {}
    with httpx.Client(base_url=base) as client:
        for name, params in paths.items():
            path = name.split(" ")[0]
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
            results[name] = {"median_ms": round(statistics.median(times), 1),
                             "max_ms": round(max(times), 1)}
    server.should_exit = True
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="claimgraph-web-"))
    db = args.db or build_store(args.docs, folder)
    from claimgraph.store.db import open_engine
    from claimgraph.store.queries import status

    counts = status(open_engine(str(db)))["counts"]
    results = {"store": {k: counts[k] for k in ("documents", "events", "claims", "clusters",
                                                "actors")},
               "report": report_timing(db, folder), "api": api_timing(db)}
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
