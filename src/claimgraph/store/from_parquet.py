"""Read the Parquet tables of `claimgraph spark analyze` back as DocumentGraphs, streaming.

The job writes every table sorted by input order, so the documents and their rows of the other
tables can be walked side by side, one document in memory at a time, however large the output.
Inputs the job could not analyse (its `errors` table) come back as InputFailures, first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table

from claimgraph.errors import InputError
from claimgraph.ingest import InputFailure
from claimgraph.model import DocumentGraph
from claimgraph.store import schema as t
from claimgraph.store.records import PER_DOCUMENT, graph_from_rows


def _parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))


def _rows(folder: Path, table: Table | None) -> Iterator[dict[str, Any]]:
    """A table's rows in file order, JSON columns decoded."""
    import pyarrow.parquet as pq

    decode = [c.name for c in table.columns if isinstance(c.type, JSON)] if table is not None \
        else []
    for part in _parts(folder):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=2048):
            for row in batch.to_pylist():
                for name in decode:
                    if row.get(name) is not None:
                        row[name] = json.loads(row[name])
                yield row


class _Cursor:
    """A table's rows, taken one document at a time."""

    def __init__(self, folder: Path, table: Table) -> None:
        self.name = table.name
        self.rows = _rows(folder / table.name, table)
        self.head = next(self.rows, None)

    def take(self, doc_id: str) -> list[dict[str, Any]]:
        taken = []
        while self.head is not None and self.head["document_id"] == doc_id:
            taken.append(self.head)
            self.head = next(self.rows, None)
        return sorted(taken, key=lambda r: r["position"])


def read_spark_output(folder: Path) -> Iterator[DocumentGraph | InputFailure]:
    """Failures, then documents in input order, from a `spark analyze` output folder."""
    missing = [name for name in ("documents", *(x.name for x in PER_DOCUMENT))
               if not _parts(folder / name)]
    if missing:
        raise InputError(f"{folder}: not a `claimgraph spark analyze` output (no Parquet "
                         f"files in {', '.join(missing)})")
    if _parts(folder / "errors"):
        for row in _rows(folder / "errors", None):
            yield InputFailure(row["name"], row["error"])
    cursors = [_Cursor(folder, table) for table in PER_DOCUMENT]
    for row in _rows(folder / "documents", t.documents):
        yield graph_from_rows(row, {c.name: c.take(row["id"]) for c in cursors})
    for cursor in cursors:
        if cursor.head is not None:
            raise InputError(f"{folder / cursor.name}: rows of document "
                             f"{cursor.head['document_id']!r} are out of input order (was "
                             "this folder written by `claimgraph spark analyze`?)")
