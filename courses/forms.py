"""Forms of the courses app: catalogue filters and path assignment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import TrainingPathPage
from courses.selectors.assignment import assignable_libraries, assignable_people
from courses.selectors.catalogue import DURATION_BANDS, catalogue_competences
from skills.models import MAX_LEVEL


class CatalogFilterForm(forms.Form):
    """Search and filters of the catalogue (all optional, submitted by GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    competence = forms.TypedChoiceField(
        label=_("Competence"), required=False, coerce=int, empty_value=None
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level"))] + [(n, n) for n in range(1, MAX_LEVEL + 1)],
    )
    duration = forms.ChoiceField(
        label=_("Duration"),
        required=False,
        choices=[("", _("Any duration"))]
        + [(key, band.label) for key, band in DURATION_BANDS.items()],
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("Any audience")), *TrainingPathPage.Audience.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [("", _("Any competence"))] + [
            (competence.pk, f"{competence.framework.label} · {competence}")
            for competence in catalogue_competences()
        ]


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"


class AssignForm(forms.Form):
    """Assign a path to people and/or a whole library, with an optional due date."""

    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The people in your scope."),
    )
    library = forms.ModelChoiceField(
        label=_("A whole library"),
        required=False,
        queryset=None,
        empty_label=_("No library"),
        help_text=_("Every member of the library gets the path."),
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput)

    def __init__(self, *args: Any, assigner: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = assignable_people(assigner).order_by(
            "last_name", "first_name", "email"
        )
        self.fields["library"].queryset = assignable_libraries(assigner)
        if not self.fields["library"].queryset.exists():
            del self.fields["library"]

    def clean_due_on(self) -> Any:
        """The due date, if any, is today or later."""
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

    def clean(self) -> dict[str, Any]:
        """At least one person or a library."""
        cleaned = super().clean()
        if not cleaned.get("people") and not cleaned.get("library"):
            raise forms.ValidationError(_("Choose at least one person or a library."))
        return cleaned
