"""Factories and helpers for certificates."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from certificates.models import Certificate, CertificateTemplate
from certificates.services import certificate_issue
from tests.accounts.factories import UserFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """A certificate template, published (pass publish=False for a never-published draft)."""

    class Meta:
        model = CertificateTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Modèle {n}")
    heading = "Attestation de formation"
    body = "{name} a terminé le {kind} « {achievement} » ({duration}) le {date}."
    signatory_name = "Direction de la lecture publique, MEL"
    signatory_title = "Métropole Européenne de Lille"
    live = False

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save_revision().publish()
            obj.refresh_from_db()


def issue(user: Any = None, **overrides: Any) -> Certificate:
    """Issue a certificate with plausible facts (overridable)."""
    facts: dict[str, Any] = {
        "achievement_key": "path:1",
        "kind": "path",
        "title": "Accompagner les démarches en ligne",
        "completed_on": datetime.date(2025, 3, 14),
        "duration_minutes": 210,
        "competences": [
            {
                "framework": "DigComp 2.2",
                "code": "2.1",
                "title": "Interagir par le biais des technologies numériques",
                "level": 3,
            },
        ],
    }
    facts.update(overrides)
    return certificate_issue(user=user or UserFactory(), **facts)
