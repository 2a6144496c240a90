"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seed" / "article.txt").exists():
        pytest.skip("../shared (seed article and gold sets) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from claimgraph.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze(nlp):
    """claimgraph.analyze with the pipeline already loaded."""
    from claimgraph.pipeline import analyze as run

    return run


def actor_of(graph, text: str, occurrence: int = 0):
    """The actor of the mention covering the `occurrence`-th appearance of `text`, or None."""
    body = graph.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = body.find(text, start + 1)
    assert start >= 0, f"{text!r} not in the text"
    end = start + len(text)
    actors = {a.id: a for a in graph.actors}
    hits = [m for m in graph.mentions if m.span.start < end and start < m.span.end]
    hits.sort(key=lambda m: -(min(end, m.span.end) - max(start, m.span.start)))
    return actors.get(hits[0].actor_id) if hits and hits[0].actor_id else None


def place_of(graph, text: str):
    body = graph.document.text
    start = body.find(text)
    return next((p for p in graph.places
                 if p.span.start < start + len(text) and start < p.span.end), None)


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole session, stopped at the end."""
    from pgserver import Server

    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, pg_server):
    """A fresh, empty store on each database the store supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if pg_server.url is None:
        pytest.skip(pg_server.reason)
    name = "t_" + "".join(ch for ch in request.node.name.lower() if ch.isalnum())[-40:]
    return pg_server.new_database(name)
