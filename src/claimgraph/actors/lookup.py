"""Resolve a single mention string (the `claimgraph resolve` machine interface) and search the KB."""

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
    best = _best_overlap(result["mentions"], start, end)
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
    return None


def _best_overlap(items: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    def overlap(item: dict[str, Any]) -> int:
        return min(end, item["end"]) - max(start, item["start"])

    scored = [(overlap(i), bool(i.get("actor_id")), i) for i in items if overlap(i) > 0]
    return max(scored, key=lambda s: (s[1], s[0]))[2] if scored else None


def _title_sector(doc: Any, mention: dict[str, Any], start: int) -> str | None:
    """An explicit title before a name says the sector the text gives ("Senator Marco Rubio")."""
    before = [t for t in doc[:mention["token_start"]] if t.idx >= start and not t.is_punct]
    found = load_lexicon().match_tail([t.lemma_.lower() for t in before])
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
