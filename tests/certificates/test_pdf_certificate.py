"""The certificate PDF: A4 landscape, name, title and code, a QR code to the verify page."""

import io

import pypdf
import pytest

from certificates.codes import code_display
from certificates.links import verify_url
from certificates.pdf import certificate_pdf
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue
from tests.pdf_helpers import pdf_fonts, pdf_is_tagged, pdf_page_count, pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    """A certificate with two competences."""
    user = UserFactory(first_name="Élodie", last_name="Vasseur")
    return issue(
        user,
        title="Accompagner les démarches administratives en ligne",
        competences=[
            {"framework": "DigComp 2.2", "code": "2.1", "title": "Interagir", "level": 3},
            {"framework": "CRCN", "code": "4.2", "title": "Protéger les données", "level": 2},
        ],
    )


@pytest.fixture
def pdf(certificate) -> bytes:
    """The rendered PDF."""
    return certificate_pdf(certificate.snapshot, code=certificate.code)


def test_pdf_text_holds_name_title_and_code(certificate, pdf) -> None:
    """The extracted text contains the person's name, the title and the grouped code."""
    text = " ".join(pdf_text(pdf).split())
    assert "Élodie Vasseur" in text
    assert "Accompagner les démarches administratives en ligne" in text
    assert code_display(certificate.code) in text
    assert "Direction de la lecture publique" in text


def test_pdf_qr_code_leads_to_the_verify_page(certificate, pdf) -> None:
    """The QR code decodes to the public verification URL built from SITE_URL."""
    assert pdf_qr_codes(pdf) == [verify_url(certificate.code)]
    assert verify_url(certificate.code).startswith(
        "https://formation.example.org/certificates/verify/"
    )


def test_pdf_is_one_a4_landscape_page(pdf) -> None:
    """One page, 297 × 210 mm."""
    assert pdf_page_count(pdf) == 1
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    width_mm, height_mm = float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72
    assert round(width_mm) == 297
    assert round(height_mm) == 210


def test_pdf_is_tagged_with_embedded_fonts(pdf) -> None:
    """The PDF is tagged (PDF/UA) and embeds the project's font subsets."""
    assert pdf_is_tagged(pdf)
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all("+" in name for name in fonts)
    assert any("Atkinson" in name for name in fonts)


def test_pdf_lists_the_competences(pdf) -> None:
    """The competences and levels frozen in the snapshot are printed."""
    text = " ".join(pdf_text(pdf).split())
    assert "DigComp 2.2 · 2.1 Interagir — niveau 3" in text
    assert "CRCN · 4.2 Protéger les données — niveau 2" in text


def test_many_competences_still_fit_one_page() -> None:
    """With twenty competences the sheet stays one page and counts the others."""
    competences = [
        {
            "framework": "DigComp 2.2",
            "code": f"{n}.1",
            "title": f"Compétence numéro {n}",
            "level": 2,
        }
        for n in range(20)
    ]
    certificate = issue(competences=competences)
    pdf = certificate_pdf(certificate.snapshot, code=certificate.code)
    assert pdf_page_count(pdf) == 1
    assert "et 12 autres compétences" in " ".join(pdf_text(pdf).split())
