"""The attacker test: everything anyone can see, at every moment, subtracted in every way along
containment and time, reveals no group of 1–4 respondents.

It works on the domain functions every view, export and command takes its cells from
(`anonymity.wave_shows`, `anonymity.set_shows`): plain counts in, shown cells out. Each shown
cell is followed back to the respondents it describes, so a subtraction of two figures reveals
exactly the respondents in one cell and not in the other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.anonymity import MIN_GROUP, CellCounts, Shown, set_shows, wave_shows

DEPARTMENTS = ["onderbouw", "bovenbouw", "directie", ""]  # "": no department given
CELLS = ["energy:E01", "energy:E02", "scale:werkdruk"]
WHOLE = None  # the whole school, as opposed to one department


@dataclass(frozen=True)
class Respondent:
    id: int
    school: int
    department: str
    answered: frozenset[str]  # the cells this respondent answered (the rest: n.v.t. or too few items)


@dataclass
class School:
    respondents: list[Respondent]
    closed: bool = False


def counts_of(school: School) -> CellCounts:
    """The plain counts the database would hold for a school's wave."""
    respondents = Counter(r.department for r in school.respondents)
    cells: dict[str, Counter] = {}
    for r in school.respondents:
        for cell in r.answered:
            cells.setdefault(cell, Counter())[r.department] += 1
    return CellCounts(dict(respondents), {c: dict(n) for c, n in cells.items()}, closed=school.closed)


def ids(school: School, cell: str, department: str | None) -> frozenset[int]:
    return frozenset(
        r.id for r in school.respondents
        if cell in r.answered and (department is None or r.department == department)
    )


def everything_visible(schools: list[School]) -> dict[tuple, frozenset[int]]:
    """Every shown cell, as the respondents it describes: (view, department, cell) -> ids.

    Views: each school's own page (whole and departments), and every set of two or more schools
    (a board, a coach's chosen schools, a group report, the benchmark pool of "other" schools).
    """
    shown: dict[int, Shown] = set_shows({i: counts_of(s) for i, s in enumerate(schools)})
    visible: dict[tuple, frozenset[int]] = {}
    for i, school in enumerate(schools):
        for cell in shown[i].whole:
            visible[(("school", i), WHOLE, cell)] = ids(school, cell, WHOLE)
        for department, cells in shown[i].department_cells.items():
            for cell in cells:
                visible[(("school", i), department, cell)] = ids(school, cell, department)
    for size in range(2, len(schools) + 1):
        for members in combinations(range(len(schools)), size):
            for cell in CELLS:
                for department in [WHOLE, *DEPARTMENTS[:-1]]:
                    parts = [
                        ids(schools[i], cell, department) for i in members if shown[i].shows(cell, department)
                    ]
                    if parts:
                        visible[(("set", members), department, cell)] = frozenset(chain.from_iterable(parts))
    return visible


def revealed(bigger: frozenset[int], smaller: frozenset[int]) -> bool:
    """Whether subtracting `smaller`'s figure from `bigger`'s pins down a group of 1–4."""
    return smaller <= bigger and 0 < len(bigger - smaller) < MIN_GROUP


@st.composite
def histories(draw):
    """Schools of a board, and the order in which their staff answer and their waves close."""
    n_schools = draw(st.integers(min_value=1, max_value=3))
    staff = []
    for school in range(n_schools):
        size = draw(st.sampled_from([0, 2, 4, 5, 6, 7, 9, 12, 15, 22]))
        for _ in range(size):
            department = draw(st.sampled_from(DEPARTMENTS))
            # Most answer every cell; some leave a theme as n.v.t. or a scale unscored.
            answered = draw(st.sets(st.sampled_from(CELLS)) | st.just(frozenset(CELLS)))
            staff.append((school, department, frozenset(answered)))
    order = draw(st.permutations(range(len(staff))))
    closes = [draw(st.integers(min_value=0, max_value=len(staff))) for _ in range(n_schools)]
    return n_schools, staff, order, closes


def moments(history):
    """The board at every moment: after each response (paper imports included: an import is a
    response arriving while the wave is open or closed but not yet seen) and after each closing."""
    n_schools, staff, order, closes = history
    schools = [School([]) for _ in range(n_schools)]
    yield schools
    for step, index in enumerate(order, start=1):
        school, department, answered = staff[index]
        if not schools[school].closed:  # a closed wave takes no answers: its figures may have been seen
            schools[school].respondents.append(Respondent(index, school, department, answered))
        yield schools
        for s, closes_after in enumerate(closes):
            if closes_after == step and not schools[s].closed:
                schools[s].closed = True
                yield schools
    for school in schools:
        if not school.closed:
            school.closed = True
            yield schools


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_no_subtraction_of_anything_anyone_saw_reveals_a_small_group(history):
    seen: dict[str, set[frozenset[int]]] = {cell: set() for cell in CELLS}
    for schools in moments(history):
        visible = everything_visible(schools)
        for (view, department, cell), group in visible.items():
            assert len(group) >= MIN_GROUP, (view, department, cell)
            seen[cell].add(group)
        # Within one school at one moment: the whole minus any choice of its shown departments.
        for i, _school in enumerate(schools):
            for cell in CELLS:
                whole = visible.get((("school", i), WHOLE, cell))
                parts = [g for (v, d, c), g in visible.items() if v == ("school", i) and c == cell and d]
                for size in range(1, len(parts) + 1):
                    for chosen in combinations(parts, size):
                        rest = whole - frozenset(chain.from_iterable(chosen)) if whole else frozenset()
                        assert whole is None or len(rest) not in range(1, MIN_GROUP), (i, cell, chosen)
    # Along containment and time: any two figures of a cell, seen at any two moments.
    for cell, groups in seen.items():
        for bigger in groups:
            for smaller in groups:
                assert not revealed(bigger, smaller), (cell, sorted(bigger), sorted(smaller))


def test_an_open_wave_shows_nothing_however_many_answered():
    school = School([Respondent(i, 0, "onderbouw", frozenset(CELLS)) for i in range(30)])
    assert wave_shows(counts_of(school)) == Shown()
    school.closed = True
    assert wave_shows(counts_of(school)).whole == frozenset(CELLS)


def test_a_theme_answered_by_three_of_a_shown_department_hides_the_other_department_too():
    # Onderbouw 10 and bovenbouw 10; only 3 of bovenbouw answered E01. The school shows E01 for
    # 13 and onderbouw for 10 would give the 3 bovenbouw answers by subtraction.
    respondents = [Respondent(i, 0, "onderbouw", frozenset(CELLS)) for i in range(10)]
    respondents += [Respondent(10 + i, 0, "bovenbouw", frozenset(CELLS) if i < 3 else frozenset(CELLS[1:]))
                    for i in range(10)]
    shown = wave_shows(counts_of(School(respondents, closed=True)))
    assert shown.departments == {"onderbouw", "bovenbouw"}
    assert shown.shows("energy:E01")
    assert not shown.shows("energy:E01", "onderbouw") and not shown.shows("energy:E01", "bovenbouw")
    assert shown.shows("energy:E02", "onderbouw") and shown.shows("energy:E02", "bovenbouw")


def test_a_small_school_adds_nothing_to_a_set_of_schools():
    big = School([Respondent(i, 0, "", frozenset(CELLS)) for i in range(12)], closed=True)
    small = School([Respondent(100 + i, 1, "", frozenset(CELLS) if i < 2 else frozenset()) for i in range(6)],
                   closed=True)
    with_small = everything_visible([big, small])
    assert with_small[(("set", (0, 1)), WHOLE, "energy:E01")] == with_small[(("school", 0), WHOLE, "energy:E01")]


# --- the team's consultation on the bestedingsplan (spending.anonymity) ------------------------------------
# Two cells: the votes (for and against together: counts within a shown cell are fine) and the remarks,
# which tell nothing of a writer's vote. The consultation has no departments, so nothing to subtract within it.


def consultation_visible(votes: list[tuple[int, bool, bool]], is_open: bool) -> dict[str, frozenset[int]]:
    """What anyone sees of a consultation, as the voters each shown cell describes."""
    from spending.anonymity import outcome

    shown = outcome([(supports, "opmerking" if remark else "") for _id, supports, remark in votes], is_open=is_open)
    visible = {}
    if shown.shown:
        visible["votes"] = frozenset(voter for voter, _supports, _remark in votes)
        assert shown.supports + shown.against == len(votes)
    if shown.remarks:
        visible["remarks"] = frozenset(voter for voter, _supports, remark in votes if remark)
        assert len(shown.remarks) == len(visible["remarks"])
    return visible


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=14))
def test_no_subtraction_of_what_a_team_consultation_showed_reveals_a_small_group(team):
    votes: list[tuple[int, bool, bool]] = []
    seen: dict[str, set[frozenset[int]]] = {"votes": set(), "remarks": set()}
    moments = []
    for voter, (supports, remark) in enumerate(team):
        votes.append((voter, supports, remark))
        moments.append(consultation_visible(votes, is_open=True))
    moments.append(consultation_visible(votes, is_open=False))  # closed: no vote comes in after this
    assert all(visible == {} for visible in moments[:-1]), "an open consultation shows nothing"
    for visible in moments:
        for cell, group in visible.items():
            assert len(group) >= MIN_GROUP, cell
            seen[cell].add(group)
    for cell, groups in seen.items():
        for bigger in groups:
            for smaller in groups:
                assert not revealed(bigger, smaller), cell
