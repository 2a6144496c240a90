"""Tests for claimgraph.events.timex: time expressions normalised against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.events.timex import TimeValue, find_times, normalize_time

D = dt.date
P = D(2026, 1, 29)  # a Thursday

# (expression, tense, start, end, precision), all with published = P
CASES_P = [
    # explicit dates
    ("January 12", None, D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("Jan. 12, 2026", None, D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("12 January 2026", None, D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("2026-01-12", None, D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("on January 12", "past", D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("the 12th of January", "past", D(2026, 1, 12), D(2026, 1, 12), "day"),
    ("Tuesday, Jan. 27", None, D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("January 12-14", "past", D(2026, 1, 12), D(2026, 1, 14), "day"),
    ("December 30", "past", D(2025, 12, 30), D(2025, 12, 30), "day"),
    ("December 30", None, D(2025, 12, 30), D(2025, 12, 30), "day"),
    ("February 3", "past", D(2025, 2, 3), D(2025, 2, 3), "day"),
    ("February 3", "future", D(2026, 2, 3), D(2026, 2, 3), "day"),
    ("January 12", "future", D(2027, 1, 12), D(2027, 1, 12), "day"),
    ("January 30 at 3 p.m.", "future", D(2026, 1, 30), D(2026, 1, 30), "day"),
    # weekdays
    ("Tuesday", "past", D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("Tuesday", None, D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("on Tuesday", "future", D(2026, 2, 3), D(2026, 2, 3), "day"),
    ("last Tuesday", "future", D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("Tuesday night", "past", D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("Thursday", "past", D(2026, 1, 29), D(2026, 1, 29), "day"),
    ("last Thursday", "past", D(2026, 1, 22), D(2026, 1, 22), "day"),
    ("next Thursday", None, D(2026, 2, 5), D(2026, 2, 5), "day"),
    ("Friday", "present", D(2026, 1, 23), D(2026, 1, 23), "day"),
    ("Sunday's", "future", D(2026, 2, 1), D(2026, 2, 1), "day"),
    # days relative to publication
    ("today", None, P, P, "day"),
    ("tonight", "future", P, P, "day"),
    ("this morning", "past", P, P, "day"),
    ("earlier today", "past", P, P, "day"),
    ("yesterday", "past", D(2026, 1, 28), D(2026, 1, 28), "day"),
    ("last night", "past", D(2026, 1, 28), D(2026, 1, 28), "day"),
    ("tomorrow", "future", D(2026, 1, 30), D(2026, 1, 30), "day"),
    ("the day before yesterday", None, D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("three days ago", "past", D(2026, 1, 26), D(2026, 1, 26), "day"),
    ("2 days ago", "past", D(2026, 1, 27), D(2026, 1, 27), "day"),
    ("a week ago", "past", D(2026, 1, 19), D(2026, 1, 25), "week"),
    ("two months ago", "past", D(2025, 11, 1), D(2025, 11, 30), "month"),
    # rolling windows
    ("over the past week", "past", D(2026, 1, 22), P, "week"),
    ("in the past week", None, D(2026, 1, 22), P, "week"),
    ("the past week", None, D(2026, 1, 22), P, "week"),
    ("over the last seven days", "past", D(2026, 1, 22), P, "week"),
    ("this past week", "past", D(2026, 1, 22), P, "week"),
    ("the past 24 hours", "past", D(2026, 1, 28), P, "day"),
    ("the past two weeks", "past", D(2026, 1, 15), P, "week"),
    ("the past month", "past", D(2025, 12, 29), P, "month"),
    ("the coming days", "future", D(2026, 1, 30), D(2026, 2, 5), "week"),
    ("in the coming days", None, D(2026, 1, 30), D(2026, 2, 5), "week"),
    ("the next two weeks", "future", D(2026, 1, 30), D(2026, 2, 12), "week"),
    ("recent days", "past", D(2026, 1, 22), P, "week"),
    ("in recent days", None, D(2026, 1, 22), P, "week"),
    ("in recent weeks", None, D(2026, 1, 1), P, "month"),
    # calendar weeks, weekends, months, years
    ("this week", None, D(2026, 1, 26), D(2026, 2, 1), "week"),
    ("last week", "past", D(2026, 1, 19), D(2026, 1, 25), "week"),
    ("next week", "future", D(2026, 2, 2), D(2026, 2, 8), "week"),
    ("earlier this week", "past", D(2026, 1, 26), P, "week"),
    ("over the weekend", "past", D(2026, 1, 24), D(2026, 1, 25), "day"),
    ("this weekend", "future", D(2026, 1, 31), D(2026, 2, 1), "day"),
    ("this month", None, D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("last month", "past", D(2025, 12, 1), D(2025, 12, 31), "month"),
    ("earlier this month", "past", D(2026, 1, 1), P, "month"),
    ("next month", "future", D(2026, 2, 1), D(2026, 2, 28), "month"),
    ("in January 2026", None, D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("January 2026", None, D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("Sept. 2025", None, D(2025, 9, 1), D(2025, 9, 30), "month"),
    ("in January", "past", D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("in January", "future", D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("in March", "past", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("in March", "future", D(2026, 3, 1), D(2026, 3, 31), "month"),
    ("in December", "past", D(2025, 12, 1), D(2025, 12, 31), "month"),
    ("in December", None, D(2025, 12, 1), D(2025, 12, 31), "month"),
    ("in 2024", "past", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("2024", None, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("last year", "past", D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("this year", None, D(2026, 1, 1), D(2026, 12, 31), "year"),
    ("next year", "future", D(2027, 1, 1), D(2027, 12, 31), "year"),
    # parts of months and years, seasons
    ("mid-2025", "past", D(2025, 5, 1), D(2025, 8, 31), "season"),
    ("early 2025", "past", D(2025, 1, 1), D(2025, 4, 30), "season"),
    ("late 2025", "past", D(2025, 9, 1), D(2025, 12, 31), "season"),
    ("by the end of the year", "future", D(2026, 9, 1), D(2026, 12, 31), "season"),
    ("late January", "past", D(2026, 1, 21), D(2026, 1, 31), "week"),
    ("mid-February", "future", D(2026, 2, 11), D(2026, 2, 20), "week"),
    ("summer 2025", None, D(2025, 6, 1), D(2025, 8, 31), "season"),
    ("the summer of 2025", None, D(2025, 6, 1), D(2025, 8, 31), "season"),
    ("spring 2025", None, D(2025, 3, 1), D(2025, 5, 31), "season"),
    ("autumn 2025", None, D(2025, 9, 1), D(2025, 11, 30), "season"),
    ("fall 2025", None, D(2025, 9, 1), D(2025, 11, 30), "season"),
    ("winter 2025", None, D(2024, 12, 1), D(2025, 2, 28), "season"),
    ("last summer", None, D(2025, 6, 1), D(2025, 8, 31), "season"),
    ("this winter", None, D(2025, 12, 1), D(2026, 2, 28), "season"),
    ("in the spring", "future", D(2026, 3, 1), D(2026, 5, 31), "season"),
    ("the final week of January 2026", None, D(2026, 1, 25), D(2026, 1, 31), "week"),
    ("the last week of January", "past", D(2026, 1, 25), D(2026, 1, 31), "week"),
    ("the first week of February", None, D(2026, 2, 1), D(2026, 2, 7), "week"),
    ("the first week of February", "past", D(2025, 2, 1), D(2025, 2, 7), "week"),
    ("the second week of March 2025", None, D(2025, 3, 8), D(2025, 3, 14), "week"),
    ("by the end of the month", "future", D(2026, 1, 21), D(2026, 1, 31), "week"),
    ("early next month", "future", D(2026, 2, 1), D(2026, 2, 10), "week"),
    ("the last 48 hours", "past", D(2026, 1, 27), P, "day"),
    ("Tuesday at 3 p.m.", "past", D(2026, 1, 27), D(2026, 1, 27), "day"),
]


@pytest.mark.parametrize(("expr", "tense", "start", "end", "precision"), CASES_P)
def test_normalize_time_against_thursday(expr, tense, start, end, precision):
    assert normalize_time(expr, P, tense) == TimeValue(start, end, precision)


# (published, expression, tense, start, end, precision) with other publication dates
CASES_OTHER = [
    (D(2026, 3, 2), "Monday", "past", D(2026, 3, 2), D(2026, 3, 2), "day"),  # a Monday
    (D(2026, 3, 2), "Sunday", "past", D(2026, 3, 1), D(2026, 3, 1), "day"),
    (D(2026, 3, 2), "last week", "past", D(2026, 2, 23), D(2026, 3, 1), "week"),
    (D(2026, 3, 2), "last month", "past", D(2026, 2, 1), D(2026, 2, 28), "month"),
    (D(2026, 3, 2), "December 25", None, D(2025, 12, 25), D(2025, 12, 25), "day"),
    (D(2025, 12, 30), "January 5", "future", D(2026, 1, 5), D(2026, 1, 5), "day"),
    (D(2025, 12, 30), "January 5", None, D(2026, 1, 5), D(2026, 1, 5), "day"),
    (D(2025, 12, 30), "next year", "future", D(2026, 1, 1), D(2026, 12, 31), "year"),
    (D(2025, 12, 30), "this winter", None, D(2025, 12, 1), D(2026, 2, 28), "season"),
    (D(2025, 12, 30), "early January", "future", D(2026, 1, 1), D(2026, 1, 10), "week"),
    (D(2024, 3, 10), "February 29", "past", D(2024, 2, 29), D(2024, 2, 29), "day"),
    (D(2024, 3, 10), "last month", "past", D(2024, 2, 1), D(2024, 2, 29), "month"),
    (D(2024, 3, 10), "last weekend", "past", D(2024, 3, 2), D(2024, 3, 3), "day"),  # a Sunday
    (D(2025, 7, 15), "in the summer", "past", D(2025, 6, 1), D(2025, 8, 31), "season"),
    (D(2025, 7, 15), "in January", "future", D(2026, 1, 1), D(2026, 1, 31), "month"),
    (D(2025, 7, 15), "in January", None, D(2025, 1, 1), D(2025, 1, 31), "month"),
]


@pytest.mark.parametrize(("published", "expr", "tense", "start", "end", "precision"),
                         CASES_OTHER)
def test_normalize_time_other_dates(published, expr, tense, start, end, precision):
    assert normalize_time(expr, published, tense) == TimeValue(start, end, precision)


@pytest.mark.parametrize("expr", [
    "the 10th Brigade", "two decades of war", "decades", "the 1990s", "", "   ",
    "the Security Council", "2000 troops", "the fall of Kabul", "the next day",
    "the previous day", "three days later", "14 soldiers", "January 32", "2026-13-01",
    "the past 3000 years", "Omar 5",
])
def test_not_a_time(expr):
    assert normalize_time(expr, P, "past") is None


def test_numeric_date_falls_back_to_dateparser():
    value = normalize_time("01/12/2026", P, "past")
    assert value == TimeValue(D(2026, 1, 12), D(2026, 1, 12), "day")


PARAGRAPH = (
    "Ukrainian officials said on Tuesday that Russian drones struck Kharkiv over the past week, "
    "while Russian officials accused Ukraine of shelling Belgorod last night. Israeli and "
    "Palestinian negotiators will meet in the coming days, after talks in Cairo on Jan. 12, 2026 "
    "stalled. In 2024, US and Iranian envoys met; they plan to meet again in May. The 10th "
    "Brigade may march for two "
    "decades and 2000 troops joined the Arab Spring since mid-2025."
)


def test_find_times_offsets_and_values():
    found = find_times(PARAGRAPH, P)
    exprs = [f[2] for f in found]
    assert exprs == ["Tuesday", "over the past week", "last night", "in the coming days",
                     "Jan. 12, 2026", "2024", "May", "mid-2025"]
    for start, end, expr, _ in found:
        assert PARAGRAPH[start:end] == expr
    assert found[0][0] == PARAGRAPH.index("Tuesday")
    assert found[5][0] == PARAGRAPH.index("2024")
    values = {f[2]: f[3] for f in found}
    assert values["Tuesday"] == TimeValue(D(2026, 1, 27), D(2026, 1, 27), "day")
    assert values["over the past week"] == TimeValue(D(2026, 1, 22), P, "week")
    assert values["in the coming days"] == TimeValue(D(2026, 1, 30), D(2026, 2, 5), "week")
    assert values["Jan. 12, 2026"] == TimeValue(D(2026, 1, 12), D(2026, 1, 12), "day")
    assert values["May"] == TimeValue(D(2026, 5, 1), D(2026, 5, 31), "month")  # nearest May
    assert values["mid-2025"] == TimeValue(D(2025, 5, 1), D(2025, 8, 31), "season")


def test_find_times_prefers_longest_and_does_not_overlap():
    text = "Both sides met during the last week of January 2026 and again last week."
    found = find_times(text, P)
    assert [f[2] for f in found] == ["the last week of January 2026", "last week"]
    assert found[1][3] == TimeValue(D(2026, 1, 19), D(2026, 1, 25), "week")
    spans = [(s, e) for s, e, _, _ in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_find_times_empty_text():
    assert find_times("", P) == []
    assert find_times("No dates here at all.", P) == []
