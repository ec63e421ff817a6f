"""Workshops, sessions and cycles in the Wagtail admin (snippets).

Who edits what (the rule of the admin; the roles come from organizations):
- the network team (and superusers) edits the whole offer: every workshop, session and
  cycle, and chooses the trainers of a workshop (`workshops.assign_trainers`);
- anyone else with the model permissions, in practice a trainer, sees and edits only the
  workshops they train and those workshops' sessions, never the trainers field, and only
  reads the cycles that hold one of their sessions. A workshop a trainer adds is theirs.
Model permissions alone would let a trainer edit every row (and name themselves trainer
anywhere, then take roll calls and issue certificates there), so each model gets a
permission policy narrowed to the rows in scope, and the views check the row they open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from workshops.models import Cycle, Session, Workshop
from workshops.permissions import is_network
from workshops.selectors import sessions_trained_by
from workshops.services import waitlist_promote, workshop_alignments_sync

AnyUser = AbstractBaseUser | AnonymousUser


def _workshops_in_scope(user: AnyUser) -> QuerySet[Workshop]:
    """The workshops a user who is not in the network team may edit: those they train."""
    return Workshop.objects.filter(trainers=user)


def _cycles_in_scope(user: AnyUser) -> QuerySet[Cycle]:
    """The cycles such a user may read: those holding a session they train."""
    return Cycle.objects.filter(sessions__in=sessions_trained_by(user)).distinct()


class TrainerScopedPolicy(ModelPermissionPolicy):
    """Model permissions; outside the network team, only on the rows of `scope`."""

    def __init__(
        self,
        model: type[Model],
        *,
        scope: Callable[[AnyUser], QuerySet],
        network_actions: Iterable[str] = (),
    ) -> None:
        super().__init__(model)
        self.scope = scope
        self.network_actions = frozenset(network_actions)

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        """The model permission, and the network team for the actions kept to it."""
        if action in self.network_actions and not is_network(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user: AnyUser, action: str, instance: Any) -> bool:
        """The model permission, on a row in the user's scope (every row for the network)."""
        if not self.user_has_permission(user, action):
            return False
        return is_network(user) or self.scope(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(
        self, user: AnyUser, actions: Iterable[str]
    ) -> QuerySet:
        """The rows a user may act on: all for the network team, else their scope."""
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        if is_network(user):
            return self.model._default_manager.all()
        return self.scope(user)


register_permission_policy(Workshop, TrainerScopedPolicy(Workshop, scope=_workshops_in_scope))
register_permission_policy(Session, TrainerScopedPolicy(Session, scope=sessions_trained_by))
register_permission_policy(
    Cycle,
    TrainerScopedPolicy(Cycle, scope=_cycles_in_scope, network_actions={"add", "change", "delete"}),
)


class ScopedObjectMixin:
    """An edit or delete view that refuses a row outside the user's scope (403)."""

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        """The row, if the user may act on this one."""
        instance = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.permission_required, instance):
            raise PermissionDenied
        return instance


class ScopedEditView(ScopedObjectMixin, EditView):
    """Edit a workshop, session or cycle in the user's scope."""


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    """Delete a workshop, session or cycle in the user's scope."""


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet listing narrowed to the user's scope, with views that check the row."""

    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView

    def get_queryset(self, request: HttpRequest) -> QuerySet | None:
        """Every row for the network team, else only the rows in the user's scope."""
        if is_network(request.user):
            return None
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change", "view"]
        )


class SessionAdminForm(WagtailAdminModelForm):
    """The session form: outside the network team, only the workshops one trains."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "workshop" in self.fields and not is_network(self.for_user):
            self.fields["workshop"].queryset = _workshops_in_scope(self.for_user)


class WorkshopViewSet(ScopedSnippetViewSet):
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
        FieldPanel("trainers", permission="workshops.assign_trainers"),
        FieldPanel("kits"),
        InlinePanel("competence_links", heading=_("Competences served"), label=_("competence")),
        FieldPanel("is_active"),
    ]


class SessionViewSet(ScopedSnippetViewSet):
    """Dated sessions: place, capacity, time slots, registration window."""

    model = Session
    icon = "date"
    list_display = ("workshop", "library", "starts_at", "capacity", "status")
    list_filter = ("status", "workshop__audience")
    search_fields = ("room",)
    ordering = ("-starts_at",)
    edit_handler = ObjectList(
        [
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
        ],
        base_form_class=SessionAdminForm,
    )


class CycleViewSet(ScopedSnippetViewSet):
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


@hooks.register("after_create_snippet")
def trainer_of_own_workshop(request: HttpRequest, instance: object) -> None:
    """A workshop added by someone who cannot choose its trainers is theirs to train."""
    if isinstance(instance, Workshop) and not request.user.has_perm("workshops.assign_trainers"):
        instance.trainers.add(request.user)
        instance.save()  # trainers is a ParentalManyToManyField: written on save
