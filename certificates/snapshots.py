"""The frozen facts of a certificate: built once at issue, then only read.

A snapshot is plain JSON: the person's name, what was completed, the issuer, and
the wording and look of the template's published revision with the placeholders
already filled in. The PDF, the verification page and the Open Badge are all
rendered from it, so nothing that changes later (a renamed path, a new surname, a
re-published template) alters an issued certificate.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext as _

from certificates.models import PLACEHOLDER_PATTERN, Certificate, CertificateTemplate

SNAPSHOT_VERSION = 1

# The wording used when no template is published yet (the demo publishes one like it).
DEFAULT_TEMPLATE: dict[str, Any] = {
    "id": None,
    "revision_id": None,
    "heading": "Attestation de formation",
    "body": (
        "La Métropole Européenne de Lille atteste que {name} a suivi le {kind} "
        "« {achievement} » ({duration}), achevé le {date}.\n\n"
        "Cette attestation est délivrée dans le cadre du plan de formation au numérique "
        "du réseau de la Bibliothèque Numérique Métropolitaine."
    ),
    "issuer_name": "Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine",
    "signatory_name": "Direction de la lecture publique",
    "signatory_title": "Métropole Européenne de Lille",
    "logo": "",
    "signature": "",
    "primary_colour": "#0B5C8A",
    "accent_colour": "#A4361D",
}

SAMPLE_FACTS: dict[str, Any] = {
    "name": "Camille Exemple",
    "achievement_key": "path:0",
    "kind": Certificate.Kind.PATH,
    "title": "Accompagner les démarches administratives en ligne",
    "duration_minutes": 210,
    "completed_on": datetime.date(2025, 3, 14),
    "competences": [
        {
            "framework": "DigComp 2.2",
            "code": "2.1",
            "title": "Interagir par le numérique",
            "level": 3,
        },
        {
            "framework": "DigComp 2.2",
            "code": "4.2",
            "title": "Protéger les données personnelles et la vie privée",
            "level": 2,
        },
    ],
}


def duration_text(minutes: int | None) -> str:
    """A duration in French style: 45 min, 2 h, 3 h 30."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def template_content(template: CertificateTemplate) -> dict[str, Any]:
    """The wording and look of one template object (a revision's or a draft's)."""
    return {
        "id": template.pk,
        "revision_id": None,
        "heading": template.heading,
        "body": template.body,
        "issuer_name": template.issuer_name,
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "logo": template.logo.file.name if template.logo else "",
        "signature": template.signature_image.file.name if template.signature_image else "",
        "primary_colour": template.primary_colour,
        "accent_colour": template.accent_colour,
    }


def published_content(template: CertificateTemplate | None) -> dict[str, Any]:
    """The content of a template's published revision (drafts never count)."""
    if template is None:
        return dict(DEFAULT_TEMPLATE)
    if not template.live:
        raise ValidationError(
            _("The certificate template “%(name)s” is not published.") % {"name": template.name}
        )
    revision = template.live_revision
    published = revision.as_object() if revision is not None else template
    content = template_content(published)
    content["id"] = template.pk
    content["revision_id"] = revision.pk if revision is not None else None
    return content


def _fill(body: str, values: Mapping[str, str]) -> list[str]:
    """The body with its placeholders replaced, split into paragraphs."""
    text = PLACEHOLDER_PATTERN.sub(lambda match: values.get(match.group(1), match.group(0)), body)
    paragraphs = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [paragraph for paragraph in paragraphs if paragraph]


def snapshot_build(
    *,
    name: str,
    achievement_key: str,
    kind: str,
    title: str,
    completed_on: datetime.date,
    duration_minutes: int | None,
    competences: Sequence[Mapping[str, Any]],
    content: Mapping[str, Any],
    issued_at: datetime.datetime,
) -> dict[str, Any]:
    """The frozen facts of a certificate, with the template's wording filled in (in French)."""
    with translation.override(settings.LANGUAGE_CODE):
        kind_label = str(Certificate.Kind(kind).label)
        date_text = formats.date_format(completed_on, "j F Y")
        values = {
            "name": name,
            "achievement": title,
            "kind": kind_label,
            "date": date_text,
            "duration": duration_text(duration_minutes),
            "issuer": str(content["issuer_name"]),
        }
        paragraphs = _fill(str(content["body"]), values)
    template = {key: value for key, value in content.items() if key != "body"}
    template["paragraphs"] = paragraphs
    return {
        "version": SNAPSHOT_VERSION,
        "person": {"name": name},
        "achievement": {
            "key": achievement_key,
            "kind": kind,
            "kind_label": kind_label,
            "title": title,
            "duration_minutes": duration_minutes,
            "duration_text": duration_text(duration_minutes),
            "completed_on": completed_on.isoformat(),
            "completed_on_text": date_text,
            "competences": [dict(item) for item in competences],
        },
        "issuer": {"name": str(content["issuer_name"])},
        "issued_at": issued_at.isoformat(),
        "template": template,
    }


def sample_snapshot(template: CertificateTemplate) -> dict[str, Any]:
    """Sample facts rendered with a (possibly unsaved) template, for the admin preview."""
    facts = SAMPLE_FACTS
    return snapshot_build(
        name=facts["name"],
        achievement_key=facts["achievement_key"],
        kind=facts["kind"],
        title=facts["title"],
        completed_on=facts["completed_on"],
        duration_minutes=facts["duration_minutes"],
        competences=facts["competences"],
        content=template_content(template),
        issued_at=datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC),
    )
