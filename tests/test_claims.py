"""Attribution: the cue lexicon's own example sentences per family, and the rules that tie
claims to events and to the author."""

from collections import Counter

import pytest
import yaml

from claimgraph.claims.cues import CUES, load_cues


def _examples():
    return yaml.safe_load(CUES.read_text(encoding="utf-8"))["examples"]


def _claim_on(graph, text, content):
    start = text.find(content)
    end = start + len(content)
    hits = [c for c in graph.claims if c.content_span.start < end and start < c.content_span.end]
    return hits


def _right(example, graph):
    text = example["text"]
    hits = _claim_on(graph, text, example["content"])
    best = next((c for c in hits if c.source_type == example["source_type"]), None)
    if best is None:
        return False
    if example.get("cue"):
        cs = text.find(example["cue"])
        if best.cue_span is None or not (best.cue_span.start < cs + len(example["cue"])
                                         and cs < best.cue_span.end):
            return False
    return all(example.get(k) in (None, getattr(best, k)) for k in ("certainty", "author_stance"))


def test_cue_lexicon_loads():
    cues = load_cues()
    assert cues.speech_verbs["say"].certainty == "certain"
    assert cues.speech_verbs["claim"].certainty == "doubted"
    assert cues.source_nouns["sources"] == "anonymous"
    assert "according to" in cues.according_to


def test_every_cue_family_works_on_its_examples(analyze):
    """Each family's examples (written with the lexicon) must come out with the right source
    type, cue, certainty and stance; the small model misparses a few, so the gate is per
    family at 80 % and overall at 90 %, with the misses listed."""
    done, right, misses = Counter(), Counter(), []
    for example in _examples():
        graph = analyze(example["text"], published="2026-01-29")
        ok = _right(example, graph)
        done[example["family"]] += 1
        right[example["family"]] += ok
        if not ok:
            misses.append(example["text"])
    assert len(done) >= 15
    for family, n in done.items():
        assert right[family] / n >= 0.8, (family, misses)
    assert sum(right.values()) / sum(done.values()) >= 0.9, misses


@pytest.mark.parametrize("speaker", ["Moscow", "Kyiv"])
def test_events_inside_a_claim_are_reported_and_linked(analyze, speaker):
    text = f"Informed sources told the paper that {speaker} had attacked the convoy at the border."
    graph = analyze(text, published="2026-01-29")
    claim = next(c for c in graph.claims if c.source_type == "anonymous")
    event = next(e for e in graph.events if e.plover_type == "ASSAULT")
    assert event.claim_id == claim.id and event.modality == "reported"


def test_unattributed_sentence_is_the_authors_claim(analyze):
    graph = analyze("Israeli jets struck a weapons depot in Syria on Tuesday.",
                    published="2026-01-29")
    assert [c.source_type for c in graph.claims] == ["author"]
    assert all(e.claim_id is None and e.modality == "asserted" for e in graph.events)


@pytest.mark.parametrize("text,stance", [
    ("State media speaks of a great victory, but the reality is entirely different.",
     "disputes"),
    ("Officials say the convoy carried only food. In reality, it carried rockets.", "disputes"),
    ("Officials say the convoy carried only food.", "neutral"),
])
def test_author_stance_from_the_authors_own_words(analyze, text, stance):
    graph = analyze(text, published="2026-01-29")
    claim = next(c for c in graph.claims if c.source_type != "author")
    assert claim.author_stance == stance


def test_scare_quoted_word_is_not_a_claim(analyze):
    graph = analyze('The minister called the raid a "success" on Monday.', published="2026-01-29")
    assert all(c.source_type == "author" for c in graph.claims)
