"""Event scores: PLOVER GSR dev (types, actor triples), event_location dev (places), seed events."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.eval import find_all, read_jsonl
from claimgraph.ingest import InputDoc

# Our IGO pseudo-countries against the GSR's single "IGO" code, and the GSR's leftover CAMEO
# country codes against ISO-3.
_IGO = {"UNO": "IGO", "EUR": "IGO"}
_LEGACY = {"JAP": "JPN", "UK": "GBR"}
# Pre-2021 PLOVER type names in gold files, as the GSR README maps them to PLOVER 2021.
_OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "FIGHT": "ASSAULT"}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def _graphs(texts: list[tuple[str, str | None]]) -> list[Any]:
    from claimgraph.pipeline import analyze_many

    return list(analyze_many(InputDoc(text=t, published=d) for t, d in texts))


def _counted(graph: Any) -> list[Any]:
    """Events that claim to be events (a metaphor is not one)."""
    return [e for e in graph.events if e.modality != "figurative"]


def score_plover_gsr(path: Path) -> dict[str, Any]:
    """Per sentence: micro P/R/F1 of event types and of (type, source country, target country)."""
    rows = read_jsonl(path)
    graphs = _graphs([(r["text"], None) for r in rows])
    types = Counter[str]()
    triples = Counter[str]()
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for row, graph in zip(rows, graphs, strict=True):
        gold_type = row["plover2021_event"]
        events = _counted(graph)
        sys_types = {e.plover_type for e in events}
        types["tp"] += gold_type in sys_types
        types["fn"] += gold_type not in sys_types
        types["fp"] += len(sys_types - {gold_type})
        confusion[(gold_type, gold_type if gold_type in sys_types else
                   (sorted(sys_types)[0] if sys_types else "NONE"))] += 1
        for extra in sys_types - {gold_type}:
            confusion[("NONE", extra)] += 1
        country = {a.id: "IGO" if a.sector in ("IGO", "NGO") else _IGO.get(a.country or "",
                                                                          a.country)
                   for a in graph.actors}
        reciprocal = "SRC/TAR:" in (row.get("textInfo") or {}).get("markup", "")
        gold = _gold_triples(row, gold_type, reciprocal)
        sys = {_triple(e.plover_type, country.get(e.source_actor or ""),
                       country.get(e.target_actor or ""), reciprocal) for e in events}
        triples["tp"] += len(gold & sys)
        triples["fp"] += len(sys - gold)
        triples["fn"] += len(gold - sys)
        if gold_type not in sys_types or sys_types - {gold_type}:
            errors.append({"id": row["id"], "text": row["text"], "gold": gold_type,
                           "got": sorted(sys_types)})
    return {"sentences": len(rows), "type": _prf(types["tp"], types["fp"], types["fn"]),
            "type_source_target": _prf(triples["tp"], triples["fp"], triples["fn"]),
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
            "errors": errors}


def _codes(actors: Any) -> list[str | None]:
    """Actor country codes of a GSR record side (one record has a stray string there)."""
    if not isinstance(actors, list):
        return [None]
    # the GSR codes international NGOs as IGO in most records and NGO in a few: one class here
    codes = [a.get("code") or None for a in actors if isinstance(a, dict)]
    codes = ["IGO" if c == "NGO" else c for c in codes]
    return [_LEGACY.get(c, c) if c else None for c in codes] or [None]


def _triple(kind: str, src: str | None, tgt: str | None, unordered: bool) -> Any:
    return (kind, frozenset({src, tgt})) if unordered else (kind, src, tgt)


def _gold_triples(row: dict[str, Any], kind: str, unordered: bool) -> set[Any]:
    sources, targets = _codes(row.get("source")), _codes(row.get("target"))
    if unordered and targets == [None] and len(sources) > 1:
        return {_triple(kind, a, b, True) for a in sources for b in sources if a != b}
    return {_triple(kind, s, t, unordered) for s in sources for t in targets}


def score_event_location(path: Path) -> dict[str, Any]:
    """For each gold verb: the event on it, and whether its place overlaps a gold location."""
    rows = read_jsonl(path)
    graphs = _graphs([(r["text"], None) for r in rows])
    tp = fp = fn = 0
    with_event = 0
    for row, graph in zip(rows, graphs, strict=True):
        spans = [(s["label"], s["char_start"], s["char_end"]) for s in row["norm_spans"]]
        verbs = [(s, e) for label, s, e in spans if label == "VERB"]
        locations = [(s, e) for label, s, e in spans if label == "LOCATION"]
        for v_start, v_end in verbs:
            event = next((e for e in graph.events if e.trigger.start < v_end
                          and v_start < e.trigger.end), None)
            place = event.place.span if event is not None and event.place else None
            with_event += event is not None
            hit = place is not None and any(place.start < e and s < place.end
                                            for s, e in locations)
            if hit:
                tp += 1
            else:
                fp += place is not None
                fn += bool(locations)
    return {"records": len(rows), "gold_verbs_with_an_event": with_event,
            "location": _prf(tp, fp, fn)}


def score_seed_events(seed_dir: Path) -> dict[str, Any]:
    """Required seed events found (type and modality); no asserted event on not-asserted quotes."""
    from claimgraph.pipeline import analyze

    gold = yaml.safe_load((seed_dir / "gold.yaml").read_text(encoding="utf-8"))
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    published = str(gold["document"]["assumed_published"])
    graph = analyze(text, published=published)
    results = []
    for item in gold["events"]:
        quotes = find_all(text, item["quote"])
        accepted = {_OLD_TYPES.get(t, t) for t in item["type"]}
        hits = [e for e in graph.events for s, t in quotes
                if e.span.start < t and s < e.span.end and e.plover_type in accepted]
        best = next((e for e in hits if e.modality == item["modality"]), hits[0] if hits else None)
        entry = {"id": item["id"], "required": item.get("required", True),
                 "found": best is not None,
                 "type": best.plover_type if best else None,
                 "modality_ok": best is not None and best.modality == item["modality"],
                 "modality": best.modality if best else None}
        if best is not None and best.time is not None:
            entry["time"] = best.time.model_dump(mode="json")
        results.append(entry)
    asserted = []
    for item in gold.get("not_asserted_events", []):
        for s, t in find_all(text, item["quote"]):
            asserted += [{"quote": item["quote"], "event": e.plover_type} for e in graph.events
                         if e.trigger.start < t and s < e.trigger.end
                         and e.modality == "asserted"]
    required = [r for r in results if r["required"]]
    past_week = _past_week_ok(graph, text, dt.date.fromisoformat(published))
    return {"required_found_with_type_and_modality":
            sum(r["found"] and r["modality_ok"] for r in required),
            "required": len(required), "asserted_on_not_asserted_quotes": asserted,
            "over_the_past_week_normalised": past_week, "events": results}


def _past_week_ok(graph: Any, text: str, published: dt.date) -> bool:
    want = ((published - dt.timedelta(days=7)).isoformat(), published.isoformat())
    return any(e.time is not None and e.time.text and "past week" in e.time.text
               and (str(e.time.start), str(e.time.end)) == want for e in graph.events)


def evaluate(shared: Path) -> dict[str, Any]:
    data = shared / "data"
    return {"plover_gsr_dev": score_plover_gsr(data / "plover_gsr" / "dev.jsonl"),
            "event_location_dev": score_event_location(data / "event_location" / "dev.jsonl"),
            "seed": score_seed_events(shared / "seed")}


def print_results(results: dict[str, Any], console: Console) -> None:
    gsr, loc, seed = (results["plover_gsr_dev"], results["event_location_dev"],
                      results["seed"])
    table = Table(title="Events")
    for col in ("gold set", "measure", "P", "R", "F1"):
        table.add_column(col)
    for key, label in (("type", "event type"), ("type_source_target", "type+source+target")):
        s = gsr[key]
        table.add_row("PLOVER GSR dev", label, str(s["precision"]), str(s["recall"]),
                      str(s["f1"]))
    s = loc["location"]
    table.add_row("event_location dev", "event place", str(s["precision"]), str(s["recall"]),
                  str(s["f1"]))
    table.add_row("seed", "required events (type+modality)",
                  f"{seed['required_found_with_type_and_modality']}/{seed['required']}", "", "")
    table.add_row("seed", "asserted on not-asserted quotes",
                  str(len(seed["asserted_on_not_asserted_quotes"])), "", "")
    table.add_row("seed", "'over the past week' = 7 days before",
                  str(seed["over_the_past_week_normalised"]), "", "")
    console.print(table)
