"""The lesson blocks: every kind renders for learners; an image needs its text alternative."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.blocks import ImageBlock
from tests.courses.factories import LessonPageFactory, lessons_of
from tests.mediation_kits.factories import KitPageFactory, kit_publish
from tests.resources.factories import NetworkServiceFactory

pytestmark = pytest.mark.django_db
VIDEO = "https://video.bnm.example.org/w/emprunter-un-livre"


def test_every_block_renders_in_a_lesson(client, path, h5p_content) -> None:
    """Text, image, video, H5P, callout, document, kit and resource blocks all render."""
    image = wagtail_factories.ImageFactory(title="Schéma du prêt")
    document = Document(title="Aide-mémoire")
    document.file.save("aide-memoire.txt", ContentFile(b"Etapes du pret."), save=False)
    document.save()
    kit = KitPageFactory(title="Emprunter un livre numérique")
    kit_publish(kit)
    service = NetworkServiceFactory(name="Livres numériques", slug="livres-numeriques")
    # The embed is in the cache table, so that rendering never calls the provider.
    Embed.objects.create(
        url=VIDEO,
        max_width=960,
        hash=get_embed_hash(VIDEO, 960),
        html='<iframe title="Emprunter un livre" src="https://video.bnm.example.org/e/1"></iframe>',
        type="video",
        provider_name="PeerTube",
    )
    lesson = LessonPageFactory(
        parent=lessons_of(path)[0].get_parent(),
        body=[
            {"type": "text", "value": "<h2>Un droit de lecture</h2><p>La licence.</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "alt": "Quatre étapes", "caption": "Le prêt"},
            },
            {
                "type": "video",
                "value": {
                    "video": VIDEO,
                    "title": "Emprunter un livre",
                    "transcript": "<p>Bonjour.</p>",
                },
            },
            {"type": "h5p", "value": h5p_content.pk},
            {
                "type": "callout",
                "value": {"kind": "warning", "title": "", "text": "<p>Kindle.</p>"},
            },
            {
                "type": "document",
                "value": {"document": document.pk, "title": "", "description": "2 pages"},
            },
            {"type": "kit", "value": {"kit": kit.pk, "text": "À imprimer"}},
            {"type": "resource", "value": {"resource": service.pk, "text": "Ouvrez le catalogue."}},
        ],
    )
    page = client.get(lesson.url).content.decode()
    assert "<h2>Un droit de lecture</h2>" in page
    assert 'alt="Quatre étapes"' in page
    assert "<figcaption>Le prêt</figcaption>" in page
    assert 'src="https://video.bnm.example.org/e/1"' in page
    assert "Lire la transcription" in page
    assert 'class="callout callout-warning"' in page
    assert "Attention" in page
    assert f'href="{document.url}" download' in page
    assert "(TXT" in page
    assert f'href="{kit.url}"' in page
    assert 'href="https://livres-numeriques.bnm.example.org/"' in page
    assert "Aide de « Livres numériques »" in page


def test_an_image_without_text_alternative_is_refused() -> None:
    """The image block refuses an empty text alternative."""
    image = wagtail_factories.ImageFactory()
    block = ImageBlock()
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(block.to_python({"image": image.pk, "alt": "", "caption": ""}))
    value = block.clean(block.to_python({"image": image.pk, "alt": "Un schéma", "caption": ""}))
    assert value["alt"] == "Un schéma"
