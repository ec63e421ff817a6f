"""Kit pages, the catalogue, PDF downloads and screen reports, through HTTP."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from mediation_kits.models import KitPage, ScreenChangeReport
from mediation_kits.selectors import kit_pdf_url
from mediation_kits.services import kit_pdf_render
from tests.accounts.factories import UserFactory
from tests.mediation_kits.factories import (
    KitIndexPageFactory,
    KitPageFactory,
    call_to_action,
    kit_publish,
    step,
)
from tests.pdf_helpers import pdf_text
from tests.resources.factories import DeepLinkFactory, NetworkServiceFactory

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    """The decoded body, with apostrophes normalised."""
    return response.content.decode().replace("&#x27;", "'").replace("’", "'")


def published(**kwargs) -> KitPage:
    """A published kit."""
    kit = KitPageFactory(**kwargs)
    kit_publish(kit)
    return kit


def test_kit_page_shows_steps_downloads_and_sizes(client) -> None:
    """The kit page lists the steps in order and the three downloads with their sizes."""
    kit = published(body=[step("Ouvrir le portail"), step("Saisir son code")])
    kit_pdf_render(page=kit, variant="a4")
    html = html_of(client.get(kit.url))
    assert html.index("Ouvrir le portail") < html.index("Saisir son code")
    for variant in ("a4", "booklet", "large-print"):
        assert f"/kits/{kit.pk}/{kit.slug}/pdf/{variant}/" in html
    assert "Fiche A4 <span" in html
    assert re.search(r"\(PDF, [\d,]+\s*Kio\)", html)
    assert "Dernière vérification le" in html


@pytest.mark.parametrize("variant", ["a4", "booklet", "large-print"])
def test_download_is_a_pdf_attachment(client, variant: str) -> None:
    """Each variant downloads as a PDF file named after the kit."""
    kit = published()
    response = client.get(kit_pdf_url(kit, variant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{kit.slug}-{variant}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "path", ["/kits/inconnu/pdf/a4/", "/kits/{slug}/pdf/a3/", "/kits/{slug}/pdf/"]
)
def test_unknown_kit_or_variant_is_404(client, path: str) -> None:
    """An unknown kit or variant gives a 404, never a 500."""
    kit = published()
    assert client.get(path.format(slug=kit.slug)).status_code == 404


def test_draft_kit_has_no_download(client) -> None:
    """A kit never published cannot be downloaded."""
    kit = KitPageFactory(live=False)
    assert client.get(kit_pdf_url(kit, "a4")).status_code == 404


def test_restricted_kit_is_not_downloadable_by_others(client) -> None:
    """A kit restricted to logged-in people gives 404 to anonymous visitors, the PDF to members."""
    kit = published()
    PageViewRestriction.objects.create(page=kit, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(kit_pdf_url(kit, "a4")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(kit_pdf_url(kit, "a4")).status_code == 200


def test_deleted_service_leaves_the_kit_readable_with_a_warning_to_editors(client) -> None:
    """Deleting the service keeps the kit readable; editors see a warning, visitors do not."""
    kit = published(body=[step("Ouvrir le portail"), call_to_action("Se connecter")])
    kit.service.delete()
    kit.refresh_from_db()
    html = html_of(client.get(kit.url))
    assert "Ouvrir le portail" in html
    assert "ne figure plus dans le registre" in html
    assert "demandez à l'accueil" in html
    assert "Pour les rédacteurs" not in html
    assert client.get(kit_pdf_url(kit, "a4")).status_code == 200
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = html_of(client.get(kit.url))
    assert "Pour les rédacteurs" in html
    assert "retiré du registre" in html


def test_editor_opening_a_kit_sees_warnings(client) -> None:
    """The admin editor warns about a deleted service and about open screen reports."""
    kit = published()
    ScreenChangeReport.objects.create(
        page=kit, step_id="x", step_title="Ouvrir", step_number=1, reported_at="2025-11-17T10:00Z"
    )
    kit.service.delete()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = html_of(client.get(reverse("wagtailadmin_pages:edit", args=[kit.pk])))
    assert "Le service de ce kit a été retiré du registre" in html
    assert "1 signalement d'écran modifié est ouvert pour ce kit" in html


def test_catalogue_lists_live_kits_with_filters(client) -> None:
    """The catalogue filters by audience, level and service, and searches titles and steps."""
    press = DeepLinkFactory(service=NetworkServiceFactory(name="Presse en ligne")).service
    cinema = DeepLinkFactory(service=NetworkServiceFactory(name="Cinéma")).service
    presse = published(
        title="Lire la presse en ligne",
        service=press,
        audience="seniors",
        body=[step("Trouver son journal"), call_to_action("Lire", link_key="connexion")],
    )
    published(title="Regarder un film", service=cinema, audience="young", level="intermediate")
    KitPageFactory(title="Brouillon caché", live=False)
    index = presse.get_parent()

    def titles(query: str) -> list[str]:
        html = html_of(client.get(f"{index.url}{query}"))
        return [
            t
            for t in ("Lire la presse en ligne", "Regarder un film", "Brouillon caché")
            if f">{t}</a>" in html
        ]

    assert titles("") == ["Lire la presse en ligne", "Regarder un film"]
    assert titles("?audience=seniors") == ["Lire la presse en ligne"]
    assert titles("?level=intermediate") == ["Regarder un film"]
    assert titles(f"?service={cinema.pk}") == ["Regarder un film"]
    assert titles("?q=journal") == ["Lire la presse en ligne"]
    assert titles("?q=film&audience=seniors") == []


def test_catalogue_reports_bad_filters_in_french(client) -> None:
    """A bad filter value shows a French message; the other filters still apply."""
    kit = published(audience="seniors")
    response = client.get(f"{kit.get_parent().url}?service=abc&audience=seniors&level=zzz")
    assert response.status_code == 200
    html = html_of(response)
    assert "Choisissez un service dans la liste." in html
    assert "Sélectionnez un choix valide" in html
    assert kit.title in html


def test_agent_reports_a_changed_screen(client) -> None:
    """A logged-in agent's report is stored with its step and goes back to that step."""
    kit = published(body=[step("Ouvrir le portail"), step("Se connecter")])
    step_id = kit.body[1].id
    agent = UserFactory()
    client.force_login(agent)
    response = client.post(
        reverse("mediation_kits:report_screen_change", args=[kit.pk, kit.slug]),
        {"step_id": step_id, "comment": "Le bouton s'appelle maintenant « Mon compte »."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#step-{step_id}")
    report = ScreenChangeReport.objects.get()
    assert (report.page_id, report.step_number, report.step_title) == (kit.pk, 2, "Se connecter")
    assert report.reported_by == agent
    assert not report.is_resolved


def test_report_form_is_only_for_logged_in_people(client) -> None:
    """Visitors see no report form; posting anonymously leads to the login page."""
    kit = published()
    assert "L'écran a changé ?" not in html_of(client.get(kit.url))
    response = client.post(
        reverse("mediation_kits:report_screen_change", args=[kit.pk, kit.slug]),
        {"step_id": kit.body[1].id},
    )
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]
    assert not ScreenChangeReport.objects.exists()
    client.force_login(UserFactory())
    assert "L'écran a changé ?" in html_of(client.get(kit.url))


def test_report_on_an_unknown_step_keeps_the_comment(client) -> None:
    """A report on a step that no longer exists gets a French message; the text typed stays."""
    kit = published()
    client.force_login(UserFactory())
    response = client.post(
        reverse("mediation_kits:report_screen_change", args=[kit.pk, kit.slug]),
        {"step_id": "disparu", "comment": "Texte tapé par l'agent"},
    )
    assert response.status_code == 400
    assert not ScreenChangeReport.objects.exists()
    response = client.post(
        reverse("mediation_kits:report_screen_change", args=[kit.pk, kit.slug]),
        {"step_id": kit.body[1].id, "comment": "x" * 1001},
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "au plus 1000 caractères" in html
    assert "x" * 1001 in html
    assert not ScreenChangeReport.objects.exists()


def test_admin_lists_reports_with_their_step(client) -> None:
    """The editors' admin list shows each report with its kit and step."""
    kit = published(body=[step("Ouvrir le portail")])
    ScreenChangeReport.objects.create(
        page=kit,
        step_id=kit.body[0].id,
        step_title="Ouvrir le portail",
        step_number=1,
        comment="Nouveau bouton",
        reported_at="2025-11-17T10:00Z",
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = html_of(client.get(reverse("screen_reports:index")))
    assert "Ouvrir le portail" in html
    assert kit.title in html
    assert "Nouveau bouton" in html
    assert client.get(reverse("screen_reports:add")).status_code in {302, 403}


def test_editors_group_reads_and_resolves_reports(client) -> None:
    """A member of Wagtail's Editors group sees the reports and can mark one resolved."""
    kit = published(body=[step("Ouvrir le portail")])
    report = ScreenChangeReport.objects.create(
        page=kit,
        step_id=kit.body[0].id,
        step_title="Ouvrir le portail",
        step_number=1,
        reported_at="2025-11-17T10:00Z",
    )
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(reverse("screen_reports:index")).status_code == 200
    response = client.post(reverse("screen_reports:edit", args=[report.pk]), {"is_resolved": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_resolved
    assert client.get(reverse("link_health:index")).status_code == 200


def test_kit_with_an_accented_slug_works_for_a_logged_in_agent(client) -> None:
    """A kit whose slug has accents renders for an agent; its PDF and its report form work."""
    kit = published(slug="démarches-en-ligne", body=[step("Ouvrir le portail")])
    client.force_login(UserFactory())
    response = client.get(kit.url)
    assert response.status_code == 200
    html = html_of(response)
    assert "L'écran a changé ?" in html
    action = re.search(r'action="([^"]+/ecran-modifie/)"', html).group(1)
    download_url = re.search(r'href="([^"]+/pdf/a4/)"', html).group(1)
    pdf = client.get(download_url)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    response = client.post(action, {"step_id": kit.body[0].id, "comment": "Nouveau bouton"})
    assert response.status_code == 302
    assert ScreenChangeReport.objects.get().page_id == kit.pk


def test_kits_sharing_a_slug_in_two_catalogues_serve_their_own_pdf(client) -> None:
    """Two kits with one slug in two catalogues each download their own PDF."""
    youth = KitIndexPageFactory(title="Kits jeunesse", slug="kits-jeunesse")
    first = published(slug="lire", body=[step("Étape du premier kit")])
    second = published(parent=youth, slug="lire", body=[step("Étape du second kit")])
    for kit, mine, other in ((first, "premier", "second"), (second, "second", "premier")):
        html = html_of(client.get(kit.url))
        response = client.get(re.search(r'href="([^"]+/pdf/a4/)"', html).group(1))
        text = pdf_text(b"".join(response.streaming_content))
        assert f"Étape du {mine} kit" in text
        assert f"Étape du {other} kit" not in text


def test_old_slug_only_download_link_leads_to_the_kit_it_names(client) -> None:
    """A slug-only download link redirects to the kit when one kit has that slug, else 404."""
    kit = published(slug="lire")
    response = client.get("/kits/lire/pdf/booklet/")
    assert response.status_code == 302
    assert response["Location"] == kit_pdf_url(kit, "booklet")
    published(parent=KitIndexPageFactory(title="Kits jeunesse", slug="kits-jeunesse"), slug="lire")
    assert client.get("/kits/lire/pdf/booklet/").status_code == 404


def test_download_link_with_an_old_slug_redirects_to_the_current_one(client) -> None:
    """A download link made before the kit was renamed redirects to its current address."""
    kit = published(slug="nouveau-nom")
    response = client.get(f"/kits/{kit.pk}/ancien-nom/pdf/a4/")
    assert response.status_code == 302
    assert response["Location"] == kit_pdf_url(kit, "a4")
    assert client.get(f"/kits/{kit.pk + 1000}/nouveau-nom/pdf/a4/").status_code == 404
    assert client.get("/kits/12345678901234567890/x/pdf/a4/").status_code == 404
