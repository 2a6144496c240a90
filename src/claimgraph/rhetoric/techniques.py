"""Persuasion techniques (the 14 SemEval-2020 Task 11 labels) as character spans.

Three sources of evidence, all even-handed by construction (no rule names a side):
* cue phrases and token patterns from lexicon.yaml, grown into the span the YAML asks for
  (the cue, its noun phrase, its clause or its sentence);
* the claims stage: a claim the author disputes by belittling its source is Doubt, an appeal to
  a named authority's assessment is Appeal_to_Authority;
* repetition: the same multi-word phrase said three times or more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

LEXICON = Path(__file__).with_name("lexicon.yaml")
_CUTS = (";", ":", "—", "–")


@dataclass(frozen=True)
class TechniqueEntry:
    label: str
    span: str            # cue | phrase | clause | sentence
    phrases: tuple[str, ...]
    patterns: tuple[Any, ...]


@lru_cache(maxsize=1)
def load_techniques() -> tuple[TechniqueEntry, ...]:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["techniques"]
    return tuple(TechniqueEntry(label, block.get("span", "cue"),
                                tuple(str(p).lower() for p in block.get("phrases") or []),
                                tuple(block.get("patterns") or []))
                 for label, block in raw.items())


class TechniqueFinder:
    def __init__(self, nlp: Language) -> None:
        self.entries = {e.label: e for e in load_techniques()}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = Matcher(nlp.vocab)
        for entry in self.entries.values():
            if entry.phrases:
                self.phrases.add(entry.label, list(nlp.tokenizer.pipe(  # type: ignore[union-attr]
                entry.phrases)))
            if entry.patterns:
                self.patterns.add(entry.label, list(entry.patterns))

    def __call__(self, doc: Doc, actors: dict[str, Any],
                 claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = {i for m in actors["mentions"] if m["label"] in ("ORG", "PERSON", "GPE", "FAC")
                 for i in range(m["token_start"], m["token_end"])}
        hits: dict[str, list[Span]] = defaultdict(list)
        letters = [t for t in doc if t.is_alpha]
        shouting = sum(t.is_upper for t in letters) > 0.5 * max(1, len(letters))
        for matcher in (self.phrases, self.patterns):
            for match_id, start, end in matcher(doc):
                label = doc.vocab.strings[match_id]
                end = _drop_trailing(doc, start, end)
                if all(i in names for i in range(start, end)):
                    continue  # "Popular Mobilization Forces" is a name, not rhetoric
                if label == "Slogans" and _shouted(doc, start, end):
                    kept = _caps_slogan(doc, start, end, shouting)
                    if kept is None:
                        continue
                    start, end = kept
                hits[label].append(Span(doc, start, end, label=label))
        out: list[dict[str, Any]] = []
        for label, spans in hits.items():
            mode = self.entries[label].span
            grown = [self._grow(sp, mode) for sp in filter_spans(spans)]
            out.extend({"label": label, "start": s, "end": e, "confidence": 0.6}
                       for s, e in _merge(grown))
        out.extend(_from_claims(claims))
        out.extend(_repetition(doc, names))
        return _merge_labels(out)

    @staticmethod
    def _grow(hit: Span, mode: str) -> tuple[int, int]:
        """Token range of the reported span, as the lexicon's `span` field asks."""
        doc = hit.doc
        if mode == "sentence":
            sent = hit.sent
            return _chars(doc, sent.start, _drop_trailing(doc, sent.start, sent.end))
        if mode == "clause":
            return _chars(doc, *_clause(hit))
        if mode == "phrase":
            return _chars(doc, *_phrase(hit))
        return _chars(doc, hit.start, hit.end)


def _shouted(doc: Doc, start: int, end: int) -> bool:
    return all(t.is_upper or not t.is_alpha for t in doc[start:end])


def _caps_slogan(doc: Doc, start: int, end: int, shouting: bool) -> tuple[int, int] | None:
    """An upper-case run is a slogan in a text that does not shout throughout, and, on a
    heading line (all capitals), only when it has a slogan's shape: a contrast or a cry
    ("BORDER GUARDS FOR TEHRAN, NOT IRAQ", "HANDS OFF!"); a plain section title is not one."""
    if shouting:
        return None
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and (
            doc[end].text in (",", "!") or (doc[end].is_upper and doc[end].is_alpha)):
        end += 1  # run on through ", NOT IRAQ" to the end of the line
    line_start = doc.text.rfind("\n", 0, doc[start].idx) + 1
    line_end = doc.text.find("\n", doc[end - 1].idx)
    line = doc.text[line_start:line_end if line_end >= 0 else len(doc.text)]
    if line.upper() == line:
        words = {t.text for t in doc[start:end]}
        if not words & {"NOT", "NO", "NEVER", "DOWN", "DEATH", "!", "VS"}:
            return None
    return start, _drop_trailing(doc, start, end)


def _merge_labels(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One span per stretch of text and label: overlapping hits of a label merge."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in found:
        by_label[item["label"]].append(item)
    out = []
    for items in by_label.values():
        items.sort(key=lambda t: (t["start"], t["end"]))
        merged: list[dict[str, Any]] = []
        for item in items:
            if merged and item["start"] < merged[-1]["end"]:
                last = merged[-1]
                last["end"] = max(last["end"], item["end"])
                last["confidence"] = max(last["confidence"], item["confidence"])
            else:
                merged.append(dict(item))
        out.extend(merged)
    return sorted(out, key=lambda t: (t["start"], t["end"], t["label"]))


def _drop_trailing(doc: Doc, start: int, end: int) -> int:
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _phrase(hit: Span) -> tuple[int, int]:
    """The noun phrase around a cue: "desperate" -> "desperate attempt", "flames of" -> "flames
    of the revolution"; a cue that is no part of a noun phrase stays as it is."""
    start, end = hit.start, hit.end
    head: Token = hit.root
    if head.dep_ in ("amod", "compound", "nmod", "advmod") and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i >= head.i:
        head = head.head
    if head.pos_ in ("NOUN", "PROPN"):
        left = head.i
        while left - 1 >= 0 and head.doc[left - 1].head.i == head.i and head.doc[left - 1].dep_ in (
                "amod", "compound", "nmod", "nummod", "poss", "case"):
            left -= 1
        start, end = min(start, left), max(end, head.i + 1)
    last = hit.doc[end - 1]
    if last.dep_ == "prep":  # "flames of" -> its object
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is not None:
            end = max(end, obj.right_edge.i + 1)
    return start, _drop_trailing(hit.doc, start, end)


def _clause(hit: Span) -> tuple[int, int]:
    """The clause holding a cue: its verb's subtree without coordinated clauses, cut at ; : and
    dashes around the cue."""
    doc = hit.doc
    sent = hit.sent
    verb: Token = hit.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    skip = {t.i for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
            and not (c.left_edge.i <= hit.start <= c.right_edge.i) for t in c.subtree}
    tokens = [t.i for t in verb.subtree if t.i not in skip] + list(range(hit.start, hit.end))
    start, end = max(min(tokens), sent.start), min(max(tokens) + 1, sent.end)
    for i in range(hit.start - 1, start - 1, -1):
        if doc[i].text in _CUTS:
            start = i + 1
            break
    for i in range(hit.end, end):
        if doc[i].text in _CUTS:
            end = i
            break
    while start < hit.start and (doc[start].is_punct or doc[start].lower_ in ("but", "and")):
        start += 1
    return start, _drop_trailing(doc, start, end)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _from_claims(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Doubt: a claim the author disputes, its source belittled with it ("Official propaganda
    speaks of ..."); Appeal_to_Authority: an assessment lent a named authority's weight."""
    out = []
    for claim in claims:
        if claim["kind"] == "authority" and claim["cue"]:
            out.append({"label": "Appeal_to_Authority", "start": claim["cue"][0],
                        "end": claim["cue"][1], "confidence": 0.7})
        elif claim["author_stance"] == "disputes" and claim["source"]:
            start = min(claim["source"][0], claim["content"][0])
            out.append({"label": "Doubt", "start": start, "end": claim["content"][1],
                        "confidence": 0.55})
    return out


def _repetition(doc: Doc, names: set[int]) -> list[dict[str, Any]]:
    """A phrase of two or more content words said three times or more: each retelling after
    the first. Names are left out (an article names its actors again and again)."""
    seen: dict[tuple[str, ...], list[Span]] = defaultdict(list)
    for chunk in doc.noun_chunks:
        words = [t for t in chunk if not (t.is_stop or t.is_punct or t.pos_ in ("DET", "PRON"))]
        if len(words) < 2 or any(t.i in names or t.ent_type_ for t in words):
            continue
        seen[tuple(t.lemma_.lower() for t in words)].append(chunk)
    out: list[dict[str, Any]] = []
    for chunks in seen.values():
        if len(chunks) >= 3:
            out.extend({"label": "Repetition", "start": c.start_char, "end": c.end_char,
                        "confidence": 0.5} for c in chunks[1:])
    return out
