"""Words per second on one machine at n_process 1 and 2, for bare spaCy and for claimgraph,
and the peak memory of each worker.

Each configuration runs in a fresh child process on the same corpus (the example articles
repeated to --words words), timed after the pipeline is loaded, so start-up is not counted
(workers of n_process=2 load their own copy; that load is counted, as a user would pay it).

    .venv/bin/python benchmarks/scale.py [--words 200000]

Results: benchmarks/results/scale.json (merged with any Spark numbers already there).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=200_000)
    args = parser.parse_args()
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
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
