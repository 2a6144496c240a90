import subprocess
import sys

import pytest

from claimgraph.ingest import InputDoc


def test_import_loads_nothing_heavy():
    code = ("import claimgraph, claimgraph.pipeline as p, sys; "
            "assert p.load_pipeline.cache_info().currsize == 0; "
            "assert 'claimgraph.actors.kb' not in sys.modules or "
            "p.load_kb.cache_info().currsize == 0; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_pipeline_order_and_components(nlp):
    names = nlp.pipe_names
    assert names.index("claimgraph_kb_ruler") < names.index("ner")
    assert names[-4:] == ["claimgraph_actors", "claimgraph_events", "claimgraph_claims",
                          "claimgraph_rhetoric"]
    assert names.index("claimgraph_line_breaks") == names.index("parser") - 1
    assert names.index("claimgraph_lemma_fixes") == names.index("lemmatizer") + 1


def test_analyze_many_keeps_input_order(nlp):
    from claimgraph.pipeline import analyze_many

    items = [InputDoc(text=f"Iraqi officials met in Baghdad, report {i}.", id=str(i))
             for i in range(40)]
    assert [g.document.id for g in analyze_many(items, batch_size=7)] == [str(i) for i in range(40)]


def test_two_processes_give_the_same_output_in_the_same_order(nlp):
    """Acceptance of the scale issue: n_process=2 is output-identical to n_process=1."""
    from claimgraph.pipeline import analyze_many
    from conftest import EXAMPLES

    items = [InputDoc(text=p.read_text(), id=p.stem, published="2026-02-03")
             for p in sorted(EXAMPLES.glob("*.txt"))] * 2
    one = [g.model_dump_json() for g in analyze_many(items, n_process=1)]
    two = [g.model_dump_json() for g in analyze_many(items, n_process=2, batch_size=3)]
    assert one == two


def test_default_worker_count_is_bounded_by_cores():
    import os

    from claimgraph.pipeline import default_n_process

    assert 1 <= default_n_process() <= (os.cpu_count() or 1)


def test_long_text_is_chunked_with_correct_offsets(nlp, monkeypatch):
    import claimgraph.pipeline as pipeline
    from claimgraph.ingest import chunk_text

    monkeypatch.setattr(pipeline, "chunk_text", lambda text: chunk_text(text, limit=300))
    para = "Tehran warned Washington on Monday. Iraqi protesters gathered in Baghdad.\n\n"
    text = para * 30
    [graph] = list(pipeline.analyze_many([InputDoc(text=text, published="2026-01-10")]))
    assert graph.document.text == text
    tehran = [m for m in graph.mentions if m.span.text == "Tehran"]
    assert len(tehran) == 30
    for m in graph.mentions:
        assert text[m.span.start:m.span.end] == m.span.text


@pytest.mark.slow
def test_five_megabyte_file_end_to_end(tmp_path):
    para = ("Iraqi officials said on Monday that Tehran had asked Baghdad to reopen the border "
            "crossing at al-Qaim, while American soldiers stayed at their base near Erbil.\n\n")
    path = tmp_path / "big.txt"
    path.write_text(para * (5_000_000 // len(para) + 1))
    exe = [sys.executable, "-m", "claimgraph", "analyze", str(path), "--format", "jsonl",
           "--n-process", "2"]
    out = subprocess.run(exe, capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, out.stderr[-2000:]
    import json

    graph = json.loads(out.stdout)
    assert len(graph["document"]["text"]) >= 5_000_000
    assert sum(1 for m in graph["mentions"] if m["actor_id"] == "irn-gov") > 10_000


def test_two_processes_give_the_same_graphs(nlp):
    from claimgraph.pipeline import analyze_many

    items = [InputDoc(text=f"The Iraqi prime minister met Tehran's envoy, report {i}.",
                      id=str(i), published="2010-01-05") for i in range(12)]
    one = [g.model_dump() for g in analyze_many(items, n_process=1)]
    two = [g.model_dump() for g in analyze_many(items, n_process=2)]
    assert one == two
