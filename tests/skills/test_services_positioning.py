"""Self-positioning: each take is recorded as xAPI statements, declared, apart from proof."""

import pytest
from django.core.exceptions import ValidationError

from lrs.models import Statement
from lrs.vocabulary import Extension, Verb
from skills.models import Evidence, SkillRecord
from skills.positioning import choice_level, level_choice
from skills.selectors import competence_iri, framework_current
from skills.services import positioning_record
from tests.accounts.factories import UserFactory
from tests.skills.factories import CompetenceFactory, LevelFactory, crcn, digcomp

pytestmark = pytest.mark.django_db


def test_a_take_is_recorded_as_one_statement_per_answer() -> None:
    """Verb self-assessed, object the competence IRI, level and provenance declared, one take."""
    user = UserFactory()
    take = positioning_record(
        user=user,
        framework=framework_current("digcomp"),
        answers={digcomp("1.1"): 2, digcomp("3.4"): 0},
    )
    statements = Statement.objects.filter(user=user).order_by("seq")
    assert [row.statement_id for row in statements] == [row.statement_id for row in take.statements]
    assert {row.verb_iri for row in statements} == {Verb.SELF_ASSESSED}
    assert {row.activity_iri for row in statements} == {
        competence_iri(digcomp("1.1")),
        competence_iri(digcomp("3.4")),
    }
    for row in statements:
        assert row.data["context"]["extensions"][Extension.PROVENANCE] == "declared"
        assert row.data["context"]["registration"] == str(take.take)
        assert row.data["authority"]["account"]["name"] == "platform"
    levels = {
        row.activity_iri: row.data["result"]["extensions"][Extension.LEVEL] for row in statements
    }
    assert levels[competence_iri(digcomp("1.1"))] == 4
    assert levels[competence_iri(digcomp("3.4"))] == 0


def test_a_take_gives_declared_evidence_and_no_proven_level() -> None:
    """Declared levels show apart in the record; the proven level stays 0."""
    user = UserFactory()
    positioning_record(
        user=user, framework=framework_current("digcomp"), answers={digcomp("2.2"): 3}
    )
    evidence = Evidence.objects.get(user=user)
    assert (evidence.provenance, evidence.level) == ("declared", 6)
    record = SkillRecord.objects.get(user=user)
    assert (record.level, record.declared_level) == (0, 6)


def test_retaking_records_a_new_take_and_the_latest_answer_counts() -> None:
    """A second take adds statements with a new registration; the record shows its answer."""
    user = UserFactory()
    framework = framework_current("crcn")
    first = positioning_record(user=user, framework=framework, answers={crcn("4.1"): 3})
    second = positioning_record(user=user, framework=framework, answers={crcn("4.1"): 1})
    assert first.take != second.take
    assert Statement.objects.filter(user=user).count() == 2
    assert SkillRecord.objects.get(user=user).declared_level == 2
    assert SkillRecord.objects.get(user=user).declared_count == 2


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        pytest.param({}, "Répondez au moins à une question.", id="empty"),
        pytest.param({"1.1": 7}, "Choisissez l’une des réponses proposées.", id="bad-choice"),
        pytest.param({"crcn": 2}, "ne fait pas partie de DigComp 2.2", id="other-framework"),
    ],
)
def test_invalid_takes_are_refused_in_french(answers, message) -> None:
    """No answer, a choice off the scale, or a competence of another framework is refused."""
    user = UserFactory()
    resolved = {
        (crcn("1.1") if code == "crcn" else digcomp(code)): choice
        for code, choice in answers.items()
    }
    with pytest.raises(ValidationError, match=message):
        positioning_record(user=user, framework=framework_current("digcomp"), answers=resolved)
    assert not Statement.objects.exists()


def test_scale_maps_onto_frameworks_with_fewer_levels() -> None:
    """On a 3-level framework the top choice is level 3; choices round up."""
    assert [choice_level(choice, 8) for choice in range(5)] == [0, 2, 4, 6, 8]
    assert [choice_level(choice, 3) for choice in range(5)] == [0, 1, 2, 3, 3]
    assert [level_choice(level, 8) for level in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    user = UserFactory()
    competence = CompetenceFactory()
    for number in (1, 2, 3):
        LevelFactory(framework=competence.framework, number=number)
    positioning_record(user=user, framework=competence.framework, answers={competence: 4})
    assert SkillRecord.objects.get(user=user).declared_level == 3
