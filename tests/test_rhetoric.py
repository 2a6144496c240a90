"""Persuasion techniques, genre and frames: the lexicon's own sentences, the mirrored
opinion pieces, and the document-level numbers."""

from collections import Counter

import pytest
import yaml

from claimgraph.rhetoric.techniques import LEXICON, load_techniques
from conftest import EXAMPLES

LABELS = {"Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
          "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt",
          "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling",
          "Repetition", "Slogans", "Thought-terminating_Cliches",
          "Whataboutism,Straw_Men,Red_Herring"}


def _examples(kind):
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["techniques"]
    return [(label, s) for label, block in raw.items() if label != "Repetition"
            for s in (block.get("examples") or {}).get(kind) or []]


def test_lexicon_has_every_label():
    assert {e.label for e in load_techniques()} == LABELS


def test_positive_examples_find_their_technique(analyze):
    """Through the whole pipeline (span growth, name filter, merging) each positive sentence
    still yields its label; a few may be lost to the parse, so the gate is 90 %."""
    examples = _examples("positive")
    misses = [(label, s) for label, s in examples
              if label not in {t.label for t in analyze(s).techniques}]
    assert len(misses) <= 0.1 * len(examples), misses


def test_negative_examples_stay_clean(analyze):
    hits = [(label, s) for label, s in _examples("negative")
            if label in {t.label for t in analyze(s).techniques}]
    assert len(hits) <= 2, hits


def test_mirrored_opinion_pieces_get_comparable_counts(analyze):
    """The same rhetoric for and against Tehran (examples/MIRROR.md) is counted alike."""
    counts = []
    for name in ("oped_for_tehran", "oped_against_tehran"):
        graph = analyze((EXAMPLES / f"{name}.txt").read_text(), published="2026-01-28")
        counts.append(Counter(t.label for t in graph.techniques))
    pro, anti = counts
    assert sum(pro.values()) >= 15 and sum(anti.values()) >= 15
    assert abs(sum(pro.values()) - sum(anti.values())) <= 0.15 * sum(pro.values())
    for label in LABELS:
        assert abs(pro[label] - anti[label]) <= 1, (label, pro, anti)


@pytest.mark.parametrize("sentence", [
    "The Zionist regime's bloodthirsty generals are desperate.",
    "The mullahs' regime's bloodthirsty generals are desperate.",
    "The Kremlin's puppets in Kyiv are desperate.",
    "Washington's puppets in Kyiv are desperate.",
])
def test_labels_fire_for_every_side(analyze, sentence):
    labels = {t.label for t in analyze(sentence).techniques}
    assert {"Name_Calling,Labeling", "Loaded_Language"} <= labels, labels


@pytest.mark.parametrize("name,genre", [
    ("wire_report_baghdad", "news_report"), ("state_media_tehran", "state_media"),
    ("us_press_release", "press_release"), ("opposition_oped_iran", "opinion"),
    ("oped_for_tehran", "opinion"), ("oped_against_tehran", "opinion"),
])
def test_genre_of_the_examples(analyze, name, genre):
    graph = analyze((EXAMPLES / f"{name}.txt").read_text(), published="2026-02-03")
    assert graph.document.genre == genre, graph.document.genre


def test_document_stats(analyze):
    graph = analyze((EXAMPLES / "oped_against_tehran.txt").read_text(), published="2026-01-28")
    stats = graph.stats
    assert graph.document.frames and set(graph.document.frames) == set(stats.frame_scores)
    assert abs(sum(stats.claims_by_source_type.values()) - 1) < 0.01
    assert 0 < stats.anonymous_claim_share < 1
    expected = round(len(graph.techniques) * 1000 / stats.words, 1)
    assert stats.technique_density_per_1k_words == expected
    assert sum(stats.technique_counts.values()) == len(graph.techniques)


def test_all_caps_section_title_is_no_slogan_but_a_caps_cry_is(analyze):
    text = ("THE SITUATION IN THE NORTH\nTroops moved north on Monday, and the villages along "
            "the river emptied as families left for the towns in the south.\n\n"
            "Protesters chanted HANDS OFF OUR COUNTRY, NOT ONE MORE WAR outside the embassy "
            "while police watched from the other side of the square.")
    spans = [t.span.text for t in analyze(text).techniques if t.label == "Slogans"]
    assert not any("SITUATION" in s for s in spans)
    assert any("NOT ONE MORE WAR" in s for s in spans), spans


def test_repeated_phrase_is_repetition(analyze):
    text = ("The corrupt elite failed us. The corrupt elite lied to us. "
            "Now the corrupt elite wants our votes.")
    reps = [t for t in analyze(text).techniques if t.label == "Repetition"]
    assert len(reps) == 2
