"""Writes of frameworks: loading the bundled DigComp 2.2 and CRCN data."""

from __future__ import annotations

from django.db import transaction

from skills.bundled import bundled_frameworks_save
from skills.models import Competence, CrosswalkLink, Framework, Level


@transaction.atomic
def frameworks_load() -> int:
    """Create or refresh DigComp 2.2, the CRCN and their crosswalk; return the competence count."""
    return bundled_frameworks_save(
        framework_model=Framework,
        competence_model=Competence,
        level_model=Level,
        link_model=CrosswalkLink,
    )
