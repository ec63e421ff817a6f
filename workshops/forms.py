"""Forms of workshops: agenda filters, registering someone, roll call, counts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Commune, Library
from skills.models import Competence
from workshops.formatting import slot_short_text
from workshops.models import PublicAttendanceCount, Registration, Session, TimeSlot, Workshop
from workshops.models.public import MAX_COUNT
from workshops.selectors import AgendaChoices, kits_of
from workshops.services.public import CountKey

Attendance = Registration.Attendance
ROLL_CALL_CHOICES = [
    (Attendance.PRESENT, _("present")),
    (Attendance.ABSENT, _("absent")),
    (Attendance.EXCUSED, _("excused")),
]


class AgendaFilterForm(forms.Form):
    """Filters of the public agenda (every field optional)."""

    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("All communes")
    )
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=None, required=False, empty_label=_("All libraries")
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All audiences")), *Workshop.Audience.choices],
    )
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=None, required=False, empty_label=_("All competences")
    )

    def __init__(self, *args: Any, choices: AgendaChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(
            pk__in=[commune.pk for commune in choices.communes]
        )
        self.fields["library"].queryset = Library.objects.filter(
            pk__in=[library.pk for library in choices.libraries]
        ).select_related("commune")
        self.fields["competence"].queryset = Competence.objects.filter(
            pk__in=[competence.pk for competence in choices.competences]
        )


class RegisterPersonForm(forms.Form):
    """A library head or coordinator registers someone of their scope, by e-mail."""

    email = forms.EmailField(label=_("E-mail address of the person to register"))


class SessionCancelForm(forms.Form):
    """Why a session is cancelled (told to everyone registered)."""

    reason = forms.CharField(
        label=_("Reason, told to the people registered"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RollCallForm(forms.Form):
    """One present/absent/excused choice per registered person, or, when the session has
    several time slots, one per person and slot."""

    def __init__(
        self,
        *args: Any,
        registrations: list[Registration],
        slots: list[TimeSlot] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        self.slots = slots if slots and len(slots) > 1 else []
        for registration in registrations:
            if self.slots:
                stored = {mark.slot_id: mark.attendance for mark in registration.slot_marks.all()}
                for slot in self.slots:
                    self.fields[f"attendance_{registration.pk}_{slot.pk}"] = self._choice(
                        slot_short_text(slot.starts_at, slot.ends_at), stored.get(slot.pk)
                    )
            else:
                self.fields[f"attendance_{registration.pk}"] = self._choice(
                    registration.person.display_name, registration.attendance
                )

    @staticmethod
    def _choice(label: str, initial: str | None) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label,
            choices=ROLL_CALL_CHOICES,
            widget=forms.RadioSelect,
            required=False,
            initial=initial if initial != Attendance.UNMARKED else None,
        )

    def marks(self) -> dict[int, str]:
        """Registration id → the attendance chosen (people left unmarked are skipped)."""
        if self.slots:
            return {}
        return {
            registration.pk: self.cleaned_data[f"attendance_{registration.pk}"]
            for registration in self.registrations
            if self.cleaned_data.get(f"attendance_{registration.pk}")
        }

    def slot_marks(self) -> dict[int, dict[int, str]]:
        """Registration id → {slot id → the attendance chosen}, for sessions of several slots."""
        found: dict[int, dict[int, str]] = {}
        for registration in self.registrations:
            for slot in self.slots:
                value = self.cleaned_data.get(f"attendance_{registration.pk}_{slot.pk}")
                if value:
                    found.setdefault(registration.pk, {})[slot.pk] = value
        return found

    def rows(self) -> list[tuple[Registration, list[forms.BoundField]]]:
        """Each registration with its field(s), for the template."""
        if self.slots:
            return [
                (r, [self[f"attendance_{r.pk}_{slot.pk}"] for slot in self.slots])
                for r in self.registrations
            ]
        return [(r, [self[f"attendance_{r.pk}"]]) for r in self.registrations]


class CompetenceValidationForm(forms.Form):
    """A competence of the workshop observed in person, and the level reached."""

    competence = forms.ModelChoiceField(label=_("Competence observed"), queryset=None)
    level = forms.TypedChoiceField(
        label=_("Level reached"), coerce=int, choices=[(n, str(n)) for n in range(1, 9)]
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.filter(
            pk__in=session.workshop.competence_links.values("competence_id")
        )


class PublicCountsForm(forms.Form):
    """Patrons per theme (kit), age band and autonomy level: numbers only."""

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes: list[tuple[int | None, str]] = [
            (kit.pk, kit.title) for kit in kits_of(session.workshop)
        ]
        self.themes.append((None, str(_("General help (no kit)"))))
        existing = {
            (row.kit_id, row.age_band, row.autonomy): row.count
            for row in session.public_counts.all()
        }
        for kit_id, _title in self.themes:
            for age_band in PublicAttendanceCount.AgeBand:
                for autonomy in PublicAttendanceCount.Autonomy:
                    self.fields[self.field_name(kit_id, age_band, autonomy)] = forms.IntegerField(
                        label=f"{age_band.label}, {autonomy.label}",
                        min_value=0,
                        max_value=MAX_COUNT,
                        required=False,
                        initial=existing.get((kit_id, age_band.value, autonomy.value)),
                    )

    @staticmethod
    def field_name(kit_id: int | None, age_band: str, autonomy: str) -> str:
        """The name of the field of one cell."""
        return f"count_{kit_id or 0}_{age_band}_{autonomy}"

    def counts(self) -> dict[CountKey, int]:
        """The counts entered, keyed as `public_counts_record` expects."""
        result: dict[CountKey, int] = {}
        for kit_id, _title in self.themes:
            for age_band in PublicAttendanceCount.AgeBand.values:
                for autonomy in PublicAttendanceCount.Autonomy.values:
                    value = self.cleaned_data.get(self.field_name(kit_id, age_band, autonomy))
                    result[(kit_id, age_band, autonomy)] = value or 0
        return result

    def grid(self) -> list[dict[str, Any]]:
        """Per theme, rows of age bands with one field per autonomy level (the template)."""
        return [
            {
                "title": title,
                "rows": [
                    {
                        "label": age_band.label,
                        "fields": [
                            self[self.field_name(kit_id, age_band, autonomy)]
                            for autonomy in PublicAttendanceCount.Autonomy
                        ],
                    }
                    for age_band in PublicAttendanceCount.AgeBand
                ],
            }
            for kit_id, title in self.themes
        ]
