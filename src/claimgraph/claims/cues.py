"""The attribution cue lexicon (cues.yaml) and the phrase matchers built from it.

The YAML header documents each section; this module only turns it into lookups. Phrases are
matched on lower-cased tokens with spaCy's PhraseMatcher, so hyphens and apostrophes tokenise
the same way in pattern and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

HERE = Path(__file__).parent
CUES = HERE / "cues.yaml"

# Ordinal certainty scale, weakest first; a claim takes the weakest level it meets.
LEVELS = ("doubted", "possible", "probable", "certain")


def weaker(a: str, b: str) -> str:
    return a if LEVELS.index(a) <= LEVELS.index(b) else b


@dataclass(frozen=True)
class Cue:
    """A cue entry: how sure it makes its content sound, and whether it commits the author."""

    certainty: str = "certain"
    stance: str | None = None
    object: bool = False
    strict: bool = False
    source_type: str | None = None


@dataclass
class ClaimCues:
    speech_verbs: dict[str, Cue]
    speech_nouns: dict[str, Cue]
    according_to: dict[str, Cue]
    adverbial: dict[str, Cue]
    source_nouns: dict[str, str]          # head word or phrase -> source type
    source_modifiers: dict[str, str]      # modifier word or phrase -> source type
    authority_verbs: frozenset[str]
    authority_nouns: frozenset[str]
    authority_phrases: tuple[str, ...]
    certainty: dict[str, str]
    dispute: tuple[str, ...]
    endorse: tuple[str, ...]
    matchers: dict[str, PhraseMatcher] = field(default_factory=dict)

    def build(self, nlp: Language) -> None:
        """Phrase matchers, one per table, over the pipeline's own tokenizer."""
        tables: dict[str, Any] = {
            "according_to": self.according_to, "adverbial": self.adverbial,
            "source_nouns": self.source_nouns, "source_modifiers": self.source_modifiers,
            "authority": self.authority_phrases, "certainty": self.certainty,
            "dispute": self.dispute, "endorse": self.endorse}
        for name, phrases in tables.items():
            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            matcher.add(name, [nlp.make_doc(p) for p in phrases])
            self.matchers[name] = matcher

    def scan(self, doc: Doc) -> Hits:
        """Every table's hits in a document, found once."""
        return Hits({name: _longest_first([doc[s:e] for _, s, e in matcher(doc)])
                     for name, matcher in self.matchers.items()})


@dataclass
class Hits:
    """Non-overlapping phrase hits per table, longest match first ("unnamed officials" before
    "officials")."""

    by_table: dict[str, list[Span]]

    def within(self, name: str, start: int, end: int) -> list[Span]:
        return [sp for sp in self.by_table[name] if start <= sp.start and sp.end <= end]

    def all(self, name: str) -> list[Span]:
        return self.by_table[name]


def _longest_first(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda sp: (-(sp.end - sp.start), sp.start))
    taken: set[int] = set()
    out: list[Span] = []
    for sp in spans:
        if taken.isdisjoint(range(sp.start, sp.end)):
            taken.update(range(sp.start, sp.end))
            out.append(sp)
    return sorted(out, key=lambda sp: sp.start)


def _cues(table: dict[str, Any] | None) -> dict[str, Cue]:
    return {key.lower(): Cue(**(value or {})) for key, value in (table or {}).items()}


@lru_cache(maxsize=1)
def load_cues() -> ClaimCues:
    raw = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    according = {e["phrase"].lower(): Cue(**{k: v for k, v in e.items() if k != "phrase"})
                 for e in raw["according_to"]}
    nouns = {w.lower(): kind for kind, words in raw["source_nouns"].items() for w in words}
    mods = {w.lower(): kind for kind, words in raw["source_modifiers"].items() for w in words}
    appeals = raw["authority_appeals"]
    return ClaimCues(
        speech_verbs=_cues(raw["speech_verbs"]), speech_nouns=_cues(raw["speech_nouns"]),
        according_to=according, adverbial=_cues(raw["adverbial_cues"]),
        source_nouns=nouns, source_modifiers=mods,
        authority_verbs=frozenset(appeals["verbs"]), authority_nouns=frozenset(appeals["nouns"]),
        authority_phrases=tuple(appeals.get("phrases", [])),
        certainty={k.lower(): v for k, v in raw["certainty_cues"].items()},
        dispute=tuple(raw["dispute_markers"]), endorse=tuple(raw["endorse_markers"]))
