"""Actor resolution scores: NGEC actor-resolution dev cases and the seed article's actors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.errors import GoldDataError
from claimgraph.eval import find_all, read_jsonl

# NGEC writes "no sector" as an empty string, UNK (unknown) or JNK (junk); all mean None here.
_NO_SECTOR = frozenset({"", "UNK", "JNK"})
_SKIP_MARKS = ("xfail", "skip")


def _ngec_date(value: str | None) -> str | None:
    """NGEC's dates: none or "today" mean the day the evaluation runs."""
    if value is None or value.strip().lower() in ("today", ""):
        return None
    from claimgraph.ingest import normalize_date

    return normalize_date(value)


def score_ngec(path: Path) -> dict[str, Any]:
    """Country, sector and (country, sector) accuracy; false positives on expected-none cases.

    Cases without a date are resolved at today's date, so a test written when a person was in
    office can fail once they have left it (the KB follows the world, not the test)."""
    from claimgraph.actors.lookup import resolve_mention

    counts = {k: [0, 0] for k in ("country", "sector", "pair")}
    none_cases = none_fp = skipped = 0
    errors = []
    for case in read_jsonl(path):
        exp = case["expected"]
        marked = any(m in mark for mark in case["pytest_marks"] for m in _SKIP_MARKS)
        if marked or (not case["expected_none"] and not ({"country", "code_1"} & exp.keys())):
            skipped += 1
            continue
        got = resolve_mention(case["mention"], case.get("context") or None,
                              _ngec_date(case.get("date")))
        if case["expected_none"]:
            none_cases += 1
            if got is not None:
                none_fp += 1
                errors.append({"id": case["id"], "mention": case["mention"],
                               "expected": None, "got": got})
            continue
        country = (got or {}).get("country") or ""
        sector = (got or {}).get("sector") or ""
        allowed = {exp.get("code_1", "")}
        for cond in case.get("expected_not", {}).get("code_1", []):
            if cond.get("op") == "in":
                allowed |= set(cond["value"])
        ok_country = country == exp.get("country", "")
        ok_sector = sector in allowed or (not sector and allowed & _NO_SECTOR != set())
        if "country" in exp:
            counts["country"][0] += ok_country
            counts["country"][1] += 1
        if "code_1" in exp:
            counts["sector"][0] += ok_sector
            counts["sector"][1] += 1
        if "country" in exp and "code_1" in exp:
            counts["pair"][0] += ok_country and ok_sector
            counts["pair"][1] += 1
        if not (ok_country or "country" not in exp) or not (ok_sector or "code_1" not in exp):
            errors.append({"id": case["id"], "mention": case["mention"],
                           "expected": {k: exp[k] for k in ("country", "code_1") if k in exp},
                           "got": {"country": country, "sector": sector,
                                   "actor_id": (got or {}).get("actor_id")}})
    result: dict[str, Any] = {f"{k}_accuracy": round(c / n, 4) if n else None
                              for k, (c, n) in counts.items()}
    result.update({f"{k}_cases": n for k, (_, n) in counts.items()})
    result.update({"expected_none_cases": none_cases, "expected_none_false_positives": none_fp,
                   "skipped_cases": skipped, "errors": errors})
    return result


def score_seed(seed_dir: Path) -> dict[str, Any]:
    """For every occurrence of every gold mention string: resolved to the right country+sector?"""
    from claimgraph.pipeline import analyze

    gold_path, text_path = seed_dir / "gold.yaml", seed_dir / "article.txt"
    if not gold_path.exists() or not text_path.exists():
        raise GoldDataError(f"{seed_dir}: seed article or gold.yaml not found")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    text = text_path.read_text(encoding="utf-8")
    published = str(gold["document"]["assumed_published"])
    graph = analyze(text, published=published)
    actors = {a.id: a for a in graph.actors}
    places = [span for p in gold.get("places", []) for span in find_all(text, p["quote"])]
    totals = {"required": [0, 0], "optional": [0, 0]}
    errors = []
    for actor in gold["actors"]:
        want = (actor["country"], actor["cameo"][3:] or None)
        group = "required" if actor.get("required", True) else "optional"
        for quote in actor["mentions"]:
            for start, end in find_all(text, quote):
                if any(s <= start and end <= e for s, e in places):
                    continue  # the gold marks this occurrence as a place, not an actor
                best = _best_mention(graph.mentions, start, end)
                got_actor = actors.get(best.actor_id) if best and best.actor_id else None
                got = (got_actor.country, got_actor.sector) if got_actor else None
                totals[group][1] += 1
                if got == want:
                    totals[group][0] += 1
                else:
                    errors.append({"gold_actor": actor["id"], "quote": quote, "start": start,
                                   "expected": "".join(x or "" for x in want),
                                   "got": got_actor.id if got_actor else None,
                                   "got_code": "".join(x or "" for x in got) if got else None})
    return {
        "score": round(totals["required"][0] / totals["required"][1], 4),
        "occurrences": totals["required"][1],
        "optional_score": round(totals["optional"][0] / totals["optional"][1], 4)
        if totals["optional"][1] else None,
        "errors": errors,
    }


def _best_mention(mentions: list[Any], start: int, end: int) -> Any:
    def overlap(m: Any) -> int:
        return int(min(end, m.span.end) - max(start, m.span.start))

    found = [m for m in mentions if overlap(m) > 0]
    return max(found, key=lambda m: (m.actor_id is not None, overlap(m))) if found else None


def evaluate(shared: Path) -> dict[str, Any]:
    return {"ngec_actor_resolution_dev": score_ngec(
                shared / "data" / "ngec_actor_resolution" / "dev.jsonl"),
            "seed": score_seed(shared / "seed")}


def print_results(results: dict[str, Any], console: Console) -> None:
    ngec, seed = results["ngec_actor_resolution_dev"], results["seed"]
    table = Table(title="Actor resolution")
    for col in ("gold set", "measure", "score", "cases"):
        table.add_column(col)
    for key in ("country", "sector", "pair"):
        table.add_row("NGEC dev", f"{key} accuracy", f"{ngec[f'{key}_accuracy']}",
                      str(ngec[f"{key}_cases"]))
    table.add_row("NGEC dev", "false positives on expected-none",
                  str(ngec["expected_none_false_positives"]), str(ngec["expected_none_cases"]))
    table.add_row("seed", "occurrences resolved right", f"{seed['score']}",
                  str(seed["occurrences"]))
    console.print(table)
