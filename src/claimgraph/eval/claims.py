"""`claimgraph eval claims`: the seed's attributed claims, and certainty against a rated set.

* Seed (../shared/seed/gold.yaml, `claims`): for each gold claim, the system claim whose
  content overlaps the gold content; right source_type; right author_stance.
* Certainty (../shared/data/pei_jurgens_certainty/dev.jsonl): Spearman correlation between the
  ordinal certainty claimgraph gives each sentence and the human 1-6 rating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.eval import find_all, read_jsonl


def score_seed_claims(seed_dir: Path) -> dict[str, Any]:
    from claimgraph.pipeline import analyze

    gold = yaml.safe_load((seed_dir / "gold.yaml").read_text(encoding="utf-8"))
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    graph = analyze(text, published=str(gold["document"]["assumed_published"]))
    rows = []
    for item in gold["claims"]:
        spans = find_all(text, item["content"])
        hits = [c for c in graph.claims for s, e in spans
                if c.content_span.start < e and s < c.content_span.end]
        best = next((c for c in hits if c.source_type == item["source_type"]),
                    hits[0] if hits else None)
        rows.append({"id": item["id"], "found": best is not None,
                     "source_type": best.source_type if best else None,
                     "source_type_ok": best is not None
                     and best.source_type == item["source_type"],
                     "author_stance": best.author_stance if best else None,
                     "author_stance_ok": best is not None
                     and best.author_stance == item["author_stance"]})
    return {"claims": len(rows), "found": sum(r["found"] for r in rows),
            "source_type_ok": sum(r["source_type_ok"] for r in rows),
            "author_stance_ok": sum(r["author_stance_ok"] for r in rows), "rows": rows}


def score_certainty(path: Path) -> dict[str, Any]:
    """Spearman's rho between claimgraph's sentence certainty and the human rating."""
    from claimgraph.pipeline import load_pipeline

    rows = [r for r in read_jsonl(path) if r.get("sentence_certainty") is not None]
    nlp = load_pipeline()
    finder = nlp.get_pipe("claimgraph_claims").finder  # type: ignore[attr-defined]
    stages = ("ner", "claimgraph_actors", "claimgraph_events", "claimgraph_claims",
              "claimgraph_rhetoric")
    names = [n for n in nlp.pipe_names if n not in stages]  # the parse is all it needs
    with nlp.select_pipes(enable=names):
        docs = list(nlp.pipe(r["text"] for r in rows))
    ours = [finder.certainty_score(doc, 0, len(doc)) for doc in docs]
    gold = [float(r["sentence_certainty"]) for r in rows]
    return {"sentences": len(rows), "spearman": round(spearman(ours, gold), 4)}


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho: Pearson correlation of average ranks (ties share their mean rank)."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def evaluate(shared: Path) -> dict[str, Any]:
    return {"seed": score_seed_claims(shared / "seed"),
            "certainty_dev": score_certainty(
                shared / "data" / "pei_jurgens_certainty" / "dev.jsonl")}


def print_results(results: dict[str, Any], console: Console) -> None:
    table = Table(title="claimgraph eval claims")
    for col in ("set", "measure", "value"):
        table.add_column(col)
    seed = results["seed"]
    n = seed["claims"]
    table.add_row("seed", "claims found (content overlap)", f"{seed['found']}/{n}")
    table.add_row("seed", "right source_type", f"{seed['source_type_ok']}/{n}")
    table.add_row("seed", "right author_stance", f"{seed['author_stance_ok']}/{n}")
    cert = results["certainty_dev"]
    table.add_row("Pei & Jurgens dev", f"Spearman rho ({cert['sentences']} sentences)",
                  str(cert["spearman"]))
    console.print(table)
