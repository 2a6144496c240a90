"""The corpus store on SQLite and on a real PostgreSQL server: ingest, resume, clusters,
queries and exports."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select, text
from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import EXAMPLES, ROOT

REPORTS = EXAMPLES / "erbil_reports.jsonl"
CLI = [sys.executable, "-m", "claimgraph"]


def _engine(url):
    from claimgraph.store.db import open_engine

    return open_engine(url)


def _count(url, table):
    from claimgraph.store import schema

    with _engine(url).connect() as conn:
        return conn.scalar(select(func.count()).select_from(schema.metadata.tables[table]))


def _ingest(url, path, *extra):
    return CliRunner().invoke(app, ["ingest", str(path), "--db", url, *extra])


def test_migrations_are_recorded_once(db_url):
    from claimgraph.store.db import migrate

    engine = _engine(db_url)
    assert migrate(engine) == []  # already applied on open
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT version FROM schema_migrations")).all()
    assert [r[0] for r in rows] == [1]


def test_ingest_is_idempotent_and_clusters_the_same_event(db_url):
    first = _ingest(db_url, REPORTS)
    assert first.exit_code == 0, first.output
    assert _count(db_url, "documents") == 8
    again = _ingest(db_url, REPORTS)
    assert again.exit_code == 0 and "0 stored, 8 already stored" in again.stdout
    assert _count(db_url, "documents") == 8 and _count(db_url, "ingest_runs") == 2

    from claimgraph.store.queries import clusters

    found = clusters(_engine(db_url), kind="ASSAULT", actor="kataib-hezbollah")
    assert len(found) == 1
    strike = found[0]
    # Gulf Wire twice, Tigris Daily, Atlantic Desk tell it; Caspian Herald denies it
    assert strike["independent_sources"] == 3
    assert strike["outlets"] == ["Atlantic Desk", "Caspian Herald", "Gulf Wire", "Tigris Daily"]
    assert strike["corroboration"] == "contested"
    assert [c["kind"] for c in strike["contradictions"]] == ["denied"]
    assert strike["contradictions"][0]["denying"] == ["Caspian Herald"]
    jets = clusters(_engine(db_url), kind="ASSAULT", actor="pkk")
    assert len(jets) == 1 and jets[0]["independent_sources"] == 2
    assert jets[0]["corroboration"] == "corroborated" and not jets[0]["contradictions"]


def test_query_commands(db_url):
    assert _ingest(db_url, REPORTS).exit_code == 0
    runner = CliRunner()
    res = runner.invoke(app, ["events", "--db", db_url, "--min-sources", "2", "-f", "json"])
    rows = json.loads(res.stdout)
    assert rows and all(r["independent_sources"] >= 2 for r in rows)
    res = runner.invoke(app, ["events", "--db", db_url, "--actor", "pkk", "-f", "csv"])
    parsed = list(csv.DictReader(res.stdout.splitlines()))
    assert parsed and all("pkk" in (r["source_actor"], r["target_actor"]) for r in parsed)
    res = runner.invoke(app, ["events", "--db", db_url, "--since", "2026-02-02", "-f", "json"])
    assert all((r["time_end"] or r["published"]) >= "2026-02-02" for r in json.loads(res.stdout))
    res = runner.invoke(app, ["claims", "--db", db_url, "--source-type", "official", "-f",
                              "json"])
    assert json.loads(res.stdout) and all(
        r["source_type"] == "official" for r in json.loads(res.stdout))
    res = runner.invoke(app, ["actors", "--db", db_url, "-f", "json"])
    kh = next(a for a in json.loads(res.stdout) if a["id"] == "kataib-hezbollah")
    assert kh["documents"] == 5 and kh["events"] >= 5 and kh["mentions"] >= 5
    table = runner.invoke(app, ["status", "--db", db_url])
    assert table.exit_code == 0 and "documents" in table.stdout


def test_bad_document_in_a_batch_is_recorded_and_the_rest_stored(db_url, tmp_path):
    lines = REPORTS.read_text().splitlines()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines[:3] + ['{"id": "broken", "text": '] + lines[3:5]) + "\n")
    res = _ingest(db_url, batch)
    assert res.exit_code == 1
    assert "1 failed" in res.stdout
    assert _count(db_url, "documents") == 5
    from claimgraph.store import schema

    with _engine(db_url).connect() as conn:
        errors = conn.execute(select(schema.ingest_errors)).mappings().all()
    assert len(errors) == 1 and "batch.jsonl:4" in errors[0]["name"]


def _corpus(path, n, offset=0):
    """n short distinct reports (varied actors, places, days)."""
    actors = ["Iraqi police", "Turkish jets", "Israeli troops", "Hamas gunmen", "Russian forces",
              "Ukrainian drones", "Iranian officials", "US officials"]
    places = ["Basra", "Mosul", "Gaza", "Kharkiv", "Erbil", "Donetsk", "Tehran", "Haifa"]
    with path.open("w") as out:
        for i in range(offset, offset + n):
            text = (f"{actors[i % 8]} met local leaders in {places[(i * 3) % 8]} on Monday, "
                    f"officials said. Report number {i} followed the meeting.")
            out.write(json.dumps({"id": f"doc-{i}", "source": f"Outlet {i % 5}",
                                  "published": "2026-02-03", "text": text}) + "\n")


def _cli_env():
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_kill_9_mid_ingest_then_resume_loses_and_duplicates_nothing(db_url, tmp_path):
    feed = tmp_path / "feed.jsonl"
    total = 200  # long enough that the kill lands mid-run even on a fast machine
    _corpus(feed, total)
    proc = subprocess.Popen(CLI + ["ingest", str(feed), "--db", db_url], env=_cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and stored < 5:
        time.sleep(0.3)
        try:
            stored = _count(db_url, "documents")
        except Exception:  # noqa: BLE001 - the store may still be migrating
            stored = 0
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _count(db_url, "documents")
    assert 0 < before < total, before
    res = subprocess.run(CLI + ["ingest", str(feed), "--db", db_url], env=_cli_env(),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert _count(db_url, "documents") == total
    from claimgraph.store import schema

    with _engine(db_url).connect() as conn:
        hashes = conn.scalars(select(schema.documents.c.text_sha256)).all()
        orphans = conn.scalar(select(func.count()).select_from(schema.events).where(
            schema.events.c.document_id.not_in(select(schema.documents.c.id))))
    assert len(hashes) == len(set(hashes)) == total and orphans == 0


def test_two_ingests_in_parallel_into_one_store(db_url, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _corpus(a, 20, 0)
    _corpus(b, 20, 10)  # ten documents in common
    _engine(db_url)  # migrate once, before the race
    procs = [subprocess.Popen(CLI + ["ingest", str(p), "--db", db_url], env=_cli_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in (a, b)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert _count(db_url, "documents") == 30
    assert _count(db_url, "ingest_errors") == 0


def test_exports_open_in_their_tools(db_url, tmp_path):
    import networkx as nx
    import pyarrow.parquet as pq

    assert _ingest(db_url, REPORTS).exit_code == 0
    runner = CliRunner()
    for fmt, out in (("parquet", tmp_path / "pq"), ("csv", tmp_path / "csv"),
                     ("graphml", tmp_path / "g.graphml"), ("gexf", tmp_path / "g.gexf"),
                     ("jsonl", tmp_path / "docs.jsonl")):
        res = runner.invoke(app, ["export", "--db", db_url, "-f", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
    events = pq.read_table(tmp_path / "pq" / "events_table.parquet")
    assert events.num_rows == _count(db_url, "events")
    assert {"plover_type", "source_country", "target_sector", "lat", "lon",
            "independent_sources", "document_id"} <= set(events.column_names)
    with (tmp_path / "csv" / "documents.csv").open() as f:
        assert len(list(csv.DictReader(f))) == 8
    for path, read in ((tmp_path / "g.graphml", nx.read_graphml),
                       (tmp_path / "g.gexf", nx.read_gexf)):
        graph = read(path)
        assert "kataib-hezbollah" in graph and "peshmerga" in graph
        kinds = {d.get("kind") for _, _, d in graph.edges(data=True)}
        assert "event" in kinds
    from claimgraph.model import DocumentGraph

    lines = (tmp_path / "docs.jsonl").read_text().splitlines()
    assert len(lines) == 8 and DocumentGraph.model_validate_json(lines[0]).document.id


def test_bad_database_url_is_one_clear_line(tmp_path):
    res = CliRunner().invoke(app, ["status", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 2
    assert "cannot open the database" in res.output
