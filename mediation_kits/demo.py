"""Demo data for mediation kits: a catalogue and real kits for the network's patrons."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.html import escape
from wagtail.models import Page, Site

from accounts.demo import DemoLog
from mediation_kits.models import KitIndexPage, KitPage
from resources.models import NetworkService

IDS = uuid.UUID("5d0b3c61-6f8e-4c52-9d0e-6b1e2f7a9c11")  # namespace of the demo block ids
VERIFIED_ON = datetime.date(2025, 11, 17)

DEMO_KITS_FILE = Path(__file__).resolve().parent / "data" / "demo_kits.json"


@dataclass(frozen=True)
class DemoKit:
    """One demo kit, as written in data/demo_kits.json."""

    slug: str
    title: str
    intro: str
    service: str  # the code of a registry service
    audience: str
    level: str
    duration_minutes: int
    needs: list[dict[str, str]]  # text, pictogram
    steps: list[dict[str, Any]]  # title, paragraphs, note_kind, note, pictogram
    call_to_action: dict[str, str]  # label, link_key (a deep link of the kit's service)
    faq: list[dict[str, str]]  # question, answer
    competences: list[dict[str, Any]]  # digcomp (a DigComp 2.2 code), level


def demo_kits() -> list[DemoKit]:
    """The demo kits of the data file."""
    return [DemoKit(**kit) for kit in json.loads(DEMO_KITS_FILE.read_text(encoding="utf-8"))]


def _block_id(slug: str, index: int) -> str:
    """A stable block id, so that seeding twice leaves the same content."""
    return str(uuid.uuid5(IDS, f"{slug}:{index}"))


def _paragraphs(texts: list[str]) -> str:
    """Rich text made of paragraphs."""
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def kit_body(demo: DemoKit, service: NetworkService) -> list[dict[str, Any]]:
    """The raw StreamField data of a demo kit."""
    body: list[dict[str, Any]] = [
        {
            "type": "needs",
            "id": _block_id(demo.slug, 0),
            "value": {
                "items": [
                    {
                        "type": "item",
                        "id": _block_id(demo.slug, 100 + i),
                        "value": {"text": item["text"], "pictogram": item["pictogram"]},
                    }
                    for i, item in enumerate(demo.needs)
                ]
            },
        }
    ]
    for number, item in enumerate(demo.steps, start=1):
        body.append(
            {
                "type": "step",
                "id": _block_id(demo.slug, number),
                "value": {
                    "title": item["title"],
                    "text": _paragraphs(item["paragraphs"]),
                    "screenshot": None,
                    "screenshot_alt": "",
                    "note_kind": item["note_kind"],
                    "note": item["note"],
                    "pictogram": item["pictogram"],
                },
            }
        )
    body.append(
        {
            "type": "call_to_action",
            "id": _block_id(demo.slug, 50),
            "value": {
                "label": demo.call_to_action["label"],
                "service": service.pk,
                "link_key": demo.call_to_action["link_key"],
                "parameter": "",
            },
        }
    )
    body.append(
        {
            "type": "faq",
            "id": _block_id(demo.slug, 60),
            "value": {
                "items": [
                    {
                        "type": "item",
                        "id": _block_id(demo.slug, 200 + i),
                        "value": {
                            "question": item["question"],
                            "answer": _paragraphs([item["answer"]]),
                        },
                    }
                    for i, item in enumerate(demo.faq)
                ]
            },
        }
    )
    return body


def demo_competences(demo: DemoKit) -> list[dict[str, Any]]:
    """The raw competences of a demo kit, from DigComp 2.2 when skills loaded it."""
    from skills.models import Competence

    found = {
        c.code: c
        for c in Competence.objects.filter(
            framework__code="digcomp",
            framework__is_current=True,
            code__in=[item["digcomp"] for item in demo.competences],
        )
    }
    return [
        {
            "type": "competence",
            "id": _block_id(demo.slug, 300 + i),
            "value": {"competence": str(found[item["digcomp"]].pk), "level": item["level"]},
        }
        for i, item in enumerate(demo.competences)
        if item["digcomp"] in found
    ]


def catalogue_ensure() -> KitIndexPage:
    """The kit catalogue at /kits/, under the default site's root page."""
    index = KitIndexPage.objects.filter(slug="kits").first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    index = KitIndexPage(
        title="Kits de médiation",
        slug="kits",
        intro=(
            "Des fiches pas à pas pour accompagner les usagers dans les services numériques "
            "du réseau : à imprimer en A4, en livret A5 ou en gros caractères."
        ),
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def _same(page: KitPage, fields: dict[str, Any]) -> bool:
    """Whether the live kit already holds these values."""
    for name, value in fields.items():
        current = getattr(page, name)
        if name in {"body", "competences"}:
            current = json.loads(json.dumps(list(current.raw_data), default=str))
            value = json.loads(json.dumps(value, default=str))
        elif name == "service":
            current, value = page.service_id, value.pk
        if current != value:
            return False
    return True


def kit_ensure(index: KitIndexPage, demo: DemoKit) -> tuple[KitPage, bool]:
    """Create, update or leave one demo kit; publish only when something changed."""
    service = NetworkService.objects.get(slug=demo.service)
    fields: dict[str, Any] = {
        "title": demo.title,
        "intro": demo.intro,
        "service": service,
        "audience": demo.audience,
        "level": demo.level,
        "duration_minutes": demo.duration_minutes,
        "last_verified_on": VERIFIED_ON,
        "body": kit_body(demo, service),
        "competences": demo_competences(demo),
    }
    kit = KitPage.objects.filter(slug=demo.slug).descendant_of(index).first()
    if kit is not None and kit.live and _same(kit, fields):
        return kit, False
    if kit is None:
        kit = KitPage(slug=demo.slug, **fields)
        index.add_child(instance=kit)
    else:
        for name, value in fields.items():
            setattr(kit, name, value)
    kit.save_revision().publish()
    return kit, True


def seed(log: DemoLog) -> None:
    """The catalogue and the demo kits (their PDFs are rendered after the step commits)."""
    index = catalogue_ensure()
    kits = demo_kits()
    changed = 0
    for demo in kits:
        _kit, was_changed = kit_ensure(index, demo)
        changed += was_changed
    log(f"{len(kits)} mediation kits at {index.url} ({changed} published now)")
