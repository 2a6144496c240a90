"""The PLOVER trigger lexicon (lexicon.yaml), the CAMEO → Goldstein table (goldstein.csv) and the
modality cue lists (modality.yaml), loaded once per process."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import KBError

HERE = Path(__file__).parent
PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
# In "the X of Y", Y is who acts for these types ("movements of the PMF", "the withdrawal of
# US troops") and who is acted on for the others ("the nomination of Maliki").
OF_IS_SOURCE = frozenset({"MOBILIZE", "RETREAT", "PROTEST", "CONCEDE"})


@dataclass(frozen=True)
class Recode:
    """A replacement type/mode/code (for `embedded` and `future`)."""

    type: str | None
    mode: str | None
    cameo: str | None


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: what a trigger word codes to, and the constraints on using it
    (their meaning is documented at the top of lexicon.yaml)."""

    id: str
    type: str
    mode: str | None
    cameo: str | None
    object_required: bool = False
    exclude_objects: frozenset[str] = frozenset()
    reciprocal: bool = False
    object_any: tuple[str, ...] = ()
    subject_any: tuple[str, ...] = ()
    exclude_subjects: tuple[str, ...] = ()
    context_any: frozenset[str] = frozenset()
    exclude_context: frozenset[str] = frozenset()
    embedded: tuple[tuple[str, Recode], ...] = ()
    future: Recode | None = None
    swap_roles: bool = False
    sector_modes: tuple[tuple[str, str], ...] = ()
    yields_to_object: bool = False

    @property
    def positive(self) -> bool:
        """Does the entry say where it applies (and so wins over a plain entry)?"""
        return bool(self.object_any or self.subject_any or self.context_any)

    def recode_embedded(self, kind: str, mode: str | None) -> Recode | None:
        table = dict(self.embedded)
        return table.get(f"{kind}/{mode}") or table.get(kind)


@dataclass(frozen=True)
class ModalityCues:
    hypothetical_modals: frozenset[str]
    predicted_modals: frozenset[str]
    intent_governors: frozenset[str]
    predicted_governors: frozenset[str]
    irrealis_governors: frozenset[str]
    negating_governors: frozenset[str]
    conditional_marks: frozenset[str]
    reporting_verbs: frozenset[str]
    source_nouns: frozenset[str]
    hearsay_adverbs: frozenset[str]
    figurative_copulas: frozenset[str]


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[tuple[str, ...], tuple[Trigger, ...]]
    longest_noun: int
    goldstein: dict[str, float]
    cues: ModalityCues

    def intensity(self, cameo: str | None) -> float | None:
        """Goldstein score of a CAMEO code, falling back to its shorter parent codes."""
        code = cameo or ""
        while code:
            if code in self.goldstein:
                return self.goldstein[code]
            code = code[:-1]
        return None


def _trigger(raw: dict[str, Any], where: str) -> Trigger:
    if raw.get("type") not in PLOVER_TYPES:
        raise KBError(f"{where}: unknown PLOVER type {raw.get('type')!r}")
    cameo = raw.get("cameo")
    if cameo is not None and not str(cameo).isdigit():
        raise KBError(f"{where}: cameo {cameo!r} is not a CAMEO code")
    def words(key: str) -> tuple[str, ...]:
        return tuple(" ".join(str(w).replace("-", " ").split()) for w in raw.get(key) or [])

    def recode(value: dict[str, Any]) -> Recode:
        kind = value.get("type")
        if kind is not None and kind not in PLOVER_TYPES:
            raise KBError(f"{where}: unknown PLOVER type {kind!r}")
        code = value.get("cameo")
        return Recode(kind, value.get("mode"), None if code is None else str(code))

    return Trigger(
        id=str(raw["id"]), type=raw["type"], mode=raw.get("mode") or None,
        cameo=None if cameo is None else str(cameo),
        object_required=bool(raw.get("object_required", False)),
        exclude_objects=frozenset(words("exclude_objects")),
        reciprocal=bool(raw.get("reciprocal", False)),
        object_any=words("object_any"), subject_any=words("subject_any"),
        exclude_subjects=words("exclude_subjects"),
        context_any=frozenset(words("context_any")),
        exclude_context=frozenset(words("exclude_context")),
        embedded=tuple((k, recode(v)) for k, v in (raw.get("embedded") or {}).items()),
        future=recode(raw["future"]) if raw.get("future") else None,
        swap_roles=bool(raw.get("swap_roles", False)),
        sector_modes=tuple((raw.get("sector_modes") or {}).items()),
        yields_to_object=bool(raw.get("yields_to_object", False)))


def _read_goldstein(path: Path) -> dict[str, float]:
    rows = (line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    table = {}
    for row in csv.DictReader(rows):
        table[row["cameo"].strip()] = float(row["goldstein"])
    return table


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    """Read and check the three data files; an error names the file and the entry."""
    path = HERE / "lexicon.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[tuple[str, ...], list[Trigger]] = defaultdict(list)
    for i, raw in enumerate(entries):
        trigger = _trigger(raw, f"{path.name}: entry {i} ({raw.get('id', '?')})")
        for verb in raw.get("verbs") or []:
            verbs[" ".join(str(verb).lower().split())].append(trigger)
        for noun in raw.get("nouns") or []:
            nouns[tuple(str(noun).lower().replace("-", " ").split())].append(trigger)
    cues_raw = yaml.safe_load((HERE / "modality.yaml").read_text(encoding="utf-8"))
    cues = ModalityCues(**{k: frozenset(str(w) for w in v) for k, v in cues_raw.items()})
    goldstein = _read_goldstein(HERE / "goldstein.csv")
    return EventLexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        longest_noun=max((len(k) for k in nouns), default=1),
        goldstein=goldstein, cues=cues)
