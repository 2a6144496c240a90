"""The Spark job (local mode) gives exactly what a single-process ingest gives.

A corpus of over 200 documents is built from the example articles (each paragraph told by two
or three outlets, so clusters have several sources) plus the Erbil reports, with bad lines
among them. It is analysed once by `ingest` into SQLite and exported to Parquet, and once by
`spark analyze` + `spark cluster` on local[2]; every table must match row for row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

OUTLETS = ["Tigris Courier", "Levant Dispatch", "Caspian Herald"]
# Columns that record when and by which run a row was written, not what was found.
RUN_COLUMNS = {"documents": {"ingested_at", "run_id"}, "events": {"cluster_id"},
               "clusters": {"updated_at"}}
TABLES = ["documents", "actors", "document_actors", "mentions", "places", "events", "claims",
          "techniques", "clusters"]


def _needs_spark() -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (claimgraph[spark])")
    if shutil.which("java") is None:
        pytest.skip("no java on PATH: Spark needs a JRE (Java 17)")


def build_corpus(path: Path) -> dict[str, int]:
    """Write the corpus; returns what a correct run must report."""
    lines = []
    start = dt.date(2026, 1, 5)
    number = 0
    for article in sorted(EXAMPLES.glob("*.txt")):
        paragraphs = [p.strip() for p in article.read_text(encoding="utf-8").split("\n\n")
                      if len(p.split()) >= 12]
        for i, paragraph in enumerate(paragraphs):
            tellers = OUTLETS if i % 3 == 0 else OUTLETS[:2]
            for outlet in tellers:
                number += 1
                lines.append(json.dumps({
                    "id": f"{article.stem}-{i}-{outlet.split()[0].lower()}",
                    "source": outlet, "published": (start + dt.timedelta(days=i)).isoformat(),
                    "text": f"{paragraph}\n\n({outlet} report {number}.)"}))
    for line in (EXAMPLES / "erbil_reports.jsonl").read_text(encoding="utf-8").splitlines():
        lines.append(line)
    good = len(lines)
    first = json.loads(lines[0])
    lines += [
        "",                                              # blank: skipped, not an error
        '{"id": "broken", "text": "unterminated',        # malformed JSON
        json.dumps({"id": "empty", "text": "   "}),      # empty document
        json.dumps(dict(first, id="copy-of-first")),     # same text again: skipped
        json.dumps({"id": first["id"], "text": "Another text under a taken id. Police in "
                    "Basra arrested three men on Monday, officials said."}),  # id clash
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"documents": good, "errors": 3}


def table_rows(folder: Path, name: str) -> list[dict]:
    import pyarrow.dataset as ds

    single = folder / f"{name}.parquet"
    return ds.dataset(single if single.exists() else folder / name,
                      format="parquet").to_table().to_pylist()


def canonical(rows: list[dict], name: str) -> list[str]:
    skip = RUN_COLUMNS.get(name, set())
    return sorted(json.dumps({k: v for k, v in r.items() if k not in skip}, sort_keys=True,
                             default=str) for r in rows)


def event_clusters(folder: Path) -> dict[str, int]:
    if (folder / "event_clusters").exists():
        return {r["uid"]: r["cluster_id"] for r in table_rows(folder, "event_clusters")}
    return {r["uid"]: r["cluster_id"] for r in table_rows(folder, "events")
            if r["cluster_id"] is not None}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(expected counts, single-process export folder, Spark output folder, session)."""
    _needs_spark()
    from claimgraph.export.writers import export
    from claimgraph.ingest import read_inputs
    from claimgraph.spark import run_analyze, run_cluster, session
    from claimgraph.store.db import open_engine
    from claimgraph.store.ingest import ingest

    base = tmp_path_factory.mktemp("spark")
    corpus = base / "corpus.jsonl"
    expected = build_corpus(corpus)
    engine = open_engine(f"sqlite:///{base / 'single.db'}")
    report = ingest(engine, read_inputs(str(corpus)), str(corpus), n_process=1)
    assert report.stored == expected["documents"]
    export(engine, "parquet", base / "single")
    engine.dispose()

    spark = session("local[2]")
    out = base / "spark"
    run_analyze(spark, str(corpus), str(out), partitions=6)
    run_cluster(spark, str(out))
    yield expected, base / "single", out, spark, corpus
    spark.stop()


def test_spark_output_equals_single_process_output(runs):
    expected, single, out, _, _ = runs
    assert len(table_rows(out, "documents")) == expected["documents"] >= 200
    for name in TABLES:
        mine, theirs = table_rows(out, name), table_rows(single, name)
        assert canonical(mine, name) == canonical(theirs, name), name
    clusters = event_clusters(out)
    assert clusters == event_clusters(single)
    multi = [c for c in table_rows(out, "clusters") if c["n_documents"] >= 2]
    assert multi, "the corpus tells events through several outlets"


def test_bad_documents_fail_alone_into_the_errors_table(runs):
    expected, _, out, _, corpus = runs
    errors = sorted(table_rows(out, "errors"), key=lambda r: r["input_order"])
    assert len(errors) == expected["errors"]
    reasons = " | ".join(f"{e['name']}: {e['error']}" for e in errors)
    assert "malformed JSON" in reasons and "empty document" in reasons
    assert "id already stored for a different text" in reasons
    malformed = next(e for e in errors if "malformed" in e["error"])
    line = corpus.read_text(encoding="utf-8").splitlines().index(
        '{"id": "broken", "text": "unterminated') + 1
    assert malformed["name"].endswith(f"corpus.jsonl:{line}")


def test_rerun_with_overwrite_is_idempotent(runs):
    from claimgraph.spark import run_analyze, run_cluster

    _, _, out, spark, corpus = runs
    before = {name: canonical(table_rows(out, name), name)
              for name in [*TABLES, "errors", "input_order"]}
    with pytest.raises(Exception, match="already exists"):
        run_analyze(spark, str(corpus), str(out))
    run_analyze(spark, str(corpus), str(out), partitions=3, mode="overwrite")
    run_cluster(spark, str(out), mode="overwrite")
    after = {name: canonical(table_rows(out, name), name) for name in before}
    assert after == before


def test_ingest_from_parquet_gives_the_single_process_store(runs, tmp_path):
    from claimgraph.export.writers import export
    from claimgraph.store.db import open_engine
    from claimgraph.store.from_parquet import read_spark_output
    from claimgraph.store.ingest import ingest_graphs

    expected, single, out, _, _ = runs
    engine = open_engine(f"sqlite:///{tmp_path / 'loaded.db'}")
    report = ingest_graphs(engine, read_spark_output(out), str(out))
    assert (report.stored, report.failed) == (expected["documents"], expected["errors"])
    export(engine, "parquet", tmp_path / "loaded")
    for name in TABLES:
        assert canonical(table_rows(tmp_path / "loaded", name), name) == \
            canonical(table_rows(single, name), name), name
    assert event_clusters(tmp_path / "loaded") == event_clusters(single)
    again = ingest_graphs(engine, read_spark_output(out), str(out))
    assert (again.stored, again.skipped) == (0, expected["documents"])


def test_parquet_and_text_file_inputs(runs, tmp_path):
    """Parquet rows (id, text, published as a date) and a folder of .txt files give the same
    documents a single-process run gives; an empty row fails alone."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from claimgraph.pipeline import analyze
    from claimgraph.spark import run_analyze

    spark = runs[3]
    texts = ["Turkish police arrested twelve suspects in Izmir on Monday.",
             "Greek police arrested twelve suspects in Patras on Monday.", "  "]
    pq.write_table(pa.table({"id": ["tr", "gr", "empty"], "text": texts,
                             "published": [dt.date(2026, 1, 5)] * 3}), tmp_path / "in.parquet")
    run_analyze(spark, str(tmp_path / "in.parquet"), str(tmp_path / "from_parquet"))
    docs = {r["id"]: r for r in table_rows(tmp_path / "from_parquet", "documents")}
    assert set(docs) == {"tr", "gr"} and docs["tr"]["published"] == dt.date(2026, 1, 5)
    errors = table_rows(tmp_path / "from_parquet", "errors")
    assert [e["error"] for e in errors] == ["empty document"]
    assert errors[0]["name"].endswith("in.parquet:3")
    events = table_rows(tmp_path / "from_parquet", "events")
    single = analyze(texts[0], published="2026-01-05", id="tr").events
    assert [json.loads(e["data"]) for e in events if e["document_id"] == "tr"] == \
        [e.model_dump(mode="json") for e in single]

    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in zip(("a.txt", "b.txt"), texts[:2], strict=True):
        (folder / name).write_text(text, encoding="utf-8")
    run_analyze(spark, str(folder), str(tmp_path / "from_text"))
    ids = sorted(r["id"] for r in table_rows(tmp_path / "from_text", "documents"))
    assert ids == sorted(analyze(t).document.id for t in texts[:2])


def test_spark_submit_runs_the_built_wheel(tmp_path):
    """README "Scaling out", in local mode: build the wheel, install it in a fresh venv, pack
    that with venv-pack, unpack it elsewhere (as a cluster node does) and spark-submit the
    job file from it. Nothing from the source tree is on the path."""
    venv_pack = Path(sys.executable).with_name("venv-pack")
    spark_submit = Path(sys.executable).with_name("spark-submit")
    _needs_spark()
    if not venv_pack.exists() or not spark_submit.exists():
        pytest.skip("venv-pack and spark-submit come with the dev extra")
    run = dict(check=True, capture_output=True, text=True, timeout=900)
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source),
                    "-w", str(tmp_path / "dist")], cwd=tmp_path, **run)
    wheel = next((tmp_path / "dist").glob("claimgraph-*.whl"))
    env_dir = tmp_path / "build-env"
    subprocess.run([_base_python(), "-m", "venv", "--copies", str(env_dir)], **run)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    str(wheel)], **run)
    archive = tmp_path / "claimgraph-env.tar"
    subprocess.run([str(venv_pack), "-p", str(env_dir), "-o", str(archive), "-q"], **run)
    shutil.rmtree(env_dir)
    node = tmp_path / "node" / "environment"
    node.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(node, filter="tar")
    python = node / "bin" / "python"
    job = next(node.glob("lib/python3*/site-packages/claimgraph/spark.py"))
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=str(python), PYSPARK_DRIVER_PYTHON=str(python),
               SPARK_HOME=str(Path(_pyspark_home())), SPARK_LOCAL_IP="127.0.0.1")
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--archives", f"{archive}#environment",
         "--conf", "spark.ui.enabled=false", str(job), "analyze",
         str(EXAMPLES / "erbil_reports.jsonl"), "-o", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "documents 8" in done.stdout
    events = table_rows(out, "events")
    assert events and all(e["document_id"] for e in events)
    where = subprocess.run([str(python), "-c", "import claimgraph; print(claimgraph.__file__)"],
                           env=env, cwd=tmp_path, **run).stdout
    assert str(node) in where


def _base_python() -> str:
    """The interpreter the project's venv was made from (venv --copies needs a real one)."""
    return str(Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}."
               f"{sys.version_info[1]}")


def _pyspark_home() -> str:
    import pyspark

    return str(Path(pyspark.__file__).parent)
