"""DocumentGraph <-> rows. All SQL goes through SQLAlchemy Core, so every value is a bound
parameter on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from claimgraph.model import (Actor, Claim, Document, DocumentGraph, Event, Mention, Place, Span,
                              Stats, Technique)
from claimgraph.store import schema as t


def outlet_of(doc: Document) -> str:
    """Who published it: the source name, else the URL's domain, else the document itself
    (an unknown outlet counts as a source of its own)."""
    if doc.source:
        return doc.source.strip()
    host = urlparse(doc.url).hostname if doc.url else None
    if host:
        return host.removeprefix("www.")
    return f"document:{doc.id}"


def _insert_ignore(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows whose key is new; existing ones are left as they are (corpus actors)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def graph_rows(graph: DocumentGraph, run_id: int | None,
               ingested_at: dt.datetime) -> dict[Any, list[dict[str, Any]]]:
    """The rows one document adds, by table (JSON columns as Python values). The store and
    the Spark job both write exactly these, so their tables match column for column; the
    autoincrement ids of mentions, places and techniques are left to the writer."""
    doc = graph.document
    return {
        t.documents: [{
            "id": doc.id, "text_sha256": doc.text_sha256, "title": doc.title, "url": doc.url,
            "source": doc.source, "outlet": outlet_of(doc), "published": doc.published,
            "language": doc.language, "genre": doc.genre, "frames": list(doc.frames),
            "stats": graph.stats.model_dump(mode="json"), "words": graph.stats.words,
            "text": doc.text, "run_id": run_id, "ingested_at": ingested_at}],
        t.actors: [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
                    "sector": a.sector, "cameo_code": a.cameo_code, "wikidata": a.wikidata,
                    "in_kb": a.in_kb} for a in graph.actors],
        t.document_actors: [{"document_id": doc.id, "actor_id": a.id, "position": i,
                             "data": a.model_dump(mode="json")}
                            for i, a in enumerate(graph.actors)],
        t.mentions: [{"document_id": doc.id, "position": i, "actor_id": m.actor_id,
                      "label": m.label, "start": m.span.start, "end": m.span.end,
                      "text": m.span.text, "score": m.score}
                     for i, m in enumerate(graph.mentions)],
        t.places: [{"document_id": doc.id, "position": i, "name": p.name, "country": p.country,
                    "lat": p.lat, "lon": p.lon, "gazetteer_id": p.gazetteer_id,
                    "start": p.span.start, "end": p.span.end, "text": p.span.text}
                   for i, p in enumerate(graph.places)],
        t.events: [_event_row(doc, i, e) for i, e in enumerate(graph.events)],
        t.claims: [{"uid": f"{doc.id}#{c.id}", "document_id": doc.id, "local_id": c.id,
                    "position": i, "speaker_actor": c.speaker_actor,
                    "source_type": c.source_type, "certainty": c.certainty,
                    "author_stance": c.author_stance, "content": c.content_span.text,
                    "data": c.model_dump(mode="json")} for i, c in enumerate(graph.claims)],
        t.techniques: [{"document_id": doc.id, "position": i, "label": x.label,
                        "start": x.span.start, "end": x.span.end, "text": x.span.text,
                        "confidence": x.confidence} for i, x in enumerate(graph.techniques)],
    }


def save_graph(conn: Connection, graph: DocumentGraph, run_id: int | None) -> None:
    """Write one analysed document; the caller's transaction makes it all-or-nothing."""
    rows = graph_rows(graph, run_id, dt.datetime.now(dt.timezone.utc))
    conn.execute(insert(t.documents), rows.pop(t.documents))
    # corpus actors: the first document to name one sets its row
    _insert_ignore(conn, t.actors, rows.pop(t.actors))
    for table, values in rows.items():
        if values:
            conn.execute(insert(table), values)


def _event_row(doc: Document, position: int, e: Event) -> dict[str, Any]:
    time, place = e.time, e.place
    return {"uid": f"{doc.id}#{e.id}", "document_id": doc.id, "local_id": e.id,
            "position": position, "plover_type": e.plover_type, "plover_mode": e.plover_mode,
            "cameo_code": e.cameo_code, "intensity": e.intensity,
            "source_actor": e.source_actor, "target_actor": e.target_actor,
            "modality": e.modality, "claim_id": e.claim_id,
            "time_start": time.start if time else None, "time_end": time.end if time else None,
            "time_precision": time.precision if time else None,
            "place_name": place.name if place else None,
            "place_country": place.country if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "confidence": e.confidence, "cluster_id": None,
            "data": e.model_dump(mode="json")}


def load_graph(conn: Connection, doc_id: str) -> DocumentGraph | None:
    """The DocumentGraph of a stored document, as it was analysed."""
    row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
    if row is None:
        return None
    return graph_from_rows(row, {table.name: list(conn.execute(
        select(table).where(table.c.document_id == doc_id).order_by(table.c.position))
        .mappings()) for table in PER_DOCUMENT})


# Tables holding one document's records, each ordered by `position`.
PER_DOCUMENT = (t.document_actors, t.mentions, t.places, t.events, t.claims, t.techniques)


def graph_from_rows(row: Any, tables: Mapping[str, list[Any]]) -> DocumentGraph:
    """A DocumentGraph from its documents row and its rows of the PER_DOCUMENT tables (by
    table name, in position order; JSON columns as Python values)."""

    def span(r: Any) -> Span:
        return Span(start=r["start"], end=r["end"], text=r["text"])

    document = Document(id=row["id"], title=row["title"], url=row["url"], source=row["source"],
                        published=row["published"], language=row["language"],
                        genre=row["genre"], frames=row["frames"],
                        text_sha256=row["text_sha256"], text=row["text"])
    return DocumentGraph(
        document=document,
        actors=[Actor.model_validate(r["data"]) for r in tables["document_actors"]],
        mentions=[Mention(span=span(r), actor_id=r["actor_id"], label=r["label"],
                          score=r["score"]) for r in tables["mentions"]],
        places=[Place(span=span(r), name=r["name"], country=r["country"], lat=r["lat"],
                      lon=r["lon"], gazetteer_id=r["gazetteer_id"]) for r in tables["places"]],
        events=[Event.model_validate(r["data"]) for r in tables["events"]],
        claims=[Claim.model_validate(r["data"]) for r in tables["claims"]],
        techniques=[Technique(label=r["label"], span=span(r), confidence=r["confidence"])
                    for r in tables["techniques"]],
        stats=Stats.model_validate(row["stats"]))
