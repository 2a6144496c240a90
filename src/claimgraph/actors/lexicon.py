"""The agent-noun lexicon (agents.yaml): head nouns and modifiers that give a sector."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from claimgraph.actors.kb import SECTORS
from claimgraph.errors import KBError

LEXICON_PATH = Path(__file__).with_name("agents.yaml")


@dataclass(frozen=True)
class AgentNoun:
    """What a head noun (or the last words of a phrase) says about an agent."""

    sector: str | None
    institution: bool = False
    equipment: bool = False


@dataclass(frozen=True)
class Metonymy:
    """Word lists that decide whether a capital names a place or its government."""

    locative: frozenset[str]
    motion: frozenset[str]
    place_verbs: frozenset[str]
    agency_of: frozenset[str]


@dataclass(frozen=True)
class AgentLexicon:
    nouns: dict[tuple[str, ...], AgentNoun]
    modifiers: dict[tuple[str, ...], str]
    longest: int
    titles: dict[tuple[str, ...], tuple[str, ...]]
    part_nouns: frozenset[str]
    metonymy: Metonymy
    not_current: frozenset[str]

    def match_tail(self, tokens: Iterable[Any]) -> tuple[AgentNoun, int] | None:
        """The longest lexicon key that ends the tokens' lemmas (or, failing that, their lower-case
        forms: "partially recognized country"), with its length in words."""
        toks = list(tokens)
        lemmas = [t.lemma_.lower() for t in toks]
        words = [t.lower_ for t in toks]
        for size in range(min(self.longest, len(lemmas)), 0, -1):
            for seq in (lemmas, words):
                found = self.nouns.get(tuple(seq[-size:]))
                if found is not None:
                    return found, size
        return None

    def modifier_sector(self, lemmas: list[str]) -> str | None:
        """A sector forced by modifiers before the head ("former", "antiwar")."""
        for size in (2, 1):
            for i in range(len(lemmas) - size + 1):
                found = self.modifiers.get(tuple(lemmas[i : i + size]))
                if found:
                    return found
        return None


def _key(text: str) -> tuple[str, ...]:
    return tuple(text.lower().split())


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> AgentLexicon:
    """Read agents.yaml once per process; a bad sector code names the file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    nouns: dict[tuple[str, ...], AgentNoun] = {}
    for sector, groups in data["sectors"].items():
        if sector not in SECTORS:
            raise KBError(f"{path.name}: unknown sector {sector!r}")
        for word in groups.get("nouns", []):
            nouns.setdefault(_key(word), AgentNoun(sector))
        for word in groups.get("institution", []):
            nouns[_key(word)] = AgentNoun(sector, institution=True)
        for word in groups.get("equipment", []):
            nouns[_key(word)] = AgentNoun(sector, equipment=True)
    for word in data.get("vague", []):
        nouns.setdefault(_key(word), AgentNoun(None))
    modifiers = {}
    for word, sector in data.get("modifier_sectors", {}).items():
        if sector not in SECTORS:
            raise KBError(f"{path.name}: modifier {word!r}: unknown sector {sector!r}")
        modifiers[_key(word)] = sector
    longest = max(len(k) for k in nouns)
    titles = {_key(k): tuple(v) for k, v in data["titles"].items()}
    meto = data["metonymy"]
    metonymy = Metonymy(*(frozenset(meto[name]) for name in
                          ("locative", "motion", "place_verbs", "agency_of")))
    return AgentLexicon(nouns, modifiers, longest, titles, frozenset(data["part_nouns"]),
                        metonymy, frozenset(data["not_current"]))
