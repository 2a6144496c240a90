"""Where an event happened: the place phrase attached to its trigger, else the sentence's place,
else the report's dateline.

Places come from the actor stage (gazetteer cities, countries, regions); here they are tied to
triggers. A border phrase ("toward the border strip with Syria") is kept as written, coded to the
country of the acting side.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.events.modality import clause_verb

LOCATIVE = frozenset({"in", "at", "near", "toward", "towards", "along", "inside", "outside",
                      "across", "into", "around", "on", "throughout", "within", "over", "through",
                      "off", "onto", "to", "from", "between", "beyond"})
BORDER_WORDS = frozenset({"border", "frontier", "borderland", "boundary"})
DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "northeastern",
                        "northwestern", "southeastern", "southwestern", "north", "south", "east",
                        "west", "upper", "lower"})
# Nouns that make a proper name next to them a place: "the village of Ashmi", "the Kefr and
# Soran villages", "the hamlets of Tel Nur and Qasra" (names NER often misses).
SETTLEMENTS = frozenset({"village", "town", "city", "district", "neighbourhood", "neighborhood",
                         "settlement", "suburb", "province", "governorate", "camp", "hamlet",
                         "area", "region", "countryside", "outskirts", "quarter", "municipality"})


class PlaceFinder:
    """Links triggers to the places the actor stage found."""

    @staticmethod
    def index(doc: Doc, places: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """Token index -> place, for the places of this Doc."""
        out: dict[int, dict[str, Any]] = {}
        for place in places:
            span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
            if span is not None:
                for tok in span:
                    out[tok.i] = place
        return out

    def event_place(self, trigger: Token, sent: Span, index: dict[int, dict[str, Any]],
                    actors: list[str], countries: dict[str, str | None]) -> dict[str, Any] | None:
        """The event's place; `attached` is true when its own sentence names it (not only the
        report's dateline)."""
        heads = [trigger] + ([clause_verb(trigger)] if trigger.pos_ != "VERB" else [])
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        for target in objects:  # "struck the Kefr and Soran villages", "the hamlets of"
            named = _settlement(target)
            if named is not None:
                return {**named, "attached": True}
        heads += objects  # "bombarded the militia's bases in southern Idlib"
        for head in heads:
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                found = self._phrase_place(pobj, index, actors, countries)
                if found is not None:
                    return {**found, "attached": True}
        for tok in sent:
            if tok.i in index:
                return {**_as_event_place(index[tok.i]), "attached": True}
        dateline = next((p for p in index.values() if p.get("dateline")), None)
        return _as_event_place(dateline) if dateline else None

    @staticmethod
    def _phrase_place(obj: Token, index: dict[int, dict[str, Any]], actors: list[str],
                      countries: dict[str, str | None]) -> dict[str, Any] | None:
        subtree = list(obj.subtree)
        if any(t.lemma_.lower() in BORDER_WORDS for t in subtree):
            # "the border strip with Syria": a border, on the acting side's territory
            words = [t for t in subtree if t.dep_ not in ("det", "punct")]
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            own = next((countries.get(a) for a in actors if countries.get(a)), None)
            other = next((index[t.i]["country"] for t in subtree if t.i in index), None)
            return {"name": obj.doc.text[start:end], "country": own or other,
                    "span": (start, end), "lat": None, "lon": None, "gazetteer_id": None}
        named = _settlement(obj)
        if named is not None:
            return named
        for tok in subtree:
            if tok.i in index:
                place = _as_event_place(index[tok.i])
                side = [c for c in tok.children if c.dep_ == "amod" and c.lower_ in DIRECTIONS]
                if side:  # "western Iraq": coded to the country, with the text kept
                    start, end = side[0].idx, place["span"][1]
                    place.update(name=obj.doc.text[start:end], span=(start, end), lat=None,
                                 lon=None, gazetteer_id=None)
                return place
        return None


def _settlement(noun: Token) -> dict[str, Any] | None:
    """The proper names a settlement noun introduces, as one place span."""
    if noun.lemma_.lower() not in SETTLEMENTS:
        return None
    names = [t for t in noun.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        names += [t for t in prep.subtree if t.pos_ == "PROPN"]
    if not names:
        return None
    start, end = names[0].idx, names[-1].idx + len(names[-1].text)
    return {"name": noun.doc.text[start:end], "country": None, "span": (start, end),
            "lat": None, "lon": None, "gazetteer_id": None}


def _as_event_place(place: dict[str, Any]) -> dict[str, Any]:
    return {"name": place["name"], "country": place["country"],
            "span": (place["start"], place["end"]), "lat": place["lat"], "lon": place["lon"],
            "gazetteer_id": place["gazetteer_id"], "capital": place.get("capital", False)}
