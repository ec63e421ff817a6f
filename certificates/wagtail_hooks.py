"""Certificate templates in the Wagtail admin: drafts, revisions, preview with sample data."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates.models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    """Editors write the wording, pick the logo and signatory, then publish."""

    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_name = "certificate-templates"
    add_to_admin_menu = True
    menu_order = 400
    list_display = ("name", "is_default", "signatory_name", "live")
    search_fields = ("name", "heading", "signatory_name")


register_snippet(CertificateTemplateViewSet)
