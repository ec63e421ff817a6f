"""Template filters of workshops: time slots and deadlines as people read them."""

from __future__ import annotations

from datetime import datetime

from django import template

from workshops.formatting import slot_text as _slot_text
from workshops.formatting import when_text as _when_text
from workshops.models import TimeSlot

register = template.Library()


@register.filter
def slot_text(slot: TimeSlot) -> str:
    """“mardi 2 décembre 2025, 14:00–16:00”."""
    return _slot_text(slot.starts_at, slot.ends_at)


@register.filter
def when_text(moment: datetime | None) -> str:
    """“mardi 2 décembre 2025 à 14:30”."""
    return _when_text(moment) if moment else ""
