"""The SVG map: 95 communes projected inside the drawing, north up, linked, credited."""

from __future__ import annotations

import re

import pytest

from dashboards.maps import CREDIT, WIDTH, MapValue, commune_shapes, map_svg


def _centre(path: str) -> tuple[float, float]:
    points = [tuple(map(float, pair.split(","))) for pair in re.findall(r"[-\d.]+,[-\d.]+", path)]
    return (sum(x for x, _y in points) / len(points), sum(y for _x, y in points) / len(points))


def test_the_95_communes_are_projected_inside_the_drawing():
    """Every point of every commune lies within the viewBox."""
    shapes, height = commune_shapes()
    assert len(shapes) == 95
    assert len({shape.insee_code for shape in shapes}) == 95
    for shape in shapes:
        for x, y in (
            map(float, pair.split(",")) for pair in re.findall(r"[-\d.]+,[-\d.]+", shape.path)
        ):
            assert 0 <= x <= WIDTH
            assert 0 <= y <= height


def test_north_is_up_and_east_is_right():
    """Comines (on the Belgian border) is above Seclin; Armentières is west of Roubaix."""
    by_name = {shape.name: _centre(shape.path) for shape in commune_shapes()[0]}
    assert by_name["Comines"][1] < by_name["Seclin"][1]
    assert by_name["Armentières"][0] < by_name["Roubaix"][0]


@pytest.mark.django_db
def test_each_commune_is_a_named_link_and_the_credit_is_on_the_map():
    """A commune with a URL is a link with an accessible name; the IGN credit is drawn."""
    svg = str(
        map_svg(
            {"59350": MapValue("42 %", 2, url="/tableaux-de-bord/communes/59350/")},
            title_id="title",
        )
    )
    assert svg.count("<path ") == 95
    assert '<a href="/tableaux-de-bord/communes/59350/" aria-label="Lille : 42 %"' in svg
    assert svg.count('role="img"') == 94  # the others, without a link, are labelled images
    assert CREDIT in svg
    assert 'aria-labelledby="title"' in svg


def test_the_data_file_and_its_licence_are_in_the_app():
    """The boundaries ship with the app, with their source and licence written down."""
    from pathlib import Path

    import dashboards

    folder = Path(dashboards.__file__).parent / "data"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert (folder / "mel_communes.geojson").exists()
    assert "Licence Ouverte" in readme
    assert "ADMIN EXPRESS COG 2018" in readme
