"""`claimgraph serve`: a local web UI and JSON API over a store (FastAPI).

Read-only on the store; the one write-free exception is the analyse form, which analyses pasted
text on the server and returns its graph without storing it. Request bodies are limited in
size, list endpoints are paginated, and the OpenAPI schema is at /openapi.json.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from claimgraph.model import DocumentGraph
from claimgraph.store import queries
from claimgraph.store import schema as t
from claimgraph.store.records import load_graph
from claimgraph.web.page import render_page

MAX_BODY = 1_000_000  # bytes: an article, not an archive
MAX_LIMIT = 100_000


class AnalyzeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_BODY)
    published: dt.date | None = None
    title: str | None = Field(default=None, max_length=500)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class _BodyLimit(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and int(length) > MAX_BODY:
            return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, 413)
        return await call_next(request)


def _page(rows: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(items=rows[offset:offset + limit], total=len(rows), limit=limit, offset=offset)


def create_app(engine: Engine) -> FastAPI:
    # the Swagger and ReDoc pages load their scripts from a CDN: off, the schema stays
    app = FastAPI(title="claimgraph", description="Evidence graphs of a claimgraph store.",
                  version="1", docs_url=None, redoc_url=None)
    app.add_middleware(_BodyLimit)

    def _shell(title: str) -> HTMLResponse:
        bundle = {"mode": "server", "api": "/api", "title": title, "documents": [],
                  "graphs": {}, "actors": [], "events": [], "clusters": []}
        return HTMLResponse(render_page(bundle))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return _shell("claimgraph corpus")

    @app.get("/api/documents", response_model=Page)
    def documents(limit: int = Query(100, ge=1, le=MAX_LIMIT),
                  offset: int = Query(0, ge=0)) -> Page:
        return Page(items=queries.documents(engine, limit, offset),
                    total=queries.count_rows(engine, t.documents), limit=limit, offset=offset)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        with engine.connect() as conn:
            graph = load_graph(conn, doc_id)
        if graph is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return graph.model_dump(mode="json")

    @app.get("/api/events", response_model=Page)
    def events(actor: str | None = None, type: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None,
               min_sources: int = Query(0, ge=0),
               limit: int = Query(100, ge=1, le=MAX_LIMIT),
               offset: int = Query(0, ge=0)) -> Page:
        rows = queries.events(engine, actor, type, since, until, min_sources, limit, offset)
        total = queries.count(engine, queries.events_query(actor, type, since, until,
                                                             min_sources))
        return Page(items=rows, total=total, limit=limit, offset=offset)

    @app.get("/api/actors", response_model=Page)
    def actors(limit: int = Query(100, ge=1, le=MAX_LIMIT),
               offset: int = Query(0, ge=0)) -> Page:
        return _page(queries.actors(engine), limit, offset)

    @app.get("/api/clusters", response_model=Page)
    def clusters(type: str | None = None, actor: str | None = None,
                 min_sources: int = Query(0, ge=0),
                 limit: int = Query(100, ge=1, le=MAX_LIMIT),
                 offset: int = Query(0, ge=0)) -> Page:
        rows = queries.clusters(engine, type, min_sources, actor, limit, offset)
        total = queries.count(engine, queries.clusters_query(type, min_sources, actor))
        return Page(items=rows, total=total, limit=limit, offset=offset)

    @app.post("/api/analyze")
    def analyze(body: AnalyzeRequest) -> dict[str, Any]:
        from claimgraph.pipeline import analyze as run

        graph: DocumentGraph = run(body.text, published=body.published, title=body.title)
        return graph.model_dump(mode="json")

    return app


def is_local(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1")
