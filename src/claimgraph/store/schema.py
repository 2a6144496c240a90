"""The store's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Each record of a DocumentGraph gets a row with the columns people filter on (type, actors,
dates, places, source types); events and claims also keep their full contract JSON in `data`, so
a stored document reads back exactly as it was analysed. Actors live once per corpus in
`actors` (the merge across documents: KB id, else the generated id, which already folds the
name and the country), and per document in `document_actors` with the attributes they had at
that document's date (an office holder's sector changes with time).
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False))

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("stored", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="running"))

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE")),
    Column("name", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False))

documents = Table(
    "documents", metadata,
    Column("id", String(200), primary_key=True),
    Column("text_sha256", String(64), nullable=False, unique=True),
    Column("title", Text), Column("url", Text), Column("source", Text),
    Column("outlet", Text, nullable=False),
    Column("published", Date), Column("language", String(8), nullable=False),
    Column("genre", String(32)), Column("frames", JSON, nullable=False),
    Column("stats", JSON, nullable=False), Column("words", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL")),
    Column("ingested_at", DateTime(timezone=True), nullable=False))

actors = Table(
    "actors", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False), Column("kind", String(32), nullable=False),
    Column("country", String(8)), Column("sector", String(16)),
    Column("cameo_code", String(32)), Column("wikidata", String(32)),
    Column("in_kb", Boolean, nullable=False))

document_actors = Table(
    "document_actors", metadata,
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("actor_id", String(200), ForeignKey("actors.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("data", JSON, nullable=False))

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("actor_id", String(200), ForeignKey("actors.id"), index=True),
    Column("label", String(16), nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False), Column("score", Float, nullable=False))

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False), Column("country", String(8)),
    Column("lat", Float), Column("lon", Float), Column("gazetteer_id", String(64)),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False))

clusters = Table(
    "clusters", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plover_type", String(16), nullable=False),
    Column("time_start", Date, nullable=False), Column("time_end", Date, nullable=False),
    Column("place_country", String(8)), Column("lat", Float), Column("lon", Float),
    Column("sources", JSON, nullable=False), Column("targets", JSON, nullable=False),
    Column("n_events", Integer, nullable=False), Column("n_documents", Integer, nullable=False),
    Column("outlets", JSON, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("corroboration", String(16), nullable=False),
    Column("knowledge", JSON, nullable=False), Column("contradictions", JSON, nullable=False),
    # outlets by role (supporting / denying / disputing), kept so updates stay incremental
    Column("reports", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_clusters_type_time", "plover_type", "time_start", "time_end"))

events = Table(
    "events", metadata,
    Column("uid", String(220), primary_key=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("local_id", String(16), nullable=False), Column("position", Integer, nullable=False),
    Column("plover_type", String(16), nullable=False, index=True),
    Column("plover_mode", String(64)), Column("cameo_code", String(8)),
    Column("intensity", Float),
    Column("source_actor", String(200), ForeignKey("actors.id"), index=True),
    Column("target_actor", String(200), ForeignKey("actors.id"), index=True),
    Column("modality", String(16), nullable=False), Column("claim_id", String(16)),
    Column("time_start", Date), Column("time_end", Date), Column("time_precision", String(8)),
    Column("place_name", Text), Column("place_country", String(8)),
    Column("lat", Float), Column("lon", Float),
    Column("confidence", Float, nullable=False),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="SET NULL"), index=True),
    Column("data", JSON, nullable=False))

claims = Table(
    "claims", metadata,
    Column("uid", String(220), primary_key=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("local_id", String(16), nullable=False), Column("position", Integer, nullable=False),
    Column("speaker_actor", String(200), ForeignKey("actors.id")),
    Column("source_type", String(16), nullable=False, index=True),
    Column("certainty", String(16), nullable=False),
    Column("author_stance", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("data", JSON, nullable=False))

techniques = Table(
    "techniques", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("label", String(48), nullable=False, index=True),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False), Column("confidence", Float, nullable=False))

# Tables in dependency order, for exports and counts.
TABLES = (documents, actors, document_actors, mentions, places, events, claims, techniques,
          clusters, ingest_runs, ingest_errors)
