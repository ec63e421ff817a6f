"""Workshops, sessions and cycles in the Wagtail admin (snippets)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from workshops.models import Cycle, Session, Workshop
from workshops.services import waitlist_promote, workshop_alignments_sync


class WorkshopViewSet(SnippetViewSet):
    """The offer: workshops for staff and public mediation workshops."""

    model = Workshop
    icon = "group"
    list_display = ("title", "audience", "duration_minutes", "is_active")
    list_filter = ("audience", "is_active")
    search_fields = ("title", "description")
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("duration_minutes")]),
        FieldPanel("trainers"),
        FieldPanel("kits"),
        InlinePanel("competence_links", heading=_("Competences served"), label=_("competence")),
        FieldPanel("is_active"),
    ]


class SessionViewSet(SnippetViewSet):
    """Dated sessions: place, capacity, time slots, registration window."""

    model = Session
    icon = "date"
    list_display = ("workshop", "library", "starts_at", "capacity", "status")
    list_filter = ("status", "workshop__audience")
    search_fields = ("room",)
    ordering = ("-starts_at",)
    panels = [
        FieldPanel("workshop"),
        FieldRowPanel([FieldPanel("library"), FieldPanel("room")]),
        FieldPanel("capacity"),
        InlinePanel("slots", heading=_("Time slots"), label=_("time slot"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("cancellation_closes_at"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("status", read_only=True),
    ]


class CycleViewSet(SnippetViewSet):
    """Cycles of sessions leading to a certificate."""

    model = Cycle
    icon = "list-ul"
    list_display = ("title", "required_sessions", "is_active")
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("sessions"),
        FieldPanel("required_sessions"),
        FieldPanel("is_active"),
    ]


class WorkshopsViewSetGroup(SnippetViewSetGroup):
    """The workshops menu."""

    items = (WorkshopViewSet, SessionViewSet, CycleViewSet)
    menu_icon = "group"
    menu_label = _("Workshops")
    menu_name = "workshops"


register_snippet(WorkshopsViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_after_admin_save(request: HttpRequest, instance: object) -> None:
    """Push a workshop's competences to skills; fill places a larger capacity freed."""
    if isinstance(instance, Workshop):
        workshop_alignments_sync(workshop=instance)
    elif isinstance(instance, Session):
        waitlist_promote(session=instance)
