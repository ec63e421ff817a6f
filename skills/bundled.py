"""The frameworks bundled with the app (skills/data): parsing and saving.

`bundled_frameworks_save` takes the model classes as arguments so that the data
migration (historical models) and `services.frameworks_load` (real models) share it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class BundledCompetence:
    """One competence row of a data file, with its French wording when known."""

    code: str
    title: str
    area_code: str
    area_title: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BundledLevel:
    """One level row of a data file."""

    number: int
    band: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BundledFramework:
    """A framework as described by its data files."""

    code: str
    version: str
    title: str
    description: str
    source: str
    competences: tuple[BundledCompetence, ...]
    levels: tuple[BundledLevel, ...]


@dataclass(frozen=True)
class BundledLink:
    """One crosswalk row: a CRCN competence drawn from a DigComp 2.2 competence."""

    source_code: str
    target_code: str
    relation: str
    note: str


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of one bundled CSV file."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _competences(name: str, french: str | None = None) -> tuple[BundledCompetence, ...]:
    """Competences of a file, with the French wording of a companion file."""
    wording = {row["competence_code"]: row for row in _rows(french)} if french else {}
    found = []
    for row in _rows(name):
        translations = {}
        if row["competence_code"] in wording:
            fr = wording[row["competence_code"]]
            translations = {"fr": {"title": fr["competence_title"], "area_title": fr["area_title"]}}
        found.append(
            BundledCompetence(
                code=row["competence_code"],
                title=row["competence_title"],
                area_code=row["area_code"],
                area_title=row["area_title"],
                translations=translations,
            )
        )
    return tuple(found)


def _levels(name: str, french: str | None = None) -> tuple[BundledLevel, ...]:
    """Levels of a file, with the French band names of a companion file."""
    bands = {row["level"]: row["band"] for row in _rows(french)} if french else {}
    return tuple(
        BundledLevel(
            number=int(row["level"]),
            band=row["band"],
            translations={"fr": {"band": bands[row["level"]]}} if row["level"] in bands else {},
        )
        for row in _rows(name)
    )


def bundled_frameworks() -> list[BundledFramework]:
    """DigComp 2.2 and the CRCN, read from the data files."""
    return [
        BundledFramework(
            code="digcomp",
            version="2.2",
            title="DigComp",
            description=(
                "DigComp 2.2 : le cadre européen des compétences numériques pour les citoyens "
                "(5 domaines, 21 compétences, 8 niveaux de maîtrise)."
            ),
            source=(
                "Vuorikari, R., Kluzer, S. et Punie, Y., DigComp 2.2: The Digital Competence "
                "Framework for Citizens, JRC128415, Office des publications de l’Union "
                "européenne, 2022. CC BY 4.0. Traduction française : équipe BNM Formation."
            ),
            competences=_competences("digcomp_2_2.csv", "digcomp_2_2_fr.csv"),
            levels=_levels("digcomp_2_2_levels.csv", "digcomp_2_2_levels_fr.csv"),
        ),
        BundledFramework(
            code="crcn",
            version="2019",
            title="CRCN",
            description=(
                "Cadre de référence des compétences numériques, utilisé par Pix "
                "(5 domaines, 16 compétences, 8 niveaux)."
            ),
            source=(
                "Décret n° 2019-919 du 30 août 2019 et référentiel Pix. Libellés des "
                "compétences tels que Pix les emploie."
            ),
            competences=_competences("crcn.csv"),
            levels=_levels("crcn_levels.csv"),
        ),
    ]


def bundled_crosswalk() -> list[BundledLink]:
    """The CRCN → DigComp 2.2 crosswalk rows."""
    return [
        BundledLink(
            source_code=row["crcn_code"],
            target_code=row["digcomp_code"],
            relation=row["relation"],
            note=row["note"],
        )
        for row in _rows("crcn_digcomp_2_2_crosswalk.csv")
    ]


def bundled_frameworks_save(
    *, framework_model: Any, competence_model: Any, level_model: Any, link_model: Any
) -> int:
    """Create or refresh the bundled frameworks and the crosswalk; return the competence count."""
    count = 0
    by_code: dict[str, Any] = {}
    for bundled in bundled_frameworks():
        framework, _created = framework_model.objects.update_or_create(
            code=bundled.code,
            version=bundled.version,
            defaults={
                "title": bundled.title,
                "description": bundled.description,
                "source": bundled.source,
                "is_builtin": True,
            },
        )
        for order, competence in enumerate(bundled.competences):
            competence_model.objects.update_or_create(
                framework=framework,
                code=competence.code,
                defaults={
                    "title": competence.title,
                    "area_code": competence.area_code,
                    "area_title": competence.area_title,
                    "translations": competence.translations,
                    "sort_order": order,
                },
            )
            count += 1
        for order, level in enumerate(bundled.levels):
            level_model.objects.update_or_create(
                framework=framework,
                number=level.number,
                defaults={
                    "band": level.band,
                    "translations": level.translations,
                    "sort_order": order,
                },
            )
        by_code[bundled.code] = framework
    competences = {
        (row.framework_id, row.code): row
        for row in competence_model.objects.filter(framework__in=list(by_code.values()))
    }
    crcn, digcomp = by_code["crcn"].pk, by_code["digcomp"].pk
    for link in bundled_crosswalk():
        link_model.objects.update_or_create(
            source=competences[(crcn, link.source_code)],
            target=competences[(digcomp, link.target_code)],
            defaults={"relation": link.relation, "note": link.note},
        )
    return count
