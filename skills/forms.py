"""The self-positioning questionnaire: one optional choice per competence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skills.models import Competence
from skills.positioning import CHOICES


def field_name(competence: Competence) -> str:
    """The form field of a competence."""
    return f"competence_{competence.pk}"


class PositioningForm(forms.Form):
    """For each competence, the statement that describes the person best (or none)."""

    def __init__(self, *args: Any, competences: Sequence[Competence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        for competence in self.competences:
            self.fields[field_name(competence)] = forms.TypedChoiceField(
                label=f"{competence.code} {competence.display_title}",
                choices=[(str(value), label) for value, label in CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def clean(self) -> dict[str, Any]:
        """At least one question must be answered."""
        cleaned = super().clean()
        if not self.errors and not self.answers():
            raise forms.ValidationError(
                _("Answer at least one question: pick the sentence that fits you best.")
            )
        return cleaned

    def answers(self) -> dict[Competence, int]:
        """The answered competences and their choices."""
        found = {}
        for competence in self.competences:
            value = self.cleaned_data.get(field_name(competence))
            if value is not None:
                found[competence] = value
        return found

    def areas(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields grouped by area, in framework order (for the template)."""
        grouped: dict[str, tuple[str, list[forms.BoundField]]] = {}
        for competence in self.competences:
            group = grouped.setdefault(competence.area_code, (competence.display_area_title, []))
            group[1].append(self[field_name(competence)])
        return list(grouped.values())
