"""StreamField blocks of lessons: the building blocks editors compose lessons with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from h5p.blocks import H5PBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
SHORT_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ImageBlock(blocks.StructBlock):
    """An image with its (required) text alternative and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it (required)."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video embedded from a provider (PeerTube, YouTube, Vimeo…) with its transcript."""

    video = EmbedBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        required=False,
        features=SHORT_TEXT_FEATURES,
        help_text=_("A text version of the video, for those who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, an information or a warning."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class DocumentBlock(blocks.StructBlock):
    """A document to download (handout, checklist, slides…)."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "courses/blocks/document.html"


class KitLinkBlock(blocks.StructBlock):
    """A link to one of the network's mediation kits."""

    kit = blocks.PageChooserBlock(label=_("Mediation kit"), page_type="mediation_kits.KitPage")
    text = blocks.CharBlock(label=_("Why open this kit"), required=False, max_length=300)

    class Meta:
        icon = "clipboard-list"
        label = _("Link to a mediation kit")
        template = "courses/blocks/kit_link.html"


class ResourceLinkBlock(blocks.StructBlock):
    """A link to one of the network's shared services (catalogue, press, e-books…)."""

    resource = SnippetChooserBlock("resources.NetworkService", label=_("Network resource"))
    text = blocks.CharBlock(label=_("What to do there"), required=False, max_length=300)

    class Meta:
        icon = "site"
        label = _("Link to a network resource")
        template = "courses/blocks/resource_link.html"


class LessonStreamBlock(blocks.StreamBlock):
    """The content of a lesson."""

    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    h5p = H5PBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
    kit = KitLinkBlock()
    resource = ResourceLinkBlock()
