import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.model import json_schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_analyze_json_validates_against_schema(nlp):
    res = run("analyze", str(EXAMPLES / "wire_report_baghdad.txt"), "--format", "json",
              "--published", "2026-02-03")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    jsonschema.validate(data, json_schema())
    assert data["document"]["published"] == "2026-02-03"
    assert data["document"]["id"].startswith("sha256:")
    assert any(a["in_kb"] for a in data["actors"])


def test_analyze_jsonl_keeps_order_and_ids(nlp, tmp_path):
    feed = tmp_path / "in.jsonl"
    lines = [{"id": f"doc-{i}", "text": f"Iraqi officials met in Baghdad on day {i}."}
             for i in range(5)]
    feed.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    res = run("analyze", str(feed), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["document"]["id"] for o in out] == [f"doc-{i}" for i in range(5)]


def test_malformed_jsonl_line_is_reported_and_others_analysed(nlp, tmp_path):
    feed = tmp_path / "in.jsonl"
    feed.write_text('{"id": "a", "text": "Tehran said no."}\n{oops\n'
                    '{"id": "c", "text": "Washington said yes."}\n')
    res = run("analyze", str(feed), "--format", "jsonl")
    assert res.exit_code == 1
    ids = [json.loads(line)["document"]["id"] for line in res.stdout.splitlines()]
    assert ids == ["a", "c"]
    assert f"{feed}:2: malformed JSON" in res.stderr


@pytest.mark.parametrize("content,reason", [
    (b"", "empty document"), (b"\x00\x01\x02binary", "binary file"),
    (b"\xff\xfe broken", "not valid UTF-8"),
])
def test_bad_input_one_line_error(nlp, tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    res = run("analyze", str(path), "--format", "json")
    assert res.exit_code == 1
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]


def test_table_lists_actors_with_mentions(nlp):
    res = run("analyze", "-", "--published", "2026-02-03",
              input="Tehran warned Washington. Washington replied through the Iraqi "
                    "prime minister.\n")
    assert res.exit_code == 0, res.output
    assert "irn-gov" in res.stdout and "usa-gov" in res.stdout
    assert "2× Washington" in res.stdout


def test_resolve_json_interface(nlp):
    res = run("resolve", "the Iraqi prime minister", "--date", "2024-05-01", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"actor_id", "name", "country", "sector", "wikidata", "in_kb"}
    assert data["country"] == "IRQ" and data["sector"] == "GOV"


def test_resolve_null_for_a_non_actor(nlp):
    res = run("resolve", "a demand", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout) is None


def test_resolve_uses_context(nlp):
    res = run("resolve", "Tehran", "--context", "Protesters filled the streets of Tehran.",
              "--format", "json")
    data = json.loads(res.stdout)
    assert data["actor_id"] is None and data["country"] == "IRN" and data["sector"] is None


def test_kb_lookup():
    res = run("kb", "lookup", "Quds Force", "--format", "json")
    assert res.exit_code == 0
    assert json.loads(res.stdout)[0]["id"] == "quds-force"
    assert run("kb", "lookup", "zzzz-nothing").exit_code == 1


def test_schema_command_runs_from_the_installed_entry_point():
    exe = Path(sys.executable).with_name("claimgraph")
    out = subprocess.run([str(exe), "schema"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == json_schema()


def test_table_lists_events_with_modality(nlp):
    res = run("analyze", "-", "--published", "2026-02-03",
              input="Israeli jets struck Hezbollah positions near Tyre yesterday. "
                    "Hezbollah may attack Israel.\n")
    assert res.exit_code == 0, res.output
    assert "Events" in res.stdout and "ASSAULT" in res.stdout
    assert "2026-02-02" in res.stdout and "hypothet" in res.stdout


def test_spark_analyze_unknown_input_format_is_one_line_before_spark_starts(tmp_path):
    blob = tmp_path / "articles.bin"
    blob.write_bytes(b"\x00\x01")
    res = run("spark", "analyze", str(blob), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert "articles.bin: cannot tell the input format" in res.output
    assert not (tmp_path / "out").exists()


def test_ingest_from_parquet_refuses_a_folder_that_is_not_spark_output(tmp_path):
    res = run("ingest", "--from-parquet", str(tmp_path), "--db", str(tmp_path / "c.db"))
    assert res.exit_code == 2
    assert "not a `claimgraph spark analyze` output" in res.output


def test_ingest_needs_a_path_or_a_parquet_folder(tmp_path):
    res = run("ingest", "--db", str(tmp_path / "c.db"))
    assert res.exit_code == 2 and "give either PATH or --from-parquet DIR" in res.output
