"""Acceptance checks on the reference article (read from ../shared at run time)."""

import json

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.model import json_schema
from conftest import actor_of, place_of


@pytest.fixture(scope="module")
def seed(shared, nlp):
    path = shared / "seed" / "article.txt"
    gold = yaml.safe_load((shared / "seed" / "gold.yaml").read_text())
    published = str(gold["document"]["assumed_published"])
    res = CliRunner().invoke(app, ["analyze", str(path), "--format", "json",
                                   "--published", published])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    from claimgraph.model import DocumentGraph

    return data, DocumentGraph.model_validate(data)


def test_seed_output_validates(seed):
    data, _ = seed
    jsonschema.validate(data, json_schema())


def all_actor_ids(graph, text):
    body = graph.document.text
    ids, start = set(), body.find(text)
    n = 0
    while start >= 0:
        actor = actor_of(graph, text, n)
        ids.add(actor.id if actor else None)
        n += 1
        start = body.find(text, start + 1)
    return ids


def test_maliki_is_one_iraqi_person(seed):
    _, g = seed
    ids = all_actor_ids(g, "Maliki")
    assert len(ids) == 1 and None not in ids
    actor = actor_of(g, "Nouri al-Maliki")
    assert actor.kind == "person" and actor.country == "IRQ"


def test_tehran_agent_and_place(seed):
    _, g = seed
    assert actor_of(g, "Tehran has lost").id == "irn-gov"
    assert place_of(g, "the streets of Tehran").country == "IRN"
    assert actor_of(g, "Tehran", g.document.text.count("Tehran") - 1) is None


def test_irgc_and_quds_force_are_iranian_military(seed):
    _, g = seed
    for name in ("IRGC", "Quds Force"):
        actor = actor_of(g, name)
        assert (actor.country, actor.sector) == ("IRN", "MIL"), name
        assert actor.kind != "country"


def test_pmf_long_and_short_form_are_one_actor(seed):
    _, g = seed
    ids = all_actor_ids(g, "PMF") | {actor_of(g, "Popular Mobilization Forces (").id}
    assert len(ids) == 1 and None not in ids
    assert actor_of(g, "PMF").country == "IRQ"


def test_ncri_long_and_short_form_are_one_actor(seed):
    _, g = seed
    assert actor_of(g, "National Council of Resistance of Iran").id == actor_of(g, "NCRI").id


def test_coordination_framework_is_iraqi(seed):
    _, g = seed
    assert actor_of(g, "Coordination Framework").country == "IRQ"


def test_seed_actor_score(shared, tmp_path):
    from rich.console import Console

    from claimgraph.eval import run_eval

    results = run_eval("actors", shared, tmp_path, Console(file=open("/dev/null", "w")))
    assert results["seed"]["score"] >= 0.95, results["seed"]["errors"]
    assert results["ngec_actor_resolution_dev"]["pair_accuracy"] >= 0.80


def test_seed_claims_sources_and_stance(shared, tmp_path):
    """Acceptance: c1-c6 found with the right source type; c3 disputed by the author."""
    from rich.console import Console

    from claimgraph.eval import run_eval

    results = run_eval("claims", shared, tmp_path, Console(file=open("/dev/null", "w")))
    rows = {r["id"]: r for r in results["seed"]["rows"]}
    assert all(r["found"] and r["source_type_ok"] for r in rows.values()), rows
    assert rows["c3"]["author_stance"] == "disputes"
    assert results["certainty_dev"]["spearman"] >= 0.3


def test_seed_techniques_and_genre(shared, tmp_path):
    """Acceptance: the six must_find techniques on overlapping spans, span F1 (labels
    ignored) of at least 0.5, genre opinion."""
    from rich.console import Console

    from claimgraph.eval import run_eval

    results = run_eval("techniques", shared, tmp_path, Console(file=open("/dev/null", "w")))
    seed = results["seed"]
    assert all(seed["must_find"].values()), seed["must_find"]
    assert seed["labels_ignored"]["f1"] >= 0.5
    assert seed["genre"] == "opinion"
