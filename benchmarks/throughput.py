"""Throughput of claimgraph's analyze_many against bare spaCy on the same corpus.

The corpus is the project's own example articles repeated to at least --words words (default
200,000). Both runs use one process and the same batch size; the ratio says what claimgraph's
own stages (KB ruler, actor resolution, conversion to the data model) cost on top of spaCy.
Writes benchmarks/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import time
from pathlib import Path

import spacy

from claimgraph.ingest import InputDoc
from claimgraph.pipeline import MODEL_NAME, analyze_many, load_pipeline

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+")


def corpus(min_words: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    out, words = [], 0
    while words < min_words:
        for text in texts:
            out.append(text)
            words += len(WORD.findall(text))
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/throughput.json")
    args = parser.parse_args()
    texts = corpus(args.words)
    words = sum(len(WORD.findall(t)) for t in texts)

    bare = spacy.load(MODEL_NAME)
    load_pipeline()
    items = [InputDoc(text=t, published="2026-02-03") for t in texts]
    # warm both up on a few documents so that start-up costs are not counted
    list(bare.pipe(texts[:5]))
    list(analyze_many(items[:5]))

    # alternate the two runs and keep each one's best, so that machine noise hits both alike
    bare_runs, cg_runs = [], []
    for _ in range(args.rounds):
        bare_runs.append(timed(lambda: [None for _ in bare.pipe(texts,
                                                               batch_size=args.batch_size)]))
        cg_runs.append(timed(lambda: [None for _ in analyze_many(items,
                                                                batch_size=args.batch_size)]))
    bare_s, cg_s = min(bare_runs), min(cg_runs)
    result = {
        "corpus_documents": len(texts), "corpus_words": words,
        "bare_spacy_words_per_s": round(words / bare_s),
        "claimgraph_words_per_s": round(words / cg_s),
        "ratio": round(bare_s / cg_s, 3), "rounds": args.rounds,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "model": MODEL_NAME, "spacy": spacy.__version__, "python": platform.python_version(),
        "cpu_count": __import__("os").cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
