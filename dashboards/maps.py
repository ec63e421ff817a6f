"""The map of the 95 communes, drawn as SVG on the server.

The boundaries come from `data/mel_communes.geojson` (see `data/README.md` for the source
and licence). Longitude and latitude are projected with an equirectangular projection
centred on the MEL (longitudes shrunk by the cosine of the mean latitude), which is
accurate to well under a pixel over an area this small. Each commune is one `<path>`
inside a link to its dashboard, with an accessible name giving the commune and its value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

GEOJSON = Path(__file__).resolve().parent / "data" / "mel_communes.geojson"
WIDTH = 600.0
MARGIN = 8.0
CREDIT_BAND = 14.0  # room under the communes for the credit line
CREDIT = "Contours : IGN – ADMIN EXPRESS COG 2018, Licence Ouverte"
# Sequential palette (light to dark) and the fills for withheld values and no data.
PALETTE = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
HIDDEN_FILL = "url(#dash-hatch)"
NO_DATA_FILL = "#d9d9d9"


@dataclass(frozen=True)
class Shape:
    """One commune's outline in SVG coordinates."""

    insee_code: str
    name: str
    path: str


@lru_cache(maxsize=1)
def commune_shapes() -> tuple[tuple[Shape, ...], float]:
    """Every commune's SVG path (outer ring as given), and the drawing's height."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    points = [
        point for feature in features for ring in _rings(feature["geometry"]) for point in ring
    ]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * shrink)
    height = (north - south) * scale + 2 * MARGIN + CREDIT_BAND

    def project(lon: float, lat: float) -> str:
        x = MARGIN + (lon - west) * shrink * scale
        y = MARGIN + (north - lat) * scale
        return f"{x:.1f},{y:.1f}"

    shapes = []
    for feature in features:
        parts = []
        for ring in _rings(feature["geometry"]):
            parts.append("M" + "L".join(project(lon, lat) for lon, lat in ring[:-1]) + "Z")
        properties = feature["properties"]
        shapes.append(Shape(properties["insee_code"], properties["name"], "".join(parts)))
    return tuple(sorted(shapes, key=lambda shape: shape.insee_code)), round(height, 1)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The rings of a Polygon or MultiPolygon (outer rings, then holes)."""
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@dataclass(frozen=True)
class MapValue:
    """What the map shows for one commune."""

    label: str  # the value as text, e.g. "42 %", "< 5", "no data"
    fill_class: int | None  # index in PALETTE; None when withheld or without data
    is_hidden: bool = False
    url: str = ""


@dataclass(frozen=True)
class LegendItem:
    """One entry of the legend."""

    fill: str
    label: str


def class_breaks(values: Sequence[float], *, is_share: bool) -> list[float]:
    """Upper bounds of the 5 colour classes: fixed fifths for shares, rounded steps else."""
    if is_share:
        return [0.2, 0.4, 0.6, 0.8, 1.0]
    top = max(values, default=0)
    step = max(1, math.ceil(top / 5))
    return [step * number for number in range(1, 6)]


def class_of(value: float, breaks: Sequence[float]) -> int:
    """The colour class of a value."""
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def legend(breaks: Sequence[float], describe: Callable[[float, float], str]) -> list[LegendItem]:
    """The legend: one item per class, then withheld and no data."""
    items = []
    lower = 0.0
    for fill, bound in zip(PALETTE, breaks, strict=True):
        items.append(LegendItem(fill, describe(lower, bound)))
        lower = bound
    items.append(LegendItem(HIDDEN_FILL, _("withheld (fewer than 5 people, or secondary)")))
    items.append(LegendItem(NO_DATA_FILL, _("no agent counted")))
    return items


def map_svg(values: dict[str, MapValue], *, title_id: str) -> SafeString:
    """The SVG map: one linked path per commune, coloured by its value."""
    shapes, height = commune_shapes()
    paths = []
    for shape in shapes:
        value = values.get(shape.insee_code, MapValue(_("no data"), None))
        if value.is_hidden:
            fill = HIDDEN_FILL
        elif value.fill_class is None:
            fill = NO_DATA_FILL
        else:
            fill = PALETTE[value.fill_class]
        label = escape(f"{shape.name} : {value.label}")
        body = (
            f'<path d="{shape.path}" fill="{fill}" class="dash-commune">'
            f"<title>{label}</title></path>"
        )
        if value.url:
            paths.append(
                f'<a href="{escape(value.url)}" aria-label="{label}" '
                f'data-insee="{shape.insee_code}">{body}</a>'
            )
        else:
            paths.append(
                f'<g role="img" aria-label="{label}" data-insee="{shape.insee_code}">{body}</g>'
            )
    hatch = mark_safe(
        '<defs><pattern id="dash-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" stroke-width="2"/></pattern></defs>'
    )
    return format_html(
        '<svg class="dash-map" viewBox="0 0 {} {}" role="group" aria-labelledby="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}{}'
        '<text x="{}" y="{}" class="dash-map-credit" text-anchor="end">{}</text></svg>',
        int(WIDTH),
        height,
        title_id,
        hatch,
        mark_safe("".join(paths)),  # noqa: S308 (paths we drew, names and labels escaped)
        int(WIDTH - MARGIN),
        height - 3,
        CREDIT,
    )
