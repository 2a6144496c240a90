"""Exports of a store to the tools analysts already use.

* jsonl: one DocumentGraph per line (the analysis contract, as stored);
* csv / parquet: one file per table, plus `events_table`, an ICEWS/POLECAT-like flat events
  table (date, source actor/country/sector, type, mode, target ..., place, lat/lon, intensity,
  modality, independent sources, document);
* graphml / gexf: a networkx multigraph, actors as nodes, events and claims as typed edges.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from claimgraph.errors import ClaimgraphError
from claimgraph.store import queries
from claimgraph.store import schema as t
from claimgraph.store.records import load_graph


class ExportError(ClaimgraphError):
    code = "CG500"


def export(engine: Engine, fmt: str, output: Path) -> list[Path]:
    """Write the store in `fmt` to `output` (a file, or a folder for csv/parquet)."""
    writers = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "graphml": _network,
               "gexf": _network}
    if fmt not in writers:
        raise ExportError(f"{fmt!r}: unknown export format (known: {', '.join(writers)})")
    try:
        return writers[fmt](engine, output, fmt)
    except OSError as exc:
        raise ExportError(f"{output}: cannot write ({exc.strerror or exc})") from exc


def graphs(engine: Engine) -> Iterator[Any]:
    """Stored DocumentGraphs, one at a time (memory stays flat on large stores)."""
    for doc_id in queries.document_ids(engine):
        with engine.connect() as conn:
            graph = load_graph(conn, doc_id)
        if graph is not None:
            yield graph


def _jsonl(engine: Engine, output: Path, _: str) -> list[Path]:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for graph in graphs(engine):
            out.write(graph.model_dump_json() + "\n")
    return [output]


def table_rows(engine: Engine) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(name, rows) for every table, JSON columns as JSON text, plus the flat events table."""
    with engine.connect() as conn:
        for table in t.TABLES:
            rows = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                     for k, v in r.items()}
                    for r in conn.execute(select(table)).mappings()]
            yield table.name, rows
    yield "events_table", [{k: v for k, v in r.items()} for r in queries.events(engine)]


def _csv(engine: Engine, output: Path, _: str) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(engine):
        path = output / f"{name}.csv"
        columns = list(rows[0]) if rows else _columns(name)
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def _parquet(engine: Engine, output: Path, _: str) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(engine):
        path = output / f"{name}.parquet"
        table = pa.Table.from_pylist(rows) if rows else pa.table(
            {c: pa.array([], pa.string()) for c in _columns(name)})
        pq.write_table(table, path)
        written.append(path)
    return written


def _columns(name: str) -> list[str]:
    if name == "events_table":
        return ["uid", "document_id", "plover_type"]
    return [c.name for c in t.metadata.tables[name].columns]


def build_network(engine: Engine) -> Any:
    """Actors as nodes; events (source -> target) and claims (speaker -> actors named in the
    claim) as typed edges carrying their attributes."""
    import networkx as nx

    graph = nx.MultiDiGraph(name="claimgraph")
    for a in queries.actors(engine):
        graph.add_node(a["id"], **_attrs({
            "label": a["name"], "kind": a["kind"], "country": a["country"],
            "sector": a["sector"], "cameo_code": a["cameo_code"], "wikidata": a["wikidata"],
            "in_kb": a["in_kb"], "mentions": a["mentions"], "events": a["events"]}))
    for e in queries.events(engine):
        if e["source_actor"] and e["target_actor"]:
            graph.add_edge(e["source_actor"], e["target_actor"], key=e["uid"], **_attrs({
                "kind": "event", "plover_type": e["plover_type"], "mode": e["plover_mode"],
                "cameo_code": e["cameo_code"], "intensity": e["intensity"],
                "modality": e["modality"], "date": e["time_end"] or e["published"],
                "place": e["place_name"], "document": e["document_id"],
                "cluster": e["cluster_id"],
                "independent_sources": e["independent_sources"]}))
    with engine.connect() as conn:
        named = conn.execute(select(t.mentions.c.document_id, t.mentions.c.actor_id,
                                    t.mentions.c.start, t.mentions.c.end)
                             .where(t.mentions.c.actor_id.is_not(None))).all()
    by_doc: dict[str, list[tuple[str, int, int]]] = {}
    for doc_id, actor_id, start, end in named:
        by_doc.setdefault(doc_id, []).append((actor_id, start, end))
    for c in queries.claims(engine):
        if not c["speaker_actor"]:
            continue
        about = {a for a, s, e in by_doc.get(c["document_id"], [])
                 if c["content_start"] <= s and e <= c["content_end"]
                 and a != c["speaker_actor"]}
        for actor_id in sorted(about):
            graph.add_edge(c["speaker_actor"], actor_id, key=f"{c['uid']}>{actor_id}",
                           **_attrs({"kind": "claim", "source_type": c["source_type"],
                                     "certainty": c["certainty"],
                                     "author_stance": c["author_stance"],
                                     "document": c["document_id"],
                                     "text": c["content"][:300]}))
    return graph


def _attrs(values: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF take no nulls: absent values are left out."""
    return {k: v for k, v in values.items() if v is not None}


def _network(engine: Engine, output: Path, fmt: str) -> list[Path]:
    import networkx as nx

    output.parent.mkdir(parents=True, exist_ok=True)
    graph = build_network(engine)
    if fmt == "graphml":
        nx.write_graphml(graph, output)
    else:
        nx.write_gexf(graph, output)
    return [output]
