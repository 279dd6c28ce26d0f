from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.anonymity import MIN_GROUP, may_show_total, visible_groups


def test_total_of_five_may_be_shown_and_four_may_not():
    assert may_show_total(5)
    assert not may_show_total(4)
    assert not may_show_total(0)


def test_all_groups_of_five_or_more_that_make_up_the_total_are_shown():
    counts = {"onderbouw": 8, "middenbouw": 5, "bovenbouw": 9}
    assert visible_groups(counts, total=22) == {"onderbouw", "middenbouw", "bovenbouw"}


def test_small_group_is_hidden_when_the_rest_can_absorb_it_safely():
    # directie (2) + ondersteuning (3) leave 5 unaccounted for: safe.
    counts = {"onderbouw": 8, "bovenbouw": 9, "directie": 2, "ondersteuning": 3}
    assert visible_groups(counts, total=22) == {"onderbouw", "bovenbouw"}


def test_small_group_that_could_be_subtracted_hides_the_smallest_shown_group_too():
    # Showing onderbouw and bovenbouw would reveal directie (3) as 20 - 8 - 9.
    counts = {"onderbouw": 8, "bovenbouw": 9, "directie": 3}
    assert visible_groups(counts, total=20) == {"bovenbouw"}


def test_unanswered_department_counts_as_remainder():
    # Two respondents left the department open: 12 - 10 = 2 would be revealed.
    assert visible_groups({"onderbouw": 10}, total=12) == set()
    assert visible_groups({"onderbouw": 10}, total=15) == {"onderbouw"}


def test_ties_hide_one_group_deterministically():
    counts = {"b": 6, "a": 6, "c": 1}
    assert visible_groups(counts, total=13) == {"b"}


def test_nothing_is_shown_when_the_total_is_below_five():
    assert visible_groups({"onderbouw": 4}, total=4) == set()
    assert visible_groups({}, total=3) == set()


def test_counts_above_the_total_are_refused():
    with pytest.raises(ValueError):
        visible_groups({"onderbouw": 6, "bovenbouw": 6}, total=10)


@st.composite
def breakdowns(draw, max_groups=6):
    sizes = draw(st.lists(st.integers(min_value=0, max_value=30), max_size=max_groups))
    counts = {f"groep{i}": n for i, n in enumerate(sizes)}
    total = sum(sizes) + draw(st.integers(min_value=0, max_value=12))
    return counts, total


def is_safe(counts: dict[str, int], total: int, shown: set[str]) -> bool:
    if not shown:
        return True
    remainder = total - sum(counts[g] for g in shown)
    return all(counts[g] >= MIN_GROUP for g in shown) and (remainder == 0 or remainder >= MIN_GROUP)


@given(breakdowns())
def test_no_shown_group_is_small_and_no_subtraction_reveals_a_small_group(breakdown):
    counts, total = breakdown
    shown = visible_groups(counts, total)
    assert shown <= counts.keys()
    assert all(counts[g] >= MIN_GROUP for g in shown)
    if shown:
        assert total - sum(counts[g] for g in shown) not in range(1, MIN_GROUP)
    if total < MIN_GROUP:
        assert shown == set()


@given(breakdowns())
def test_no_safe_choice_shows_more_groups(breakdown):
    counts, total = breakdown
    shown = visible_groups(counts, total)
    if total < MIN_GROUP:
        return
    best = max(
        len(subset)
        for size in range(len(counts) + 1)
        for subset in combinations(counts, size)
        if is_safe(counts, total, set(subset))
    )
    assert len(shown) == best


@given(st.lists(st.integers(min_value=MIN_GROUP, max_value=40), min_size=1, max_size=8))
def test_groups_of_five_or_more_that_make_up_the_total_are_all_shown(sizes):
    counts = {f"groep{i}": n for i, n in enumerate(sizes)}
    assert visible_groups(counts, total=sum(sizes)) == set(counts)
