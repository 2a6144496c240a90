"""Reading a mention in its context: metonymy (agent or place?) and in-document anaphora."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.tokens import Token

from claimgraph.actors.lexicon import Metonymy

_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss", "dative", "ROOT", "attr",
                         "appos", "csubj"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Text between a named actor and a phrase that only narrows it down ("(PMF)—specifically the
# 10th and 25th Brigades", "Hezbollah, notably its Radwan unit").
_ELABORATION = re.compile(
    r"^[\s)(\]—–:,-]*(?:specifically|namely|including|particularly|especially|notably|"
    r"such as|in particular)?[\s,:—–-]*(?:the|its|their)?\s*"
    r"(?:\d+(?:st|nd|rd|th)\s*(?:,|and)\s*)*$", re.IGNORECASE)


def is_agentive(meto: Metonymy, root: Token) -> bool:
    """Does a capital or country act or speak here ("Tehran ordered", "Tehran's proxies",
    "pressure from Tehran") rather than locate something ("in the streets of Tehran")?"""
    dep = root.dep_
    if dep == "conj":
        return is_agentive(meto, root.head)
    if dep in _AGENT_DEPS:
        return True
    if dep == "dobj":
        return root.head.lemma_.lower() not in meto.place_verbs
    if dep == "pobj":
        prep = root.head
        word, governor = prep.lower_, prep.head.lemma_.lower()
        if word in meto.locative:
            return False
        if word in ("to", "from"):
            # "from Beirut to Sanaa" is a stretch of map, "a message to Washington" is not
            return (governor not in meto.motion and prep.head.pos_ != "ADP"
                    and prep.head.ent_type_ not in _PLACE_LABELS)
        if word == "of":
            return governor in meto.agency_of
        return True
    return False


def link_anaphora(text: str, mentions: list[dict[str, Any]],
                  actors: dict[str, dict[str, Any]]) -> None:
    """Fill in mentions that only make sense after what came before them (in place).

    'the regime' -> the government last called by the same noun, else the most mentioned one;
    'the PMF—specifically the 10th and 25th Brigades' -> the brigades are the PMF's.
    `mentions` must be in text order.
    """
    govs: Counter[str] = Counter()
    by_word: dict[str, str] = {}
    previous: dict[str, Any] | None = None
    for mention in mentions:
        aid = mention["actor_id"]
        actor = actors.get(aid or "")
        word = mention["text"].split()[-1].lower()
        if actor and actor["kind"] == "government":
            govs[str(aid)] += 1
            by_word[word] = str(aid)
        elif aid is None and mention["label"] == "AGENT" and govs:
            mention["actor_id"] = by_word.get(word) or govs.most_common(1)[0][0]
            mention["score"] = 0.6
        elif previous is not None and (actor is None or not (actor["in_kb"] or actor["country"])):
            prev = actors.get(previous["actor_id"] or "")
            gap = text[previous["end"]:mention["start"]]
            if prev and _ELABORATION.match(gap) and (
                    actor is None or actor["sector"] == prev["sector"]):
                mention["actor_id"] = prev["id"]
                mention["score"] = 0.6
        previous = mention
