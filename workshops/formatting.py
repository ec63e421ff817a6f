"""Dates and times as people read them in pages, e-mails and PDFs."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def day_text(moment: datetime) -> str:
    """A local day, spelled out: “mardi 2 décembre 2025”."""
    return formats.date_format(timezone.localtime(moment), "l j F Y")


def time_text(moment: datetime) -> str:
    """A local time of day: “14:30”."""
    return formats.time_format(timezone.localtime(moment), "H:i")


def when_text(moment: datetime) -> str:
    """A local day and time: “mardi 2 décembre 2025 at 14:30”."""
    return _("%(day)s at %(time)s") % {"day": day_text(moment), "time": time_text(moment)}


def slot_text(starts_at: datetime, ends_at: datetime) -> str:
    """A time slot: “mardi 2 décembre 2025, 14:00–16:00”."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": day_text(start),
            "start": time_text(start),
            "end": time_text(end),
        }
    return _("from %(start)s to %(end)s") % {"start": when_text(start), "end": when_text(end)}


def slot_short_text(starts_at: datetime, ends_at: datetime) -> str:
    """A time slot in a table heading: “mar 2 déc., 14:00–16:00”."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(start, "D j N"),
        "start": time_text(start),
        "end": time_text(end) if start.date() == end.date() else when_text(end),
    }
