"""The suppression engine: primary "< 5", secondary suppression, no recovery by difference."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.privacy import Cell, Kind, Line, Status, line_leaks, protect
from dashboards.selectors.cubes import sealed_levels


def _cells(values: dict[str, int]) -> dict[str, Cell]:
    return {key: Cell(value, value) for key, value in values.items()}


def _line(cells: dict[str, Cell], members: str, total: str = "total", **flags) -> Line:
    return Line(tuple(cells[key] for key in members), cells[total], **flags)


def test_fewer_than_five_people_is_withheld_as_small():
    """A count of 0 to 4 people is shown as "< 5"; 5 is shown; a structural zero is shown."""
    cells = _cells({"a": 0, "b": 1, "c": 4, "d": 5})
    cells["e"] = Cell(0, 0, is_structural=True)
    protect(cells.values(), [])
    assert [cells[key].status for key in "abcde"] == [
        Status.SMALL,
        Status.SMALL,
        Status.SMALL,
        Status.SHOWN,
        Status.SHOWN,
    ]


def test_single_small_member_with_a_shown_total_hides_another_member():
    """Total minus the shown members would give the small one: a second member is hidden."""
    cells = _cells({"a": 3, "b": 9, "c": 7, "total": 19})
    line = _line(cells, "abc")
    protect(cells.values(), [line])
    assert cells["a"].status is Status.SMALL
    assert len([key for key in "bc" if cells[key].is_hidden]) == 1
    assert not cells["total"].is_hidden
    assert not line_leaks(line)


def test_small_cells_pinned_by_their_upper_bound_are_sealed():
    """Two "< 5" of 4 each against a shown total sum to 8 = 4 + 4: a third cell is hidden."""
    cells = _cells({"a": 4, "b": 4, "c": 9, "total": 17})
    line = _line(cells, "abc")
    cells["a"].status = cells["b"].status = Status.SMALL
    assert line_leaks(line)
    protect(cells.values(), [line])
    assert cells["c"].is_hidden
    assert not line_leaks(line)


def test_total_is_hidden_when_no_member_may_be():
    """When members may not be hidden, the total is."""
    cells = _cells({"a": 2, "b": 8, "total": 10})
    protect(cells.values(), [_line(cells, "ab", may_hide_members=False)])
    assert cells["total"].status is Status.SECRET
    assert cells["b"].status is Status.SHOWN


def test_small_group_by_difference_is_withheld():
    """Two small members adding up to fewer than 5 people cannot be left derivable."""
    cells = _cells({"a": 1, "b": 2, "c": 10, "total": 13})
    line = _line(cells, "abc")
    cells["a"].status = cells["b"].status = Status.SMALL
    assert line_leaks(line)
    protect(cells.values(), [line])
    assert cells["c"].is_hidden or cells["total"].is_hidden


def test_events_are_withheld_by_the_people_they_cover():
    """Twelve completions by three people are withheld; five by five people are shown."""
    cells = {"a": Cell(12, 3, Kind.EVENTS), "b": Cell(5, 5, Kind.EVENTS)}
    protect(cells.values(), [])
    assert cells["a"].status is Status.SMALL
    assert cells["b"].status is Status.SHOWN


def _possible_values(cells: dict[str, Cell], members: str, key: str, limit: int) -> set[int]:
    """Every value of `key` consistent with what is shown (exhaustive, small numbers)."""
    names = [*members, "total"]
    hidden = [name for name in names if cells[name].is_hidden]

    def options(cell: Cell) -> range:
        if cell.status is Status.SMALL:
            return range(0, 5 if cell.kind is Kind.PEOPLE else limit + 1)
        return range(5, limit + 1)

    found = set()
    for values in itertools.product(*(options(cells[name]) for name in hidden)):
        guess = {name: cells[name].value for name in names}
        guess.update(dict(zip(hidden, values, strict=True)))
        if sum(guess[name] for name in members) == guess["total"]:
            found.add(guess[key])
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=4))
def test_no_hidden_member_has_a_single_possible_value(values):
    """Exhaustive check: after protection, every hidden cell of a line keeps two values or more."""
    members = "abcd"[: len(values)]
    cells = _cells(dict(zip(members, values, strict=False)))
    cells["total"] = Cell(sum(values), sum(values))
    outcome = protect(cells.values(), [_line(cells, members)])
    assert not outcome.unresolved
    limit = sum(values)
    for key in [*members, "total"]:
        cell = cells[key]
        if cell.status is Status.SHOWN:
            assert cell.people >= 5
            continue
        possible = _possible_values(cells, members, key, limit)
        assert len(possible) >= 2 or possible == {0}, (values, key)
    hidden = [cells[key] for key in members if cells[key].is_hidden]
    if hidden and not cells["total"].is_hidden:
        assert sum(cell.people for cell in hidden) not in range(1, 5)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([Status.SHOWN, Status.SMALL, Status.SECRET]),
            st.booleans(),  # structural
            st.lists(st.lists(st.integers(0, 9), min_size=9, max_size=9), min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_level_lines_sealed_alone_match_protect_over_all_of_them(places) -> None:
    """`sealed_levels` (one line at a time, memoized) gives what `protect` gives jointly."""
    joint_cells, lines, expected_lines = [], [], []
    for staff_status, structural, competence_lines in places:
        headcount = max(sum(line) for line in competence_lines)
        staff = Cell(headcount, headcount, Kind.PEOPLE, staff_status, structural)
        for line in competence_lines:
            members = tuple(Cell(v, v, Kind.PEOPLE, Status.SHOWN, structural) for v in line)
            joint_cells.extend(members)
            lines.append(Line(members, staff, may_hide_total=False))
            total = (staff.value, staff.people, staff.kind, staff.status, structural)
            expected_lines.append(sealed_levels(tuple(line), total))
    protect(joint_cells, lines)
    assert [tuple(c.status for c in line.members) for line in lines] == expected_lines
