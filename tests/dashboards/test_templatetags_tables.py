"""The table tag: grouped rows (levels per area) are row groups, each with its own heading."""

from __future__ import annotations

import re

from dashboards.selectors.exports import METROPOLIS, Scope
from dashboards.tables import Column, Table
from dashboards.templatetags.dashboards_tags import dash_table


def _levels_table() -> Table:
    """Two areas of two competences each."""
    return Table(
        "niveaux",
        "Niveaux",
        (Column("Compétence", is_numeric=False), Column("Agents")),
        (("1.1", 3), ("1.2", 4), ("2.1", 5), ("2.2", 6)),
        group_rows={0: "1. Information", 2: "2. Communication"},
    )


def test_each_area_is_a_tbody_headed_by_a_rowgroup_header() -> None:
    """Every area gets its own <tbody> whose first row is its <th scope="rowgroup">."""
    html = str(dash_table(_levels_table(), Scope(METROPOLIS, "", "MEL")))
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html)
    assert len(bodies) == 2
    for body, area, codes in zip(
        bodies,
        ("1. Information", "2. Communication"),
        (("1.1", "1.2"), ("2.1", "2.2")),
        strict=True,
    ):
        assert body.startswith(
            f'<tr class="dash-group"><th scope="rowgroup" colspan="2">{area}</th>'
        )
        assert [f'<th scope="row">{code}</th>' in body for code in codes] == [True, True]
    assert "colgroup" not in html


def test_a_table_without_groups_has_one_tbody() -> None:
    """Rows without area headings stay in a single <tbody>, without a row-group header."""
    table = Table("t", "T", (Column("Nom", is_numeric=False), Column("N")), (("a", 1), ("b", 2)))
    html = str(dash_table(table, Scope(METROPOLIS, "", "MEL")))
    assert html.count("<tbody>") == 1
    assert "rowgroup" not in html
