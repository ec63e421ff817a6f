"""Forms of certificates: the verification code, a revocation, a hand-over selection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.codes import LENGTH, code_is_well_formed, code_normalize


class VerifyForm(forms.Form):
    """A verification code as typed from a certificate."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("16 characters, printed under the QR code, e.g. 7KQ4-MZ9X-3HTR-W2PD."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        """Normalise the code; refuse what cannot be a code."""
        code = code_normalize(self.cleaned_data["code"])
        if not code_is_well_formed(code):
            raise forms.ValidationError(
                _(
                    "A verification code has %(length)d letters and digits (without 0, 1, I, "
                    "L, O or U). Check what you typed."
                )
                % {"length": LENGTH}
            )
        return code


class RevokeForm(forms.Form):
    """Why a certificate is revoked."""

    reason = forms.CharField(
        label=_("Reason for the revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept with the certificate; shown to the people allowed to revoke it."),
        error_messages={"required": _("Give the reason for the revocation.")},
    )


def parse_ids(text: str) -> tuple[list[int], bool]:
    """Ids from a comma-separated list; the flag tells whether something was dropped."""
    ids, dropped = [], False
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and len(part) < 12:
            ids.append(int(part))
        else:
            dropped = True
    return ids, dropped


class SelectionForm(forms.Form):
    """Who to hand certificates to: a library, an achievement, or preselected ids."""

    library = forms.TypedChoiceField(
        label=_("Library"), required=False, coerce=int, empty_value=None
    )
    achievement = forms.ChoiceField(label=_("Achievement"), required=False)
    users = forms.CharField(required=False, widget=forms.HiddenInput)
    certificates = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        libraries: list[tuple[int, str]],
        achievements: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", _("All the libraries I see")), *libraries]
        self.fields["achievement"].choices = [("", _("Every achievement")), *achievements]


class BundleForm(forms.Form):
    """The certificates kept for the ZIP, and a label for it."""

    label = forms.CharField(
        label=_("Label of the hand-over"),
        max_length=200,
        required=False,
        help_text=_("e.g. “Ceremony of 12 June, Médiathèque Jean Lévy”."),
    )
    certificate = forms.TypedMultipleChoiceField(
        label=_("Certificates"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = choices
        self.fields["certificate"].error_messages["required"] = _("Tick at least one certificate.")
