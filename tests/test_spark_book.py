"""The in-memory cluster book of the Spark job finds exactly the clusters the SQL query finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.spark import MemoryBook

DAY = dt.timedelta(days=1)
BASE = dt.date(2026, 1, 1)
windows = st.tuples(st.integers(0, 400), st.integers(0, 60))


def _window(pair: tuple[int, int]) -> tuple[dt.date, dt.date]:
    start = BASE + dt.timedelta(days=pair[0])
    return start, start + dt.timedelta(days=pair[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ASSAULT", "CONSULT"]), windows, windows),
                min_size=1, max_size=40), windows)
def test_candidates_match_a_full_scan(clusters, probe):
    book = MemoryBook()
    for kind, first, grown in clusters:
        start, end = _window(first)
        cluster = book.open({"plover_type": kind, "time_start": start, "time_end": end})
        g_start, g_end = _window(grown)
        book.save(cluster, {"time_start": min(start, g_start), "time_end": max(end, g_end)})
    start, end = _window(probe)
    for kind in ("ASSAULT", "CONSULT"):
        expected = [c["id"] for c in book.clusters if c["plover_type"] == kind
                    and c["time_start"] <= end + DAY and c["time_end"] >= start - DAY]
        assert [c["id"] for c in book.candidates(kind, start, end)] == expected
