"""Entity-ruler patterns built from the KB, so that known actors are never mislabelled by NER.

Pattern ids say what matched: `key:<folded alias>` for KB actors, `cap:ISO`, `seat:ISO` and
`dem:ISO` for capitals, seats of power and demonyms (their role — agent or place — is decided
later, from the parse). Multi-word region names get no id: they are places, and NER would
otherwise cut "Northern Ireland" down to the wrong country.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from unidecode import unidecode

from claimgraph.actors.kb import KnowledgeBase
from claimgraph.actors.normalize import norm_key

_LABELS = {"person": "PERSON", "country": "GPE", "breakaway_state": "GPE", "population": "NORP"}
# Short upper-case aliases that are also ordinary words in headlines and all-caps text.
_AMBIGUOUS_ACRONYMS = frozenset({"IS", "PA", "AP", "AU", "IT", "ON", "AS", "OR", "NO", "AT",
                                 "ME", "WE", "AM", "IN", "IF", "SO", "UP", "GO", "DO", "BE"})


def _variants(alias: str) -> set[str]:
    """Spellings of one alias that tokenise differently: hyphens, apostrophes, diacritics."""
    base = alias.strip()
    if base.lower().startswith("the "):
        base = base[4:]
    out = {base, unidecode(base)}
    for text in list(out):
        out.add(text.replace("-", " "))
        out.add(text.replace("’", "'"))
        out.add(text.replace("'", "’"))
        out.add(text.replace("'", "").replace("’", ""))
    return {" ".join(v.split()) for v in out if v.strip()}


def _case_forms(text: str) -> set[str]:
    """The spellings a name takes in running text, headlines and all-caps titles."""
    forms = {text, text.upper()}
    if not text.isupper():
        forms.add(" ".join(w[:1].upper() + w[1:] for w in text.split()))
    return forms


def _patterns(label: str, text: str, pid: str, tokens: list[str]) -> list[dict[str, Any]]:
    """Case-sensitive phrase patterns (matched on ORTH: a phrase matcher stays fast with
    tens of thousands of them, unlike token patterns)."""
    if len(tokens) == 1:
        word = tokens[0]
        if len(word) < 2 or word in _AMBIGUOUS_ACRONYMS or (
                word.lower() in STOP_WORDS and not word.isupper()):
            return []
    return [{"label": label, "pattern": form, "id": pid} for form in _case_forms(text)]


def kb_patterns(kb: KnowledgeBase, tokenize: Any) -> Iterator[dict[str, Any]]:
    """Entity-ruler patterns for every alias, capital, seat and demonym of the KB.

    `tokenize` maps a string to its token texts (the pipeline's tokenizer), so that one-token
    aliases that are also common words can be left out.
    """
    seen: set[tuple[str, str]] = set()

    def emit(label: str, name: str, pid: str) -> Iterator[dict[str, Any]]:
        for text in _variants(name):
            if (text.lower(), pid) in seen:
                continue
            seen.add((text.lower(), pid))
            yield from _patterns(label, text, pid, tokenize(text))

    country_keys = {k for k, ids in kb.by_key.items()
                    if any(kb.actors[i].kind == "country" for i in ids)}
    for key, ids in kb.by_key.items():
        first = kb.actors[ids[0]]
        label = _LABELS.get(first.kind, "ORG")
        names = {n for i in ids for n in [kb.actors[i].name, *kb.actors[i].aliases]
                 if norm_key(n) == key}
        for name in names:
            yield from emit(label, name, f"key:{key}")
    for table, label, prefix in ((kb.capitals, "GPE", "cap"), (kb.seats, "ORG", "seat"),
                                 (kb.demonyms, "NORP", "dem")):
        for key, iso in table.items():
            if key in country_keys:
                continue
            rec = kb.countries[iso]
            spellings = [rec.capital or "", *rec.capital_aliases] if prefix == "cap" else (
                rec.seats if prefix == "seat" else rec.demonyms)
            for name in spellings:
                if name and norm_key(name) == key:
                    yield from emit(label, name, f"{prefix}:{iso}")


def region_patterns(names: Iterator[str], known: set[str]) -> Iterator[dict[str, Any]]:
    """LOC patterns for multi-word region names that are not KB aliases."""
    for name in names:
        if " " in name and norm_key(name) not in known:
            for text in _variants(name):
                yield from ({"label": "LOC", "pattern": form} for form in _case_forms(text))
