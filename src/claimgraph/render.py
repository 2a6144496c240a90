"""Human-readable terminal output (rich) for graphs, resolutions and KB entries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table

from claimgraph.actors.kb import Entry
from claimgraph.model import DocumentGraph


def print_table(graph: DocumentGraph, console: Console) -> None:
    """Actors with their mentions, then unresolved names and places."""
    doc = graph.document
    title = doc.title or doc.id
    console.print(f"[bold]{title}[/bold]  ({graph.stats.words} words, published "
                  f"{doc.published or 'unknown'}, genre {doc.genre or '?'}, frames "
                  f"{', '.join(doc.frames) or '–'})", highlight=False)
    by_actor: dict[str, list[str]] = defaultdict(list)
    unresolved: list[str] = []
    for m in graph.mentions:
        if m.actor_id:
            by_actor[m.actor_id].append(m.span.text)
        else:
            unresolved.append(m.span.text)
    table = Table(title="Actors", show_lines=False)
    for col in ("actor", "kind", "code", "KB", "mentions"):
        table.add_column(col)
    actors = sorted(graph.actors, key=lambda a: -len(by_actor[a.id]))
    for actor in actors:
        names = by_actor[actor.id]
        shown = ", ".join(dict.fromkeys(names))
        table.add_row(f"{actor.name}\n[dim]{actor.id}[/dim]", actor.kind,
                      actor.cameo_code or "", actor.wikidata or ("yes" if actor.in_kb else "no"),
                      f"{len(names)}× {shown}")
    console.print(table)
    if unresolved:
        console.print("[bold]Unresolved names:[/bold] " + ", ".join(dict.fromkeys(unresolved)),
                      highlight=False)
    if graph.places:
        places = dict.fromkeys(f"{p.name} ({p.country or '?'})" for p in graph.places)
        console.print("[bold]Places:[/bold] " + ", ".join(places), highlight=False)
    if graph.events:
        print_events(graph, console)
    if graph.claims:
        print_sources(graph, console)
    if graph.techniques:
        print_rhetoric(graph, console)


def print_events(graph: DocumentGraph, console: Console) -> None:
    """Events sorted by date: date · place · source → TYPE(mode) → target · modality · quote."""
    names = {a.id: a.name for a in graph.actors}
    table = Table(title="Events")
    for col in ("date", "place", "who → what → whom", "modality", "quote"):
        table.add_column(col)

    def when(event: Any) -> str:
        t = event.time
        if t is None or t.end is None:
            return ""
        return str(t.start) if t.start == t.end else f"{t.start or '…'} – {t.end}"

    for event in sorted(graph.events, key=lambda e: (when(e), e.span.start)):
        kind = event.plover_type + (f"({event.plover_mode})" if event.plover_mode else "")
        who = f"{names.get(event.source_actor or '', '?')} → {kind} → " \
              f"{names.get(event.target_actor or '', '–')}"
        place = event.place.name if event.place else ""
        table.add_row(when(event), place, who, event.modality, event.span.text[:90])
    console.print(table)


_SOURCE_ORDER = ("named", "official", "anonymous", "unnamed_report", "document", "author")


def print_sources(graph: DocumentGraph, console: Console) -> None:
    """Claims grouped by source type: who says it, the cue, how sure, the author's stance."""
    names = {a.id: a.name for a in graph.actors}
    table = Table(title="Sources")
    for col in ("source type", "source", "cue", "certainty", "author", "claim"):
        table.add_column(col)
    attributed = [c for c in graph.claims if c.source_type != "author"]
    for claim in sorted(attributed, key=lambda c: (_SOURCE_ORDER.index(c.source_type),
                                                    c.content_span.start)):
        source = names.get(claim.speaker_actor or "") or (
            claim.source_span.text if claim.source_span else "")
        table.add_row(claim.source_type, source[:40],
                      claim.cue_span.text[:40] if claim.cue_span else "", claim.certainty,
                      claim.author_stance, claim.content_span.text[:80])
    console.print(table)
    stats = graph.stats
    shares = ", ".join(f"{k} {v:.0%}" for k, v in stats.claims_by_source_type.items())
    anonymous = "–" if stats.anonymous_claim_share is None else \
        f"{stats.anonymous_claim_share:.0%}"
    console.print(f"[bold]How it is known:[/bold] {len(graph.claims)} claims ({shares}); "
                  f"anonymous share of attributed claims {anonymous}", highlight=False)


def print_rhetoric(graph: DocumentGraph, console: Console) -> None:
    """Technique counts with example spans, and their density."""
    examples: dict[str, list[str]] = defaultdict(list)
    for t in graph.techniques:
        examples[t.label].append(t.span.text)
    table = Table(title=f"Rhetoric ({graph.stats.technique_density_per_1k_words} techniques "
                        f"per 1,000 words)")
    for col in ("technique", "count", "examples"):
        table.add_column(col)
    for label, spans in sorted(examples.items(), key=lambda kv: -len(kv[1])):
        shown = " · ".join(f"“{s[:50]}”" for s in list(dict.fromkeys(spans))[:3])
        table.add_row(label, str(len(spans)), shown)
    console.print(table)


def print_resolution(mention: str, result: dict[str, Any] | None, console: Console) -> None:
    if result is None:
        console.print(f"{mention!r}: no actor")
        return
    code = (result["country"] or "") + (result["sector"] or "")
    where = result["actor_id"] or "not in KB"
    console.print(f"{mention!r} → {result['name']} [{code}] ({where}"
                  f"{', ' + result['wikidata'] if result['wikidata'] else ''})", highlight=False)


def print_kb_entries(name: str, entries: list[Entry], console: Console) -> None:
    if not entries:
        console.print(f"no KB actor matches {name!r}")
        return
    table = Table(title=f"KB matches for {name!r}")
    for col in ("id", "name", "kind", "code", "wikidata", "aliases", "roles"):
        table.add_column(col)
    for e in entries:
        roles = "; ".join(f"{r.title} ({r.org}) {r.start or '?'}–{r.end or ''}" for r in e.roles)
        table.add_row(e.id, e.name, e.kind, e.cameo_code or "", e.wikidata or "",
                      ", ".join(e.aliases[:6]), roles)
    console.print(table)
