"""Resolve one mention string (the `claimgraph resolve` interface) and search the KB."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claimgraph.actors.kb import Entry, load_kb
from claimgraph.actors.lexicon import load_lexicon
from claimgraph.actors.normalize import norm_key
from claimgraph.pipeline import load_pipeline, make_doc
from claimgraph.ingest import InputDoc, normalize_date


def resolve_mention(mention: str, context: str | None = None,
                    date: str | dt.date | None = None) -> dict[str, Any] | None:
    """What `mention` refers to, read inside `context` when given, at `date` (default today).

    Returns {"actor_id", "name", "country", "sector", "wikidata", "in_kb"} or None when the
    mention names no actor. A place that is not an actor gives its country with no actor id.
    """
    mention = mention.strip()
    if not mention:
        return None
    day = date.isoformat() if isinstance(date, dt.date) else normalize_date(date)
    text, start = mention, 0
    if context and mention in context:
        text, start = context, context.index(mention)
    end = start + len(mention)
    nlp = load_pipeline()
    doc = nlp(make_doc(nlp, InputDoc(text=text, published=day)))
    result = doc._.cg_actors
    best = _at_root(doc, result["mentions"], start, end) or _best_overlap(
        result["mentions"], start, end, result["actors"])
    if best is not None and best["actor_id"]:
        actor = result["actors"][best["actor_id"]]
        sector = _title_sector(doc, best, start) if actor["kind"] == "person" else None
        return {"actor_id": actor["id"] if actor["in_kb"] else None, "name": actor["name"],
                "country": actor["country"], "sector": sector or actor["sector"],
                "wikidata": actor["wikidata"], "in_kb": actor["in_kb"]}
    place = _best_overlap(result["places"], start, end)
    if place is not None and place["country"]:
        return {"actor_id": None, "name": place["name"], "country": place["country"],
                "sector": None, "wikidata": None, "in_kb": False}
    return _bare_agent(doc, start, end)


def _bare_agent(doc: Any, start: int, end: int) -> dict[str, Any] | None:
    """A mention too short for the parser to make a phrase of ("paramedic", "British")."""
    tokens = [t for t in doc if t.idx >= start and t.idx < end and not t.is_punct]
    lex, kb = load_lexicon(), load_kb()
    iso = next((kb.demonyms[norm_key(t.text)] for t in tokens
                if norm_key(t.text) in kb.demonyms), None)
    found = lex.match_tail(tokens)
    if found is None and not (iso and len(tokens) == 1):
        return None
    sector = None
    if found is not None:
        sector = lex.modifier_sector([t.lower_ for t in tokens[:-found[1]]]) or found[0].sector
    name = " ".join(t.text for t in tokens)
    return {"actor_id": None, "name": name, "country": iso, "sector": sector,
            "wikidata": None, "in_kb": False}


def _at_root(doc: Any, mentions: list[dict[str, Any]], start: int,
             end: int) -> dict[str, Any] | None:
    """The resolved mention holding the syntactic head of the queried text, if any:
    "Canadian Ambassador to the United Nations" is about the ambassador."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root.i
    return next((m for m in mentions if m["actor_id"]
                 and m["token_start"] <= root < m["token_end"]), None)


def _best_overlap(items: list[dict[str, Any]], start: int, end: int,
                  actors: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The item overlapping [start, end) best: resolved first, then KB actors, then overlap."""
    def rank(item: dict[str, Any]) -> tuple[bool, bool, int]:
        aid = item.get("actor_id")
        in_kb = bool(aid and actors and actors[aid]["in_kb"])
        return bool(aid), in_kb, min(end, item["end"]) - max(start, item["start"])

    scored = [(rank(i), i) for i in items if rank(i)[2] > 0]
    return max(scored, key=lambda s: s[0])[1] if scored else None


def _title_sector(doc: Any, mention: dict[str, Any], start: int) -> str | None:
    """An explicit title before a name says the sector the text gives ("Senator Marco Rubio")."""
    before = [t for t in doc[:mention["token_start"]] if t.idx >= start and not t.is_punct]
    found = load_lexicon().match_tail(before)
    if found is None:
        return None
    sector = load_lexicon().modifier_sector([t.lower_ for t in before]) or found[0].sector
    return sector


def kb_lookup(name: str, limit: int = 20) -> list[Entry]:
    """KB actors whose name or alias matches `name` exactly (folded), else contains it."""
    kb = load_kb()
    exact = kb.lookup(name)
    if exact:
        return exact
    key = norm_key(name)
    found = [kb.actors[i] for k, ids in kb.by_key.items() if key and key in k for i in ids]
    unique = list({e.id: e for e in found}.values())
    return unique[:limit]
