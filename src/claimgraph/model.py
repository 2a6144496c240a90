"""The data model: the output contract of ../shared/DESIGN.md and the source of the JSON Schema.

Field names here are what evaluation scripts and downstream tools read; add fields, never rename.
Every object that comes from the text carries a `Span` of character offsets into `document.text`
(Python string indices, end exclusive).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["asserted", "reported", "hypothetical", "predicted", "negated", "figurative"]
SourceType = Literal["author", "named", "official", "anonymous", "unnamed_report", "document"]
Certainty = Literal["certain", "probable", "possible", "doubted"]
AuthorStance = Literal["endorses", "neutral", "disputes"]
Precision = Literal["day", "week", "month", "season", "year"]
# news report | opinion/analysis | press release/official statement | state media
Genre = Literal["news_report", "opinion", "press_release", "state_media"]
TechniqueLabel = Literal[
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt",
    "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling",
    "Repetition", "Slogans", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Characters [start, end) of the document text, with the text they cover."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Document(_Model):
    """The analysed document and its metadata."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str = "en"
    genre: Genre | None = None
    frames: list[str] = []
    text_sha256: str
    text: str


class Role(_Model):
    """A dated office of a person, as the KB knows it."""

    title: str
    org: str | None = None
    start: str | None = None
    end: str | None = None


class Actor(_Model):
    """A resolved actor: from the KB (`in_kb`) or built from the text (demonym, role noun)."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    cameo_code: str | None = None
    wikidata: str | None = None
    in_kb: bool
    aliases: list[str] = []
    roles: list[Role] = []


class Mention(_Model):
    """A stretch of text that names an actor; `actor_id` is null when nothing resolves it."""

    span: Span
    actor_id: str | None = None
    label: str
    score: float = Field(ge=0.0, le=1.0)


class Place(_Model):
    """A place named in the text, with gazetteer coordinates when known."""

    span: Span
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None


class EventTime(_Model):
    """When an event happened, normalised against the publication date."""

    text: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision | None = None


class EventPlace(_Model):
    """Where an event happened."""

    name: str
    country: str | None = None
    span: Span | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None


class Event(_Model):
    """A PLOVER-coded event with how it is known (modality) and, when reported, by which claim."""

    id: str
    plover_type: PloverType
    plover_mode: str | None = None
    context: list[str] = []
    cameo_code: str | None = None
    intensity: float | None = Field(default=None, ge=-10.0, le=10.0)
    source_actor: str | None = None
    target_actor: str | None = None
    modality: Modality
    time: EventTime | None = None
    place: EventPlace | None = None
    claim_id: str | None = None
    span: Span
    trigger: Span
    sentence: Span
    confidence: float = Field(ge=0.0, le=1.0)


class Claim(_Model):
    """An attributed statement: who says it, how sure, and whether the author agrees."""

    id: str
    speaker_actor: str | None = None
    source_type: SourceType
    source_span: Span | None = None
    cue_span: Span | None = None
    content_span: Span
    certainty: Certainty
    author_stance: AuthorStance


class Technique(_Model):
    """A persuasion technique (SemEval-2020 Task 11 label) on a span."""

    label: TechniqueLabel
    span: Span
    confidence: float = Field(ge=0.0, le=1.0)


class Stats(BaseModel):
    """Document-level counts; open to extra keys as later stages add them."""

    model_config = ConfigDict(extra="allow")
    words: int = 0
    anonymous_claim_share: float | None = Field(
        default=None, description="Anonymous claims / attributed (non-author) claims.")
    technique_density_per_1k_words: float | None = None
    claims_by_source_type: dict[str, float] = Field(
        default={}, description="Share of all claims per source type.")
    technique_counts: dict[str, int] = {}
    frame_scores: dict[str, float] = Field(
        default={}, description="Frame cue hits per 1,000 words for Document.frames.")


class DocumentGraph(_Model):
    """Everything claimgraph extracts from one document."""

    document: Document
    actors: list[Actor] = []
    mentions: list[Mention] = []
    places: list[Place] = []
    events: list[Event] = []
    claims: list[Claim] = []
    techniques: list[Technique] = []
    stats: Stats = Stats()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one DocumentGraph (a test checks the committed copy in schema/)."""
    schema = DocumentGraph.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://claimgraph.invalid/schema/documentgraph.schema.json"
    return schema
