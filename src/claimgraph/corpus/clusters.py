"""Cross-article event clusters: the same event told by several outlets becomes one cluster.

Incremental: each new document's events are matched against the clusters already stored,
blocked by PLOVER type and time window (an indexed query), then checked for compatible actors
and places; a cluster that takes an event is recomputed from its own members only. Nothing is
recomputed for the rest of the corpus.

Compatible means: the same PLOVER type; time windows that overlap (a day of slack); places in
the same country or unknown on one side; and actors that agree on at least one side (source or
target: the same actor id, or the same country and sector) and conflict on neither.

A cluster counts its distinct outlets, the independent sources that support it (outlets that
assert or report it), how each report knows it (asserted by the author, or reported by a named,
official, anonymous ... source), and contradictions: one outlet tells it while another denies
it, or an author disputes the claim that carries it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from claimgraph.store import schema as t

# What the text says happened (or denies happened); forecasts, conditions and metaphors are
# not reports of an event and join no cluster.
CLUSTERED = frozenset({"asserted", "reported", "negated"})
SUPPORTING = frozenset({"asserted", "reported"})
_SLACK = dt.timedelta(days=1)
_DEFAULT_WINDOW = dt.timedelta(days=7)


def _window(ev: Any, published: dt.date | None) -> tuple[dt.date, dt.date]:
    """An event's time window; without an expression, the week before publication."""
    end = ev["time_end"] or ev["time_start"] or published or dt.date.today()
    start = ev["time_start"] or (end - _DEFAULT_WINDOW)
    return start, end


def _side(actor: Any) -> dict[str, list[str]]:
    if actor is None:
        return {"ids": [], "codes": []}
    code = f"{actor['country'] or ''}|{actor['sector'] or ''}"
    return {"ids": [actor["id"]], "codes": [code] if actor["country"] else []}


def _agree(a: dict[str, list[str]], b: dict[str, list[str]]) -> bool | None:
    """True: same actor; False: both known and different; None: one side unknown."""
    if not (a["ids"] and b["ids"]):
        return None
    if set(a["ids"]) & set(b["ids"]) or set(a["codes"]) & set(b["codes"]):
        return True
    return False


def assign_clusters(conn: Connection, doc_id: str) -> list[int]:
    """Put a stored document's events into clusters; returns the clusters touched."""
    if conn.dialect.name == "postgresql":
        # one writer at a time decides clusters, or two parallel ingests could each open a
        # cluster for the same event
        conn.execute(text("SELECT pg_advisory_xact_lock(7319002)"))
    published = conn.scalar(select(t.documents.c.published).where(t.documents.c.id == doc_id))
    evs = list(conn.execute(select(t.events).where(
        t.events.c.document_id == doc_id, t.events.c.modality.in_(CLUSTERED))
        .order_by(t.events.c.position)).mappings())
    touched: set[int] = set()
    for ev in evs:
        start, end = _window(ev, published)
        src, tgt = _actor(conn, ev["source_actor"]), _actor(conn, ev["target_actor"])
        sources, targets = _side(src), _side(tgt)
        if not (sources["ids"] or targets["ids"]):
            continue  # nobody to tell it apart by: clustering on type and date alone is noise
        candidates = conn.execute(select(t.clusters).where(
            t.clusters.c.plover_type == ev["plover_type"],
            t.clusters.c.time_start <= end + _SLACK,
            t.clusters.c.time_end >= start - _SLACK)).mappings()
        best, best_score = None, 0
        for cl in candidates:
            if ev["place_country"] and cl["place_country"] and \
                    ev["place_country"] != cl["place_country"]:
                continue
            sides = [_agree(sources, cl["sources"]), _agree(targets, cl["targets"])]
            if False in sides or True not in sides:
                continue
            score = sides.count(True)
            if score > best_score:
                best, best_score = cl, score
        if best is None:
            cluster_id = conn.execute(insert(t.clusters).values(
                plover_type=ev["plover_type"], time_start=start, time_end=end,
                place_country=ev["place_country"], sources=sources, targets=targets,
                n_events=0, n_documents=0, outlets=[], independent_sources=0,
                corroboration="single source", knowledge={}, contradictions=[],
                updated_at=dt.datetime.now(dt.timezone.utc))
                .returning(t.clusters.c.id)).scalar_one()
        else:
            cluster_id = best["id"]
        conn.execute(update(t.events).where(t.events.c.uid == ev["uid"])
                     .values(cluster_id=cluster_id))
        touched.add(cluster_id)
    for cluster_id in touched:
        _refresh(conn, cluster_id)
    return sorted(touched)


def _actor(conn: Connection, actor_id: str | None) -> Any:
    if actor_id is None:
        return None
    return conn.execute(select(t.actors).where(t.actors.c.id == actor_id)).mappings().first()


def _refresh(conn: Connection, cluster_id: int) -> None:
    """Recompute one cluster's summary from its member events."""
    members = list(conn.execute(
        select(t.events.c.uid, t.events.c.modality, t.events.c.claim_id,
               t.events.c.document_id, t.events.c.time_start, t.events.c.time_end,
               t.events.c.place_country, t.events.c.source_actor, t.events.c.target_actor,
               t.documents.c.outlet, t.documents.c.published)
        .join(t.documents, t.documents.c.id == t.events.c.document_id)
        .where(t.events.c.cluster_id == cluster_id)).mappings())
    claim_ids = [f"{m['document_id']}#{m['claim_id']}" for m in members if m["claim_id"]]
    claims = {r["uid"]: r for r in conn.execute(select(
        t.claims.c.uid, t.claims.c.source_type, t.claims.c.author_stance)
        .where(t.claims.c.uid.in_(claim_ids))).mappings()} if claim_ids else {}
    knowledge: Counter[str] = Counter()
    supporting: set[str] = set()
    denying: set[str] = set()
    disputing: set[str] = set()
    for m in members:
        claim = claims.get(f"{m['document_id']}#{m['claim_id']}") if m["claim_id"] else None
        how = f"reported:{claim['source_type']}" if claim else m["modality"]
        knowledge[how] += 1
        if m["modality"] == "negated":
            denying.add(m["outlet"])
        elif claim is not None and claim["author_stance"] == "disputes":
            disputing.add(m["outlet"])
        else:
            supporting.add(m["outlet"])
    contradictions = []
    if supporting and denying:
        contradictions.append({"kind": "denied", "supporting": sorted(supporting),
                               "denying": sorted(denying)})
    if supporting and disputing:
        contradictions.append({"kind": "disputed", "supporting": sorted(supporting),
                               "disputing": sorted(disputing)})
    windows = [_window(m, m["published"]) for m in members]
    sources = _sides(conn, [m["source_actor"] for m in members])
    targets = _sides(conn, [m["target_actor"] for m in members])
    outlets = sorted({m["outlet"] for m in members})
    corroboration = "contested" if contradictions else (
        "corroborated" if len(supporting) >= 2 else "single source")
    conn.execute(update(t.clusters).where(t.clusters.c.id == cluster_id).values(
        time_start=min(w[0] for w in windows), time_end=max(w[1] for w in windows),
        place_country=next((m["place_country"] for m in members if m["place_country"]), None),
        sources=sources, targets=targets, n_events=len(members),
        n_documents=len({m["document_id"] for m in members}), outlets=outlets,
        independent_sources=len(supporting), corroboration=corroboration,
        knowledge=dict(sorted(knowledge.items())), contradictions=contradictions,
        updated_at=dt.datetime.now(dt.timezone.utc)))


def _sides(conn: Connection, actor_ids: list[str | None]) -> dict[str, list[str]]:
    ids = sorted({a for a in actor_ids if a})
    rows: list[Any] = list(conn.execute(select(t.actors).where(t.actors.c.id.in_(ids)))
                           .mappings()) if ids else []
    codes = sorted({f"{r['country']}|{r['sector'] or ''}" for r in rows if r["country"]})
    return {"ids": ids, "codes": codes}
