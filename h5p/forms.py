"""Forms of the h5p app: the upload form of the Wagtail admin."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from h5p.models import H5PContent


class H5PUploadForm(WagtailAdminModelForm):
    """Upload a .h5p package and choose how attempts count; validation is the service's."""

    package = forms.FileField(
        label=_("H5P package"),
        help_text=_(
            "A .h5p file exported from h5p.org, Lumi or another H5P tool, with its libraries."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p,application/zip"}),
    )
    title = forms.CharField(
        label=_("title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to use the title written in the package."),
    )

    class Meta:
        model = H5PContent
        fields = ["package", "title", "attempt_policy", "pass_percentage"]
