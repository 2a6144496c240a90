"""PLOVER event extraction: triggers from the lexicon, actors from the parse, then modality,
time and place.

Precision first: a candidate needs a trigger that passes its lexicon constraints and at least one
resolved actor; a trigger embedded under another trigger ("threatened to strike", "agreed to hold
talks") is left to the one that governs it, so a clause gives one event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.events.lexicon import OF_IS_SOURCE, EventLexicon, Recode, Trigger
from claimgraph.events.modality import Modality, clause_verb, modality_of
from claimgraph.events.place import PlaceFinder
from claimgraph.events.syntax import (attached, context_lemmas, governing_trigger, noun_keys,
                                      object_of, quantity, subject, subordination)
from claimgraph.events.timex import normalize_time

# Verbs whose object noun is the event and whose subject is its source ("launched an attack",
# "announced the nomination of X").
LIGHT_VERBS = frozenset({
    "launch", "carry", "conduct", "stage", "hold", "make", "announce", "issue", "order", "begin",
    "start", "continue", "mount", "deliver", "impose", "give", "provide", "offer", "sign",
    "step", "escalate", "intensify", "resume", "call", "declare", "lodge", "file", "express",
    "voice", "extend", "send", "organize", "organise", "lead", "undertake", "perform", "monitor",
    "reach", "conclude", "strike", "renew", "reimpose", "complete", "tighten", "expand",
    "remain", "stay", "arrive", "pay", "travel", "use", "employ", "fire", "commit",
    "trade", "exchange", "signal", "show", "reaffirm", "reiterate", "indicate", "demonstrate",
})
# Verbs that put their object under an event noun ("placed the city under curfew", "used
# civilians as human shields").
IMPOSING_VERBS = frozenset({"place", "put", "keep", "use", "hold", "take"})
# Verbs of coming together for an event ("farmers gathered in the square for a sit-in").
GATHERING_VERBS = frozenset({"gather", "converge", "assemble", "arrive", "travel", "head",
                             "come", "go", "fly", "march", "return", "meet"})
# Light verbs that make what their plural subject does mutual ("traded accusations").
MUTUAL_VERBS = frozenset({"trade", "exchange"})
# Prepositions that introduce the party an event is aimed at.
TARGET_PREPS = frozenset({"against", "on", "upon", "with", "to", "toward", "towards", "into",
                          "at"})
# Nouns for a proposal, whose author is the one a refusal or an acceptance answers.
PROPOSAL_NOUNS = frozenset({"offer", "call", "demand", "proposal", "plan", "request", "appeal",
                            "invitation", "initiative", "ultimatum", "bid", "overture",
                            "formula", "suggestion", "draft"})
# Nouns whose "between"/"among" phrase names the parties ("talks among the factions").
PARTY_NOUNS = frozenset({"mediation", "talk", "talks", "negotiation", "dialogue", "dispute",
                         "feud", "conflict", "truce", "ceasefire", "accord", "agreement",
                         "reconciliation", "relation", "relations", "meeting", "summit",
                         "conference", "contact", "contacts", "round"})
SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she"})
# "in defiance of X", "in protest against X", "in response to X": X is what the act answers.
ANSWERING_NOUNS = frozenset({"defiance", "protest", "opposition", "response", "retaliation",
                             "reply", "reaction"})
# Passive forms that describe the subject's own stance ("is committed to", "is determined to").
STATIVE_PASSIVES = frozenset({"commit", "determine", "prepare", "resolve", "dedicate",
                              "oppose", "dispose", "inclined", "incline"})
# Types whose that-clause names who is acted on ("demanded that X ...", "warned X that ...").
CLAUSE_TARGET = frozenset({"REQUEST", "THREATEN"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
_NP_DEPS = frozenset({"compound", "amod", "poss", "appos", "nmod"})
# Cooperative event types, and the CAMEO "express intent to ..." code of a commitment to them.
COOPERATIVE = {"CONSULT": "036", "SUPPORT": "030", "COOPERATE": "031", "AID": "033",
               "RETREAT": "035", "CONCEDE": "035", "AGREE": "030"}
# Hostile event types, and the CAMEO "threaten ..." code of an announced intent to carry them out.
CONFLICTUAL = {"SANCTION": "131", "COERCE": "130", "ASSAULT": "138", "PROTEST": "130",
               "REJECT": "130"}


@dataclass
class _Context:
    """What the constraint tests need to know about the sentence's actors and places."""

    mention_at: dict[int, dict[str, Any]]
    sector_of: dict[str, str | None]
    place_at: dict[int, Any]
    named_at: set[int]

    def named(self, tok: Token | None) -> bool:
        """Is the phrase an unresolved name? An event between named but unknown parties is
        still an event; its actor fields stay empty."""
        return tok is not None and any(t.i in self.named_at for t in (tok, *tok.children)
                                       if t.dep_ in ("compound", "nsubj", "dobj", "pobj")
                                       or t is tok)

    def matches(self, head: Token, items: tuple[str, ...]) -> bool:
        """Does the phrase headed by `head` match a lexicon item: a lemma of the head or of a
        modifier, consecutive lemmas inside the phrase, a sector code (MIL, REB ...) of the actor
        mention there, or PLACE?"""
        head = quantity(head)
        near = [head] + [c for c in head.children if c.dep_ in ("compound", "amod", "nmod")]
        lemmas = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
        phrase = " ".join(t.lemma_.lower() for t in head.subtree)
        mention = self.mention_at.get(head.i)
        sector = self.sector_of.get(mention["actor_id"]) if mention else None
        for item in items:
            if item.isupper():
                if (item == "PLACE" and head.i in self.place_at) or item == sector:
                    return True
            elif item in lemmas or (" " in item and f" {item} " in f" {phrase} "):
                return True
        return False


@dataclass
class Candidate:
    trigger: Trigger
    start: int  # token range of the trigger words
    end: int
    head: Token
    recode: Recode | None = None  # set when an embedded trigger refines this one
    source_from: Token | None = None  # a yielding governor whose subject is the source


class EventExtractor:
    """Finds events in a Doc whose actors have been resolved (doc._.cg_actors)."""

    _dates: dict[int, list[Span]]

    def __init__(self, lexicon: EventLexicon, places: PlaceFinder,
                 country_actor: Callable[[str, bool, dt.date], dict[str, Any] | None]
                 | None = None, demonym: Callable[[str], str | None] | None = None) -> None:
        self.lex = lexicon
        self.places = places
        self.country_actor = country_actor
        self.demonym = demonym  # "German" -> "DEU"

    def __call__(self, doc: Doc, day: dt.date, actors: dict[str, Any]) -> list[dict[str, Any]]:
        mention_at: dict[int, dict[str, Any]] = {}
        named_at: set[int] = set()  # names nothing in the KB resolved ("the APEC forum")
        for mention in actors["mentions"]:
            span = range(mention["token_start"], mention["token_end"])
            if mention["actor_id"]:
                mention_at.update((i, mention) for i in span)
            elif mention["label"] in ("PERSON", "ORG", "NORP"):
                named_at.update(span)
        place_index = self.places.index(doc, actors["places"])
        ctx = _Context(mention_at, {k: a["sector"] for k, a in actors["actors"].items()},
                       place_index, named_at)
        events: list[dict[str, Any]] = []
        # Span.ents rebuilds every entity of the document on each call: index dates once
        self._dates: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                self._dates.setdefault(ent.sent.start, []).append(ent)
        for sent in doc.sents:
            found = {c.head.i: c for c in (self._match(tok, ctx) for tok in sent) if c}
            kept, under = self._one_per_clause(found)
            by_head = {c.head.i: self._events(doc, sent, c, ctx, day, actors["actors"])
                       for c in kept}
            above = {cand.head.i: gov for cand, gov in under}
            for cand, gov in under:
                # the governor named no one: the embedded event counts, but only one level
                # down ("demanded that X refuse to recognize Y" is one demand, not a refusal
                # or a recognition)
                # What is demanded or threatened has not happened, whoever asks.
                if gov not in above and not by_head.get(gov) and \
                        found[gov].trigger.type not in CLAUSE_TARGET:
                    by_head[cand.head.i] = self._events(doc, sent, cand, ctx, day,
                                                        actors["actors"])
            coded = [(subordination(found[i].head), evs) for i, evs in by_head.items() if evs]
            coded.sort(key=lambda pair: pair[1][0]["trigger"])
            least = min((depth for depth, _ in coded), default=0)
            # one event per type, dyad and modality in a sentence ("gathered for a rally to
            # protest the tax" is one protest), as event data counts them
            seen: set[tuple[Any, ...]] = set()
            for event in (e for depth, evs in coded if depth == least for e in evs):
                key = (event["plover_type"], event["source_actor"], event["target_actor"],
                       event["modality"])
                if key not in seen:
                    seen.add(key)
                    events.append(event)
        for n, event in enumerate(events, 1):
            event["id"] = f"ev{n}"
        return events

    @staticmethod
    def _one_per_clause(
            found: dict[int, Candidate]) -> tuple[list[Candidate], list[tuple[Candidate, int]]]:
        """A trigger under another ("threatened to strike", "condemned the attack") gives one
        event: the governing one, recoded by its `embedded` table, unless the governor yields
        to its object ("ordered the arrest of X": the arrest, by whoever ordered it)."""
        keep = dict(found)
        under: list[tuple[Candidate, int]] = []
        for i, cand in found.items():
            gov = governing_trigger(cand.head, set(found))
            if gov is None:
                continue
            governor = found[gov]
            if governor.trigger.yields_to_object:
                cand.source_from = governor.head
                keep.pop(gov, None)
                continue
            keep.pop(i, None)
            under.append((cand, gov))
            recode = governor.trigger.recode_embedded(cand.trigger.type, cand.trigger.mode)
            if recode is not None:
                governor.recode = recode
        return sorted(keep.values(), key=lambda c: c.start), under

    # ------------------------------------------------------------------ triggers
    def _match(self, tok: Token, ctx: _Context) -> Candidate | None:
        """The lexicon entry a token triggers, if any, after the entries' constraints."""
        if tok.i in ctx.mention_at or tok.dep_ == "amod" or (
                tok.tag_ == "VBN" and tok.dep_ == "conj" and tok.head.dep_ == "amod"):
            return None  # "Iran-backed militias", "exhausted and rejected cards"
        if tok.pos_ == "VERB":
            lemma = tok.lemma_.lower()
            if tok.i >= 2 and tok.nbor(-1).text == "-":  # "test-fired", split by the tokenizer
                pick = self._pick(self.lex.verbs.get(f"{tok.nbor(-2).lower_}-{lemma}", ()),
                                  tok, ctx)
                if pick is not None:
                    return Candidate(pick, tok.i - 2, tok.i + 1, tok)
            for child in tok.children:  # two-word verbs first: "open fire", "call on"
                pick = self._pick(self.lex.verbs.get(f"{lemma} {child.lemma_.lower()}", ()),
                                  tok, ctx)
                if pick is not None:
                    return Candidate(pick, tok.i, tok.i + 1, tok)
            pick = self._pick(self.lex.verbs.get(lemma, ()), tok, ctx)
            return Candidate(pick, tok.i, tok.i + 1, tok) if pick else None
        if tok.pos_ == "NOUN" and tok.dep_ != "compound" and not any(
                c.dep_ == "det" and c.lower_ in ("every", "any", "each") for c in tok.children):
            # ("cheer every American threat" speaks of threats in general, not of one)
            words = [t for t in tok.doc[tok.sent.start:tok.i] if t.text != "-"][::-1]
            for size in range(min(self.lex.longest_noun, len(words) + 1), 0, -1):
                seq = [tok] + words[:size - 1]
                for key in noun_keys(seq[::-1]):
                    pick = self._pick(self.lex.nouns.get(key, ()), tok, ctx)
                    if pick is not None:
                        return Candidate(pick, seq[-1].i, tok.i + 1, tok)
        return None

    def _pick(self, entries: tuple[Trigger, ...], tok: Token, ctx: _Context) -> Trigger | None:
        """Among entries for one word: those whose constraints hold; one with a positive
        constraint beats a plain one; else the first in the file."""
        fitting = [t for t in entries if self._fits(t, tok, ctx)]
        return next((t for t in fitting if t.positive), fitting[0] if fitting else None)

    def _fits(self, trigger: Trigger, tok: Token, ctx: _Context) -> bool:
        obj = object_of(tok)
        if trigger.object_required and obj is None:
            return False
        if obj is not None and obj.lemma_.lower() in trigger.exclude_objects:
            return False
        if trigger.object_any and not (obj is not None and ctx.matches(obj, trigger.object_any)):
            return False
        subj = subject(tok)
        if trigger.subject_any and not (subj is not None and
                                        ctx.matches(subj, trigger.subject_any)):
            return False
        if trigger.exclude_subjects and subj is not None and \
                ctx.matches(subj, trigger.exclude_subjects):
            return False
        if trigger.context_any or trigger.exclude_context:
            context = context_lemmas(tok, subj)
            if trigger.context_any and not any(w in context for w in trigger.context_any):
                return False
            if any(w in context for w in trigger.exclude_context):
                return False
        return True

    # ------------------------------------------------------------------ actors
    def _actor(self, tok: Token | None, mention_at: dict[int, dict[str, Any]]) -> list[str]:
        """Actor ids a noun phrase names: its own mention, else one inside it; with
        coordinated phrases ("Jordan and Britain") each one."""
        if tok is None:
            return []
        out: list[str] = []
        for part in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
            mention = mention_at.get(part.i)
            if mention is None or mention["actor_id"].startswith("xxx-"):
                # "a school for Sudanese refugees", "a spokesman for the Kenyan ministry": a
                # group of no stated nationality gives way to the one it serves
                mention = self._inner(part, mention_at) or mention
            # "the Iraqi and Iranian ministers": the other owners of a shared noun first
            owners = [mention_at[c.i] for c in part.children
                      if c.dep_ in ("amod", "nmod", "compound") and c.conjuncts
                      and c.i in mention_at and mention_at[c.i] is not mention]
            for found in [*owners, mention]:
                if found and found["actor_id"] not in out:
                    out.append(found["actor_id"])
        return out

    @staticmethod
    def _inner(tok: Token, mention_at: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
        queue = [c for c in tok.children if c.dep_ in _NP_DEPS | {"prep"}]
        while queue:
            child = queue.pop(0)
            if child.i in mention_at:
                return mention_at[child.i]
            if child.dep_ == "prep" and child.lower_ not in ("of", "for"):
                continue  # ("a shelter for displaced Yazidis", "the envoy for the ministry")
            queue.extend(c for c in child.children if c.dep_ in _NP_DEPS | {"pobj", "prep"})
        return None

    def _roles(self, cand: Candidate) -> tuple[Token | None, list[Token]]:
        """Tokens heading the source phrase and, best first, the phrases that may name the
        target: the first that names an actor is taken."""
        head = cand.head
        if head.pos_ == "VERB":
            return self._verb_roles(head, cand.trigger)
        source, target = self._noun_roles(head, cand.trigger)
        targets = [target] if target is not None else []
        targets.extend(_complement_objects(head))  # "its willingness to work with X"
        imposed = _imposed_as(head)
        if imposed is not None:
            targets.insert(0, imposed)
        if head.dep_ == "dobj" and head.head.lemma_.lower() in LIGHT_VERBS:
            # "will give Syria a grant", "issued a reminder to Iraq": the light verb's recipient
            verb = head.head
            targets.extend(c for c in verb.children if c.dep_ == "dative")
            targets.extend(o for p in verb.children if p.dep_ == "prep"
                           and p.lower_ in TARGET_PREPS for o in p.children if o.dep_ == "pobj")
            # "staged a sit-in to protest X's decision": the one its purpose is aimed at
            targets.extend(_complement_objects(verb))
        return source, targets

    def _verb_roles(self, verb: Token, trigger: Trigger) -> tuple[Token | None, list[Token]]:
        kids: dict[str, Token] = {}
        for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
            # the nearest of each: a misparse may hang a dateline or a closing "a group
            # charged" on the verb as a second subject or object
            kids.setdefault(child.dep_, child)
        source = kids.get("nsubj")
        targets = [kids[d] for d in ("dobj", "dative") if d in kids]
        if "nsubjpass" in kids and "agent" not in kids and \
                verb.lemma_.lower() in STATIVE_PASSIVES:
            source = kids["nsubjpass"]  # "Chile is committed to ...": Chile commits itself
        elif "nsubjpass" in kids:
            targets.insert(0, kids["nsubjpass"])
            agent = kids.get("agent")
            source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if source is None and trigger.type != "CONSULT":
            # "fighting between the army and the RSF": the two sides, mutually
            source = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ ==
                           "between" for o in p.children if o.dep_ == "pobj"), None)
        tok = verb
        # (a passive without its "by" phrase names no doer: it is not the governing subject)
        while source is None and "nsubjpass" not in kids and \
                tok.dep_ in ("xcomp", "conj", "advcl", "acl", "acomp") \
                and tok.head.i != tok.i:
            # "X was forced to step down", "X issued a declaration demanding ...": the subject
            # of the governing verb
            tok = tok.head if tok.dep_ != "acl" or tok.head.dep_ != "dobj" else tok.head.head
            source = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if source is not None and source.lower_ in ("who", "which", "that"):
            source = verb.head if verb.dep_ == "relcl" else None
        # one withdraws from a place, and that place's state is the one concerned; one
        # mediates between the parties
        preps = TARGET_PREPS | ({"from"} if trigger.type == "RETREAT" else set()) | (
            {"between"} if trigger.type == "CONSULT" else set())
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                targets.extend(c for c in child.children if c.dep_ == "pobj")
        if trigger.type in CLAUSE_TARGET:
            # "demanded that Kenya reopen the crossing": who is asked is the clause's subject
            targets.extend(s for c in verb.children if c.dep_ == "ccomp"
                           for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
        # "offered to return to Armenia ...", "fired shots to scatter the crowd":
        # the one acted on inside the complement or purpose clause
        targets.extend(_complement_objects(verb))
        # "in defiance of Beijing", "in protest against the junta", "sanctions in response
        # to X's raid": the one a protest, refusal or penalty answers (not for attacks,
        # whose objects are often places: "struck Gaza in response to ...")
        answering = [] if trigger.type in ("ASSAULT", "COERCE") else [
            c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"]
        for prep in answering:
            for noun in (o for o in prep.children if o.dep_ == "pobj"
                         and o.lemma_.lower() in ANSWERING_NOUNS):
                targets.extend(c for c in noun.children if c.dep_ == "poss")
                targets.extend(o for p in noun.children if p.dep_ == "prep" and p.lower_ in (
                    "of", "against", "to") for o in p.children if o.dep_ == "pobj")
        # Last resorts: the place a complement moves away from ("agreed to pull its
        # battalion from Niger"), and whoever a condition puts the onus on ("threatened to
        # strike unless Tehran halted enrichment", "would leave the talks if Ankara moved troops")
        for comp in (c for c in verb.children if c.dep_ == "xcomp"):
            targets.extend(o for p in comp.children if p.dep_ == "prep" and p.lower_ == "from"
                           for o in p.children if o.dep_ == "pobj")
        for clause in (c for tok in [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
                       for c in tok.children if c.dep_ == "advcl"):
            if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children) \
                    and clause.lemma_.lower() not in self.lex.cues.reporting_verbs:
                # (a parser may hang the closing "X said" on the "if": X is no condition)
                targets.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
        return source, targets

    @staticmethod
    def _noun_roles(noun: Token, trigger: Trigger) -> tuple[Token | None, Token | None]:
        source = target = None
        for child in noun.children:
            if child.dep_ == "poss" and child.tag_ == "PRP$":
                continue  # "their hunger strike": who they are is the governing verb's subject
            if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and
                                        child.ent_type_ in _ACTOR_ENTS):
                source = source or child  # (not "a 24-hour strike": a time is no actor)
            elif child.dep_ == "prep":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                word = child.lower_
                if word == "from" and trigger.type == "RETREAT":
                    target = target or obj  # "withdrawal from X": the place left
                elif word in ("by", "from"):
                    source = source or obj
                elif word == "of":
                    if trigger.type in OF_IS_SOURCE:
                        source = source or obj
                    else:
                        target = target or obj
                elif word in TARGET_PREPS or (word == "between" and trigger.type == "CONSULT"):
                    target = target or obj  # "mediation between X and Y": the parties
                elif word == "between":
                    source = source or obj  # "the truce between X and Y": X and Y, mutually
        return source, target

    # ------------------------------------------------------------------ events
    def _events(self, doc: Doc, sent: Span, cand: Candidate, ctx: _Context, day: dt.date,
                actor_table: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        trigger = cand.trigger
        src_tok, tgt_toks = self._roles(cand)
        # an event noun's own modifiers first, else whoever did what the noun names
        doer = _doer(cand.head, cand.start) if cand.head.pos_ != "VERB" else None
        src_tok = src_tok or doer
        if cand.source_from is not None and src_tok is None:
            src_tok = subject(cand.source_from)
        sources = self._actor(src_tok, ctx.mention_at) or self._demonym_state(
            src_tok, day, actor_table)
        if not sources and doer is not None and doer is not src_tok:
            # "a partial mobilization of reservists" names no one; who announced it does
            sources = self._actor(doer, ctx.mention_at)
            src_tok = doer if sources else src_tok
        tgt_tok: Token | None = tgt_toks[0] if tgt_toks else None
        targets: list[str] = []
        # Best first: the phrases named by the parse; then phrases attached to them
        # ("threatened to cut ties with Georgia", "rejected a proposal from Baku"); the
        # actor's own forces last ("lent its engineers to Mali": Mali is the one acted on).
        # A named place among the candidates beats the own forces too ("withdraw its troops
        # from Niger": the state below is taken from the place).
        own_forces = [t for t in tgt_toks if _own_phrase(t)]
        conditions = [t for t in tgt_toks if _condition_subject(t)]
        ranked = [t for t in tgt_toks if t not in own_forces and t not in conditions] + \
            _attached_parties(tgt_toks, trigger.type) + conditions
        for tok in ranked:
            if tok.head.lower_ == "at" and tok.i not in ctx.mention_at:
                continue  # "met at the home of X": a venue, not a participant
            targets = [t for t in self._actor(tok, ctx.mention_at) if t not in sources]
            if targets:
                tgt_tok = tok
                break
        placed = next((t for t in ranked if t.head.lower_ != "at" and self._place_in(t, ctx)),
                      None) if not targets and own_forces else None
        if placed is not None:
            tgt_tok = placed  # coded to the place's state below
        elif not targets:
            # "tariffs against Chinese steel", "rejected a Qatari proposal": the
            # state whose things are acted on
            targets = self._owner_state(ranked, ctx, sources, day, actor_table)
        for tok in own_forces if not targets and placed is None else []:
            targets = [t for t in self._actor(tok, ctx.mention_at) if t not in sources]
            if targets:
                tgt_tok = tok
                break
        if not sources and src_tok is not None and src_tok.lower_ in SUBJECT_PRONOUNS:
            # "Norway said it had frozen the funds": the pronoun is the one who says so
            sources = self._actor(_saying_subject(src_tok.head), ctx.mention_at)
            targets = [t for t in targets if t not in sources]
        mutual = src_tok is not None and (src_tok.head.lower_ == "between" or (
            cand.head.pos_ == "NOUN" and cand.head.head.lemma_.lower() in MUTUAL_VERBS
            and src_tok.head == cand.head.head))
        if (trigger.reciprocal or mutual) and len(sources) > 1 and not targets:
            sources, targets = sources[:1], sources[1:2]
        if trigger.reciprocal and trigger.type == "CONSULT" and not targets:
            return []  # "the council met overnight": no second party, no consultation
        if trigger.swap_roles:
            sources, targets = targets, sources
        mod = modality_of(cand.head, self.lex.cues)
        speaker = self._speaker(cand.head, ctx) if _obligation(cand.head) else []
        if speaker:
            obliged = self._actor(subject(clause_verb(cand.head)), ctx.mention_at)
            if not set(speaker) & set(obliged or sources):
                # "a Dutch minister said Serbia must extradite the general": a demand, by
                # the speaker, of the actor who must act
                sources, targets = speaker, obliged or sources or targets
            else:
                speaker = []
        if not (sources or targets or ctx.named(src_tok) or ctx.named(tgt_tok)):
            return []
        countries = {aid: a["country"] for aid, a in actor_table.items()}
        place = self.places.event_place(cand.head, sent, ctx.place_at, sources + targets,
                                        countries)
        inner = self._place_in(tgt_tok, ctx) if not targets else None
        if inner is not None and self.country_actor:
            # "struck positions in southern Lebanon": the state whose ground was acted on
            record = self.country_actor(inner["country"], inner.get("capital", False), day)
            if record is not None and record["id"] not in sources:
                actor_table.setdefault(record["id"], record)
                targets = [record["id"]]
        if not targets and place and place.get("attached") and place.get("country") \
                and self.country_actor:
            # "lifted a curfew in Montenegro", "arrived in Amman": with no named recipient,
            # the state where it happens is the one acted on
            record = self.country_actor(place["country"], place.get("capital", False), day)
            if record is not None and record["id"] not in sources:
                actor_table.setdefault(record["id"], record)
                targets = [record["id"]]
        home = (place or {}).get("country") or next(
            (actor_table[a]["country"] for a in sources + targets
             if actor_table.get(a, {}).get("in_kb") and actor_table[a]["country"]), None)
        own = next((actor_table[a]["country"] for a in sources
                    if actor_table.get(a, {}).get("country")), None)
        # "Kenyan officials said their troops had withdrawn": the speaker's own forces
        sayer = self._actor(_saying_subject(src_tok.head), ctx.mention_at) \
            if _own_phrase(src_tok) and src_tok is not None else []
        owner = next((actor_table[a]["country"] for a in sayer
                      if actor_table.get(a, {}).get("country")), None)
        sources = [_localize(a, owner or home, actor_table) for a in sources]
        # "Turkey reinforced its troops in Syria": "its" is the actor's own, wherever;
        # "police dispersed demonstrators" with no place: the demonstrators are domestic
        targets = [_localize(a, own if (_own_phrase(tgt_tok) or not home) and own else home,
                             actor_table) for a in targets]
        kind, mode, cameo = trigger.type, trigger.mode, trigger.cameo
        modality = mod.value
        for recode in (cand.recode, trigger.future if mod.value == "predicted" else None):
            if recode is not None:
                kind, mode = recode.type or kind, recode.mode or mode
                cameo = recode.cameo or cameo
        intent = mod.cue is not None and mod.cue.lemma_.lower() in self.lex.cues.intent_governors
        # "said they would sign the deal if ...": a conditional offer is still an offer
        offer = mod.value == "hypothetical" and mod.cue is not None and \
            mod.cue.lower_ == "would" and clause_verb(cand.head).dep_ == "ccomp"
        if kind in COOPERATIVE and mod.cue is not None and (
                mod.value == "predicted" or intent or offer):
            # "Norway will give Malawi a loan", "Chad is willing to pull out": the event
            # coded is the commitment, which the text asserts
            kind, mode, cameo, modality = "AGREE", None, COOPERATIVE[kind], "asserted"
        if kind in COOPERATIVE and mod.value == "negated" and any(
                c.dep_ == "aux" and c.lower_ in self.lex.cues.predicted_modals
                for c in cand.head.children):
            # "Poland will not take in more migrants": refusing a future cooperative act is a
            # rejection (CAMEO 12), which the text asserts
            kind, mode, cameo, modality = "REJECT", None, "12", "asserted"
        if speaker:
            kind, mode, cameo, modality = "REQUEST", None, "10", "asserted"
        elif kind in CONFLICTUAL and mod.value in ("predicted", "hypothetical") and (
                intent or self._announced(cand.head)):
            # "Ghana announced that it will pull out its battalion", "plans to impose
            # restrictions": an actor's own announced hostile act is a threat (CAMEO 13)
            mode = "violence" if kind == "ASSAULT" else None
            kind, cameo, modality = "THREATEN", CONFLICTUAL[kind], "asserted"
        force = ctx.sector_of.get((targets or sources or [""])[0])
        mode = dict(trigger.sector_modes).get(force or "", mode)
        time = self._time(sent, self._dates.get(sent.start, []), cand.head, day, mod)
        trig_span = doc[cand.start:cand.end]
        ends = [trig_span.start_char, trig_span.end_char] + [
            x for tok in (src_tok, tgt_tok) if tok is not None
            for x in (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))]
        ends = [x for x in ends if sent.start_char <= x <= sent.end_char]
        return [{
            "plover_type": kind, "plover_mode": mode, "cameo_code": cameo,
            "intensity": self.lex.intensity(cameo), "source_actor": source,
            "target_actor": target, "modality": modality,
            "modality_cue": _char_span(mod.cue) if mod.cue is not None else None,
            "time": time, "place": place, "span": (min(ends), max(ends)),
            "trigger": (trig_span.start_char, trig_span.end_char),
            "sentence": (sent.start_char, sent.end_char),
            "confidence": 0.7 if source and target else 0.55,
        } for source in _or_none(sources) for target in _or_none(targets)]

    def _speaker(self, trigger: Token, ctx: _Context) -> list[str]:
        """Actors of the subject of the verb of saying that embeds the trigger's clause
        ("Lavrov said that ...", "Macron sent a warning to Algeria that ...")."""
        tok = clause_verb(trigger)
        while tok.dep_ in ("ccomp", "xcomp", "acl", "acomp") and tok.head.i != tok.i:
            tok = tok.head
            if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
                return self._actor(subject(tok.head), ctx.mention_at)
            if tok.lemma_.lower() in self.lex.cues.reporting_verbs | {"reiterate", "insist",
                                                                     "stress", "warn"}:
                return self._actor(subject(tok), ctx.mention_at)
        return []

    def _announced(self, trigger: Token) -> bool:
        """Is the trigger's clause what someone announced or said they would do?"""
        tok = clause_verb(trigger)
        while tok.dep_ in ("ccomp", "xcomp") and tok.head.i != tok.i:
            tok = tok.head
            if tok.lemma_.lower() in self.lex.cues.reporting_verbs | {"warn", "threaten"}:
                return True
        return False

    def _demonym_state(self, tok: Token | None, day: dt.date,
                       actor_table: dict[str, dict[str, Any]]) -> list[str]:
        """"Israeli airstrikes", "a Turkish drone attack": the nationality word on an event
        noun names the state that acts."""
        if tok is None or tok.dep_ not in ("amod", "compound") or self.demonym is None or \
                self.country_actor is None:
            return []
        iso = self.demonym(tok.text)
        record = self.country_actor(iso, False, day) if iso else None
        if record is None:
            return []
        actor_table.setdefault(record["id"], record)
        return [record["id"]]

    def _owner_state(self, candidates: list[Token], ctx: _Context, sources: list[str],
                     day: dt.date, actor_table: dict[str, dict[str, Any]]) -> list[str]:
        """The state a nationality word on a candidate names, as an actor."""
        if self.demonym is None or self.country_actor is None:
            return []
        for tok in candidates:
            for child in tok.children:
                if child.dep_ not in ("amod", "compound") or child.i in ctx.mention_at:
                    continue
                iso = self.demonym(child.text)
                record = self.country_actor(iso, False, day) if iso else None
                if record is not None and record["id"] not in sources:
                    actor_table.setdefault(record["id"], record)
                    return [record["id"]]
        return []

    @staticmethod
    def _place_in(tok: Token | None, ctx: _Context) -> dict[str, Any] | None:
        """A place with a country inside an unresolved target phrase."""
        if tok is None:
            return None
        for sub in tok.subtree:
            place = ctx.place_at.get(sub.i)
            if place is not None and place.get("country"):
                return dict(place)
        return None

    @staticmethod
    def _time(sent: Span, dates: list[Span], trigger: Token, day: dt.date,
              mod: Modality) -> dict[str, Any] | None:
        """The date expression of the trigger's clause (else of its sentence), normalised;
        without one, a past-tense event lies before publication."""
        verb = clause_verb(trigger)
        tense = "future" if mod.value == "predicted" else (
            "past" if verb.tag_ in ("VBD", "VBN") else "present")
        # "ERBIL, Feb. 2 (Gulf Wire) -": the dateline dates the story, not the event
        story = [e for e in dates if _in_dateline(e, sent)]
        dates = [e for e in dates if e not in story] + story
        near = [e for e in dates if attached(e.root, {trigger.i, verb.i}) and e not in story]
        for ent in near + dates:
            value = normalize_time(ent.text, day, tense)
            if value is not None:
                return {"text": ent.text, "start": value.start.isoformat(),
                        "end": value.end.isoformat(), "precision": value.precision}
        if tense == "past" and mod.value in ("asserted", "reported"):
            return {"text": None, "start": None, "end": day.isoformat(), "precision": None}
        return None


def _attached_parties(tokens: list[Token], kind: str) -> list[Token]:
    """Noun phrases hanging off the target candidates, two prepositions deep: the party to a
    relation ("ties with X", "tariffs against X", "a blow to X"), the owner of what
    is acted on ("X's decision", "X's embassy"), the author of a proposal that is accepted or
    refused ("an offer from X", "calls by X"), the one who must do what is demanded ("an
    apology by X"), the place a force leaves ("withdrawal of its force from X") and the parties
    to talks or a dispute ("mediation among X and Y")."""
    found: list[Token] = []
    # (and of the things listed with them: "fired rockets and mortars at X")
    frontier = list(tokens) + [c for t in tokens for c in t.conjuncts if c.pos_ == "NOUN"]
    for _ in range(2):
        deeper: list[Token] = []
        for tok in frontier:
            proposal = tok.lemma_.lower() in PROPOSAL_NOUNS
            extra = {"from", "by"} if proposal else set()
            extra |= {"by"} if kind in CLAUSE_TARGET else set()
            extra |= {"from"} if kind == "RETREAT" else set()
            if ({tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children
                                        if c.dep_ == "compound"}) & PARTY_NOUNS:
                extra |= {"between", "among"}  # "a dialogue among the clans"
            for child in tok.children:
                if child.dep_ == "prep" and (child.lower_ in TARGET_PREPS - {"at"} or
                                             child.lower_ in extra):
                    deeper.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "poss" and child.tag_ != "PRP$":
                    deeper.append(child)  # whose decision, embassy or plan it is
        found += deeper
        frontier = deeper
    return found


def _doer(noun: Token, start: int | None = None) -> Token | None:
    """The subject of the verb an event noun depends on: a light verb's object ("launched an
    attack", "declared a state of emergency"), a phrase with "on" ("arrived on a visit",
    "went on strike", "remained on alert") or a gathering "for" it ("converged for a rally")."""
    anchor = noun
    if start is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
            start <= noun.head.head.i < noun.i:
        anchor = noun.head.head  # the first word of a multi-word trigger
    if anchor.dep_ == "pobj" and anchor.head.head.pos_ in ("VERB", "AUX") and (
            anchor.head.lower_ == "on" or anchor.head.lower_ == "for" and
            anchor.head.head.lemma_.lower() in GATHERING_VERBS):
        return subject(anchor.head.head)
    if _imposed_as(anchor) is not None:
        return subject(anchor.head.head)
    if anchor.dep_ in ("dobj", "nsubjpass") and anchor.head.lemma_.lower() in LIGHT_VERBS:
        verb = anchor.head
        while verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "agent")
                                               for c in verb.children):
            verb = verb.head  # "plans to impose restrictions": who plans
        found = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return found or (next((c for c in agent.children if c.dep_ == "pobj"), None)
                         if agent else None)
    return None


def _imposed_as(noun: Token) -> Token | None:
    """The object of "put X under curfew", "used X as human shields": the one the event noun
    is done to."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("under", "as") or \
            prep.head.lemma_.lower() not in IMPOSING_VERBS:
        return None
    return next((c for c in prep.head.children if c.dep_ == "dobj"), None)


def _condition_subject(tok: Token) -> bool:
    """Is this the subject of an if/unless clause (a last resort for the target)?"""
    clause = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and clause.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children)


def _obligation(trigger: Token) -> bool:
    """Does "must" or "should" bind the trigger's clause ("X must withdraw", "X must be
    ready to negotiate")?"""
    tok = clause_verb(trigger)
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "acomp") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _complement_objects(verb: Token) -> list[Token]:
    """Objects of the infinitive complements and purpose clauses of a verb (or of a noun's
    infinitive), and of theirs ("offered to return to Armenia ...", "set out to retake X",
    "its readiness to talk to X")."""
    found: list[Token] = []
    frontier = [verb]
    for _ in range(2):
        comps = [c for tok in frontier for c in tok.children if c.dep_ == "xcomp" or (
            c.dep_ in ("advcl", "acl") and any(a.tag_ == "TO" for a in c.children))]
        for comp in comps:
            found.extend(c for c in comp.children if c.dep_ in ("dobj", "dative"))
            found.extend(o for p in comp.children if p.dep_ == "prep"
                         and p.lower_ in TARGET_PREPS for o in p.children if o.dep_ == "pobj")
        frontier = comps
    return found


def _saying_subject(verb: Token) -> Token | None:
    """The subject of the verb whose that-clause holds `verb` ("X said (that) it ...")."""
    tok = verb
    while tok.dep_ in ("aux", "auxpass", "xcomp", "conj") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "ccomp" or tok.head.i == tok.i:
        return None
    saying = tok.head
    if saying.dep_ == "pcomp" and saying.head.lower_ == "as" and \
            not any(c.dep_ == "nsubj" for c in saying.children):
        saying = saying.head.head  # "the minister was quoted as saying she would": the minister
    return next((c for c in saying.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _in_dateline(ent: Span, sent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end:min(ent.end + 3, len(doc))]
    return ent.start - sent.start <= 6 and any(
        t.text in ("(", "/", "—", "–", "-") for t in after)


def _own_phrase(tok: Token | None) -> bool:
    return tok is not None and any(c.dep_ == "poss" and c.lower_ in ("its", "their")
                                   for c in tok.children)


def _localize(aid: str, iso: str | None, table: dict[str, dict[str, Any]]) -> str:
    """A group the text gives no nationality ("demonstrators", "gunmen") is taken to be of the
    country where the event happens, else of the state acting on it (the usual event-data
    convention); the actor is copied under its new code."""
    actor = table.get(aid)
    if iso is None or actor is None or actor["in_kb"] or actor["country"] \
            or iso in ("UNO", "EUR", "IGO") or "foreign" in actor["name"].lower():
        return aid
    slug = aid.split("-", 2)[-1]
    new_id = f"{iso.lower()}-{(actor['sector'] or 'unk').lower()}-{slug}"
    if new_id not in table:
        sector = actor["sector"]
        table[new_id] = {**actor, "id": new_id, "country": iso,
                         "cameo_code": iso + (sector or "")}
    return new_id


def _or_none(ids: list[str]) -> list[str | None]:
    return list(ids) if ids else [None]


def _char_span(tok: Token) -> tuple[int, int]:
    return tok.idx, tok.idx + len(tok.text)
