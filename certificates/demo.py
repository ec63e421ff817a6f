"""Demo data for certificates: the published default template and one certificate to verify.

The demo agent's path certificate comes from the courses demo; this step issues the
certificate of a workshop cycle so that the verification page has something to show.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from accounts.demo import DemoLog
from certificates.links import verify_url
from certificates.models import CertificateTemplate
from certificates.services import certificate_issue
from certificates.snapshots import DEFAULT_TEMPLATE

TEMPLATE_NAME = "Attestation MEL / BNM (modèle par défaut)"
TEMPLATE_FIELDS: dict[str, Any] = {
    "is_default": True,
    "heading": "Attestation de formation",
    "body": DEFAULT_TEMPLATE["body"],
    "issuer_name": DEFAULT_TEMPLATE["issuer_name"],
    "signatory_name": "Direction de la lecture publique, MEL",
    "signatory_title": "Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine",
    "primary_colour": "#0B5C8A",
    "accent_colour": "#A4361D",
}
DEMO_AGENT = "agent@demo.example.org"
DEMO_CYCLE = {
    "achievement_key": "workshop-cycle:demo-tablettes",
    "kind": "workshop_cycle",
    "title": "Accompagner les premiers pas sur tablette",
    "completed_on": datetime.date(2025, 10, 16),
    "duration_minutes": 360,
    "competences": [
        {
            "framework": "DigComp 2.2",
            "code": "2.1",
            "title": "Interagir par le biais des technologies numériques",
            "level": 2,
        },
        {
            "framework": "DigComp 2.2",
            "code": "5.2",
            "title": "Identifier les besoins et apporter des réponses technologiques",
            "level": 2,
        },
    ],
}


def template_ensure() -> CertificateTemplate:
    """Create or refresh the default template, publishing only when its content changed."""
    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is None:
        template = CertificateTemplate(name=TEMPLATE_NAME, live=False, **TEMPLATE_FIELDS)
        template.full_clean()
        template.save()
    else:
        current = template.get_latest_revision_as_object()
        if template.live and all(
            getattr(current, key) == value for key, value in TEMPLATE_FIELDS.items()
        ):
            return template
        for key, value in TEMPLATE_FIELDS.items():
            setattr(template, key, value)
        template.full_clean()
    template.save_revision().publish()
    template.refresh_from_db()
    return template


def seed(log: DemoLog) -> None:
    """Publish the default template and issue the demo agent's workshop-cycle certificate."""
    template = template_ensure()
    log(f"certificate template “{template.name}” published")
    agent = get_user_model().objects.filter(email=DEMO_AGENT).first()
    if agent is None:
        log("no demo agent: run the organizations step first")
        return
    certificate = certificate_issue(user=agent, template=template, **DEMO_CYCLE)
    log(f"  demo certificate of {agent.email}: {verify_url(certificate.code)}")
