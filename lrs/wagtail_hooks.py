"""The LRS in the Wagtail admin: the forwarding backlog report and the list of clients."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lrs.models import LrsClient, OutboxEntry
from lrs.selectors import outbox_backlog, outbox_summary


class ForwardingBacklogView(ReportView):
    """Statements waiting to be forwarded to the external LRS, with counts."""

    page_title = _("xAPI forwarding backlog")
    header_icon = "resubmit"
    index_url_name = "lrs_forwarding_backlog"
    index_results_url_name = "lrs_forwarding_backlog_results"
    results_template_name = "lrs/admin/forwarding_backlog_results.html"
    model = OutboxEntry
    permission_policy = ModelPermissionPolicy(OutboxEntry)
    any_permission_required = ["view", "change"]
    paginate_by = 100
    list_export = [
        "statement.statement_id",
        "created_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    columns = [
        Column("statement", label=_("Statement"), accessor="statement.statement_id"),
        DateColumn("created_at", label=_("Stored")),
        Column("attempts", label=_("Attempts")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        BooleanColumn("is_rejected", label=_("Refused by the external LRS")),
        Column("last_error", label=_("Last error")),
    ]

    def get_queryset(self) -> Any:
        """The waiting entries, oldest first."""
        return outbox_backlog().select_related("statement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Add the counts shown above the table."""
        context = super().get_context_data(**kwargs)
        context["summary"] = outbox_summary()
        return context


class LrsClientPermissionPolicy(ModelPermissionPolicy):
    """Clients are created with `manage.py lrs_client create` (the secret is shown once)."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        """No creation from the admin; the other rights as usual."""
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class LrsClientViewSet(ModelViewSet):
    """The xAPI clients: listing, renaming, revoking (unticking "active")."""

    model = LrsClient
    icon = "key"
    menu_label = _("xAPI clients")
    add_to_settings_menu = True
    list_display = ["name", "key", "scopes", BooleanColumn("is_active"), "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key"]
    form_fields = ["name", "is_active"]
    inspect_view_enabled = True


register_permission_policy(LrsClient, LrsClientPermissionPolicy(LrsClient))


@hooks.register("register_admin_viewset")
def register_lrs_client_viewset() -> LrsClientViewSet:
    """Register the xAPI clients listing."""
    return LrsClientViewSet("lrs_clients")


@hooks.register("register_admin_urls")
def register_forwarding_backlog_urls() -> list[Any]:
    """The URLs of the forwarding backlog report."""
    return [
        path(
            "reports/xapi-forwarding/",
            ForwardingBacklogView.as_view(),
            name="lrs_forwarding_backlog",
        ),
        path(
            "reports/xapi-forwarding/results/",
            ForwardingBacklogView.as_view(results_only=True),
            name="lrs_forwarding_backlog_results",
        ),
    ]


class ForwardingBacklogMenuItem(MenuItem):
    """Shown to those who may see the outbox."""

    def is_shown(self, request: HttpRequest) -> bool:
        """Only for users with a permission on outbox entries."""
        return ModelPermissionPolicy(OutboxEntry).user_has_any_permission(
            request.user, ["view", "change"]
        )


@hooks.register("register_reports_menu_item")
def register_forwarding_backlog_menu_item() -> MenuItem:
    """The report in the Reports menu."""
    return ForwardingBacklogMenuItem(
        _("xAPI forwarding"),
        reverse("lrs_forwarding_backlog"),
        name="xapi-forwarding",
        icon_name="resubmit",
        order=1000,
    )
