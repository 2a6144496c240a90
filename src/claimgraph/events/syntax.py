"""Parse-tree helpers of the event extractor: a trigger's object, subject, governing
trigger and depth of embedding, read off spaCy's dependency parse."""

from __future__ import annotations

from spacy.tokens import Token

_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp", "pobj", "npadvmod"})
_QUANTITIES = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
                         "number", "series", "barrage", "salvo", "wave", "volley", "couple",
                         "kg", "kilogram", "kilo", "tonne", "ton", "litre", "liter", "truckload",
                         "shipment", "consignment", "batch", "load", "crate", "box", "sack",
                         "part", "portion", "half", "rest", "share", "million", "billion",
                         "lot", "bulk", "most", "some", "all"})


def subordination(tok: Token) -> int:
    """How many subordinate clauses or modifier phrases lie between a trigger and its
    sentence's root. Only the least embedded events of a sentence are coded: "after fierce
    fighting", "which sparked days of unrest", "killing 20 people" are background to the
    sentence's main event, and coding them costs more precision than it gains."""
    depth, node = 0, tok
    while node.head.i != node.i:
        purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                               for c in node.children)
        if node.dep_ in _SUBORDINATE or purpose or (node.dep_ == "advcl" and node.tag_ == "VBG"):
            depth += 1
        node = node.head
    return depth


def quantity(tok: Token) -> Token:
    """'dozens of rockets': a quantity head passes to its of-complement."""
    if tok.lemma_.lower() in _QUANTITIES:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return tok


def object_of(tok: Token) -> Token | None:
    """The object of a trigger as lexicon.yaml defines it."""
    kids = list(tok.children)
    if tok.pos_ == "VERB":
        for dep in ("dobj", "nsubjpass"):
            found = next((c for c in kids if c.dep_ == dep), None)
            if found is not None:
                return quantity(found)
        for prep in (c for c in kids if c.dep_ in ("prep", "prt")):
            found = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if found is not None and prep.dep_ == "prep" and prep.lower_ in ("on", "to") \
                    and not (prep.lower_ == "to" and found.ent_type_ in ("GPE", "LOC", "FAC")):
                # "to Geneva" is where one goes, not what is acted on
                return quantity(found)
        return None
    for prep in (c for c in kids if c.dep_ == "prep" and c.lower_ == "of"):
        found = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if found is not None:
            return quantity(found)
    found = next((c for c in kids if c.dep_ == "compound"), None)
    # "her invitation to the envoy", "a raid on the depot": whom it is directed at
    return found or next((o for p in kids if p.dep_ == "prep" and p.lower_ in (
        "to", "on", "against") for o in p.children if o.dep_ == "pobj"), None)


def subject(tok: Token) -> Token | None:
    kids = list(tok.children)
    if tok.pos_ == "VERB":
        found = next((c for c in kids if c.dep_ == "nsubj"), None)
        agent = next((c for c in kids if c.dep_ == "agent"), None)
        if found is None and agent is not None:
            found = next((c for c in agent.children if c.dep_ == "pobj"), None)
        return found
    return next((c for c in kids if c.dep_ == "poss"), None)


def context_lemmas(tok: Token, subject: Token | None) -> set[str]:
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    words = {t.lemma_.lower() for t in tok.subtree if t.i not in skip}
    if tok.pos_ != "VERB":
        words.add(tok.head.lemma_.lower())
    return words


def noun_keys(tokens: list[Token]) -> list[tuple[str, ...]]:
    """Keys to try for a run of tokens ending in a noun: each word by lemma or by text."""
    keys = [tuple(t.lemma_.lower() for t in tokens), tuple(t.lower_ for t in tokens)]
    if len(tokens) > 1:
        keys.append(tuple([t.lower_ for t in tokens[:-1]] + [tokens[-1].lemma_.lower()]))
    return list(dict.fromkeys(keys))


def governing_trigger(tok: Token, heads: set[int]) -> int | None:
    """The trigger this one sits under (through complements, objects, prepositions, purpose
    and condition clauses: "telephoned the envoy to discuss", "will retaliate if attacked")."""
    node = tok
    while node.head.i != node.i:
        # a purpose clause, or an infinitive hanging off a noun ("a consensus to share")
        infinitive = node.dep_ in ("advcl", "acl", "relcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        # the second of two coordinated complements ("urged X to disarm and disband");
        # a verb coordinated with a trigger is an event of its own
        coordinated = node.dep_ == "conj" and node.head.dep_ in ("xcomp", "ccomp") and \
            node.head.i not in heads
        # a condition belongs to the event it conditions ("will retaliate if its ships
        # are hit", "will walk out unless the blockade ends")
        condition = node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children)
        # one of several coordinated objects ("fired drones and cruise missiles")
        listed = node.dep_ == "conj" and node.pos_ == "NOUN" and node.head.pos_ == "NOUN"
        if node.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep") and not (
                infinitive or coordinated or condition or listed):
            return None
        node = node.head
        if node.i in heads:
            return node.i
    return None


def attached(tok: Token, targets: set[int]) -> bool:
    node = tok
    for _ in range(4):
        if node.i in targets:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return node.i in targets
