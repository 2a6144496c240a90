"""Resumable ingest: analyse documents and store each in its own transaction.

A document whose text hash is already stored is skipped before analysis, so a re-run after a
crash (or `kill -9`) resumes where it stopped; what was reported stored is committed. A document
that cannot be read or analysed is recorded in `ingest_errors` and the run goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from claimgraph.corpus.clusters import assign_clusters
from claimgraph.ingest import InputDoc, InputFailure
from claimgraph.model import DocumentGraph
from claimgraph.pipeline import analyze_stream, sha256
from claimgraph.store import schema as t
from claimgraph.store.records import save_graph


@dataclass
class IngestReport:
    run_id: int
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class _Run:
    """One ingest run: its row in ingest_runs, its report, and how each outcome is recorded."""

    def __init__(self, engine: Engine, source: str,
                 on_event: Callable[[str, str], None] | None) -> None:
        self.engine = engine
        self.tell = on_event or (lambda kind, name: None)
        with engine.begin() as conn:
            run_id = conn.execute(insert(t.ingest_runs).values(
                source=source, started_at=_now(), stored=0, skipped=0, failed=0,
                status="running").returning(t.ingest_runs.c.id)).scalar_one()
        self.report = IngestReport(run_id)

    def fail(self, name: str, reason: str) -> None:
        self.report.failed += 1
        self.report.errors.append(f"{name}: {reason}")
        with self.engine.begin() as conn:
            conn.execute(insert(t.ingest_errors).values(run_id=self.report.run_id, name=name,
                                                        error=reason, at=_now()))
        self.tell("failed", name)

    def consume(self, results: Iterable[DocumentGraph | InputFailure]) -> IngestReport:
        """Store each analysed document (or record its failure); close the run at the end,
        also when interrupted."""
        report = self.report
        try:
            for result in results:
                if isinstance(result, InputFailure):
                    self.fail(result.name, result.reason)
                else:
                    _store_one(self.engine, result, report.run_id, report, self.fail,
                               self.tell)
        finally:
            with self.engine.begin() as conn:
                conn.execute(update(t.ingest_runs).where(t.ingest_runs.c.id == report.run_id)
                             .values(finished_at=_now(), stored=report.stored,
                                     skipped=report.skipped, failed=report.failed,
                                     status="done"))
        return report


def ingest(engine: Engine, items: Iterable[InputDoc | InputFailure], source: str,
           n_process: int = 1, on_event: Callable[[str, str], None] | None = None
           ) -> IngestReport:
    """Store every readable, new document of `items`; `on_event(kind, name)` is told of each
    one stored, skipped or failed (for a progress bar)."""
    run = _Run(engine, source, on_event)

    def new_documents() -> Iterator[InputDoc]:
        for item in items:
            if isinstance(item, InputFailure):
                run.fail(item.name, item.reason)
            elif _same_text_stored(engine, sha256(item.text)):
                run.report.skipped += 1
                run.tell("skipped", item.id or "")
            else:
                yield item

    return run.consume(analyze_stream(new_documents(), n_process=n_process))


def ingest_graphs(engine: Engine, results: Iterable[DocumentGraph | InputFailure], source: str,
                  on_event: Callable[[str, str], None] | None = None) -> IngestReport:
    """Store documents analysed elsewhere (a Spark job's output), as `ingest` would."""
    return _Run(engine, source, on_event).consume(results)


def _store_one(engine: Engine, graph: DocumentGraph, run_id: int, report: IngestReport,
               fail: Callable[[str, str], None], tell: Callable[[str, str], None]) -> None:
    doc = graph.document
    try:
        with engine.begin() as conn:
            if conn.scalar(select(t.documents.c.id).where(
                    t.documents.c.text_sha256 == doc.text_sha256)) is not None:
                report.skipped += 1  # a parallel ingest stored it meanwhile
                tell("skipped", doc.id)
                return
            if conn.scalar(select(t.documents.c.id).where(t.documents.c.id == doc.id)):
                raise _Clash("id already stored for a different text")
            save_graph(conn, graph, run_id)
            assign_clusters(conn, doc.id)
    except _Clash as exc:
        fail(doc.id, str(exc))
        return
    except IntegrityError as exc:
        if _same_text_stored(engine, doc.text_sha256):
            report.skipped += 1
            tell("skipped", doc.id)
            return
        fail(doc.id, f"cannot be stored ({str(exc.orig).splitlines()[0]})")
        return
    report.stored += 1
    tell("stored", doc.id)


class _Clash(Exception):
    pass


def _same_text_stored(engine: Engine, text_hash: str) -> bool:
    with engine.connect() as conn:
        return conn.scalar(select(t.documents.c.id).where(
            t.documents.c.text_sha256 == text_hash)) is not None
