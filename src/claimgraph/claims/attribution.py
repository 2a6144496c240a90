"""Who claims what: attributed statements found in the dependency parse.

Each claim has a source (who says it), a cue (the words that mark attribution), a content span
(what is claimed), a source type, a certainty and the author's stance. The finders run from the
most to the least specific form (direct quotes, appeals to an authority, verbs of saying, nouns
of saying, "according to", adverbs such as "reportedly"); a content already claimed is not
claimed again. A sentence nobody is said to say is the author's own claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from claimgraph.claims.cues import LEVELS, ClaimCues, Cue, Hits, weaker

_OPEN_QUOTES = {"“": "”", "``": "''", "«": "»"}
_STRAIGHT = {'"'}
_FIRST_PERSON = frozenset({"i", "we"})
# Sectors of state bodies: an unnamed institution of the state speaks as an official source.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


@dataclass
class Found:
    """A claim in token positions (turned into characters at the end)."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_type: str
    speaker: str | None
    certainty: str
    stance: str
    cue_entry: Cue | None = None


class ClaimFinder:
    def __init__(self, cues: ClaimCues) -> None:
        self.cues = cues
        self.hits = Hits({})
        self.speakers: set[int] = set()
        self.cue_sents: set[int] = set()

    def __call__(self, doc: Doc, actors: dict[str, Any]) -> list[dict[str, Any]]:
        mention_at: dict[int, dict[str, Any]] = {}
        for m in actors["mentions"]:
            mention_at.update((i, m) for i in range(m["token_start"], m["token_end"]))
        table = actors["actors"]
        self.hits = self.cues.scan(doc)
        self.speakers = set(mention_at)
        quotes = _quotes(doc)
        inside = {i for s, e in quotes for i in range(s, e)}
        found: list[Found] = []
        for finder in (self._quoted, self._authority, self._speech_verbs, self._speech_nouns,
                       self._according, self._adverbial):
            for claim in finder(doc, quotes, inside):
                if not any(_overlap(claim.content, f.content) > 0.5 for f in found):
                    found.append(claim)
        self.cue_sents = {doc[f.cue[0]].sent.start for f in found if f.cue}
        for claim in found:
            self._type_source(doc, claim, mention_at, table)
            self._grade(doc, claim, inside)
        found.extend(self._author_claims(doc, found, inside))
        found.sort(key=lambda f: f.content[0])
        return [_record(doc, f) for f in found]

    # ---------------------------------------------------------------- finders
    def _quoted(self, doc: Doc, quotes: list[tuple[int, int]],
                inside: set[int]) -> Iterable[Found]:
        """'"...," X said.' / 'X said: "..."' / multi-sentence quotes."""
        for start, end in quotes:
            if end - start < 4:
                continue  # a scare-quoted word or title, not a statement
            verb = self._speaker_verb(doc, start, end, inside)
            if verb is None:
                continue
            entry = self._verb_entry(verb)
            source = self._source_of(verb)
            yield Found("quote", _trim(doc, start, end), (verb.i, verb.i + 1),
                        _range(source), "named", None, entry.certainty if entry else "certain",
                        "neutral", entry)

    def _speaker_verb(self, doc: Doc, start: int, end: int, inside: set[int]) -> Token | None:
        after = doc[min(end + 1, len(doc) - 1)].sent
        for tok in doc[end + 1:after.end]:
            if tok.i in inside:
                break
            if self._verb_entry(tok) is not None:
                return tok
        if start >= 2:
            before = doc[start - 2].sent
            for tok in reversed(doc[before.start:start - 1]):
                if tok.i in inside:
                    break
                if self._verb_entry(tok) is not None:
                    return tok
        return None

    def _verb_entry(self, tok: Token) -> Cue | None:
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        lemma = tok.lemma_.lower()
        for child in tok.children:
            if child.dep_ in ("prt", "prep"):
                entry = self.cues.speech_verbs.get(f"{lemma} {child.lower_}")
                if entry is not None:
                    return entry
        return self.cues.speech_verbs.get(lemma)

    def _speech_verbs(self, doc: Doc, quotes: list[tuple[int, int]],
                      inside: set[int]) -> Iterable[Found]:
        for tok in doc:
            if tok.i in inside:
                continue
            entry = self._verb_entry(tok)
            if entry is None:
                continue
            content = self._verb_content(tok, entry)
            if content is None:
                continue
            source = self._source_of(tok)
            if source is None or source.dep_ == "expl" or not self._can_speak(source):
                continue  # "the nomination reveals the depth of the crisis": the author's own
            yield Found("speech", content, (tok.i, tok.i + 1), _range(source), "named", None,
                        entry.certainty, "neutral", entry)

    def _verb_content(self, verb: Token, entry: Cue) -> tuple[int, int] | None:
        doc = verb.doc
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is not None:
            return _subtree(comp)
        if entry.object:
            for prep in (c for c in verb.children if c.dep_ == "prep"
                         and c.lower_ in ("of", "about")):
                obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None and self.cues.speech_verbs.get(
                        f"{verb.lemma_.lower()} {prep.lower_}") is not None:
                    return _subtree(obj)
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.pos_ != "PRON":
                return _subtree(obj)
        if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
            # "The strike, officials said, hit a school": the clause around the aside
            head = verb.head
            skip = {t.i for t in verb.subtree}
            tokens = [t.i for t in head.subtree if t.i not in skip and not t.is_punct]
            if tokens:
                return _trim(doc, min(tokens), max(tokens) + 1)
        return None

    @staticmethod
    def _source_of(verb: Token) -> Token | None:
        """The subject of a verb of saying, the 'by' agent of a passive, or the subject of the
        verb it hangs from ('issued a statement saying ...', 'told reporters, adding ...')."""
        tok: Token | None = verb
        for _ in range(4):
            if tok is None:
                return None
            subject = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
            if subject is None:
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                if agent is not None:
                    subject = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if subject is not None:
                return subject
            if tok.dep_ in ("advcl", "acl", "xcomp", "conj", "dobj", "pobj", "prep") \
                    and tok.head.i != tok.i:
                tok = tok.head
            else:
                return None
        return None

    def _speech_nouns(self, doc: Doc, quotes: list[tuple[int, int]],
                      inside: set[int]) -> Iterable[Found]:
        """'the ministry's claim that ...', 'a statement by the army that ...'."""
        for tok in doc:
            entry = self.cues.speech_nouns.get(tok.lemma_.lower())
            if entry is None or tok.pos_ != "NOUN" or tok.i in inside:
                continue
            clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            if clause is None:
                continue
            source = next((c for c in tok.children if c.dep_ == "poss"), None)
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in
                         ("by", "from", "of")):
                source = source or next((c for c in prep.children if c.dep_ == "pobj"), None)
            if source is None and tok.dep_ in ("dobj", "nsubjpass"):
                source = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            yield Found("speech_noun", _subtree(clause), (tok.i, tok.i + 1), _range(source),
                        "named", None, entry.certainty, "neutral", entry)

    def _according(self, doc: Doc, quotes: list[tuple[int, int]],
                   inside: set[int]) -> Iterable[Found]:
        """'According to X, ...' / '..., as reported by X.'"""
        for hit in self.hits.all("according_to"):
            entry = self.cues.according_to[hit.text.lower()]
            last = doc[hit.end - 1]
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if obj is None and hit.end < len(doc):
                obj = doc[hit.end] if doc[hit.end].pos_ in ("NOUN", "PROPN", "PRON") else None
            if obj is None:
                continue
            src = _subtree(obj)
            if entry.strict and not (obj.ent_type_ or self._source_noun(obj)):
                continue  # "per cent", "citing security concerns"
            content = _rest_of_sentence(doc, hit.start, max(src[1], hit.end))
            if content is not None:
                yield Found("according", content, (hit.start, hit.end), src, "named", None,
                            entry.certainty, entry.stance or "neutral", entry)

    def _adverbial(self, doc: Doc, quotes: list[tuple[int, int]],
                   inside: set[int]) -> Iterable[Found]:
        """'reportedly', 'it is believed that', 'is said to': attributed to no one in
        particular."""
        for hit in self.hits.all("adverbial"):
            if hit.start in inside:
                continue
            entry = self.cues.adverbial[hit.text.lower()]
            sent = hit.sent
            content = _trim(doc, sent.start, sent.end)
            if hit.start == sent.start or doc[hit.start - 1].is_punct and \
                    hit.start - 1 == sent.start:
                content = _trim(doc, hit.end, sent.end)
            yield Found("adverbial", content, (hit.start, hit.end), None,
                        entry.source_type or "unnamed_report", None, entry.certainty,
                        "neutral", entry)

    def _authority(self, doc: Doc, quotes: list[tuple[int, int]],
                   inside: set[int]) -> Iterable[Found]:
        """'... confirms the long-standing assessment of X: <content>', 'As X has long
        warned, <content>': the author adopts the claim and lends it X's authority."""
        for tok in doc:
            if tok.pos_ != "VERB" or tok.i in inside or not (
                    tok.lemma_.lower() in self.cues.authority_verbs or any(
                        f"{tok.lemma_.lower()} {c.lower_}" in self.cues.authority_verbs
                        for c in tok.children if c.dep_ == "prt")):
                continue
            noun = next((c for c in tok.children if c.dep_ == "dobj"
                         and c.lemma_.lower() in self.cues.authority_nouns), None)
            if noun is None:
                continue
            source = next((c for c in noun.children if c.dep_ == "poss"), None)
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                source = source or next((c for c in prep.children if c.dep_ == "pobj"), None)
            src = _range(source)
            if src is None:
                continue
            # "the assessment of X that <content>"; the parser may hang the clause on X
            clause = next((c for c in noun.subtree if c.dep_ in ("acl", "ccomp", "relcl")
                           and any(m.dep_ == "mark" and m.lower_ == "that"
                                   for m in c.children)), None)
            if clause is not None:
                src = (src[0], min(src[1], clause.left_edge.i))
            content = _subtree(clause) if clause is not None else _after_colon(doc, src[1])
            if content is None or content[0] < src[1] and clause is None:
                continue
            yield Found("authority", content, (tok.i, src[1]), src, "named", None,
                        "certain", "endorses", None)
        for hit in self.hits.all("authority"):
            verb = doc[hit.end - 1]
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            comma = next((t.i for t in doc[hit.end:hit.sent.end] if t.text == ","), None)
            if comma is None:
                continue
            content = _trim(doc, comma + 1, hit.sent.end)
            yield Found("authority", content, (hit.start, hit.end), _range(subject), "named",
                        None, "certain", "endorses", None)

    def _author_claims(self, doc: Doc, found: list[Found], inside: set[int]) -> list[Found]:
        """Sentences with a finite clause that nobody else is said to say."""
        covered = {i for f in found for a, b in (f.content, f.cue or (0, 0)) for i in range(a, b)}
        out = []
        for sent in doc.sents:
            words = [t for t in sent if not (t.is_punct or t.is_space)]
            if len(words) < 4 or sent.text.rstrip().endswith("?") or any(
                    t.i in covered or t.i in inside for t in words):
                continue
            root = sent.root
            if root.pos_ not in ("VERB", "AUX") or not any(
                    c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children):
                continue
            out.append(Found("author", _trim(doc, sent.start, sent.end), None, None, "author",
                             None, self._hedged(doc, sent.start, sent.end, "certain"),
                             "endorses"))
        return out

    def _can_speak(self, tok: Token) -> bool:
        """Can this subject be a source: a person, body, place standing for its government,
        a pronoun for one, or a source noun ("sources", "reports", "officials")?"""
        if tok.pos_ == "PRON":
            return tok.lower_ in ("i", "we", "he", "she", "they", "it", "you", "who")
        return bool(tok.pos_ == "PROPN" or tok.ent_type_ or self._source_noun(tok)
                    or tok.i in self.speakers
                    or self.hits.within("source_nouns", tok.left_edge.i, tok.right_edge.i + 1))

    # ---------------------------------------------------------------- typing
    def _source_noun(self, tok: Token) -> str | None:
        return self.cues.source_nouns.get(tok.lower_) or self.cues.source_nouns.get(
            tok.lemma_.lower())

    def _type_source(self, doc: Doc, claim: Found, mention_at: dict[int, dict[str, Any]],
                     table: dict[str, Any]) -> None:
        """named, official, anonymous, unnamed_report or document, from the source phrase
        (rules in cues.yaml, section source_nouns)."""
        if claim.source is None:
            return
        span = doc[claim.source[0]:claim.source[1]]
        head = span.root
        mention = mention_at.get(head.i)
        actor = table.get(mention["actor_id"]) if mention and mention["actor_id"] else None
        claim.speaker = actor["id"] if actor else None
        phrase_types = [self.cues.source_nouns[h.text.lower()]
                        for h in self.hits.within("source_nouns", span.start, span.end)]
        # "spokesman Avi Dror": a name at the head outranks the title noun before it
        head_type = self._source_noun(head) or (
            next(iter(phrase_types), None) if head.pos_ != "PROPN" else None)
        modifiers = {self.cues.source_modifiers[h.text.lower()]
                     for h in self.hits.within("source_modifiers", span.start, span.end)}
        person = head.ent_type_ == "PERSON" or bool(actor and actor["kind"] == "person") or any(
            t.ent_type_ == "PERSON" and t.head.i == head.i for t in span)
        if head.lower_ in _FIRST_PERSON and claim.kind != "quote":
            claim.source_type = "author"
        elif person:  # "spokesman Avi Dror said"
            claim.source_type = "named"
        elif "anonymous" in modifiers and head_type != "document":
            claim.source_type = "anonymous"
        elif head.lemma_.lower() == "intelligence" and any(
                t.ent_type_ in ("GPE", "NORP") for t in span):
            claim.source_type = "official"  # "Ukraine's military intelligence": a state agency
        elif head_type is not None:
            if "document" in modifiers and head_type in ("document", "unnamed_report"):
                head_type = "document"
            elif "official" in modifiers and head_type == "unnamed_report":
                head_type = "official"
            claim.source_type = head_type
        elif mention is not None and mention["label"] == "GPE":
            claim.source_type = "named"  # "Moscow says", "Iran denied"
        elif actor and actor.get("sector") in _STATE_SECTORS:
            claim.source_type = "official"  # "the Israeli army", "Taiwan's coast guard"
        elif actor or head.pos_ in ("PROPN", "PRON") or head.ent_type_ or any(
                t.ent_type_ == "ORG" and t.dep_ == "appos" for t in span):
            claim.source_type = "named"
        else:
            claim.source_type = "anonymous"

    def _grade(self, doc: Doc, claim: Found, inside: set[int]) -> None:
        """Certainty from the cue, lowered by hedges; stance from the cue and from what the
        author says around the claim."""
        spans = [s for s in (claim.source, claim.cue, claim.content) if s]
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        claim.certainty = self._hedged(doc, start, end, claim.certainty)
        if claim.kind == "authority":
            return
        cue_level = claim.cue_entry.certainty if claim.cue_entry else "certain"
        # "footage appears to show ...": a hedge between the source and the cue undoes the
        # cue's commitment
        cue_from = min(claim.cue[0], claim.source[1]) if claim.cue and claim.source else (
            claim.cue[0] if claim.cue else 0)
        if claim.cue_entry and claim.cue_entry.stance and claim.cue and \
                self._hedged(doc, cue_from, claim.cue[1], "certain") == "certain" and \
                LEVELS.index(cue_level) >= LEVELS.index("probable"):
            claim.stance = claim.cue_entry.stance
        sent = doc[claim.content[0]].sent
        window = [(sent.start, sent.end)]
        if sent.end < len(doc) and sent.end not in self.cue_sents:
            # the author's next sentence ("The reality is entirely different."), unless it
            # reports someone else's claim itself
            window.append((sent.end, doc[sent.end].sent.end))
        last_dispute = last_endorse = -1
        for a, b in window:
            for name in ("dispute", "endorse"):
                for hit in self.hits.within(name, a, b):
                    if claim.content[0] <= hit.start < claim.content[1] or hit.start in inside:
                        continue
                    if name == "dispute":
                        last_dispute = max(last_dispute, hit.start)
                    else:
                        last_endorse = max(last_endorse, hit.start)
        if last_dispute > last_endorse:
            claim.stance = "disputes"
        elif last_endorse > -1:
            claim.stance = "endorses"

    def certainty_score(self, doc: Doc, start: int, end: int) -> float:
        """An ordinal certainty of any stretch of text, for ranking sentences: the weakest
        cue's level (doubted 1 .. certain 4), a little lower for each further hedge and a
        little higher for each booster of an unhedged text."""
        self.hits = self.cues.scan(doc)
        levels = [LEVELS.index(self.cues.certainty[h.text.lower()]) + 1
                  for h in self.hits.within("certainty", start, end)
                  if not (len(h) == 1 and h.text.lower() in ("may", "might", "could", "must")
                          and h[0].tag_ != "MD")]
        hedges = [v for v in levels if v < 4]
        if hedges:
            return min(hedges) - 0.2 * (len(hedges) - 1)
        return 4 + 0.2 * len(levels)

    def _hedged(self, doc: Doc, start: int, end: int, level: str) -> str:
        for hit in self.hits.within("certainty", start, end):
            if len(hit) == 1 and hit.text.lower() in ("may", "might", "could", "must") \
                    and hit[0].tag_ != "MD":
                continue
            level = weaker(level, self.cues.certainty[hit.text.lower()])
        return level


def rely_on_sources(claims: list[dict[str, Any]]) -> None:
    """In an opinion piece, unnamed sources, reports and documents that the author cites
    without hedge or dispute are the author's evidence: the author endorses them. (A news
    reporter relays the same cues neutrally; named speakers are often quoted to be answered.)"""
    for claim in claims:
        if claim["author_stance"] == "neutral" and claim["source_type"] in (
                "anonymous", "unnamed_report", "document") and claim["certainty"] in (
                "certain", "probable"):
            claim["author_stance"] = "endorses"


# -------------------------------------------------------------------- helpers
def _quotes(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges inside quotation marks (marks excluded), curly or straight; straight
    marks pair up within a paragraph."""
    out: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for tok in doc:
        text = tok.text
        if "\n\n" in tok.text_with_ws or tok.is_space and "\n" in text:
            opened = None if opened and opened[0] in _STRAIGHT else opened
        if opened is None:
            if text in _OPEN_QUOTES or text in _STRAIGHT:
                opened = (text, tok.i)
        elif text == _OPEN_QUOTES.get(opened[0]) or (opened[0] in _STRAIGHT and text == opened[0]):
            if tok.i - opened[1] > 1:
                out.append((opened[1] + 1, tok.i))
            opened = None
    return out


def _subtree(tok: Token) -> tuple[int, int]:
    return _trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


def _range(tok: Token | None) -> tuple[int, int] | None:
    """A noun phrase's extent, cut at clause punctuation on either side of its head ("In
    parallel with X, field reports", "the vision of the NCRI: <content>")."""
    if tok is None:
        return None
    doc = tok.doc
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    for i in range(tok.i - 1, start - 1, -1):
        if _breaks(doc[i], ",:;—–"):
            start = i + 1
            break
    for i in range(tok.i + 1, end):
        if _breaks(doc[i], ":;—–"):
            end = i
            break
    return _trim(doc, start, end)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation, quote marks and conjunctions at either edge."""
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space
                               or doc[start].lower_ in ("that", "and", "but")):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _rest_of_sentence(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The larger part of the sentence outside [start, end)."""
    sent = doc[start].sent
    before, after = start - sent.start, sent.end - end
    if max(before, after) < 3:
        return None
    return _trim(doc, sent.start, start) if before >= after else _trim(doc, end, sent.end)


def _breaks(tok: Token, marks: str) -> bool:
    """A punctuation token carrying one of the marks (the tokenizer keeps "):" whole)."""
    return tok.is_punct and any(m in tok.text for m in marks)


def _after_colon(doc: Doc, start: int) -> tuple[int, int] | None:
    sent = doc[start].sent
    colon = next((t.i for t in doc[start:sent.end] if _breaks(t, ":—–")), None)
    if colon is None or sent.end - colon < 4:
        return None
    return _trim(doc, colon + 1, sent.end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(1, min(a[1] - a[0], b[1] - b[0]))


def _chars(doc: Doc, pair: tuple[int, int] | None) -> tuple[int, int] | None:
    if pair is None:
        return None
    span = doc[pair[0]:pair[1]]
    return span.start_char, span.end_char


def _record(doc: Doc, f: Found) -> dict[str, Any]:
    return {"kind": f.kind, "content": _chars(doc, f.content), "cue": _chars(doc, f.cue),
            "source": _chars(doc, f.source), "source_type": f.source_type,
            "speaker_actor": f.speaker, "certainty": f.certainty, "author_stance": f.stance}
