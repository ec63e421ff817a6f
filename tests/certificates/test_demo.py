"""The certificates demo step: a published default template and one certificate to verify."""

import pytest
from wagtail.models import Revision

from accounts.demo import DemoLog, demo_steps
from certificates import demo
from certificates.models import Certificate, CertificateTemplate
from organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Rows the step creates."""
    return {
        "templates": CertificateTemplate.objects.count(),
        "revisions": Revision.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def test_step_is_registered_at_order_60() -> None:
    """seed_demo runs the certificates step at position 60."""
    step = next(step for step in demo_steps() if step.name == "certificates")
    assert step.order == 60


def test_demo_step_is_idempotent_and_verifiable(client) -> None:
    """Run twice, the step leaves the same rows; the demo certificate verifies as valid."""
    lines: list[str] = []
    log = DemoLog(lines.append)
    organizations_demo.seed(log)
    demo.seed(log)
    first = counts()
    demo.seed(log)
    assert counts() == first
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.live
    assert template.signatory_name == "Direction de la lecture publique, MEL"
    certificate = Certificate.objects.get(achievement_key="workshop-cycle:demo-tablettes")
    assert certificate.user.email == "agent@demo.example.org"
    assert certificate.kind == "workshop_cycle"
    assert certificate.snapshot["template"]["signatory_name"] == template.signatory_name
    response = client.get(f"/certificates/verify/{certificate.display_code}/")
    assert "Attestation valide" in response.content.decode()
    assert any(certificate.display_code in line for line in lines)
