"""Kit PDFs: real text in reading order, expected page counts, QR codes, tags and fonts."""

import io

import pypdf
import pytest
from wagtail_factories import ImageFactory

from mediation_kits.pdf import kit_pdf_bytes, kit_pdf_html, one_idea_per_line
from mediation_kits.selectors import kit_content
from tests.mediation_kits.factories import KitPageFactory, call_to_action, faq, needs, step
from tests.pdf_helpers import (
    pdf_fonts,
    pdf_is_tagged,
    pdf_page_count,
    pdf_pages_text,
    pdf_qr_codes,
    pdf_text,
)
from tests.resources.factories import DeepLinkFactory

pytestmark = pytest.mark.django_db
VARIANTS = ["a4", "booklet", "large-print"]
TITLES = [
    "Ouvrir le portail",
    "Saisir son numéro de carte",
    "Choisir un titre",
    "Confirmer le prêt",
]


def squash(text: str) -> str:
    """Text without line breaks or repeated spaces, for order checks."""
    return " ".join(text.split())


@pytest.fixture
def kit():
    """A kit with needs, four steps, a deep-linked call to action and a FAQ."""
    link = DeepLinkFactory(key="notice", url_template="https://livres.bnm.example.org/notice/{id}")
    return KitPageFactory(
        title="Emprunter un livre numérique",
        service=link.service,
        body=[
            needs("Votre carte de bibliothèque", "Un téléphone"),
            *[step(title, "Cliquez sur le bouton. Puis attendez un instant.") for title in TITLES],
            call_to_action("Voir le livre", link_key="notice", parameter="BNM 42"),
            faq(("Faut-il payer ?", "Non. C'est compris dans l'inscription.")),
        ],
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_has_the_step_titles_in_order(kit, variant: str) -> None:
    """The extracted text holds every step title, in reading order."""
    text = squash(pdf_text(kit_pdf_bytes(kit_content(kit), variant)))
    positions = [text.find(title) for title in TITLES]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert text.find("Votre carte de bibliothèque") < positions[0]
    assert text.find("Faut-il payer") > positions[-1]


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_is_tagged_with_embedded_project_fonts(kit, variant: str) -> None:
    """Every variant is a tagged PDF using the shipped Atkinson Hyperlegible fonts only."""
    pdf = kit_pdf_bytes(kit_content(kit), variant)
    assert pdf_is_tagged(pdf)
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all("Atkinson" in name and "+" in name for name in fonts)


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_qr_code_decodes_to_the_deep_link(kit, variant: str) -> None:
    """The call to action's QR code encodes the service's deep link, value quoted."""
    codes = pdf_qr_codes(kit_pdf_bytes(kit_content(kit), variant))
    assert codes == ["https://livres.bnm.example.org/notice/BNM%2042"]


def test_a4_sheet_of_a_short_kit_is_one_page(kit) -> None:
    """A short kit fits on a single A4 sheet for handing out."""
    assert pdf_page_count(kit_pdf_bytes(kit_content(kit), "a4")) == 1


def test_booklet_pages_are_numbered_and_padded_to_a_multiple_of_four(kit) -> None:
    """The booklet: a cover, numbered pages in reading order, blank pages up to 4n."""
    pdf = kit_pdf_bytes(kit_content(kit), "booklet")
    pages = pdf_pages_text(pdf)
    assert len(pages) % 4 == 0
    assert "Emprunter un livre numérique" in pages[0]
    assert TITLES[0] not in pages[0]  # the cover stands alone
    content_pages = [i for i, text in enumerate(pages) if text.strip()]
    assert content_pages == list(range(len(content_pages)))  # blank pages only at the end
    assert len(pages) == -(-len(content_pages) // 4) * 4  # the next multiple of 4
    for number, text in enumerate(pages[: len(content_pages)], start=1):
        assert text.strip().splitlines()[-1].strip() == str(number)


def test_long_booklet_keeps_a_multiple_of_four(kit) -> None:
    """A kit long enough for several sheets still folds: its page count is 4n."""
    kit.body = [
        step(f"Étape {i}", "Une phrase assez longue pour occuper la place. " * 20)
        for i in range(14)
    ]
    pdf = kit_pdf_bytes(kit_content(kit), "booklet")
    count = pdf_page_count(pdf)
    assert count >= 8
    assert count % 4 == 0


def test_large_print_has_one_idea_per_line_and_pictograms(kit) -> None:
    """Large print: each sentence on its own line, bigger type, pictograms from the content."""
    html = kit_pdf_html(kit_content(kit), "large-print")
    assert "<p>Cliquez sur le bouton.</p><p>Puis attendez un instant.</p>" in html
    assert "mediation_kits/pictograms/computer.svg" in html  # from the needs list
    pages = pdf_pages_text(kit_pdf_bytes(kit_content(kit), "large-print"))
    a4_pages = pdf_page_count(kit_pdf_bytes(kit_content(kit), "a4"))
    assert len(pages) > a4_pages
    assert any(
        line.strip() == "Cliquez sur le bouton." for page in pages for line in page.splitlines()
    )


def test_one_idea_per_line_splits_paragraphs_items_and_sentences() -> None:
    """Rich text becomes lines: one per paragraph or item, then one per sentence."""
    html = "<p>Ouvrez le portail. Cliquez sur « Entrer ».</p><ul><li>Carte</li><li>Code</li></ul>"
    assert one_idea_per_line(html) == [
        "Ouvrez le portail.",
        "Cliquez sur « Entrer ».",
        "Carte",
        "Code",
    ]


def test_a_missing_screenshot_does_not_break_the_pdf(kit, tmp_path) -> None:
    """A screenshot whose file is gone: the PDF renders, with the description instead."""
    image = ImageFactory()
    kit.body = [
        step(
            "Ouvrir le portail", screenshot=image.pk, screenshot_alt="La page d'accueil du portail"
        ),
        step("Valider"),
    ]
    image.file.storage.delete(image.file.name)
    pdf = kit_pdf_bytes(kit_content(kit), "a4")
    text = squash(pdf_text(pdf))
    assert "Ouvrir le portail" in text
    assert "Valider" in text
    assert "La page d'accueil du portail" in text


def test_a_screenshot_is_printed_with_its_description(kit) -> None:
    """A present screenshot is embedded as an image in the PDF (read from disk)."""
    image = ImageFactory()
    kit.body = [step("Ouvrir le portail", screenshot=image.pk, screenshot_alt="Le portail")]
    content = kit_content(kit)
    assert content.steps[0].image_url.startswith("/media/")
    html = kit_pdf_html(content, "a4")
    assert 'alt="Le portail"' in html
    first_page = pypdf.PdfReader(io.BytesIO(kit_pdf_bytes(content, "a4"))).pages[0]
    assert len(first_page.images) == 1


def test_a_call_to_action_without_service_prints_a_desk_message(kit) -> None:
    """When the kit's service is gone, the call to action tells to ask at the desk."""
    kit.service = None
    kit.body = [step("Ouvrir le portail"), call_to_action("Se connecter")]
    pdf = kit_pdf_bytes(kit_content(kit), "a4")
    assert "demandez à l’accueil" in squash(pdf_text(pdf)).replace("'", "’")
    assert pdf_qr_codes(pdf) == []
