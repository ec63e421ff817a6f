"""How the summary tables hear about writes: listeners on the LRS, skill records, memberships."""

from __future__ import annotations

from collections.abc import Sequence

from lrs.listeners import register_statement_listener
from lrs.models import Statement
from organizations.listeners import register_membership_listener
from skills.listeners import RecordChange, register_record_listener


def on_statements(rows: Sequence[Statement]) -> None:
    """Count new path completions and attendances (and recount what a voiding takes back)."""
    from dashboards.services import activity_record

    activity_record(statements=rows)


def on_record_changes(changes: Sequence[RecordChange]) -> None:
    """Move the level counts of the (person, competence) pairs whose record changed."""
    from dashboards.services import levels_refresh

    levels_refresh(pairs=[(change.user_id, change.competence_id) for change in changes])


def on_memberships_changed(user_ids: Sequence[int]) -> None:
    """Move the summaries of people whose home library changed to their new home."""
    from dashboards.services import people_rehome

    people_rehome(user_ids=user_ids)


def register() -> None:
    """Register the listeners (called from `DashboardsConfig.ready`)."""
    register_statement_listener("dashboards", on_statements, order=300)
    register_record_listener("dashboards", on_record_changes, order=100)
    register_membership_listener("dashboards", on_memberships_changed, order=100)
