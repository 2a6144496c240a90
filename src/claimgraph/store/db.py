"""Opening a store: SQLite (default ./claimgraph.db) or PostgreSQL, migrated on open.

SQLite runs in WAL mode with foreign keys on, and every write transaction starts with BEGIN
IMMEDIATE so that two ingests into one file queue instead of failing half-way. PostgreSQL is
reached through psycopg 3 (`postgresql://` URLs are read as `postgresql+psycopg://`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.exc import ArgumentError, OperationalError

from claimgraph.errors import ClaimgraphError
from claimgraph.store import schema

DEFAULT_URL = "sqlite:///claimgraph.db"


class StoreError(ClaimgraphError):
    """The database cannot be opened or used."""


def _v1(conn: Connection) -> None:
    schema.metadata.create_all(conn)


# Versioned migrations, applied in order and recorded in schema_migrations. A new version
# appends (number, description, function); released versions are never edited.
MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "documents, actors, mentions, places, events, claims, techniques, clusters, runs", _v1),
)


def normalize_url(url: str | None) -> str:
    """A path or URL as SQLAlchemy reads it: `x.db` -> sqlite, `postgresql://` -> psycopg."""
    if not url:
        return DEFAULT_URL
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url)}"
    return url


def open_engine(url: str | None = None) -> Engine:
    """An engine on a migrated database."""
    target = normalize_url(url)
    try:
        if target.startswith("sqlite"):
            engine = create_engine(target, connect_args={"timeout": 60})
            _sqlite_setup(engine)
        else:
            engine = create_engine(target, pool_pre_ping=True)
        migrate(engine)
    except (ArgumentError, OperationalError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise StoreError(f"{url or DEFAULT_URL}: cannot open the database ({reason})") from exc
    return engine


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> list[int]:
    """Apply the migrations the database has not seen; returns the versions applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # two processes opening a fresh database at once must not both create tables
            conn.execute(text("SELECT pg_advisory_xact_lock(7319001)"))
        if not inspect(conn).has_table("schema_migrations"):
            schema.schema_migrations.create(conn)
        done = set(conn.scalars(select(schema.schema_migrations.c.version)))
        for version, description, step in MIGRATIONS:
            if version in done:
                continue
            step(conn)
            conn.execute(insert(schema.schema_migrations).values(
                version=version, description=description,
                applied_at=dt.datetime.now(dt.timezone.utc)))
            applied.append(version)
    return applied
