"""The shapes of the demo content: paths, modules, lessons and their blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Block = tuple[str, Any]


@dataclass(frozen=True)
class DemoLesson:
    """A lesson: its slug, title, summary, estimated minutes and blocks."""

    slug: str
    title: str
    summary: str
    minutes: int
    blocks: tuple[Block, ...]
    # With the H5P libraries installed, the lesson's quiz decides completion.
    threshold: int | None = None


@dataclass(frozen=True)
class DemoModule:
    """A module and its lessons."""

    slug: str
    title: str
    introduction: str
    lessons: tuple[DemoLesson, ...]


@dataclass(frozen=True)
class DemoPath:
    """A training path: facts, target competences (DigComp code, level), modules."""

    slug: str
    title: str
    search_description: str
    introduction: str
    audience: str
    audience_details: str
    minutes: int
    competences: tuple[tuple[str, int], ...]
    prerequisites: tuple[str, ...]
    modules: tuple[DemoModule, ...]
    cover: str
