"""Cross-article event clusters: the same event told by several outlets becomes one cluster.

Incremental: each new document's events are matched against the clusters already stored,
blocked by PLOVER type and time window (an indexed query), then checked for compatible actors
and places; a cluster that takes an event is recomputed from its own members only. Nothing is
recomputed for the rest of the corpus.

Compatible means: the same PLOVER type; time windows that overlap (a day of slack) without the
cluster growing past a week; places in the same country, within 50 km of each other when both
are points (an arrest in Basra and one in Mosul on the same day are two events), or unknown on
one side; and actors that agree on at least one side (source or target: the same actor id, or
the same country and sector) and conflict on neither.

A cluster counts its distinct outlets, the independent sources that support it (outlets that
assert or report it), how each report knows it (asserted by the author, or reported by a named,
official, anonymous ... source), and contradictions: one outlet tells it while another denies
it, or an author disputes the claim that carries it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select, text, update

from claimgraph.store import schema as t

# What the text says happened (or denies happened); forecasts, conditions and metaphors are
# not reports of an event and join no cluster.
CLUSTERED = frozenset({"asserted", "reported", "negated"})
SUPPORTING = frozenset({"asserted", "reported"})
SLACK = dt.timedelta(days=1)
DEFAULT_WINDOW = dt.timedelta(days=7)
_MAX_SPAN = dt.timedelta(days=7)
_NEAR_KM = 50.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _window(ev: Any, published: dt.date | None) -> tuple[dt.date, dt.date]:
    """An event's time window; without an expression, the week before publication."""
    end = ev["time_end"] or ev["time_start"] or published or dt.date.today()
    start = ev["time_start"] or (end - DEFAULT_WINDOW)
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


class ClusterBook(Protocol):
    """Where clusters live while events are assigned: the store (SQL) or memory (Spark)."""

    def candidates(self, plover_type: str, start: dt.date, end: dt.date) -> Iterable[Any]:
        """Clusters of this type whose window comes within a day of [start, end], in the
        order they were opened."""

    def open(self, values: dict[str, Any]) -> dict[str, Any]:
        """A new cluster with these values; the returned row carries its id."""

    def save(self, cluster: dict[str, Any], values: dict[str, Any]) -> None:
        """Store a cluster's updated summary."""


def empty_cluster(ev: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    return dict(plover_type=ev["plover_type"], time_start=start, time_end=end,
                place_country=ev["place_country"], lat=ev["lat"], lon=ev["lon"],
                sources={"ids": [], "codes": []}, targets={"ids": [], "codes": []},
                n_events=0, n_documents=0, outlets=[], independent_sources=0,
                corroboration="single source", knowledge={}, contradictions=[],
                reports={"supporting": [], "denying": [], "disputing": []},
                updated_at=dt.datetime.now(dt.timezone.utc))


def assign_events(book: ClusterBook, published: dt.date | None, outlet: str,
                  events: Iterable[Any], claims: dict[str, Any],
                  actor: Callable[[str | None], Any]) -> list[tuple[Any, dict[str, Any]]]:
    """Put one document's events (clustered modalities, in position order) into the book's
    clusters; returns (event, cluster) pairs. `claims` maps a claim's local id to its
    source_type and author_stance; `actor(id)` gives the corpus row of an actor. The one
    decision procedure for the store and for Spark, so both give the same clusters."""
    pairs: list[tuple[Any, dict[str, Any]]] = []
    seen: set[Any] = set()
    for ev in events:
        start, end = _window(ev, published)
        sources, targets = _side(actor(ev["source_actor"])), _side(actor(ev["target_actor"]))
        if not (sources["ids"] or targets["ids"]):
            continue  # nobody to tell it apart by: clustering on type and date alone is noise
        cluster = _best(book.candidates(ev["plover_type"], start, end), ev, start, end,
                        sources, targets)
        if cluster is None:
            cluster = book.open(empty_cluster(ev, start, end))
        claim = claims.get(ev["claim_id"]) if ev["claim_id"] else None
        values = _fold(cluster, ev, claim, outlet, (start, end), sources, targets,
                       new_document=cluster["id"] not in seen)
        book.save(cluster, values)
        cluster.update(values)
        seen.add(cluster["id"])
        pairs.append((ev, cluster))
    return pairs


class _SqlBook:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def candidates(self, plover_type: str, start: dt.date, end: dt.date) -> Iterable[Any]:
        return [dict(r) for r in self.conn.execute(select(t.clusters).where(
            t.clusters.c.plover_type == plover_type,
            t.clusters.c.time_start <= end + SLACK,
            t.clusters.c.time_end >= start - SLACK).order_by(t.clusters.c.id)).mappings()]

    def open(self, values: dict[str, Any]) -> dict[str, Any]:
        return dict(self.conn.execute(insert(t.clusters).values(**values)
                                      .returning(*t.clusters.c)).mappings().one())

    def save(self, cluster: dict[str, Any], values: dict[str, Any]) -> None:
        self.conn.execute(update(t.clusters).where(t.clusters.c.id == cluster["id"])
                          .values(**values))


def assign_clusters(conn: Connection, doc_id: str) -> list[int]:
    """Put a stored document's events into clusters; returns the clusters touched. Each
    cluster's summary is updated with the new members only (its counts are kept in the row),
    so the cost does not grow with the size of the cluster or of the corpus."""
    if conn.dialect.name == "postgresql":
        # one writer at a time decides clusters, or two parallel ingests could each open a
        # cluster for the same event
        conn.execute(text("SELECT pg_advisory_xact_lock(7319002)"))
    doc = conn.execute(select(t.documents.c.published, t.documents.c.outlet)
                       .where(t.documents.c.id == doc_id)).one()
    evs = list(conn.execute(select(t.events).where(
        t.events.c.document_id == doc_id, t.events.c.modality.in_(CLUSTERED))
        .order_by(t.events.c.position)).mappings())
    claims = {r["local_id"]: r for r in conn.execute(select(
        t.claims.c.local_id, t.claims.c.source_type, t.claims.c.author_stance)
        .where(t.claims.c.document_id == doc_id)).mappings()}

    def actor(actor_id: str | None) -> Any:
        if actor_id is None:
            return None
        return conn.execute(select(t.actors).where(t.actors.c.id == actor_id)).mappings().first()

    pairs = assign_events(_SqlBook(conn), doc.published, doc.outlet, evs, claims, actor)
    for ev, cluster in pairs:
        conn.execute(update(t.events).where(t.events.c.uid == ev["uid"])
                     .values(cluster_id=cluster["id"]))
    return sorted({cluster["id"] for _, cluster in pairs})


def _best(candidates: Iterable[Any], ev: Any, start: dt.date, end: dt.date,
          sources: dict[str, list[str]], targets: dict[str, list[str]]) -> Any:
    """The cluster this event belongs to, if any: the first (oldest) with the most agreeing
    sides among the candidates (already blocked by type and dates)."""
    best, best_score = None, 0
    for cl in candidates:
        if ev["place_country"] and cl["place_country"] and \
                ev["place_country"] != cl["place_country"]:
            continue
        if None not in (ev["lat"], ev["lon"], cl["lat"], cl["lon"]) and \
                _km(ev["lat"], ev["lon"], cl["lat"], cl["lon"]) > _NEAR_KM:
            continue
        if max(end, cl["time_end"]) - min(start, cl["time_start"]) > _MAX_SPAN:
            continue  # chaining day after day would merge a whole campaign
        sides = [_agree(sources, cl["sources"]), _agree(targets, cl["targets"])]
        if False in sides or True not in sides:
            continue
        score = sides.count(True)
        if score > best_score:
            best, best_score = cl, score
    return best


def _merge(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: sorted(set(a.get(k, [])) | set(b.get(k, []))) for k in ("ids", "codes")}


def _fold(cl: dict[str, Any], ev: Any, claim: Any, outlet: str,
          window: tuple[dt.date, dt.date], sources: dict[str, list[str]],
          targets: dict[str, list[str]], new_document: bool) -> dict[str, Any]:
    """Fold one member event into its cluster's summary: how it is known, which outlets
    support, deny or dispute it, dates, actors and the contradictions that follow."""
    knowledge = Counter(cl["knowledge"])
    knowledge[f"reported:{claim['source_type']}" if claim else ev["modality"]] += 1
    reports = {k: set(v) for k, v in cl["reports"].items()}
    if ev["modality"] == "negated":
        reports["denying"].add(outlet)
    elif claim is not None and claim["author_stance"] == "disputes":
        reports["disputing"].add(outlet)
    else:
        reports["supporting"].add(outlet)
    contradictions = []
    if reports["supporting"] and reports["denying"]:
        contradictions.append({"kind": "denied", "supporting": sorted(reports["supporting"]),
                               "denying": sorted(reports["denying"])})
    if reports["supporting"] and reports["disputing"]:
        contradictions.append({"kind": "disputed", "supporting": sorted(reports["supporting"]),
                               "disputing": sorted(reports["disputing"])})
    supporting = len(reports["supporting"])
    values = {
        "time_start": min(cl["time_start"], window[0]), "time_end": max(cl["time_end"], window[1]),
        "place_country": cl["place_country"] or ev["place_country"],
        "lat": cl["lat"] if cl["lat"] is not None else ev["lat"],
        "lon": cl["lon"] if cl["lon"] is not None else ev["lon"],
        "sources": _merge(cl["sources"], sources), "targets": _merge(cl["targets"], targets),
        "n_events": cl["n_events"] + 1, "n_documents": cl["n_documents"] + new_document,
        "outlets": sorted(set(cl["outlets"]) | {outlet}),
        "independent_sources": supporting,
        "corroboration": "contested" if contradictions else (
            "corroborated" if supporting >= 2 else "single source"),
        "knowledge": dict(sorted(knowledge.items())), "contradictions": contradictions,
        "reports": {k: sorted(v) for k, v in reports.items()},
        "updated_at": dt.datetime.now(dt.timezone.utc)}
    return values
