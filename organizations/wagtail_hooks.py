"""Communes, libraries and memberships in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from organizations.models import Commune, Library, Membership


class CommuneViewSet(SnippetViewSet):
    """Communes of the MEL."""

    model = Commune
    icon = "site"
    list_display = ("name", "insee_code", "population")
    search_fields = ("name", "insee_code")
    panels = [FieldPanel("insee_code"), FieldPanel("name"), FieldPanel("population")]


class LibraryViewSet(SnippetViewSet):
    """Libraries of the network."""

    model = Library
    icon = "home"
    list_display = ("name", "commune", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    panels = [
        FieldPanel("name"),
        FieldPanel("commune"),
        FieldPanel("kind"),
        FieldPanel("is_active"),
    ]


class MembershipViewSet(SnippetViewSet):
    """People's roles in the network."""

    model = Membership
    icon = "group"
    list_display = ("user", "role", "library", "commune")
    list_filter = ("role",)
    panels = [FieldPanel("user"), FieldPanel("role"), FieldPanel("library"), FieldPanel("commune")]


class NetworkViewSetGroup(SnippetViewSetGroup):
    """The network menu: communes, libraries, memberships."""

    items = (CommuneViewSet, LibraryViewSet, MembershipViewSet)
    menu_icon = "site"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)
