import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

from claimgraph.model import DocumentGraph, Document, Mention, Span, json_schema

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "documentgraph.schema.json"


def test_committed_schema_is_current():
    committed = json.loads(SCHEMA.read_text())
    assert committed == json_schema(), "schema/ is stale: run `make schema`"


def test_contract_field_names():
    fields = DocumentGraph.model_fields
    assert list(fields) == ["document", "actors", "mentions", "places", "events", "claims",
                            "techniques", "stats"]
    event = json_schema()["$defs"]["Event"]["properties"]
    for name in ("plover_type", "plover_mode", "context", "cameo_code", "intensity",
                 "source_actor", "target_actor", "modality", "time", "place", "claim_id",
                 "span", "trigger", "sentence", "confidence"):
        assert name in event, name


def test_unknown_field_is_refused():
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        Span(start=0, end=1, text="a", extra=1)


texts = st.text(min_size=1, max_size=40)


@settings(max_examples=50)
@given(text=texts, doc_id=texts, score=st.floats(0, 1))
def test_graph_json_round_trip(text, doc_id, score):
    graph = DocumentGraph(
        document=Document(id=doc_id, text=text, text_sha256="0" * 64),
        mentions=[Mention(span=Span(start=0, end=len(text), text=text), actor_id=None,
                          label="PERSON", score=score)])
    again = DocumentGraph.model_validate_json(graph.model_dump_json())
    assert again == graph
