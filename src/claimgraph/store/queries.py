"""Read-side queries over a store: what `status`, `events`, `claims`, `actors` and the
exports show. Rows come back as plain dicts with JSON-friendly values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import aliased

from claimgraph.store import schema as t


def status(engine: Engine, runs: int = 5) -> dict[str, Any]:
    with engine.connect() as conn:
        counts = {table.name: conn.scalar(select(func.count()).select_from(table))
                  for table in t.TABLES}
        last = [dict(r) for r in conn.execute(select(t.ingest_runs).order_by(
            t.ingest_runs.c.id.desc()).limit(runs)).mappings()]
        version = conn.scalar(select(func.max(t.schema_migrations.c.version)))
    return {"counts": counts, "runs": last, "schema_version": version}


def events(engine: Engine, actor: str | None = None, kind: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None,
           min_sources: int = 0, limit: int | None = None, offset: int = 0
           ) -> list[dict[str, Any]]:
    """Events with actor names and their cluster's source counts (ICEWS/POLECAT-like)."""
    query = events_query(actor, kind, since, until, min_sources).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [_plain(r) for r in conn.execute(query).mappings()]


def count(engine: Engine, query: Any) -> int:
    """Rows a query would return (for paginated answers)."""
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(query.order_by(None)
                                                                 .subquery())) or 0)


def events_query(actor: str | None = None, kind: str | None = None,
                  since: dt.date | None = None, until: dt.date | None = None,
                  min_sources: int = 0) -> Any:
    src, tgt = aliased(t.actors), aliased(t.actors)
    e = t.events
    query = (select(
        e.c.uid, e.c.document_id, e.c.local_id, e.c.time_start, e.c.time_end,
        e.c.time_precision, e.c.source_actor, src.c.name.label("source_name"),
        src.c.country.label("source_country"), src.c.sector.label("source_sector"),
        e.c.plover_type, e.c.plover_mode, e.c.cameo_code, e.c.target_actor,
        tgt.c.name.label("target_name"), tgt.c.country.label("target_country"),
        tgt.c.sector.label("target_sector"), e.c.place_name, e.c.place_country, e.c.lat,
        e.c.lon, e.c.intensity, e.c.modality, e.c.claim_id, e.c.confidence, e.c.cluster_id,
        t.clusters.c.independent_sources, t.clusters.c.n_documents.label("cluster_documents"),
        t.clusters.c.corroboration, t.documents.c.outlet, t.documents.c.published)
        .join(t.documents, t.documents.c.id == e.c.document_id)
        .outerjoin(src, src.c.id == e.c.source_actor)
        .outerjoin(tgt, tgt.c.id == e.c.target_actor)
        .outerjoin(t.clusters, t.clusters.c.id == e.c.cluster_id))
    if actor:
        query = query.where(or_(e.c.source_actor == actor, e.c.target_actor == actor))
    if kind:
        query = query.where(e.c.plover_type == kind.upper())
    day = func.coalesce(e.c.time_end, e.c.time_start, t.documents.c.published)
    if since:
        query = query.where(day >= since)
    if until:
        query = query.where(func.coalesce(e.c.time_start, day) <= until)
    if min_sources:
        query = query.where(t.clusters.c.independent_sources >= min_sources)
    return query.order_by(day, e.c.document_id, e.c.position)


def claims(engine: Engine, source_type: str | None = None, limit: int | None = None,
           offset: int = 0) -> list[dict[str, Any]]:
    c = t.claims
    query = (select(c.c.uid, c.c.document_id, c.c.local_id, c.c.source_type,
                    c.c.speaker_actor, t.actors.c.name.label("speaker_name"), c.c.certainty,
                    c.c.author_stance, c.c.content, c.c.data, t.documents.c.outlet)
             .join(t.documents, t.documents.c.id == c.c.document_id)
             .outerjoin(t.actors, t.actors.c.id == c.c.speaker_actor))
    if source_type:
        query = query.where(c.c.source_type == source_type)
    query = query.order_by(c.c.document_id, c.c.position).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    out = []
    with engine.connect() as conn:
        for r in conn.execute(query).mappings():
            row = _plain(r)
            data = row.pop("data")
            row["cue"] = (data.get("cue_span") or {}).get("text")
            row["source"] = (data.get("source_span") or {}).get("text")
            row["content_start"] = data["content_span"]["start"]
            row["content_end"] = data["content_span"]["end"]
            out.append(row)
    return out


def actors(engine: Engine, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Corpus actors with how often they are mentioned and take part in events."""
    mentions = (select(t.mentions.c.actor_id, func.count().label("n"))
                .group_by(t.mentions.c.actor_id).subquery())
    as_source = (select(t.events.c.source_actor.label("actor_id"), func.count().label("n"))
                 .group_by(t.events.c.source_actor).subquery())
    as_target = (select(t.events.c.target_actor.label("actor_id"), func.count().label("n"))
                 .group_by(t.events.c.target_actor).subquery())
    docs = (select(t.document_actors.c.actor_id, func.count().label("n"))
            .group_by(t.document_actors.c.actor_id).subquery())
    a = t.actors
    query = (select(a, func.coalesce(mentions.c.n, 0).label("mentions"),
                    (func.coalesce(as_source.c.n, 0) + func.coalesce(as_target.c.n, 0))
                    .label("events"), func.coalesce(docs.c.n, 0).label("documents"))
             .outerjoin(mentions, mentions.c.actor_id == a.c.id)
             .outerjoin(as_source, as_source.c.actor_id == a.c.id)
             .outerjoin(as_target, as_target.c.actor_id == a.c.id)
             .outerjoin(docs, docs.c.actor_id == a.c.id)
             .order_by(func.coalesce(mentions.c.n, 0).desc(), a.c.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [_plain(r) for r in conn.execute(query).mappings()]


def clusters(engine: Engine, kind: str | None = None, min_sources: int = 0,
             actor: str | None = None, limit: int | None = None, offset: int = 0
             ) -> list[dict[str, Any]]:
    query = clusters_query(kind, min_sources, actor).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return _with_members(engine, query)


def clusters_query(kind: str | None = None, min_sources: int = 0,
                   actor: str | None = None) -> Any:
    cl = t.clusters
    query = select(cl)
    if kind:
        query = query.where(cl.c.plover_type == kind.upper())
    if min_sources:
        query = query.where(cl.c.independent_sources >= min_sources)
    if actor:
        members = select(t.events.c.cluster_id).where(or_(
            t.events.c.source_actor == actor, t.events.c.target_actor == actor))
        query = query.where(and_(cl.c.id.in_(members)))
    return query.order_by(cl.c.time_start, cl.c.id)


def _with_members(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = [_plain(r) for r in conn.execute(query).mappings()]
        member_uids: dict[int, list[str]] = {}
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), 5000):  # one query per page of clusters, not per row
            chunk = ids[start:start + 5000]
            for uid, cid in conn.execute(select(t.events.c.uid, t.events.c.cluster_id)
                                         .where(t.events.c.cluster_id.in_(chunk))):
                member_uids.setdefault(cid, []).append(uid)
    for row in rows:
        row["events"] = sorted(member_uids.get(row["id"], []))
        row["documents"] = sorted({uid.rsplit("#", 1)[0] for uid in row["events"]})
    return rows


def documents(engine: Engine, limit: int | None = None, offset: int = 0
              ) -> list[dict[str, Any]]:
    """Document summaries (no text) with their event, claim and technique counts."""
    d = t.documents

    def per_doc(table: Any) -> Any:
        return (select(table.c.document_id, func.count().label("n"))
                .group_by(table.c.document_id).subquery())

    ev, cl, te = per_doc(t.events), per_doc(t.claims), per_doc(t.techniques)
    query = (select(d.c.id, d.c.title, d.c.source, d.c.url, d.c.published, d.c.genre,
                    d.c.words, func.substr(d.c.text, 1, 120).label("opening"),
                    func.coalesce(ev.c.n, 0).label("events"),
                    func.coalesce(cl.c.n, 0).label("claims"),
                    func.coalesce(te.c.n, 0).label("techniques"))
             .outerjoin(ev, ev.c.document_id == d.c.id)
             .outerjoin(cl, cl.c.document_id == d.c.id)
             .outerjoin(te, te.c.document_id == d.c.id)
             .order_by(d.c.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = [_plain(r) for r in conn.execute(query).mappings()]
    for row in rows:
        opening = row.pop("opening") or ""
        row["title"] = row["title"] or (opening.strip().splitlines() or [""])[0]
    return rows


def count_rows(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def document_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(t.documents.c.id).order_by(t.documents.c.id)))


def _plain(row: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
            for k, v in dict(row).items()}
