"""Months as the dashboards count them: the first day of a month, in the site's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from django.utils import timezone


def month_of(moment: datetime | date) -> date:
    """The month (its first day) of a date, or of an instant in the local time zone."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment.replace(day=1)


def current_month() -> date:
    """This month."""
    return timezone.localdate().replace(day=1)


def add_months(month: date, count: int) -> date:
    """The month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> Iterator[date]:
    """Every month from `first` to `last`, both included."""
    month = first
    while month <= last:
        yield month
        month = add_months(month, 1)


def month_index(month: date) -> int:
    """A month as a number that grows by one each month."""
    return month.year * 12 + month.month - 1
