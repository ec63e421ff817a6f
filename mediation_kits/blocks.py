"""StreamField blocks of a mediation kit: steps, what you need, call to action, FAQ."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Pictograms shipped in static/mediation_kits/pictograms/<key>.svg (large-print variant).
PICTOGRAMS = [
    ("computer", _("Computer")),
    ("smartphone", _("Smartphone")),
    ("library-card", _("Library card")),
    ("email", _("E-mail")),
    ("password", _("Password")),
    ("internet", _("Internet")),
    ("download", _("Download")),
    ("book", _("Book")),
    ("newspaper", _("Newspaper")),
    ("film", _("Film")),
    ("search", _("Search")),
    ("account", _("Account")),
    ("check", _("Done")),
    ("desk", _("Ask at the desk")),
]
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class StepBlock(blocks.StructBlock):
    """One step: a title, what to do, an optional screenshot, a tip or a warning."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("What to do"), features=RICH_TEXT_FEATURES)
    screenshot = ImageChooserBlock(label=_("Screenshot"), required=False)
    screenshot_alt = blocks.CharBlock(
        label=_("Screenshot description (alt text)"),
        required=False,
        max_length=250,
        help_text=_("Required with a screenshot: say what the screen shows."),
    )
    note_kind = blocks.ChoiceBlock(
        label=_("Note"),
        choices=[("tip", _("Tip")), ("warning", _("Warning"))],
        required=False,
    )
    note = blocks.TextBlock(label=_("Tip or warning"), required=False, max_length=400)
    pictogram = blocks.ChoiceBlock(
        label=_("Pictogram (large print)"), choices=PICTOGRAMS, required=False
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        """A screenshot needs its description; a note kind needs a note."""
        cleaned = super().clean(value)
        errors: dict[str, ErrorList] = {}
        if cleaned.get("screenshot") and not (cleaned.get("screenshot_alt") or "").strip():
            errors["screenshot_alt"] = ErrorList(
                [ValidationError(_("Describe the screenshot for people who cannot see it."))]
            )
        if cleaned.get("note_kind") and not (cleaned.get("note") or "").strip():
            errors["note"] = ErrorList([ValidationError(_("Write the tip or the warning."))])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return cleaned


class NeedItemBlock(blocks.StructBlock):
    """One thing to have at hand."""

    text = blocks.CharBlock(label=_("Item"), max_length=160)
    pictogram = blocks.ChoiceBlock(label=_("Pictogram"), choices=PICTOGRAMS, required=False)

    class Meta:
        icon = "tick"
        label = _("Item")


class NeedsBlock(blocks.StructBlock):
    """The "what you need" list."""

    items = blocks.ListBlock(NeedItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("What you need")


class CallToActionBlock(blocks.StructBlock):
    """A link, printed as a QR code, to the service (or one of its deep links)."""

    label = blocks.CharBlock(label=_("Label"), max_length=120, help_text=_("e.g. Go to the portal"))
    service = SnippetChooserBlock(
        "resources.NetworkService",
        label=_("Service"),
        required=False,
        help_text=_("Leave empty for the kit's service."),
    )
    link_key = blocks.CharBlock(
        label=_("Deep link code"),
        required=False,
        max_length=40,
        help_text=_("One of the service's deep links, e.g. login; empty for its public URL."),
    )
    parameter = blocks.CharBlock(
        label=_("Deep link value"),
        required=False,
        max_length=120,
        help_text=_("The value the deep link needs, if any (e.g. a record number)."),
    )

    class Meta:
        icon = "link"
        label = _("Call to action (QR code)")


class FaqItemBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question")


class FaqBlock(blocks.StructBlock):
    """Frequently asked questions."""

    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")


class KitBodyBlock(blocks.StreamBlock):
    """The content of a kit, in reading order; at least one step to publish."""

    needs = NeedsBlock()
    step = StepBlock()
    call_to_action = CallToActionBlock()
    faq = FaqBlock()

    class Meta:
        block_counts = {"step": {"min_num": 1}}


def competence_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The competences of every framework, grouped by framework, as select options."""
    from skills.models import Competence

    groups: dict[str, list[tuple[str, str]]] = {}
    for competence in Competence.objects.select_related("framework").order_by(
        "framework__title", "code"
    ):
        framework = competence.framework
        group = f"{framework.title} {framework.version}".strip()
        title = getattr(competence, "display_title", "") or competence.title
        groups.setdefault(group, []).append((str(competence.pk), f"{competence.code} {title}"))
    return list(groups.items())


class CompetenceBlock(blocks.StructBlock):
    """A competence the kit serves, at a level."""

    competence = blocks.ChoiceBlock(label=_("Competence"), choices=competence_choices)
    level = blocks.IntegerBlock(label=_("Level"), min_value=1, max_value=8, default=2)

    class Meta:
        icon = "pick"
        label = _("Competence")
