"""The project's own example articles, from opposing viewpoints, resolve alike."""

from pathlib import Path

import pytest

from conftest import actor_of

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def graphs(analyze):
    return {p.stem: analyze(p.read_text(encoding="utf-8"), published="2026-02-03")
            for p in sorted(EXAMPLES.glob("*.txt"))}


def test_at_least_three_examples(graphs):
    assert {"wire_report_baghdad", "state_media_tehran", "opposition_oped_iran"} <= set(graphs)


def test_every_example_has_resolved_kb_actors(graphs):
    for name, g in graphs.items():
        assert sum(1 for a in g.actors if a.in_kb) >= 5, name


def test_capital_metonymy_on_both_sides(graphs):
    pro, anti = graphs["state_media_tehran"], graphs["opposition_oped_iran"]
    # the pro-Tehran piece makes Washington act; the anti-Tehran piece makes Tehran act
    assert actor_of(pro, "Washington that has turned").id == "usa-gov"
    assert actor_of(anti, "Tehran's Foreign Ministry").country == "IRN"


def test_pejorative_labels_resolve_on_both_sides(graphs):
    pro, anti = graphs["state_media_tehran"], graphs["opposition_oped_iran"]
    assert actor_of(pro, "Zionist regime").id == "isr-gov"
    assert actor_of(anti, "mullahs' regime").id == "irn-gov"


def test_demonym_agents_in_state_media(graphs):
    actor = actor_of(graphs["state_media_tehran"], "American soldiers")
    assert (actor.country, actor.sector, actor.in_kb) == ("USA", "MIL", False)


def test_irgc_acronym_defined_in_text(graphs):
    anti = graphs["opposition_oped_iran"]
    assert actor_of(anti, "Islamic Revolutionary Guard Corps").id == "irgc"
