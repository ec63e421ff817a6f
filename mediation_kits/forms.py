"""Forms of the kits' public pages: the catalogue filters and the screen-change report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mediation_kits.models import KitPage
from resources.models import NetworkService


class KitFilterForm(forms.Form):
    """Search and filters of the kit catalogue (GET)."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All audiences")), *KitPage.Audience.choices],
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=NetworkService.objects.none(),
        empty_label=_("All services"),
        error_messages={"invalid_choice": _("Choose a service from the list.")},
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *KitPage.Level.choices]
    )

    def __init__(self, *args: Any, services: Sequence[NetworkService] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["service"])
        field.queryset = NetworkService.objects.filter(pk__in=[s.pk for s in services])


class ScreenChangeReportForm(forms.Form):
    """An agent's report that the screen of a step has changed."""

    step_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    comment = forms.CharField(
        label=_("What has changed? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
