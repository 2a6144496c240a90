"""How an event is known: asserted, reported, hypothetical, predicted, negated or figurative.

Read off the parse around the trigger: its own negation and modal auxiliaries, then the chain of
clauses that embed it ("sources say that ...", "plans to ...", "denied ..."), then sentence-level
hearsay markers ("according to", "reportedly"). A noun trigger takes the modality of the clause
it sits in ("Maliki's return may be the spark" is hypothetical).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from claimgraph.events.lexicon import ModalityCues

_NOUN_UP = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "compound", "conj",
                      "appos", "amod", "npadvmod", "oprd", "dative", "agent", "acl", "poss"})
_EMBED = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "csubj"})


@dataclass(frozen=True)
class Modality:
    """The modality and the word that decided it (None for a plain assertion)."""

    value: str
    cue: Token | None = None


def clause_verb(trigger: Token) -> Token:
    """The verb of the clause a (noun) trigger belongs to; the trigger itself for verbs."""
    tok = trigger
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ in _NOUN_UP and tok.head is not tok \
            and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _figurative(trigger: Token, cues: ModalityCues) -> Token | None:
    """'it is a declaration of war', 'it represents a desperate attempt': a noun event named
    as what something *is* is the author's metaphor, not an event."""
    if trigger.pos_ != "NOUN":
        return None
    tok = trigger
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("attr", "dobj", "acomp", "oprd") and head.lemma_.lower() in \
            cues.figurative_copulas:
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ in ("PRON", "DET") or subject.ent_type_ == "":
            return head
    return None


def _own(verb: Token, cues: ModalityCues) -> Modality | None:
    """Negation, modals and conditions attached to one verb."""
    negation = next((c for c in verb.children if c.dep_ == "neg"), None)
    if negation is not None:  # "will not attack" is a denial of the future act, not a forecast
        return Modality("negated", negation)
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "aux" and word in cues.hypothetical_modals:
            return Modality("hypothetical", child)
        if child.dep_ == "aux" and word in cues.predicted_modals:
            return Modality("predicted", child)
        if child.dep_ == "mark" and word in cues.conditional_marks:
            return Modality("hypothetical", child)
        if child.dep_ == "advmod" and word in cues.hearsay_adverbs:
            return Modality("reported", child)
    return None


def _reporting(verb: Token, cues: ModalityCues) -> bool:
    if verb.lemma_.lower() in cues.reporting_verbs:
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lemma_.lower() in cues.source_nouns


_OBSERVING = frozenset({"report", "claim", "allege", "monitor", "document", "record", "observe"})
_WITNESSING = frozenset({"describe", "see", "witness", "hear", "recount", "film", "photograph"})
# Sources who are people can also be the ones who act.
_PEOPLE = frozenset({"official", "analyst", "observer", "monitor", "activist", "resident",
                     "witness"})


def _hearsay_object(verb: Token, cues: ModalityCues) -> bool:
    """An event named as the object of an observation ("reports monitored movements of the
    PMF", "witnesses described the shelling"), not of its own actor's act ("X announced the
    nomination of Y")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    lemma = verb.lemma_.lower()
    if subject is not None and subject.lemma_.lower() in _PEOPLE:
        return lemma in _OBSERVING | _WITNESSING  # "officials held talks": their own act
    if subject is not None and subject.lemma_.lower() in cues.source_nouns:
        return True
    return lemma in _OBSERVING


def _future_in_past(verb: Token, found: Modality, cues: ModalityCues) -> Modality:
    """"Iran said it would reopen the embassy": reported speech moves "will" to "would", so
    there it announces, unless a condition comes with it ("would sign if ...")."""
    if found.value != "hypothetical" or found.cue is None or found.cue.lower_ != "would" or \
            verb.dep_ != "ccomp" or not _reporting(verb.head, cues):
        return found
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditional_marks
                                     for m in c.children) for c in verb.children):
        return found
    return Modality("predicted", found.cue)


def modality_of(trigger: Token, cues: ModalityCues) -> Modality:
    """Decide the modality of the event whose trigger is `trigger`."""
    figure = _figurative(trigger, cues)
    if figure is not None:
        return Modality("figurative", figure)
    if trigger.pos_ == "NOUN":
        det = next((c for c in trigger.children if c.dep_ == "det" and c.lower_ == "no"), None)
        if det is not None:
            return Modality("negated", det)
    verb = clause_verb(trigger)
    found = _own(verb, cues)
    if found is not None:
        return _future_in_past(verb, found, cues)
    tok = verb
    while tok.head.i != tok.i and (tok.dep_ in _EMBED or tok.dep_ in _NOUN_UP):
        governor = tok.head
        lemma = governor.lemma_.lower()
        if governor.pos_ not in ("VERB", "AUX", "ADJ"):
            tok = governor  # through "a launching pad for supporting ..." to its clause
            continue
        if tok.dep_ in ("xcomp", "ccomp", "acl", "pcomp"):
            if lemma in cues.negating_governors:
                return Modality("negated", governor)
            if lemma in cues.predicted_governors:
                return Modality("predicted", governor)
            if lemma in cues.irrealis_governors:
                return Modality("hypothetical", governor)
            if _reporting(governor, cues) and tok.dep_ == "ccomp":
                return Modality("reported", governor)
        found = _own(governor, cues)
        if found is not None:
            return found
        tok = governor
    if verb is not trigger and trigger.dep_ in ("dobj", "pobj") and _hearsay_object(verb, cues):
        return Modality("reported", verb)  # "field reports have monitored movements of ..."
    for tok in trigger.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            return Modality("reported", tok)
        if tok.dep_ == "advmod" and tok.lower_ in cues.hearsay_adverbs:
            return Modality("reported", tok)
    return Modality("asserted")
