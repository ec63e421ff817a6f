"""How the summary tables hear about writes: listeners on the LRS and on skill records."""

from __future__ import annotations

from collections.abc import Sequence

from lrs.listeners import register_statement_listener
from lrs.models import Statement
from skills.listeners import RecordChange, register_record_listener


def on_statements(rows: Sequence[Statement]) -> None:
    """Count new path completions and attendances (and recount what a voiding takes back)."""
    from dashboards.services import activity_record

    activity_record(statements=rows)


def on_record_changes(changes: Sequence[RecordChange]) -> None:
    """Move the level counts of the (person, competence) pairs whose record changed."""
    from dashboards.services import levels_refresh

    levels_refresh(pairs=[(change.user_id, change.competence_id) for change in changes])


def register() -> None:
    """Register both listeners (called from `DashboardsConfig.ready`)."""
    register_statement_listener("dashboards", on_statements, order=300)
    register_record_listener("dashboards", on_record_changes, order=100)
