"""Mediation kits in the Wagtail admin: screen-change reports, warnings to editors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from mediation_kits.models import KitPage, ScreenChangeReport
from mediation_kits.selectors import kit_editor_warnings


class ReportPolicy(ModelPermissionPolicy):
    """Reports come from the kit pages: editors read them and mark them resolved."""

    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        """Never "add" from the admin."""
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(ScreenChangeReport, ReportPolicy(ScreenChangeReport), exact_class=True)


class ScreenChangeReportViewSet(ModelViewSet):
    """Agents' reports that a step's screen has changed, open ones first."""

    model = ScreenChangeReport
    name = "screen_reports"
    icon = "warning"
    menu_label = _("Screen-change reports")
    add_to_admin_menu = True
    menu_order = 310
    copy_view_enabled = False
    list_filter = ("is_resolved",)
    ordering = ("is_resolved", "-reported_at")
    form_fields = ("is_resolved",)
    list_display = (
        TitleColumn(
            "step_title",
            label=_("step"),
            get_url=lambda report: reverse("screen_reports:edit", args=[report.pk]),
        ),
        TitleColumn(
            "page",
            label=_("kit"),
            get_url=lambda report: reverse("wagtailadmin_pages:edit", args=[report.page_id]),
        ),
        Column("step_number", label=_("step number")),
        Column("comment", label=_("what has changed")),
        UserColumn("reported_by", label=_("reported by")),
        DateColumn("reported_at", label=_("reported at")),
        BooleanColumn("is_resolved", label=_("resolved")),
    )


@hooks.register("register_admin_viewset")
def register_screen_reports() -> ModelViewSet:
    """The screen-change reports list."""
    return ScreenChangeReportViewSet()


@hooks.register("before_edit_page")
def warn_kit_editors(request: HttpRequest, page: Page) -> None:
    """Opening a kit in the editor shows what needs fixing (deleted service, open reports)."""
    specific = page.specific
    if request.method == "GET" and isinstance(specific, KitPage):
        for warning in kit_editor_warnings(specific):
            messages.warning(request, warning)
