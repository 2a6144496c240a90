"""Unit tests of the small building blocks: name folding, ruler patterns, agent lexicon,
gazetteer."""

from types import SimpleNamespace

import pytest

from claimgraph.actors.gazetteer import load_gazetteer
from claimgraph.actors.kb import load_kb
from claimgraph.actors.lexicon import load_lexicon
from claimgraph.actors.normalize import norm_key, possessive_stem
from claimgraph.actors.ruler import _variants, kb_patterns


def toks(*words):
    return [SimpleNamespace(lemma_=w, lower_=w) for w in words]


@pytest.mark.parametrize("a,b", [("al-Maliki", "Al Maliki"), ("Shia' al-Sudani", "Shia al Sudani"),
                                 ("Erdoğan", "ERDOGAN"), ("the IRGC", "IRGC")])
def test_norm_key_folds_spelling_variants(a, b):
    assert norm_key(a) == norm_key(b)


def test_possessive_stem():
    assert possessive_stem("Tehran's") == "Tehran" and possessive_stem("mullahs'") == "mullahs"


def test_variants_cover_hyphens_apostrophes_diacritics():
    got = _variants("Mohammed Shia' al-Sudani")
    assert "Mohammed Shia al-Sudani" in got and "Mohammed Shia' al Sudani" in got
    assert "Erdogan" in _variants("Erdoğan")


def test_ruler_patterns_skip_common_words_but_keep_acronyms():
    patterns = list(kb_patterns(load_kb(), lambda text: text.split()))
    texts = {p["pattern"] for p in patterns}
    assert "IRGC" in texts and "WHO" in texts and "US" in texts
    assert "IS" not in texts and "is" not in texts
    assert "POPULAR MOBILIZATION FORCES" in texts


def test_agent_lexicon_longest_tail_and_modifiers():
    lex = load_lexicon()
    noun, size = lex.match_tail(toks("iraqi", "prime", "minister"))
    assert (noun.sector, size) == ("GOV", 2)
    assert lex.match_tail(toks("american", "soldier"))[0].sector == "MIL"
    assert lex.match_tail(toks("iranian", "regime"))[0].institution
    assert lex.match_tail(toks("a", "drone"))[0].equipment
    assert lex.match_tail(toks("a", "demand")) is None
    assert lex.modifier_sector(["a", "former"]) == "ELI"


def test_gazetteer_finds_cities_with_country_and_coordinates():
    gaz = load_gazetteer()
    erbil = gaz.find("Erbil")
    assert erbil.country == "IRQ" and erbil.gazetteer_id.startswith("geonames:")
    assert abs(erbil.lat - 36.19) < 0.1
    assert gaz.find("Madras").country == "IND"
    assert gaz.find("Qwzxtl") is None
