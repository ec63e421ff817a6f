"""The service registry in the Wagtail admin: services (a snippet) and the link-health list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from resources.models import LinkCheck, NetworkService
from resources.selectors import broken_links


class ServiceViewSet(SnippetViewSet):
    """The network's shared services, with their deep links."""

    model = NetworkService
    icon = "link"
    menu_label = _("Services")
    list_display = ("name", "kind", "public_url", "is_in_footer", "updated_at")
    list_filter = ("kind", "is_in_footer")
    search_fields = ("name", "slug", "description")


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Checks are written by the link checker only: people may look, never edit."""

    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        """Only "view", for whoever holds the model's view permission."""
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(LinkCheck, ViewOnlyPolicy(LinkCheck), exact_class=True)


class LinkCheckViewSet(ModelViewSet):
    """The last check of every URL of the registry, broken links first."""

    model = LinkCheck
    icon = "warning"
    menu_label = _("Link health")
    name = "link_health"
    url_prefix = "resources/link-health"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ("is_ok", "service")
    ordering = ("is_ok", "service__name", "source")
    form_fields = ("service",)
    list_display = (
        Column("service", label=_("service")),
        Column("source", label=_("source"), accessor="get_source_display"),
        Column("url", label=_("URL")),
        StatusTagColumn(
            "is_ok", label=_("state"), accessor="state_label", primary=lambda row: row.is_ok
        ),
        Column("outcome", label=_("status or error")),
        Column("checked_at", label=_("checked at")),
    )


class ResourcesViewSetGroup(ViewSetGroup):
    """The registry menu: services and link health."""

    items = (ServiceViewSet, LinkCheckViewSet)
    menu_icon = "link"
    menu_label = _("Network services")
    menu_name = "network-services"


register_snippet(ResourcesViewSetGroup)


class BrokenLinksPanel(Component):
    """Admin home: the registry's broken links, when there are some."""

    name = "broken_links"
    order = 150
    template_name = "resources/admin/broken_links_panel.html"

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        """The broken links and the link to the full list."""
        return {
            "broken": list(broken_links()[:10]),
            "broken_count": broken_links().count(),
            "list_url": reverse("link_health:index") + "?is_ok=false",
        }


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request: Any, panels: list[Component]) -> None:
    """Show the broken links on the admin home to those who may see them."""
    if request.user.has_perm("resources.view_linkcheck"):
        panels.append(BrokenLinksPanel())
