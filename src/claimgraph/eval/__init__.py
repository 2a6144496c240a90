"""Scorers against the gold sets in ../shared; one module per task.

Results go to benchmarks/results/ so that progress is visible in git.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console

from claimgraph.errors import GoldDataError

TASKS = ("actors", "events", "claims", "techniques")


def run_eval(task: str, shared: Path, out: Path, console: Console) -> dict[str, Any]:
    """Run one task's scorers, write `<out>/<task>.json`, print a table, return the results."""
    if task not in TASKS:
        raise GoldDataError(f"unknown eval task {task!r} (known: {', '.join(TASKS)})")
    if not shared.is_dir():
        raise GoldDataError(f"{shared}: gold folder not found (pass --shared PATH)")
    from importlib import import_module

    scorer = import_module(f"claimgraph.eval.{task}")
    results: dict[str, Any] = scorer.evaluate(shared)
    scorer.print_results(results, console)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{task}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    console.print(f"results written to {out / f'{task}.json'}")
    return results


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise GoldDataError(f"{path}: gold file not found")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def find_all(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of `quote` in `text` as (start, end)."""
    spans, start = [], text.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans
