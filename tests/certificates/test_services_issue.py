"""certificate_issue: idempotent, frozen facts, earned statement, PDF queued on commit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from certificates.codes import ALPHABET
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_withdraw
from lrs.models import Statement
from lrs.vocabulary import Verb
from tests.accounts.factories import UserFactory
from tests.certificates.factories import CertificateTemplateFactory, issue

pytestmark = pytest.mark.django_db


def test_issue_twice_returns_the_same_certificate() -> None:
    """Issuing the same achievement again returns the existing certificate, unchanged."""
    user = UserFactory()
    first = issue(user)
    again = issue(user, title="Un autre titre", duration_minutes=60)
    assert again.pk == first.pk
    assert again.code == first.code
    assert again.snapshot == first.snapshot
    assert Certificate.objects.count() == 1


def test_issue_records_one_earned_statement() -> None:
    """Issuing records one `earned` xAPI statement for the person; re-issuing adds none."""
    user = UserFactory()
    certificate = issue(user)
    issue(user)
    earned = Statement.objects.filter(verb_iri=Verb.EARNED)
    assert earned.count() == 1
    row = earned.get()
    assert row.user_id == user.pk
    assert row.statement_id == certificate.statement_id
    assert row.data["object"]["definition"]["name"]["fr-FR"] == certificate.title
    parent = row.data["context"]["contextActivities"]["parent"][0]["id"]
    assert parent.endswith("/xapi/activities/path/1")


def test_snapshot_stays_frozen_when_the_path_is_renamed() -> None:
    """Renaming the path (a page) and the person later leaves the certificate unchanged."""
    root = Page.get_first_root_node()
    path = root.add_child(
        instance=Page(title="Parcours : découvrir France Services", slug="parcours-fs")
    )
    user = UserFactory(first_name="Julie", last_name="Martin")
    certificate = issue(user, achievement_key=f"path:{path.pk}", title=path.title)
    path.title = "Parcours renommé"
    path.save()
    user.last_name = "Durand"
    user.save()
    again = issue(user, achievement_key=f"path:{path.pk}", title=path.title)
    certificate.refresh_from_db()
    assert again.pk == certificate.pk
    assert certificate.title == "Parcours : découvrir France Services"
    assert certificate.snapshot["achievement"]["title"] == "Parcours : découvrir France Services"
    assert certificate.snapshot["person"]["name"] == "Julie Martin"


def test_snapshot_holds_the_facts_and_the_filled_wording() -> None:
    """The snapshot freezes name, title, kind, duration, competences, date and wording."""
    template = CertificateTemplateFactory(
        body="{name} — {achievement} — {kind} — {duration} — {date} — {issuer}"
    )
    user = UserFactory(first_name="Amina", last_name="Benali")
    certificate = issue(
        user,
        template=template,
        kind="workshop_cycle",
        achievement_key="workshop-cycle:3",
        duration_minutes=90,
    )
    facts = certificate.snapshot["achievement"]
    assert facts["kind"] == "workshop_cycle"
    assert facts["duration_minutes"] == 90
    assert facts["completed_on"] == "2025-03-14"
    assert facts["competences"][0]["code"] == "2.1"
    assert certificate.snapshot["template"]["paragraphs"] == [
        "Amina Benali — Accompagner les démarches en ligne — cycle d’ateliers — 1 h 30 — "
        "14 mars 2025 — Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine"
    ]
    assert certificate.snapshot["template"]["signatory_name"] == template.signatory_name


def test_code_is_unguessable_and_unique() -> None:
    """Each certificate gets its own 16-character code from the unambiguous alphabet."""
    codes = {issue(achievement_key=f"path:{n}").code for n in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 16 and set(code) <= set(ALPHABET) for code in codes)


def test_drafts_do_not_affect_issued_certificates() -> None:
    """Issue uses the published revision; a draft, then its publication, changes no issued one."""
    template = CertificateTemplateFactory(body="Version publiée pour {name}.")
    template.body = "Brouillon pour {name}."
    template.save_revision()
    user = UserFactory(first_name="Léa", last_name="Petit")
    before = issue(user, template=template, achievement_key="path:1")
    assert before.snapshot["template"]["paragraphs"] == ["Version publiée pour Léa Petit."]
    assert before.template_revision_id == template.live_revision_id
    template.latest_revision.publish()
    template.refresh_from_db()
    after = issue(user, template=template, achievement_key="path:2")
    before.refresh_from_db()
    assert after.snapshot["template"]["paragraphs"] == ["Brouillon pour Léa Petit."]
    assert before.snapshot["template"]["paragraphs"] == ["Version publiée pour Léa Petit."]


def test_unpublished_template_is_refused() -> None:
    """A template never published cannot be used, with a clear message."""
    template = CertificateTemplateFactory(publish=False)
    with pytest.raises(ValidationError, match="n’est pas publié"):
        issue(template=template)


def test_default_template_is_used_when_none_is_given() -> None:
    """Without a template, the published default one gives the wording."""
    CertificateTemplateFactory(is_default=True, body="Modèle par défaut : {name}.")
    certificate = issue(UserFactory(first_name="Ana", last_name="Lopes"))
    assert certificate.snapshot["template"]["paragraphs"] == ["Modèle par défaut : Ana Lopes."]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "diploma"}, "kind", "« path » ou « workshop_cycle »"),
        ({"title": "  "}, "title", "titre"),
        ({"achievement_key": ""}, "achievement_key", "clé"),
        ({"completed_on": "2025-01-01"}, "completed_on", "date"),
        ({"completed_on": datetime.date(2999, 1, 1)}, "completed_on", "futur"),
        ({"duration_minutes": 0}, "duration_minutes", "durée"),
        ({"competences": [{"framework": "DigComp 2.2", "code": "1.1"}]}, None, "title"),
        (
            {
                "competences": [
                    {"framework": "DigComp 2.2", "code": "1.1", "title": "x", "level": 9}
                ]
            },
            None,
            "niveau",
        ),
    ],
)
def test_bad_facts_are_refused_in_french(overrides, field, message) -> None:
    """Facts a certificate cannot state are refused with a French message; nothing is saved."""
    with pytest.raises(ValidationError) as caught:
        issue(**overrides)
    text = " ".join(caught.value.message_dict.get(field, [])) if field else str(caught.value)
    assert message in text
    assert not Certificate.objects.exists()


def test_pdf_is_rendered_and_stored_after_commit(django_capture_on_commit_callbacks) -> None:
    """The PDF render task is queued on commit and stores the file."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        certificate = issue()
    assert callbacks
    certificate.refresh_from_db()
    assert certificate.pdf.name.startswith("certificates/pdf/")
    assert certificate.pdf_rendered_at is not None
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_name_falls_back_to_the_mail_local_part() -> None:
    """A person without a name gets the local part of their address, never the full address."""
    user = UserFactory(first_name="", last_name="", email="sans.nom@example.org")
    certificate = certificate_issue(
        user=user,
        achievement_key="path:9",
        kind="path",
        title="Parcours",
        completed_on=datetime.date(2025, 1, 2),
    )
    assert certificate.person_name == "sans.nom"


def test_a_revoked_certificate_is_returned_unless_withdrawn_for_the_reason_given() -> None:
    """Revoked for cause it stays revoked; withdrawn for the reason named, a new one is issued."""
    officer, cheat, corrected = UserFactory(), UserFactory(), UserFactory()
    revoked = certificate_withdraw(certificate=issue(cheat), by=officer, reason="Fraude")
    assert issue(cheat, reissue_when_revoked_for="Présence corrigée").pk == revoked.pk
    withdrawn = certificate_withdraw(
        certificate=issue(corrected), by=officer, reason="Présence corrigée"
    )
    again = issue(corrected, reissue_when_revoked_for="Présence corrigée")
    assert again.pk != withdrawn.pk
    assert not again.is_revoked
    assert issue(corrected, reissue_when_revoked_for="Présence corrigée").pk == again.pk
    assert Certificate.objects.filter(user=corrected).count() == 2
