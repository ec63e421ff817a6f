"""The filters every dashboard shares: period, framework, competence, provenance, indicator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dashboards.models import MAX_LEVEL, Track
from dashboards.months import add_months, current_month, month_index
from skills.models import Competence, Framework
from skills.selectors import framework_competences, framework_current, frameworks_current

DEFAULT_MONTHS = 12
MAX_MONTHS = 60
DEFAULT_LEVEL = 3
EARLIEST = date(2000, 1, 1)


class Indicator:
    """What colours the map and fills the sparklines."""

    SHARE = "share"
    COMPLETIONS = "completions"
    ATTENDANCE = "attendance"
    CHOICES = (
        (SHARE, _("share of agents at or above the level")),
        (COMPLETIONS, _("path completions")),
        (ATTENDANCE, _("workshop attendance")),
    )


@dataclass(frozen=True)
class Filters:
    """A dashboard's query, with every value checked."""

    first_month: date
    last_month: date
    framework: Framework
    competences: tuple[Competence, ...]  # the framework's competences, in order
    competence: Competence | None  # the one chosen, if any
    track: str
    level: int
    indicator: str

    @property
    def focus(self) -> Competence:
        """The competence the map and progress charts show (the chosen one, else the first)."""
        return self.competence or self.competences[0]

    @property
    def months(self) -> list[date]:
        """Every month of the period."""
        count = month_index(self.last_month) - month_index(self.first_month) + 1
        return [add_months(self.first_month, step) for step in range(count)]

    @property
    def shown_competences(self) -> tuple[Competence, ...]:
        """The competences the level tables list: the chosen one, or all of the framework."""
        return (self.competence,) if self.competence else self.competences


def _month_field(label: str) -> forms.DateField:
    """A month (`YYYY-MM`, what `<input type="month">` sends)."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM, e.g. 2025-09.")},
    )


class FiltersForm(forms.Form):
    """The filter bar (GET). Invalid values are reported and replaced by the default."""

    du = _month_field(_("From"))
    au = _month_field(_("To"))
    referentiel = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("This framework does not exist.")},
    )
    competence = forms.IntegerField(label=_("Competence"), required=False, widget=forms.Select)
    provenance = forms.ChoiceField(
        label=_("Provenance"),
        choices=Track.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose a provenance from the list.")},
    )
    niveau = forms.TypedChoiceField(
        label=_("At or above level"),
        coerce=int,
        choices=[(number, str(number)) for number in range(1, MAX_LEVEL + 1)],
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a level from 1 to 8.")},
    )
    indicateur = forms.ChoiceField(
        label=_("Map indicator"),
        choices=Indicator.CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose an indicator from the list.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referentiel"].queryset = frameworks_current()
        self.framework = self._framework()
        self.competence_list = framework_competences(self.framework) if self.framework else []
        self.fields["competence"].widget.choices = [
            ("", _("All competences")),
            *((c.pk, f"{c.code} {c.display_title}") for c in self.competence_list),
        ]
        self.fields["competence"].error_messages["invalid"] = _(
            "Choose a competence from the list."
        )

    def _framework(self) -> Framework | None:
        """The framework asked for when valid, else the default one."""
        raw = self.data.get("referentiel") if self.is_bound else None
        queryset = self.fields["referentiel"].queryset
        if raw and str(raw).isascii() and str(raw).isdigit():  # not "²": int() refuses it
            found = queryset.filter(pk=int(raw)).first()
            if found is not None:
                return found
        return framework_current() or queryset.first()

    def clean_competence(self) -> Competence | None:
        """A competence of the chosen framework, or none."""
        value = self.cleaned_data.get("competence")
        if value in (None, ""):
            return None
        for competence in self.competence_list:
            if competence.pk == value:
                return competence
        raise forms.ValidationError(_("This competence is not part of the chosen framework."))

    def clean(self) -> dict:
        """The period lies from 2000 to this month, runs forwards and spans at most 5 years.

        The checks apply to the period as it will be shown, with the default filled in for
        a missing end (this month) or start (12 months before the end).
        """
        data = super().clean()
        first, last = data.get("du"), data.get("au")
        this_month = current_month()
        if last and last.replace(day=1) > this_month:
            self.add_error("au", _("The period cannot end after the current month."))
        elif last and last.replace(day=1) < EARLIEST:
            self.add_error("au", _("The period cannot end before 2000."))
        if first and first.replace(day=1) < EARLIEST:
            self.add_error("du", _("The period cannot start before 2000."))
        elif first and first.replace(day=1) > this_month:
            self.add_error("du", _("The period cannot start after the current month."))
        if not first or "du" in self.errors or "au" in self.errors:
            return data
        end = (last or this_month).replace(day=1)
        field = "au" if last else "du"
        if first.replace(day=1) > end:
            self.add_error(field, _("The end of the period comes before its start."))
        elif month_index(end) - month_index(first) >= MAX_MONTHS:
            self.add_error(field, _("The period can span at most 60 months."))
        return data

    def filters(self) -> Filters:
        """The filters to apply: valid values, defaults for the rest."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        this_month = current_month()
        last = data.get("au") if "au" not in self.errors else None
        first = data.get("du") if "du" not in self.errors and "au" not in self.errors else None
        last = (last or this_month).replace(day=1)
        first = (first or max(add_months(last, 1 - DEFAULT_MONTHS), EARLIEST)).replace(day=1)
        if self.framework is None:
            raise Framework.DoesNotExist("No competence framework is loaded.")
        return Filters(
            first_month=first,
            last_month=last,
            framework=self.framework,
            competences=tuple(self.competence_list),
            competence=data.get("competence") if "competence" not in self.errors else None,
            track=data.get("provenance") or Track.VALIDATED.value,
            level=data.get("niveau") or DEFAULT_LEVEL,
            indicator=data.get("indicateur") or Indicator.SHARE,
        )


def filters_parse(query: QueryDict) -> tuple[Filters, FiltersForm]:
    """Read the filters of a request: the values to apply, and the form (with its errors)."""
    form = FiltersForm(query or None)
    if form.is_bound:
        form.is_valid()
    return form.filters(), form
