"""Would a text classifier trained on the NGEC synthetic stories help the rule-based coder?

Trains a spaCy bag-of-words text classifier (16 PLOVER types) on
../shared/data/ngec_synthetic/train.jsonl (headline + story opening), then, on the PLOVER GSR
dev sentences (never trained on), reports its top-1 accuracy and the rank it gives to the types
the rules output, split into correct and wrong ones. A useful veto would rank wrong types low
and right types high. Results: benchmarks/results/event_classifier_probe.json.

    .venv/bin/python benchmarks/event_classifier_probe.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.training import Example

from claimgraph.eval.events import _counted
from claimgraph.pipeline import analyze_many
from claimgraph.ingest import InputDoc

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
OUT = Path(__file__).with_name("results") / "event_classifier_probe.json"


def train(rows: list[dict]) -> spacy.language.Language:
    labels = sorted({r["label"] for r in rows})
    nlp = spacy.blank("en")
    cat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 2**16}})
    for label in labels:
        cat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), {"cats": {
        label: float(label == r["label"]) for label in labels}})
        for r in rows for text in (r["prompt"].split("\n")[0], r["text"][:1500])]
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(8):
        random.shuffle(examples)
        for i in range(0, len(examples), 64):
            nlp.update(examples[i:i + 64], sgd=optimizer, drop=0.2)
    return nlp


def main() -> None:
    train_path, dev_path = SHARED / "ngec_synthetic/train.jsonl", SHARED / "plover_gsr/dev.jsonl"
    if not train_path.exists():
        sys.exit(f"{train_path}: not found (needs ../shared beside the repo)")
    read = lambda p: [json.loads(line) for line in p.open(encoding="utf-8")]  # noqa: E731
    model = train(read(train_path))
    dev = read(dev_path)
    graphs = analyze_many([InputDoc(id=r["id"], text=r["text"]) for r in dev])
    top1, ranks = 0, {"right": Counter[int](), "wrong": Counter[int]()}
    for row, graph in zip(dev, graphs, strict=True):
        cats = model(row["text"]).cats
        order = sorted(cats, key=cats.__getitem__, reverse=True)
        top1 += order[0] == row["plover2021_event"]
        for kind in {e.plover_type for e in _counted(graph)}:
            ranks["right" if kind == row["plover2021_event"] else "wrong"][order.index(kind)] += 1
    result = {"train_stories": len(read(train_path)), "dev_sentences": len(dev),
              "classifier_top1_accuracy": round(top1 / len(dev), 3),
              "rank_of_rule_types": {k: dict(sorted(v.items())) for k, v in ranks.items()}}
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
