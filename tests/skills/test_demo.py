"""Demo data: the demo agent's record holds evidence of several provenances, idempotently."""

import pytest

from accounts.demo import DemoLog, demo_steps
from lrs.models import Statement
from skills.models import Alignment, Evidence, SkillLevelChange, SkillRecord

pytestmark = pytest.mark.django_db
AGENT = "agent@demo.example.org"


def seed_skills_demo() -> list[str]:
    """Run the organizations and skills demo steps (in their registered order)."""
    lines: list[str] = []
    for step in demo_steps():
        if step.name in {"organizations", "skills"}:
            step.run(DemoLog(lines.append))
    return lines


def counts() -> dict[str, int]:
    """Row counts of what the skills step writes."""
    return {
        "statements": Statement.objects.count(),
        "evidence": Evidence.objects.count(),
        "records": SkillRecord.objects.count(),
        "history": SkillLevelChange.objects.count(),
        "alignments": Alignment.objects.count(),
    }


def test_skills_step_runs_after_organizations() -> None:
    """The skills step needs the demo users, so it is ordered after organizations."""
    order = {step.name: step.order for step in demo_steps()}
    assert order["organizations"] < order["skills"] == 40


def test_demo_agent_has_evidence_from_every_provenance() -> None:
    """Julien Agent's record mixes online, in-person, declared and certified evidence."""
    lines = seed_skills_demo()
    evidence = Evidence.objects.filter(user__email=AGENT)
    assert set(evidence.values_list("provenance", flat=True)) == {
        "online",
        "in_person",
        "declared",
        "certified",
    }
    assert any("provenances" in line for line in lines)
    record = SkillRecord.objects.get(user__email=AGENT, competence__framework__code="digcomp",
                                     competence__code="1.1")  # fmt: skip
    assert record.level == 3
    assert record.level_provenance == "online"
    assert record.declared_level == 4
    history = SkillLevelChange.objects.filter(user__email=AGENT, competence=record.competence)
    assert list(history.filter(track="validated").values_list("level", flat=True)) == [2, 3]


def test_demo_step_twice_leaves_the_same_rows() -> None:
    """Running the step again adds nothing."""
    seed_skills_demo()
    first = counts()
    seed_skills_demo()
    assert counts() == first
