"""DocumentGraph -> store -> DocumentGraph is the identity, on both databases (hypothesis)."""

from __future__ import annotations

import datetime as dt
import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.model import (Actor, Claim, Document, DocumentGraph, Event, EventPlace,
                              EventTime, Mention, Place, Span, Stats, Technique)

WORDS = st.text(alphabet="abcdefghij ÄéŞ’—", min_size=1, max_size=12)
NAMES = st.text(alphabet="abcdefghijklmnop-", min_size=1, max_size=10)
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
MAYBE_FLOAT = st.none() | st.floats(min_value=-90, max_value=90, allow_nan=False)


@st.composite
def graphs(draw):
    text = " ".join(draw(st.lists(WORDS, min_size=3, max_size=30)))

    def span():
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        return Span(start=a, end=b, text=text[a:b])

    ids = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    actors = [Actor(id=i, name=draw(WORDS), kind=draw(st.sampled_from(["person", "group",
                                                                         "country"])),
                    country=draw(st.none() | st.sampled_from(["IRQ", "IRN", "USA"])),
                    sector=draw(st.none() | st.sampled_from(["GOV", "MIL"])),
                    in_kb=draw(st.booleans()), aliases=draw(st.lists(WORDS, max_size=2)))
              for i in ids]
    who = st.none() | st.sampled_from(ids)
    events = [Event(id=f"ev{n}", plover_type=draw(st.sampled_from(["ASSAULT", "AGREE",
                                                                    "PROTEST"])),
                    modality=draw(st.sampled_from(["asserted", "reported", "negated",
                                                   "predicted"])),
                    source_actor=draw(who), target_actor=draw(who),
                    intensity=draw(st.none() | st.floats(-10, 10, allow_nan=False)),
                    time=draw(st.none() | st.builds(EventTime, start=DAYS, end=DAYS)),
                    place=draw(st.none() | st.builds(EventPlace, name=WORDS, lat=MAYBE_FLOAT,
                                                     lon=MAYBE_FLOAT)),
                    span=span(), trigger=span(), sentence=span(),
                    confidence=draw(st.floats(0, 1)))
              for n in range(1, draw(st.integers(0, 4)) + 1)]
    claims = [Claim(id=f"cl{n}", speaker_actor=draw(who),
                    source_type=draw(st.sampled_from(["author", "named", "anonymous"])),
                    source_span=draw(st.none()) or span(), content_span=span(),
                    certainty=draw(st.sampled_from(["certain", "possible"])),
                    author_stance=draw(st.sampled_from(["neutral", "disputes"])))
              for n in range(1, draw(st.integers(0, 3)) + 1)]
    return DocumentGraph(
        document=Document(id=draw(NAMES) + "-doc", text=text, published=draw(st.none() | DAYS),
                          source=draw(st.none() | WORDS), frames=["political"],
                          genre=draw(st.none() | st.just("opinion")),
                          text_sha256=hashlib.sha256(text.encode()).hexdigest()),
        actors=actors,
        mentions=[Mention(span=span(), actor_id=draw(who), label="ORG",
                          score=draw(st.floats(0, 1))) for _ in range(draw(st.integers(0, 4)))],
        places=[Place(span=span(), name=draw(WORDS), lat=draw(MAYBE_FLOAT), lon=draw(MAYBE_FLOAT))
                for _ in range(draw(st.integers(0, 2)))],
        events=events, claims=claims,
        techniques=[Technique(label="Loaded_Language", span=span(),
                              confidence=draw(st.floats(0, 1)))
                    for _ in range(draw(st.integers(0, 3)))],
        stats=Stats(words=len(text.split()), technique_counts={"Loaded_Language": 1}))


def test_roundtrip(db_url):
    from sqlalchemy import delete

    from claimgraph.store import schema
    from claimgraph.store.db import open_engine
    from claimgraph.store.records import load_graph, save_graph

    engine = open_engine(db_url)

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(graphs())
    def check(graph):
        with engine.begin() as conn:
            for table in reversed(schema.TABLES[:8]):
                conn.execute(delete(table))
            save_graph(conn, graph, None)
        with engine.connect() as conn:
            back = load_graph(conn, graph.document.id)
        assert back == graph

    check()
