"""The data the article and corpus views draw, as one JSON-ready dict ("bundle").

The same shape comes from a list of DocumentGraphs (a report of analysed files) or from a
store (a corpus report, or the web UI's API): documents, the graphs to show in the article view,
actors with counts, a flat events table and event clusters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine

from claimgraph.model import DocumentGraph


def document_summary(graph: DocumentGraph) -> dict[str, Any]:
    doc = graph.document
    return {"id": doc.id, "title": doc.title or doc.text.strip().splitlines()[0][:120],
            "source": doc.source, "url": doc.url,
            "published": doc.published.isoformat() if doc.published else None,
            "genre": doc.genre, "words": graph.stats.words, "events": len(graph.events),
            "claims": len(graph.claims), "techniques": len(graph.techniques)}


def event_rows(graph: DocumentGraph) -> list[dict[str, Any]]:
    """The events of one graph in the columns of the store's events table."""
    actors = {a.id: a for a in graph.actors}
    doc = graph.document
    rows = []
    for e in graph.events:
        src, tgt = actors.get(e.source_actor or ""), actors.get(e.target_actor or "")
        rows.append({
            "uid": f"{doc.id}#{e.id}", "document_id": doc.id, "local_id": e.id,
            "time_start": e.time.start.isoformat() if e.time and e.time.start else None,
            "time_end": e.time.end.isoformat() if e.time and e.time.end else None,
            "source_actor": e.source_actor, "source_name": src.name if src else None,
            "source_country": src.country if src else None,
            "source_sector": src.sector if src else None,
            "plover_type": e.plover_type, "plover_mode": e.plover_mode,
            "cameo_code": e.cameo_code, "target_actor": e.target_actor,
            "target_name": tgt.name if tgt else None,
            "target_country": tgt.country if tgt else None,
            "target_sector": tgt.sector if tgt else None,
            "place_name": e.place.name if e.place else None,
            "place_country": e.place.country if e.place else None,
            "lat": e.place.lat if e.place else None, "lon": e.place.lon if e.place else None,
            "intensity": e.intensity, "modality": e.modality, "claim_id": e.claim_id,
            "cluster_id": None, "independent_sources": None, "corroboration": None,
            "outlet": doc.source, "published": doc.published.isoformat()
            if doc.published else None, "quote": e.span.text})
    return rows


def from_graphs(graphs: list[DocumentGraph], title: str = "claimgraph report") -> dict[str, Any]:
    mentions: Counter[str] = Counter()
    in_events: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    actors: dict[str, dict[str, Any]] = {}
    for g in graphs:
        mentions.update(m.actor_id for m in g.mentions if m.actor_id)
        in_events.update(a for e in g.events for a in (e.source_actor, e.target_actor) if a)
        documents.update({a.id for a in g.actors})
        for a in g.actors:
            actors.setdefault(a.id, a.model_dump(mode="json", exclude={"aliases", "roles"}))
    for aid, row in actors.items():
        row.update(mentions=mentions[aid], events=in_events[aid], documents=documents[aid])
    return {"mode": "report", "title": title,
            "documents": [document_summary(g) for g in graphs],
            "graphs": {g.document.id: g.model_dump(mode="json") for g in graphs},
            "actors": sorted(actors.values(), key=lambda a: (-a["mentions"], a["id"])),
            "events": [r for g in graphs for r in event_rows(g)], "clusters": []}


def from_store(engine: Engine, title: str = "claimgraph corpus",
               with_graphs: bool = True) -> dict[str, Any]:
    from claimgraph.export.writers import graphs as stored_graphs
    from claimgraph.store import queries

    graphs = list(stored_graphs(engine)) if with_graphs else []
    events = queries.events(engine)
    for row in events:
        row["quote"] = None
    return {"mode": "report", "title": title,
            "documents": [document_summary(g) for g in graphs],
            "graphs": {g.document.id: g.model_dump(mode="json") for g in graphs},
            "actors": queries.actors(engine), "events": events,
            "clusters": queries.clusters(engine)}
