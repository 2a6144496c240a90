"""`claimgraph eval techniques`: persuasion-technique spans against the seed and the memes set.

Span scores use the SemEval-2020 Task 11 partial-overlap formula: precision is, over every
predicted span s, the share of s covered by gold spans, averaged over predicted spans; recall
the same with the roles swapped; both over characters. "Labels ignored" merges overlapping
spans whatever their label (the task's span-identification score); "labels kept" only credits
overlap between spans of the same label.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.eval import find_all, read_jsonl

Spans = list[tuple[int, int, str]]


def _merged(spans: Spans, keep_labels: bool) -> Spans:
    out: Spans = []
    for s, e, label in sorted(spans, key=lambda x: (x[2] if keep_labels else "", x[0], x[1])):
        key = label if keep_labels else ""
        if out and out[-1][2] == key and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e), key)
        else:
            out.append((s, e, key))
    return out


class SpanScore:
    """Accumulates the partial-overlap sums over documents."""

    def __init__(self, keep_labels: bool) -> None:
        self.keep = keep_labels
        self.p_sum = self.r_sum = 0.0
        self.n_sys = self.n_gold = 0

    def add(self, system: Spans, gold: Spans) -> None:
        sys_spans, gold_spans = _merged(system, self.keep), _merged(gold, self.keep)
        for s, e, label in sys_spans:
            self.p_sum += sum(max(0, min(e, ge) - max(s, gs)) for gs, ge, gl in gold_spans
                              if gl == label) / max(1, e - s)
        for gs, ge, gl in gold_spans:
            self.r_sum += sum(max(0, min(e, ge) - max(s, gs)) for s, e, label in sys_spans
                              if gl == label) / max(1, ge - gs)
        self.n_sys += len(sys_spans)
        self.n_gold += len(gold_spans)

    def result(self) -> dict[str, float]:
        p = self.p_sum / self.n_sys if self.n_sys else 0.0
        r = self.r_sum / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "system_spans": self.n_sys, "gold_spans": self.n_gold}


def _system(graph: Any) -> Spans:
    return [(t.span.start, t.span.end, t.label) for t in graph.techniques]


def score_seed(seed_dir: Path) -> dict[str, Any]:
    from claimgraph.pipeline import analyze

    gold_doc = yaml.safe_load((seed_dir / "gold.yaml").read_text(encoding="utf-8"))
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    graph = analyze(text, published=str(gold_doc["document"]["assumed_published"]))
    gold_t = gold_doc["techniques"]
    gold: Spans = []
    for label, quotes in gold_t["spans"].items():
        for quote in quotes:
            found = find_all(text, quote)
            if found:
                gold.append((found[0][0], found[0][1], label))
    system = _system(graph)
    must = {}
    for label in gold_t["must_find"]:
        spans = [(s, e) for s, e, lab in gold if lab == label]
        must[label] = any(lab == label and s < ge and gs < e
                          for s, e, lab in system for gs, ge in spans)
    ignored, kept = SpanScore(False), SpanScore(True)
    ignored.add(system, gold)
    kept.add(system, gold)
    return {"must_find": must, "must_find_hits": sum(must.values()),
            "genre": graph.document.genre, "gold_genre": gold_doc["document"].get("genre"),
            "labels_ignored": ignored.result(), "labels_kept": kept.result()}


def score_memes(path: Path) -> dict[str, Any]:
    from claimgraph.ingest import InputDoc
    from claimgraph.pipeline import analyze_many

    rows = read_jsonl(path)
    graphs = analyze_many(InputDoc(text=r["text"], id=r["id"]) for r in rows)
    ignored, kept = SpanScore(False), SpanScore(True)
    for row, graph in zip(rows, graphs, strict=True):
        gold = [(s["start"], s["end"], s["label_ptc14"]) for s in row["spans"]
                if s.get("label_ptc14")]
        ignored.add(_system(graph), gold)
        kept.add(_system(graph), gold)
    return {"records": len(rows), "labels_ignored": ignored.result(),
            "labels_kept": kept.result()}


def evaluate(shared: Path) -> dict[str, Any]:
    return {"seed": score_seed(shared / "seed"),
            "memes_dev": score_memes(shared / "data" / "semeval2021_t6_memes" / "dev.jsonl")}


def print_results(results: dict[str, Any], console: Console) -> None:
    table = Table(title="claimgraph eval techniques")
    for col in ("set", "measure", "P", "R", "F1"):
        table.add_column(col)
    seed = results["seed"]
    table.add_row("seed", "must_find types hit",
                  f"{seed['must_find_hits']}/{len(seed['must_find'])}", "", "")
    table.add_row("seed", f"genre (gold {seed['gold_genre']})", seed["genre"] or "-", "", "")
    for name, res in (("seed", seed), ("memes dev", results["memes_dev"])):
        for kind in ("labels_ignored", "labels_kept"):
            r = res[kind]
            table.add_row(name, f"span overlap, {kind.replace('_', ' ')}", str(r["precision"]),
                          str(r["recall"]), str(r["f1"]))
    console.print(table)
