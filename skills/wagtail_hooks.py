"""Competence frameworks in the Wagtail admin (snippets).

Editors create our own frameworks (e.g. "Médiation des ressources de la BNM") with their
levels and competences inline. The bundled DigComp 2.2 and CRCN can be inspected, not
edited. Once a competence holds evidence, its code cannot change and it cannot be
removed, and its framework keeps its code and version: evidence and competence IRIs
stay meaningful.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from skills.models import Evidence, Framework


class FrameworkForm(WagtailAdminModelForm):
    """Refuse changes that would orphan evidence."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        framework = self.instance
        if not framework.pk:
            return cleaned
        used = set(
            Evidence.objects.filter(competence__framework=framework)
            .values_list("competence_id", flat=True)
            .distinct()
        )
        if used:
            for name in ("code", "version"):
                if name in self.changed_data:
                    self.add_error(
                        name,
                        _("Evidence refers to this framework: its %(field)s cannot change.")
                        % {"field": Framework._meta.get_field(name).verbose_name},
                    )
        formset = self.formsets.get("competences")
        if formset is not None and used:
            formset.is_valid()  # cleans every inline form, even when the formset is invalid
            for form in formset.forms:
                if form.instance.pk not in used or not hasattr(form, "cleaned_data"):
                    continue
                if form.cleaned_data.get("DELETE"):
                    self.add_error(
                        None,
                        _("The competence %(code)s holds evidence and cannot be removed.")
                        % {"code": form.instance.code},
                    )
                elif "code" in form.changed_data:
                    form.add_error(
                        "code", _("This competence holds evidence: its code cannot change.")
                    )
        return cleaned


class FrameworkEditView(EditView):
    """Edit our own frameworks only."""

    def get_object(self, queryset: Any = None) -> Framework:
        framework = super().get_object(queryset)
        if framework.is_builtin:
            raise PermissionDenied
        return framework


class FrameworkDeleteView(DeleteView):
    """Delete our own frameworks only, and only while no evidence refers to them."""

    def get_object(self, queryset: Any = None) -> Framework:
        framework = super().get_object(queryset)
        if (
            framework.is_builtin
            or Evidence.objects.filter(competence__framework=framework).exists()
        ):
            raise PermissionDenied
        return framework


class FrameworkViewSet(SnippetViewSet):
    """Competence frameworks: ours are editable, the bundled ones can be inspected."""

    model = Framework
    icon = "list-ul"
    menu_label = _("Competence frameworks")
    menu_name = "frameworks"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ("title", "version", "code", "is_current", "is_builtin")
    list_filter = ("is_builtin", "is_current")
    search_fields = ("title", "code")
    inspect_view_enabled = True
    edit_view_class = FrameworkEditView
    delete_view_class = FrameworkDeleteView
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("code"),
                    FieldPanel("version"),
                    FieldPanel("is_current"),
                ],
                heading=_("Framework"),
            ),
            FieldPanel("description"),
            FieldPanel("source"),
            InlinePanel(
                "levels",
                heading=_("Levels"),
                label=_("Level"),
                min_num=1,
                panels=[FieldPanel("number"), FieldPanel("band"), FieldPanel("description")],
            ),
            InlinePanel(
                "competences",
                heading=_("Competences"),
                label=_("Competence"),
                min_num=1,
                panels=[
                    FieldPanel("area_code"),
                    FieldPanel("area_title"),
                    FieldPanel("code"),
                    FieldPanel("title"),
                    FieldPanel("description"),
                ],
            ),
        ],
        base_form_class=FrameworkForm,
    )


register_snippet(FrameworkViewSet)
