"""Doc-level actor resolution: KB entities, generic agents, metonymy and in-document coreference.

Runs after NER. Noun phrases come first, so that "the Iraqi prime minister" or "American
soldiers" are taken whole (title or generic agent) before their "Iraqi" / "American" parts are
seen as entities; then the remaining entities; then anaphors ("the regime") that need what came
before them. Results are plain dicts on the Doc so that they survive multiprocessing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.actors.context import is_agentive, link_anaphora
from claimgraph.actors.gazetteer import Gazetteer
from claimgraph.actors.kb import Entry, KnowledgeBase
from claimgraph.actors.lexicon import AgentLexicon
from claimgraph.actors.normalize import norm_key, possessive_stem

_SKIP_DEPS = frozenset({"det", "predet", "punct", "case", "nummod", "quantmod"})
_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class _State:
    """What one document has resolved so far."""

    doc: Doc
    day: dt.date
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)
    local_aliases: dict[str, str | None] = field(default_factory=dict)
    countries: Counter[str] = field(default_factory=Counter)

    def free(self, start: int, end: int) -> bool:
        return not any(i in self.covered for i in range(start, end))


class ActorResolver:
    """Finds actor mentions in a parsed Doc and links them to KB or generic actors."""

    def __init__(self, kb: KnowledgeBase, lexicon: AgentLexicon, gazetteer: Gazetteer) -> None:
        self.kb = kb
        self.lex = lexicon
        self.gaz = gazetteer
        self._by_surname: dict[str, list[Entry]] = {}
        self._name_words: dict[str, set[str]] = {}

    # ----------------------------------------------------------------- entry point
    def __call__(self, doc: Doc, day: dt.date) -> dict[str, Any]:
        st = _State(doc, day)
        for ent in doc.ents:
            iso = self._ent_country(ent)
            if iso:
                st.countries[iso] += 1
        for chunk in doc.noun_chunks:
            self._chunk(st, chunk)
        for ent in doc.ents:
            if ent.label_ in _ENT_LABELS and st.free(ent.start, ent.end):
                self._entity(st, ent)
        st.mentions.sort(key=lambda m: m["start"])
        link_anaphora(doc.text, st.mentions, st.actors)
        st.places.sort(key=lambda p: p["start"])
        return {"actors": st.actors, "mentions": st.mentions, "places": st.places}

    # ----------------------------------------------------------------- actors
    def _kb_actor(self, st: _State, entry: Entry) -> str:
        """Register a KB actor for this document, its sector taken at the publication date."""
        if entry.id not in st.actors:
            st.actors[entry.id] = kb_actor_record(entry, st.day)
        return entry.id

    def _generic_actor(self, st: _State, iso: str | None, sector: str | None, head: str,
                       kind: str = "group") -> str:
        slug = "-".join(norm_key(head).split()) or "agent"
        aid = f"{(iso or 'xxx').lower()}-{(sector or 'unk').lower()}-{slug}"
        if aid not in st.actors:
            rec = self.kb.countries.get(iso or "")
            prefix = f"{rec.demonyms[0]} " if rec and rec.demonyms and kind == "group" else ""
            st.actors[aid] = {"id": aid, "name": f"{prefix}{head}".strip(), "kind": kind,
                              "country": iso, "sector": sector,
                              "cameo_code": _cameo(iso, sector), "wikidata": None,
                              "in_kb": False, "aliases": [], "roles": []}
        return aid

    def _agentive(self, root: Token) -> bool:
        return is_agentive(self.lex.metonymy, root)

    def _choose(self, st: _State, ids: list[str]) -> Entry:
        """Pick among KB actors sharing an alias: the document's countries, then office held."""
        entries = [self.kb.actors[i] for i in ids]
        if len(entries) == 1:
            return entries[0]

        def score(e: Entry) -> tuple[int, int, int]:
            in_office = any(r.holds_on(st.day) for r in e.roles)
            return (st.countries.get(e.country or "", 0), int(in_office), -ids.index(e.id))

        return max(entries, key=score)

    def _add_mention(self, st: _State, start: int, end: int, actor_id: str | None,
                     label: str, score: float) -> None:
        span = st.doc[start:end]
        st.mentions.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                            "actor_id": actor_id, "label": label, "score": score,
                            "token_start": start, "token_end": end})
        st.covered.update(range(start, end))

    def _add_place(self, st: _State, span: Span, name: str, iso: str | None,
                   dateline: bool = False, capital: bool = False) -> None:
        geo = self.gaz.find(name)
        if geo is not None and iso is not None and geo.country != iso:
            geo = None  # a namesake elsewhere ("Tripoli" in Lebanon vs Libya)
        st.places.append({
            "start": span.start_char, "end": span.end_char, "text": span.text,
            "name": geo.name if geo else name, "country": iso or (geo.country if geo else None),
            "lat": geo.lat if geo else None, "lon": geo.lon if geo else None,
            "gazetteer_id": geo.gazetteer_id if geo else None, "dateline": dateline,
            "capital": capital,
        })
        st.covered.update(range(span.start, span.end))

    # ----------------------------------------------------------------- countries
    def _ent_country(self, ent: Span) -> str | None:
        """The country an entity names or belongs to (demonym, capital, KB actor, city)."""
        pid = ent.ent_id_
        if pid[:4] in ("cap:", "dem:") or pid.startswith("seat:"):
            return pid.split(":", 1)[1]
        if pid.startswith("key:"):
            ids = self.kb.by_key.get(pid[4:], [])
            return self.kb.actors[ids[0]].country if ids else None
        text = possessive_stem(ent.text)
        key = norm_key(text)
        if key in self.kb.demonyms:
            return self.kb.demonyms[key]
        found = self.kb.by_key.get(key)
        if found:
            return self.kb.actors[found[0]].country
        if ent.label_ in _PLACE_LABELS:
            geo = self.gaz.find(text)
            if geo:
                return geo.country
        if ent.label_ != "PERSON":
            return next((c for c in map(self._token_country, ent) if c), None)
        return None

    def _country_of(self, tokens: list[Token], head: Token) -> tuple[str | None, Entry | None]:
        """Country (and KB actor, if one) named by modifiers or by an of/in/from phrase."""
        candidates = [t for t in tokens if t.ent_type_ or t.pos_ == "PROPN"]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "at", "to"):
                candidates.extend(t for t in child.children if t.dep_ == "pobj")
        for tok in candidates:
            ent = _ent_of(tok)
            if ent is None:
                iso = self._token_country(tok)
                if iso:
                    return iso, None
                continue
            if ent.ent_id_.startswith("key:"):
                ids = self.kb.by_key.get(ent.ent_id_[4:], [])
                if ids:
                    entry = self.kb.actors[ids[0]]
                    if entry.kind not in ("country", "person"):
                        return entry.country, entry
                    if entry.kind == "country":
                        return entry.country, None
            iso = self._ent_country(ent)
            if iso:
                return iso, None
        return None, None

    # ----------------------------------------------------------------- noun phrases
    def _chunk(self, st: _State, chunk: Span) -> None:
        head = chunk.root
        toks = [t for t in chunk if t.dep_ not in _SKIP_DEPS and t.i <= head.i
                and not t.is_punct]
        owner = None
        for poss in [c for c in head.children
                     if c.dep_ == "poss" and c.pos_ == "NOUN" and not c.ent_type_]:
            # "the Lebanese president's office": the possessor is an agent phrase of its own,
            # and the office belongs to the possessor's country
            sub = [t for t in poss.subtree if t.dep_ not in _SKIP_DEPS and not t.is_punct]
            owner = self._phrase(st, sub, poss)
            toks = [t for t in toks if t not in sub]
        owner_iso = st.actors[owner]["country"] if owner else None
        self._phrase(st, toks, head, owner_iso)

    def _phrase(self, st: _State, toks: list[Token], head: Token,
                owner_iso: str | None = None) -> str | None:
        """Resolve one agent noun phrase; returns the actor id it was linked to."""
        if not toks or not st.free(toks[0].i, head.i + 1):
            return None
        ent = _ent_of(head)
        if ent is not None and ent.ent_id_.startswith("dem:") and head.pos_ in ("NOUN", "PROPN"):
            return self._demonym_noun(st, toks, head, ent)
        if ent is not None:
            return None
        found = self.lex.match_tail(toks)
        if found is None:
            return None
        noun, size = found
        mods = toks[:-size]
        shared = self._coordinated(st, toks, head, mods, noun.institution, noun.sector, size)
        if shared is not None:
            return shared
        # "ethnic Albanian guerrillas" names a people, not a state: only a place they live in
        # ("... of southern Serbia") gives one
        ethnic = any(t.lower_ == "ethnic" for t in mods)
        iso, via = self._country_of([] if ethnic else mods, head)
        iso = iso or owner_iso
        sector = self.lex.modifier_sector([t.lower_ for t in mods]) or noun.sector
        start, end = toks[0].i, head.i + 1
        if noun.equipment and iso is None:
            return None
        actor = self._phrase_actor(st, toks, head, toks[-size:], noun.institution, iso, via,
                                   sector)
        if actor == "":
            return None
        if noun.institution and iso:
            end = self._absorb_seat(st, head, iso, end)
        self._add_mention(st, start, end, actor, "AGENT", 0.75 if actor else 0.4)
        return actor

    def _coordinated(self, st: _State, toks: list[Token], head: Token, mods: list[Token],
                     institution: bool, sector: str | None, size: int) -> str | None:
        """'The Iraqi and Iranian foreign ministers', 'Hamas and Fatah officials': one noun
        shared by coordinated owners is one group per owner. Each owner but the last gets a
        mention of its own words; the last one's mention runs to the noun."""
        first = next((t for t in mods if t.head == head and t.dep_ in ("amod", "nmod", "compound")
                      and any(c.dep_ == "conj" for c in t.children)), None)
        if first is None:
            return None
        owners = [first, *sorted(first.conjuncts, key=lambda t: t.i)]
        rest = [t for t in mods if t not in owners and t.dep_ != "cc" and t.i > owners[-1].i]
        actors: list[tuple[Token, str]] = []
        for owner in owners:
            iso, via = self._country_of([owner], head)
            if iso is None and via is None:
                return None  # "senior and junior officials": not owners
            actor = self._phrase_actor(st, [owner, *rest, *toks[-size:]], head, toks[-size:],
                                       institution, iso, via,
                                       self.lex.modifier_sector([t.lower_ for t in rest]) or
                                       sector)
            if not actor:
                return None
            actors.append((owner, actor))
        if len({a for _, a in actors}) < 2:
            return None
        for owner, actor in actors[:-1]:
            ent = _ent_of(owner)
            start, end = (ent.start, ent.end) if ent is not None else (owner.i, owner.i + 1)
            self._add_mention(st, start, end, actor, "AGENT", 0.7)
        last, actor = actors[-1]
        ent = _ent_of(last)
        self._add_mention(st, ent.start if ent is not None else last.i, head.i + 1, actor,
                          "AGENT", 0.7)
        return actor

    def _phrase_actor(self, st: _State, toks: list[Token], head: Token, tail: list[Token],
                      institution: bool, iso: str | None, via: Entry | None,
                      sector: str | None) -> str | None:
        """The actor of an agent noun phrase; '' means 'not an actor mention after all'."""
        former = self.lex.modifier_sector([t.lower_ for t in toks[:-1]]) == "ELI"
        part_of = None if former else self._part_of(st, head, toks)
        if part_of:
            return part_of
        if institution and via is not None and via.kind == "government":
            return self._kb_actor(st, via)
        if institution and iso:
            entry = self.kb.actors.get(f"{iso.lower()}-{'gov' if sector == 'GOV' else 'mil'}")
            if entry is not None and sector in ("GOV", "MIL"):
                return self._kb_actor(st, entry)
        titles = self.lex.titles.get(tuple(t.lemma_.lower() for t in tail)) or \
            self.lex.titles.get(tuple(t.lower_ for t in tail))
        current = not any(t.lower_ in self.lex.not_current for t in toks)
        if titles and iso and current and head.tag_ in ("NN", "NNP") and not _indefinite(head):
            for title in titles:
                holders = self.kb.holders(title, iso, st.day)
                if holders:
                    return self._kb_actor(st, holders[0])
        if institution and not iso:
            # "the regime" is resolved by _anaphora; "a regime" names no one in particular
            return None if _definite_bare(toks, head) else ""
        if iso is None and via is None and sector is None:
            return ""
        ethnic = any(t.lower_ == "ethnic" for t in toks)  # the people's name stays in it
        name = " ".join(t.text for t in toks if (not _ent_of(t) or ethnic and t.ent_type_ ==
                                                 "NORP") and t.pos_ not in ("PRON", "CCONJ"))
        return self._generic_actor(st, iso, sector, name or head.text)

    def _part_of(self, st: _State, head: Token, toks: list[Token]) -> str | None:
        """'generals of the Quds Force', 'IRGC elements' -> the organisation itself."""
        if head.lemma_.lower() not in self.lex.part_nouns:
            return None
        objs = [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                for t in c.children if t.dep_ == "pobj"]
        for tok in objs + [t for t in toks if t.dep_ in ("compound", "poss", "nmod")
                           or t.dep_ == "conj" and t.head.dep_ in ("compound", "nmod")]:
            ent = _ent_of(tok)
            if ent is not None and ent.ent_id_.startswith("key:"):
                entry = self._choose(st, self.kb.by_key.get(ent.ent_id_[4:], []) or [""]) \
                    if self.kb.by_key.get(ent.ent_id_[4:]) else None
                if entry is not None and entry.kind not in ("country", "person"):
                    if tok.dep_ == "pobj":
                        self._add_mention(st, ent.start, ent.end, self._kb_actor(st, entry),
                                          ent.label_, 0.95)
                    return self._kb_actor(st, entry)
        # "Framework leaders", "Popular Mobilization fighters": a shortened name of one KB
        # organisation, whether NER saw a name there or not
        names = [t for t in toks if t.dep_ == "compound" and t.pos_ == "PROPN"
                 and (not t.ent_type_ or t.ent_type_ == "ORG" and not t.ent_id_)]
        if names and names[-1].i - names[0].i == len(names) - 1:
            entry = self._name_part(" ".join(t.text for t in names))
            if entry is not None:
                return self._kb_actor(st, entry)
        return None

    def _name_part(self, text: str) -> Entry | None:
        """The one KB organisation whose name or alias begins or ends with these words."""
        key = norm_key(text)
        if not self._name_words:
            for name_key, ids in self.kb.by_key.items():
                words = name_key.split()
                for n in range(1, len(words)):
                    for part in (" ".join(words[:n]), " ".join(words[n:])):
                        self._name_words.setdefault(part, set()).update(ids)
        found = {i for i in self._name_words.get(key, set())
                 if self.kb.actors[i].kind not in ("person", "country")}
        return self.kb.actors[found.pop()] if len(found) == 1 else None

    def _absorb_seat(self, st: _State, head: Token, iso: str, end: int) -> int:
        """'the regime in Tehran': the capital belongs to the government phrase, not a place."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                for obj in child.children:
                    ent = _ent_of(obj)
                    if ent is not None and ent.ent_id_ in (f"cap:{iso}", f"seat:{iso}"):
                        return ent.end
        return end

    def _demonym_noun(self, st: _State, toks: list[Token], head: Token, ent: Span) -> str:
        """'Iraqis', 'ordinary Kazakhs': the population of a country."""
        iso = ent.ent_id_.split(":", 1)[1]
        mods = [t for t in toks if t not in ent]
        sector = self.lex.modifier_sector([t.lower_ for t in mods])
        home = next((self.kb.demonyms[norm_key(t.text)] for t in mods
                     if norm_key(t.text) in self.kb.demonyms), None) or \
            self._country_of([], head)[0]  # "the Serbs of northern Kosovo"
        if home and home != iso or any(t.lower_ == "ethnic" for t in mods):
            # "ethnic Albanians", "Bosnian Serbs": a people living in a state, coded to that
            # state when the text names it, else to where the event happens
            actor = self._generic_actor(st, home if home != iso else None, sector or "CVL",
                                        " ".join(t.text for t in toks), kind="population")
        elif sector is None:
            actor = self._kb_actor(st, self.kb.actors[iso.lower()])
        else:
            actor = self._generic_actor(st, iso, sector, head.text)
        self._add_mention(st, toks[0].i, head.i + 1, actor, "NORP", 0.8)
        return actor

    # ----------------------------------------------------------------- entities
    def _entity(self, st: _State, ent: Span) -> None:
        pid = ent.ent_id_
        if pid.startswith("key:"):
            self._kb_entity(st, ent, pid[4:])
        elif pid.startswith(("cap:", "seat:")):
            iso = pid.split(":", 1)[1]
            if self._agentive(ent.root) and not _dateline(ent):
                gov = self.kb.actors[f"{iso.lower()}-gov"]
                self._add_mention(st, ent.start, ent.end, self._kb_actor(st, gov), "GPE", 0.85)
            elif pid.startswith("cap:") or self.gaz.find(ent.text):
                self._add_place(st, ent, ent.text, iso, dateline=_dateline(ent),
                                capital=pid.startswith("cap:"))
        elif pid.startswith("dem:"):
            return  # adjectival demonym outside an agent phrase: not an actor
        else:
            self._ner_entity(st, ent)

    def _kb_entity(self, st: _State, ent: Span, key: str) -> None:
        ids = self.kb.by_key.get(key, [])
        local = st.local_aliases.get(key)
        entry = self.kb.actors[local] if local in self.kb.actors else self._choose(st, ids)
        if entry.kind == "country" and not self._agentive(ent.root):
            self._add_place(st, ent, entry.name, entry.country)
            return
        owner = self._owner_country(ent)
        if owner and entry.country and owner != entry.country and entry.kind not in (
                "person", "country"):
            # "Chile's Defense Department" is not the Pentagon: same kind of body, other state
            found = self.lex.match_tail(ent)
            sector = found[0].sector if found else entry.sector
            actor = self._generic_actor(st, owner, sector, ent.text, kind="organization")
            self._add_mention(st, ent.start, ent.end, actor, ent.label_, 0.6)
            return
        self._remember(st, ent, entry.id)
        self._add_mention(st, ent.start, ent.end, self._kb_actor(st, entry), ent.label_, 0.95)
        self._role_in_text(st, ent, entry)

    def _ner_entity(self, st: _State, ent: Span) -> None:
        text = possessive_stem(ent.text)
        key = norm_key(text)
        if key in st.local_aliases:
            self._add_mention(st, ent.start, ent.end, st.local_aliases[key], ent.label_, 0.8)
            return
        ids = self.kb.by_key.get(key)
        if ids and ent.label_ != "NORP":
            self._kb_entity(st, ent, key)
            return
        geo = self.gaz.find(text) if ent.label_ in _PLACE_LABELS else None
        short = self._short_form(st, key) if ent.label_ != "PERSON" and geo is None else None
        if short:
            self._add_mention(st, ent.start, ent.end, short, "ORG", 0.7)
            return
        agent_like = self.lex.match_tail(ent)
        if ent.label_ in _PLACE_LABELS and (geo or not (agent_like and agent_like[0].sector)):
            # NER calls some units places ("the 25th Brigades"); an agent noun overrules it
            self._add_place(st, ent, text, geo.country if geo else None)
            return
        if ent.label_ == "NORP":
            return
        if geo is None and ent.label_ in ("PERSON", "ORG") and not self._agentive(ent.root):
            geo = self.gaz.find(text)
            if geo is not None:
                # "near al-Qaim", "in Erbil": NER said person or organisation, grammar says place
                self._add_place(st, ent, text, geo.country)
                return
        if ent.label_ == "PERSON":
            actor = self._surname(st, ent) or self._titled_person(st, ent)
            self._remember(st, ent, actor)
            self._add_mention(st, ent.start, ent.end, actor, "PERSON", 0.7 if actor else 0.5)
            return
        found = self.lex.match_tail(ent)
        actor = None
        if found is not None:
            iso = next((self._token_country(t) for t in ent if self._token_country(t)), None)
            iso = iso or self._owner_country(ent)
            outside = [c for c in ent.root.children if c.dep_ == "amod" and c not in ent]
            sector = self.lex.modifier_sector([t.lower_ for t in outside]) or found[0].sector
            actor = self._generic_actor(st, iso, sector, text, kind="organization")
        self._remember(st, ent, actor)
        self._add_mention(st, ent.start, ent.end, actor, ent.label_, 0.6 if actor else 0.5)

    def _owner_country(self, ent: Span) -> str | None:
        """The country named by a possessive or modifier attached to an entity."""
        mods = [t for c in ent.root.children if c.dep_ in ("poss", "amod", "compound")
                and c not in ent for t in c.subtree]
        return self._country_of(mods, ent.root)[0]

    def _token_country(self, tok: Token) -> str | None:
        """Country of a single capitalised word that names a place ("Dehli police")."""
        key = norm_key(tok.text)
        if not key or not (tok.pos_ == "PROPN" or (tok.is_title and tok.dep_ in (
                "compound", "amod", "nmod"))):
            return None
        # inside a longer name a city's name cut short is no city ("Rapid", GeoNames' short
        # form of Rapid City, in "Rapid Support fighters"; but "Oxford University")
        geo = self.gaz.find(tok.text)
        inside = any(t.pos_ == "PROPN" for t in tok.doc[max(tok.i - 1, 0):tok.i + 2]
                     if t.i != tok.i)
        if geo is not None and inside and tok.ent_type_ not in _PLACE_LABELS and \
                norm_key(geo.name).startswith(key + " "):
            geo = None
        return self.kb.demonyms.get(key) or self.kb.capitals.get(key) or (
            geo.country if geo else None)

    def _surname(self, st: _State, ent: Span) -> str | None:
        """A surname alone refers to the person named in full earlier in the document."""
        last = norm_key(ent[-1].text)
        for mention in reversed(st.mentions):
            aid = mention["actor_id"]
            actor = st.actors.get(aid or "")
            if actor and actor["kind"] == "person" and (
                    norm_key(actor["name"]).split()[-1:] == [last]
                    or norm_key(mention["text"]).split()[-1:] == [last]):
                return str(aid)
        return None

    def _short_form(self, st: _State, key: str) -> str | None:
        """'the Framework' after 'the Coordination Framework': the last words of a name used
        earlier in the document."""
        for mention in reversed(st.mentions):
            actor = st.actors.get(mention["actor_id"] or "")
            if actor and actor["in_kb"] and actor["kind"] not in ("person", "country"):
                name = norm_key(actor["name"])
                if name != key and name.endswith(" " + key):
                    return str(actor["id"])
        return None

    def _titled_person(self, st: _State, ent: Span) -> str | None:
        """An unknown person with a title before or in apposition takes its country and sector."""
        phrases: list[list[Token]] = []
        before = _title_before(ent)
        if before:
            phrases.append(before)
        root = ent.root
        for other in [root.head] + list(root.children):
            if (other.dep_ == "appos" or root.dep_ == "appos") and other not in ent:
                phrases.append([t for t in other.subtree if t.i < other.i + 1])
        of_place = [o for c in ent.root.children if c.dep_ == "prep" and c.lower_ == "of"
                    for o in c.children if o.dep_ == "pobj" and _ent_of(o) is not None]
        for toks in phrases:
            found = self.lex.match_tail(toks)
            if found and found[0].sector:
                # "Bulgarian President X", "King Y of Morocco"
                iso = next((self._ent_country(e) for e in _ents_in(toks) + [
                    e for o in of_place for e in [_ent_of(o)] if e is not None]
                            if self._ent_country(e)), None)
                iso = iso or self._office_country(ent, toks)
                return self._generic_actor(st, iso, found[0].sector, ent.text, kind="person")
        return None

    def _office_country(self, ent: Span, title: list[Token]) -> str | None:
        """'President Bush': which of several KB namesakes is meant may be unclear, but when
        every one of them who held that title did so in one country, that is the country."""
        if not self._by_surname:
            for entry in self.kb.actors.values():
                if entry.kind == "person" and entry.roles:
                    self._by_surname.setdefault(norm_key(entry.name).split()[-1], []).append(
                        entry)
        states = {self.kb.actors[r.org].country if r.org in self.kb.actors else None
                  for e in self._by_surname.get(norm_key(ent[-1].text), [])
                  for r in e.roles if _names_title(title, r.title)}
        return states.pop() if len(states) == 1 else None

    def _role_in_text(self, st: _State, ent: Span, entry: Entry) -> None:
        """'U.N. Secretary-General Kofi Annan': a title the text gives a KB person names the role
        they act in, whatever the publication date (undated and archive articles)."""
        before = _title_before(ent)
        if entry.kind != "person" or not before or any(
                t.lower_ in self.lex.not_current for t in before):
            return
        roles = [r for r in entry.roles if _names_title(before, r.title)]
        if len({r.sector for r in roles}) == 1:
            record = st.actors[entry.id]
            record["sector"] = roles[0].sector
            record["cameo_code"] = entry.cameo or _cameo(entry.country, roles[0].sector)

    def _remember(self, st: _State, ent: Span, actor: str | None) -> None:
        """'Popular Mobilization Forces (PMF)': the bracketed acronym names the same actor."""
        doc = st.doc
        if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            acronym = doc[ent.end + 1].text
            if acronym.isupper() and _is_acronym(acronym, ent.text):
                st.local_aliases[norm_key(acronym)] = actor


def kb_actor_record(entry: Entry, day: dt.date) -> dict[str, Any]:
    """A KB actor as it goes into a document's actor table (plain values)."""
    sector = entry.sector_on(day) if entry.kind == "person" else entry.sector
    return {"id": entry.id, "name": entry.name, "kind": entry.kind, "country": entry.country,
            "sector": sector, "cameo_code": entry.cameo or _cameo(entry.country, sector),
            "wikidata": entry.wikidata, "in_kb": True, "aliases": entry.aliases,
            "roles": [r.model_dump(exclude={"sector"}) for r in entry.roles]}


def _cameo(country: str | None, sector: str | None) -> str | None:
    if country is None and sector is None:
        return None
    return (country or "") + (sector or "")


def _ent_of(tok: Token) -> Span | None:
    """The entity a token is part of (index built once per Doc, kept until the next Doc)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    if _ENT_INDEX.get("doc") is not doc:
        _ENT_INDEX.clear()
        _ENT_INDEX["doc"] = doc
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                _ENT_INDEX[i] = ent
    return _ENT_INDEX.get(tok.i)


_ENT_INDEX: dict[Any, Any] = {}


def _title_before(ent: Span) -> list[Token]:
    """The words just before a name in its own phrase ("Bulgarian President" in "Libyan leader
    X and Bulgarian President Y"): stops at punctuation, a conjunction or another person."""
    words: list[Token] = []
    for tok in reversed(ent.doc[max(ent.start - 6, ent.sent.start):ent.start]):
        if tok.is_punct and tok.text not in ("-", ".") or tok.pos_ == "CCONJ" or \
                tok.ent_type_ == "PERSON":
            break
        words.insert(0, tok)
    while words and (words[0].is_punct or words[0].dep_ in _SKIP_DEPS):
        words = words[1:]
    return words


def _names_title(words: list[Token], title: str) -> bool:
    """Do these words include the office title ("U.N. Secretary-General" has
    "Secretary-General")?"""
    return f" {norm_key(title)} " in f" {norm_key(' '.join(t.text for t in words))} "


def _ents_in(toks: list[Token]) -> list[Span]:
    seen: dict[int, Span] = {}
    for tok in toks:
        ent = _ent_of(tok)
        if ent is not None:
            seen[ent.start] = ent
    return list(seen.values())


def _dateline(ent: Span) -> bool:
    """'BAGHDAD, Feb. 3 (Wire) —': the place a report is filed from opens its first line."""
    doc = ent.doc
    at_line_start = ent.start == 0 or "\n" in doc[ent.start - 1].whitespace_ + doc[
        ent.start - 1].text
    follows = doc[ent.end].text if ent.end < len(doc) else ""
    return at_line_start and ent.text.isupper() and follows in (",", "(", "—", "-", "–")


def _indefinite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "some", "another")
               for c in head.children)


def _definite_bare(toks: list[Token], head: Token) -> bool:
    return len(toks) == 1 and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _is_acronym(acronym: str, long_form: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", long_form)
                       if w[0].isupper())
    return acronym.upper() == initials.upper() or acronym.upper() in initials.upper()
