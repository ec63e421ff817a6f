"""Commands: `seed_load` fills a consistent synthetic load; `seed_demo` runs twice the same."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.demo import demo_steps
from dashboards.models import ActivityCount, LevelCount, PersonLevelStep
from dashboards.services import summaries_rebuild
from lrs.models import Statement, StatementKey
from organizations.models import Commune, Library
from skills.models import Evidence, SkillRecord
from tests.dashboards.test_services_summaries import snapshot

pytestmark = pytest.mark.django_db


def test_seed_load_writes_statements_evidence_and_summaries_a_rebuild_agrees_with(capsys):
    """A small load spreads over the communes; its summaries equal a full recomputation."""
    call_command("seed_load", learners=300, statements=6000, months=18)
    output = capsys.readouterr().out
    assert "6000 statements" in output
    assert Statement.objects.count() == 6000
    assert StatementKey.objects.filter(statement__seq=1).count() == 4
    assert Evidence.objects.count() > 3000
    assert SkillRecord.objects.exists()
    assert Library.objects.values("commune").distinct().count() == Commune.objects.count() == 95
    months = set(ActivityCount.objects.values_list("month_on", flat=True))
    assert len(months) >= 12
    assert LevelCount.objects.filter(place="m").values("competence").distinct().count() > 30
    loaded = snapshot()
    summaries_rebuild()
    assert snapshot() == loaded
    assert PersonLevelStep.objects.exists()


def test_seed_load_refuses_a_database_with_statements():
    """Run twice, the load stops with a clear message instead of mixing data."""
    call_command("seed_load", learners=20, statements=50)
    with pytest.raises(CommandError, match="synthetic load"):
        call_command("seed_load", learners=20, statements=50)


def test_seed_load_refuses_nonsense_sizes():
    """Zero learners or a negative number of statements is refused."""
    with pytest.raises(CommandError, match="at least 1 learner"):
        call_command("seed_load", learners=0, statements=10)


def test_dashboards_demo_step_is_idempotent():
    """Running the demo steps twice leaves the same statements and summaries."""
    for step in demo_steps():
        step.run(lambda message: None)
    first = (Statement.objects.count(), snapshot())
    for step in demo_steps():
        step.run(lambda message: None)
    assert (Statement.objects.count(), snapshot()) == first
    assert LevelCount.objects.filter(place="c").exists()
